"""Search's admin: synonym sets per language, under Settings; the report of searches without results."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import SynonymSet
from search.reports import UnansweredSearchesReportView


class SynonymSetSnippetViewSet(SnippetViewSet):
    model = SynonymSet
    icon = "search"
    menu_label = _("Synonyms")
    add_to_settings_menu = True
    list_display = ["__str__", "locale"]
    list_filter = ["locale"]


register_snippet(SynonymSetSnippetViewSet)


@hooks.register("register_admin_urls")
def register_unanswered_searches_report_urls():
    views = [
        path("", UnansweredSearchesReportView.as_view(), name="unanswered"),
        path("results/", UnansweredSearchesReportView.as_view(results_only=True), name="unanswered_results"),
    ]
    return [path("reports/searches-without-results/", include((views, "hub_search_reports")))]


@hooks.register("register_reports_menu_item")
def register_unanswered_searches_report_menu_item():
    return AdminOnlyMenuItem(
        _("Searches without results"),
        reverse("hub_search_reports:unanswered"),
        name="searches-without-results",
        icon_name="search",
        order=1310,
    )
