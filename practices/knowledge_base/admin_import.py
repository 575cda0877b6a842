"""Bulk import in the admin: upload a JSON Lines, CSV or XLSX file, see what the import would do, confirm it.

The preview is KnowledgeBaseImporter's dry run and the confirmation queues its real run (one transaction, in the
background: practices.knowledge_base.import_runs), on the file kept on the server in the ``ImportRun`` between the
two, so that what is imported is exactly what was previewed; the run's page shows its progress and outcome. Every
upload that can be read is recorded in the run history shown under the form. Registered in practices/wagtail_hooks.py
under the "Import" menu item, shown to users who may add import runs (Administrators, Editors, Reviewers).

The upload's options ("skip invalid rows", "create new terms") travel with the preview's confirmation form, so that
the import does what the preview showed. Who may not publish imports into drafts: ``live`` is ignored for them. The
page also offers sample files (practices.knowledge_base.samples), the format's description (docs/import-format.md)
and the whole knowledge base's download (practices.knowledge_base.admin_export).
"""

from pathlib import Path

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from markdown_it import MarkdownIt
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from practices.editorial.admin_exports import ExportingIndexView
from practices.knowledge_base import import_runs
from practices.knowledge_base.admin_export import (
    KnowledgeBaseExportForm,
    KnowledgeBaseExportView,
    import_permission_policy,
)
from practices.knowledge_base.import_runs import IMPORT_LOG_ACTION, may_publish, preview, supersede_previews
from practices.knowledge_base.samples import CONTENT_TYPES, SAMPLES
from practices.knowledge_base.uploads import UploadError, read_upload
from practices.models import ImportRun
from practices.models.imports import ImportStatus
from practices.tasks import import_upload

TEMPLATE = "practices/admin/import/index.html"
RUN_TEMPLATE = "practices/admin/import/run.html"
REFRESH_SECONDS = 2  # how often a run's page reloads itself while the import waits or runs
HISTORY_LENGTH = 20
PREVIEW_ROWS = 200  # rows of a preview's tables shown on the page; the counts above them cover every row
FORMAT_TEMPLATE = "practices/admin/import/format.html"
FORMAT_DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "import-format.md"


class ImportOptionsForm(forms.Form):
    """How the import treats what the file gets wrong; the confirmation posts the preview's choices again."""

    skip_invalid = forms.BooleanField(
        label=gettext_lazy("Skip invalid rows"),
        required=False,
        help_text=gettext_lazy(
            "Import the valid rows and list the others. Without it, one invalid row stops the import."
        ),
    )
    create_terms = forms.BooleanField(
        label=gettext_lazy("Create new terms and organisations"),
        required=False,
        help_text=gettext_lazy(
            "Create the taxonomy terms and organisations that rows name but the site does not have. Without it, "
            "they are errors that suggest the nearest known names."
        ),
    )

    def options(self):
        data = self.cleaned_data if self.is_valid() else {}
        return {"skip_invalid": data.get("skip_invalid", False), "create_terms": data.get("create_terms", False)}


