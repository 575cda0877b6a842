"""The admin report of broken links (Reports → Broken links), from the last run of the link check
(practices.editorial.link_checks), exportable as CSV, XLSX and JSON Lines like every listing
(practices.editorial.admin_exports).

Who may view link checks (``practices.view_linkcheck``: administrators, editors and reviewers, granted by
migration 0011_link_checks) sees the report and the dashboard panel.
"""

from django.db.models import Prefetch
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from practices.editorial.admin_exports import ListingExportMixin
from practices.models import LinkCheck

link_check_permission_policy = ModelPermissionPolicy(LinkCheck)


class UsedByColumn(Column):
    """The items using the link, each linked to its editor."""

    cell_template_name = "practices/admin/link_checks/used_by_cell.html"


class BrokenLinksReportView(ListingExportMixin, ReportView):
    page_title = _("Broken links")
    header_icon = "warning"
    permission_policy = link_check_permission_policy
    permission_required = "view"
    index_url_name = "kb_link_checks:broken"
    index_results_url_name = "kb_link_checks:broken_results"
    export_filename = "broken-links"
    columns = [
        Column("url", label=_("URL"), sort_key="url"),
        Column("outcome", label=_("Answer")),
        UsedByColumn("used_by", label=_("Used by")),
        DateColumn("checked_at", label=_("Checked at"), sort_key="checked_at"),
    ]
    list_export = ["url", "status", "error", "final_url", "checked_at", "used_by"]
    export_headings = {"used_by": _("Used by")}
    default_ordering = "url"

    def get_base_queryset(self):
        pages = Prefetch("pages", queryset=Page.objects.select_related("locale").order_by("title"))
        return LinkCheck.objects.broken().prefetch_related(pages)


def admin_urls():
    views = [
        path("", BrokenLinksReportView.as_view(), name="broken"),
        path("results/", BrokenLinksReportView.as_view(results_only=True), name="broken_results"),
    ]
    return [path("reports/broken-links/", include((views, "kb_link_checks")))]


class BrokenLinksMenuItem(MenuItem):
    def is_shown(self, request):
        return link_check_permission_policy.user_has_permission(request.user, "view")


def menu_item():
    return BrokenLinksMenuItem(_("Broken links"), reverse("kb_link_checks:broken"), icon_name="warning", order=1320)
