"""Search's admin: synonym sets per language and the thesaurus's concepts, under Settings; the report of searches
without results and its dashboard panel."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from practices.editorial.admin_exports import ExportingSnippetIndexView
from search.models import Concept, SynonymSet
from search.reports import UnansweredSearchesPanel, UnansweredSearchesReportView, may_view_unanswered_searches


class SynonymSetSnippetViewSet(SnippetViewSet):
    model = SynonymSet
    icon = "search"
    menu_label = _("Synonyms")
    add_to_settings_menu = True
    list_display = ["__str__", "locale"]
    list_filter = ["locale"]
    index_view_class = ExportingSnippetIndexView
    list_export = ["locale.language_code", "term_list"]
    export_headings = {"locale.language_code": _("Language"), "term_list": _("Synonyms")}


register_snippet(SynonymSetSnippetViewSet)


class ConceptSnippetViewSet(SnippetViewSet):
    model = Concept
    icon = "list-ul"
    menu_label = _("Thesaurus")
    add_to_settings_menu = True
    list_display = ["__str__", "slug"]
    search_fields = ["slug"]
    index_view_class = ExportingSnippetIndexView
    list_export = ["slug", "label_list"]
    export_headings = {"slug": _("Identifier"), "label_list": _("Labels")}

    def get_queryset(self, request):
        return Concept.objects.prefetch_related("labels")


register_snippet(ConceptSnippetViewSet)


@hooks.register("register_admin_urls")
def register_unanswered_searches_report_urls():
    views = [
        path("", UnansweredSearchesReportView.as_view(), name="unanswered"),
        path("results/", UnansweredSearchesReportView.as_view(results_only=True), name="unanswered_results"),
    ]
    return [path("reports/searches-without-results/", include((views, "hub_search_reports")))]


class UnansweredSearchesMenuItem(MenuItem):
    def is_shown(self, request):
        return may_view_unanswered_searches(request.user)


@hooks.register("register_reports_menu_item")
def register_unanswered_searches_report_menu_item():
    return UnansweredSearchesMenuItem(
        _("Searches without results"),
        reverse("hub_search_reports:unanswered"),
        name="searches-without-results",
        icon_name="search",
        order=1310,
    )


@hooks.register("construct_homepage_panels")
def add_unanswered_searches_panel(request, panels):
    panels.append(UnansweredSearchesPanel())
