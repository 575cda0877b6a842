"""The admin report of searches that found nothing, most frequent first (Reports → Searches without results), and
its dashboard panel: the ten most frequent of the last 30 days.

Both are for whoever may view the unanswered-search counts (``hub_search.view_unansweredquerydailyhits``:
administrators, editors and reviewers, granted by migration practices 0011_link_checks), not for partners'
contributors; Wagtail's own "Search terms" report stays with superusers.
"""

import datetime

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_filters import DateFromToRangeFilter
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.contrib.search_promotions.models import Query
from wagtail.contrib.search_promotions.views.reports import SearchTermsReportView

from practices.editorial.admin_exports import ListingExportMixin
from practices.editorial.dashboard import KnowledgeBasePanel
from search.models import UnansweredQueryDailyHits

VIEW_PERMISSION = "hub_search.view_unansweredquerydailyhits"
PANEL_DAYS = 30
PANEL_LENGTH = 10


def may_view_unanswered_searches(user):
    return user.has_perm(VIEW_PERMISSION)


class UnansweredSearchesFilterSet(WagtailFilterSet):
    hit_date = DateFromToRangeFilter(
        label=_("Date"), field_name="unanswered_daily_hits__date", widget=DateRangePickerWidget
    )

    class Meta:
        model = Query
        fields = []


class UnansweredSearchesReportView(ListingExportMixin, SearchTermsReportView):
    """Wagtail's search terms report, counting only the searches that returned no result."""

    page_title = _("Searches without results")
    filterset_class = UnansweredSearchesFilterSet
    index_url_name = "hub_search_reports:unanswered"
    index_results_url_name = "hub_search_reports:unanswered_results"
    export_filename = "searches-without-results"
    columns = [
        Column("query_string", label=_("Search term(s)"), sort_key="query_string"),
        NumberColumn("_hits", label=_("Searches without results"), sort_key="_hits"),
    ]
    export_headings = {"query_string": _("Search term(s)"), "_hits": _("Searches without results")}

    def dispatch(self, request, *args, **kwargs):
        # Skips SearchTermsReportView.dispatch, which admits superusers only.
        if not may_view_unanswered_searches(request.user):
            return permission_denied(request)
        return super(SearchTermsReportView, self).dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return Query.objects.filter(unanswered_daily_hits__isnull=False).annotate(
            _hits=Sum("unanswered_daily_hits__hits")
        )


class UnansweredSearchesPanel(KnowledgeBasePanel):
    """The dashboard's ten most frequent searches without results of the last 30 days, with a link to the report
    filtered on the same days."""

    name = "kb-unanswered-searches"
    heading = _("Top searches without results")
    template_name = "search/admin/unanswered_searches_panel.html"
    order = 170

    def figures(self):
        today = timezone.localdate()
        since = today - datetime.timedelta(days=PANEL_DAYS - 1)
        searches = (
            UnansweredQueryDailyHits.objects.filter(date__gte=since)
            .values("query__query_string")
            .annotate(hits=Sum("hits"))
            .order_by("-hits", "query__query_string")
        )
        filters = {"hit_date_after": since.isoformat(), "hit_date_before": today.isoformat()}
        return {
            "searches": list(searches[:PANEL_LENGTH]),
            "days": PANEL_DAYS,
            "report_url": f"{reverse('hub_search_reports:unanswered')}?{urlencode(filters)}",
        }

    def is_shown(self, request):
        return may_view_unanswered_searches(request.user)
