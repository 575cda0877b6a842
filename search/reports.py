"""The admin report of searches that found nothing, most frequent first (Reports → Searches without results)."""

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from django_filters import DateFromToRangeFilter
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.contrib.search_promotions.models import Query
from wagtail.contrib.search_promotions.views.reports import SearchTermsReportView


class UnansweredSearchesFilterSet(WagtailFilterSet):
    hit_date = DateFromToRangeFilter(
        label=_("Date"), field_name="unanswered_daily_hits__date", widget=DateRangePickerWidget
    )

    class Meta:
        model = Query
        fields = []


class UnansweredSearchesReportView(SearchTermsReportView):
    """Wagtail's search terms report, counting only the searches that returned no result."""

    page_title = _("Searches without results")
    filterset_class = UnansweredSearchesFilterSet
    index_url_name = "hub_search_reports:unanswered"
    index_results_url_name = "hub_search_reports:unanswered_results"
    columns = [
        Column("query_string", label=_("Search term(s)"), sort_key="query_string"),
        NumberColumn("_hits", label=_("Searches without results"), sort_key="_hits"),
    ]
    export_headings = {"query_string": _("Search term(s)"), "_hits": _("Searches without results")}

    def get_base_queryset(self):
        return Query.objects.filter(unanswered_daily_hits__isnull=False).annotate(
            _hits=Sum("unanswered_daily_hits__hits")
        )