class ImportUploadForm(ImportOptionsForm):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("JSON Lines (.jsonl), CSV (.csv) or Excel workbook (.xlsx), in UTF-8"),
    )
    field_order = ["file", "skip_invalid", "create_terms"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.KB_IMPORT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; files up to %(limit)s can be imported.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        content = upload.read()
        try:
            self.file_format, self.table = read_upload(upload.name, content)
        except UploadError as error:
            raise forms.ValidationError(str(error)) from None
        self.content = content
        return upload


def preview_context(report, rejected):
    """What the preview page shows: its tables cut at PREVIEW_ROWS rows, and how many rows were left out."""
    outcomes = [
        *((_("create"), *item) for item in report.created),
        *((_("update"), *item) for item in report.updated),
        *((_("unchanged"), *item) for item in report.unchanged),
    ]
    return {
        "report": report,
        "rejected": rejected[:PREVIEW_ROWS],
        "outcomes": outcomes[:PREVIEW_ROWS],
        "hidden_rows": max(len(rejected) - PREVIEW_ROWS, len(outcomes) - PREVIEW_ROWS, 0),
    }


class ImportAdminPage(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """A page of the admin's Import, for those who may import."""

    permission_policy = import_permission_policy
    permission_required = "add"
    page_title = gettext_lazy("Import")
    header_icon = "upload"


class ImportView(ImportAdminPage):
    """Upload form and run history (GET); upload and preview (POST)."""

    template_name = TEMPLATE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportUploadForm())
        context["export_form"] = KnowledgeBaseExportForm()
        context["may_publish"] = may_publish(self.request.user)
        context["samples"] = list(SAMPLES)
        context["history"] = ImportRun.objects.select_related("user")[:HISTORY_LENGTH]
        context["history_url"] = reverse("kb_import_history:index")
        return context

    def post(self, request, *args, **kwargs):
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        options = form.options()
        supersede_previews(request.user)
        report, rejected = preview(form.table, dry_run=True, user=request.user, **options)
        importable = not rejected or options["skip_invalid"]
        run = ImportRun(
            user=request.user,
            file_name=upload.name[:255],
            format=form.file_format,
            status=ImportStatus.PREVIEWED if importable else ImportStatus.REJECTED,
            lines_total=len(form.table.lines),
        )
        run.record_counts(report, len({item["row"] for item in rejected}))
        if importable:
            run.file.save(run.file_name, ContentFile(form.content), save=False)
        run.save()
        return self.render_to_response(
            self.get_context_data(run=run, options=options, **preview_context(report, rejected))
        )


class ConfirmImportView(PermissionCheckedMixin, View):
    """Queue the previewed file of one run for import, as its uploader, and show the run's page; a run is queued at
    most once."""

    permission_policy = import_permission_policy
    permission_required = "add"
    http_method_names = ["post"]

    def post(self, request, pk):
        options = ImportOptionsForm(request.POST).options()
        if not import_runs.queue(pk, request.user, options):
            # Not an error page: a second click on "Import", or another editor's preview, lands back on the form.
            messages.error(request, _("This upload cannot be imported: it was imported already or is not yours."))
            return redirect("kb_import:index")
        import_upload.enqueue(pk)
        return redirect("kb_import:run", pk)


def outcome_message(run):
    message = _("%(name)s imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.") % {
        "name": run.file_name,
        "created": run.created_count,
        "updated": run.updated_count,
        "unchanged": run.unchanged_count,
    }
    if run.rejected_count:
        message += " " + _("%(rejected)d invalid rows skipped.") % {"rejected": run.rejected_count}
    return message


class ImportRunView(ImportAdminPage):
    """One confirmed run: waiting, importing (how many rows so far; the page reloads itself until the import has
    run), or its outcome with the rows it refused."""

    template_name = RUN_TEMPLATE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = get_object_or_404(ImportRun.objects.select_related("user"), pk=self.kwargs["pk"])
        import_runs.give_up_if_abandoned(run)
        done = import_runs.lines_done(run)
        context.update(
            run=run,
            in_progress=run.status in (ImportStatus.QUEUED, ImportStatus.IMPORTING),
            lines_done=done,
            percent=round(100 * done / run.lines_total) if done is not None and run.lines_total else None,
            refresh_seconds=REFRESH_SECONDS,
            outcome=outcome_message(run) if run.status == ImportStatus.IMPORTED else "",
            rejected=run.problems,
            options=run.options,
        )
        return context


class ImportFormatView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """docs/import-format.md as a page of the admin, so that who imports reads the format where they import."""

    template_name = FORMAT_TEMPLATE
    permission_policy = import_permission_policy
    permission_required = "add"
    page_title = gettext_lazy("Import format")
    header_icon = "doc-full"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Our own document, in the repository: trusted HTML, rendered with raw HTML off all the same.
        html = MarkdownIt("commonmark", {"html": False}).enable("table").render(FORMAT_DOCUMENT.read_text("utf-8"))
        context["format_html"] = mark_safe(html)  # noqa: S308
        context["samples"] = list(SAMPLES)
        return context


class SampleFileView(PermissionCheckedMixin, View):
    """A sample file to download: ``sample.jsonl``, ``sample.csv`` or ``sample.xlsx``."""

    permission_policy = import_permission_policy
    permission_required = "add"

    def get(self, request, extension):
        if extension not in SAMPLES:
            raise Http404
        response = HttpResponse(SAMPLES[extension](), content_type=CONTENT_TYPES[extension])
        response["Content-Disposition"] = f'attachment; filename="sample.{extension}"'
        return response


class ImportHistoryPermissionPolicy(ModelPermissionPolicy):
    """The history is written by the import alone: who may import (or view runs) may list and download it, nobody
    adds, edits or deletes runs in the admin."""

    def user_has_permission(self, user, action):
        may = super().user_has_permission
        return action == "view" and (may(user, "add") or may(user, "view"))


register_permission_policy(ImportRun, ImportHistoryPermissionPolicy(ImportRun))


class ImportHistoryViewSet(ModelViewSet):
    """Every import run, filterable and downloadable (practices.editorial.admin_exports); the import page shows the
    latest."""

    model = ImportRun
    icon = "upload"
    url_prefix = "kb-import/history"
    name = "kb_import_history"
    menu_label = gettext_lazy("Import history")
    add_to_admin_menu = False
    index_view_class = ExportingIndexView
    form_fields = []  # read-only (ImportHistoryPermissionPolicy)
    list_display = [
        "file_name", "created_at", "user", "format", "status", "created_count", "updated_count", "unchanged_count",
        "rejected_count",
    ]  # fmt: skip
    list_filter = ["status", "format"]
    search_fields = ["file_name"]
    list_export = [
        "created_at", "finished_at", "user", "file_name", "format", "status", "created_count", "updated_count",
        "unchanged_count", "rejected_count",
    ]  # fmt: skip
    ordering = ["-created_at", "-pk"]


class ImportLogFormatter(LogFormatter):
    label = gettext_lazy("Import")

    def format_message(self, log_entry):
        return _("%(file_name)s imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.") % {
            "file_name": log_entry.data.get("file_name", ""),
            "created": log_entry.data.get("created", 0),
            "updated": log_entry.data.get("updated", 0),
            "unchanged": log_entry.data.get("unchanged", 0),
        }


def register_log_actions(actions):
    """``register_log_actions``: an admin import appears in Reports → Site history with who and what."""
    actions.register_action(IMPORT_LOG_ACTION)(ImportLogFormatter)


def admin_urls():
    return [
        path(
            "kb-import/",
            (
                [
                    path("", ImportView.as_view(), name="index"),
                    path("<int:pk>/confirm/", ConfirmImportView.as_view(), name="confirm"),
                    path("<int:pk>/", ImportRunView.as_view(), name="run"),
                    path("format/", ImportFormatView.as_view(), name="format"),
                    path("sample.<str:extension>", SampleFileView.as_view(), name="sample"),
                    path("export/", KnowledgeBaseExportView.as_view(), name="export"),
                ],
                "kb_import",
                "kb_import",
            ),
        )
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return import_permission_policy.user_has_permission(request.user, "add")


def menu_item():
    return ImportMenuItem(gettext_lazy("Import"), reverse("kb_import:index"), icon_name="upload", order=210)
