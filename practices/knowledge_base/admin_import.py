"""Bulk import in the admin: upload a JSON Lines, CSV or XLSX file, see what the import would do, confirm it.

The preview is KnowledgeBaseImporter's dry run and the confirmation its real run (one transaction), on the file kept
on the server in the ``ImportRun`` between the two, so that what is imported is exactly what was previewed. Every
upload that can be read is recorded in the run history shown under the form. Registered in practices/wagtail_hooks.py
under the "Import" menu item, shown to users who may add import runs.
"""

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter, log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from practices.admin_exports import ExportingIndexView
from practices.knowledge_base.importer import KnowledgeBaseImporter
from practices.knowledge_base.uploads import UploadError, read_upload
from practices.models import ImportRun
from practices.models.imports import ImportStatus

TEMPLATE = "practices/admin/import/index.html"
HISTORY_LENGTH = 20
PREVIEW_ROWS = 200  # rows of a preview's tables shown on the page; the counts above them cover every row
import_permission_policy = ModelPermissionPolicy(ImportRun)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("JSON Lines (.jsonl), CSV (.csv) or Excel workbook (.xlsx), in UTF-8"),
    )

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


def preview(table, *, dry_run, user=None):
    """Run the importer over the upload's lines; return its report and the rejected rows as people see them.
    ``user`` is named in the imported pages' revisions and audit log."""
    importer = KnowledgeBaseImporter(dry_run=dry_run, user=user)
    if table.errors:
        # Rows that are not even lines of the format: the importer only checks the others, and nothing is written.
        importer.dry_run = True
    report = importer.import_lines(table.lines)
    rejected = [{"row": error.label, "field": error.field, "message": error.message} for error in table.errors]
    rejected += [
        {"row": table.label(error.line), "field": error.field, "message": error.message} for error in report.errors
    ]
    return report, rejected


def preview_context(report, rejected):
    """What the preview page shows: its tables cut at PREVIEW_ROWS rows, and how many rows were left out."""
    outcomes = [
        *((_("create"), *item) for item in report.created),
        *((_("update"), *item) for item in report.updated),
        *((_("unchanged"), *item) for item in report.unchanged),
    ]
    shown = rejected or outcomes
    return {
        "report": report,
        "rejected": rejected[:PREVIEW_ROWS],
        "outcomes": outcomes[:PREVIEW_ROWS],
        "hidden_rows": max(len(shown) - PREVIEW_ROWS, 0),
    }


def supersede_previews(user):
    """An editor confirms the latest preview only: earlier unconfirmed ones give up their kept files."""
    for run in ImportRun.objects.filter(user=user, status=ImportStatus.PREVIEWED):
        run.file.delete(save=False)
        run.status = ImportStatus.SUPERSEDED
        run.save(update_fields=["file", "status"])


class ImportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Upload form and run history (GET); upload and preview (POST)."""

    template_name = TEMPLATE
    permission_policy = import_permission_policy
    permission_required = "add"
    page_title = gettext_lazy("Import")
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportUploadForm())
        context["history"] = ImportRun.objects.select_related("user")[:HISTORY_LENGTH]
        context["history_url"] = reverse("kb_import_history:index")
        return context

    def post(self, request, *args, **kwargs):
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        supersede_previews(request.user)
        report, rejected = preview(form.table, dry_run=True)
        run = ImportRun(
            user=request.user,
            file_name=upload.name[:255],
            format=form.file_format,
            status=ImportStatus.REJECTED if rejected else ImportStatus.PREVIEWED,
        )
        run.record_counts(report, len({item["row"] for item in rejected}))
        if not rejected:
            run.file.save(run.file_name, ContentFile(form.content), save=False)
        run.save()
        return self.render_to_response(self.get_context_data(run=run, **preview_context(report, rejected)))


class ConfirmImportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Import the previewed file of one run, as its uploader; a run is imported at most once."""

    template_name = TEMPLATE
    permission_policy = import_permission_policy
    permission_required = "add"
    page_title = gettext_lazy("Import")
    header_icon = "upload"
    http_method_names = ["post"]

    def post(self, request, pk):
        run = ImportRun.objects.filter(pk=pk, user=request.user, status=ImportStatus.PREVIEWED).first()
        if run is None:
            # Not an error page: a second click on "Import", or another editor's preview, lands back on the form.
            messages.error(request, _("This upload cannot be imported: it was imported already or is not yours."))
            return redirect("kb_import:index")
        with run.file.open("rb") as stored:
            content = stored.read()
        _format, table = read_upload(run.file_name, content)
        report, rejected = preview(table, dry_run=False, user=request.user)
        run.record_counts(report, len({item["row"] for item in rejected}))
        if rejected:
            # The knowledge base changed since the preview (say, an organisation was deleted): nothing was written.
            run.status = ImportStatus.REJECTED
        else:
            run.status = ImportStatus.IMPORTED
            run.finished_at = timezone.now()
        run.file.delete(save=False)
        run.save()
        if not rejected:
            # Each page's history names the importer too (PageWriter); this entry is the run as a whole.
            log(run, IMPORT_LOG_ACTION, user=request.user, data=run_counts(run))
        if rejected:
            context = WagtailAdminTemplateMixin.get_context_data(self)
            context.update(
                form=ImportUploadForm(),
                run=run,
                history=ImportRun.objects.select_related("user")[:HISTORY_LENGTH],
                **preview_context(report, rejected),
            )
            return self.render_to_response(context)
        messages.success(
            request,
            _("%(name)s imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
            % {
                "name": run.file_name,
                "created": run.created_count,
                "updated": run.updated_count,
                "unchanged": run.unchanged_count,
            },
        )
        return redirect("kb_import:index")


class ImportHistoryPermissionPolicy(ModelPermissionPolicy):
    """The history is written by the import alone: who may import (or view runs) may list and download it, nobody
    adds, edits or deletes runs in the admin."""

    def user_has_permission(self, user, action):
        may = super().user_has_permission
        return action == "view" and (may(user, "add") or may(user, "view"))


register_permission_policy(ImportRun, ImportHistoryPermissionPolicy(ImportRun))


class ImportHistoryViewSet(ModelViewSet):
    """Every import run, filterable and downloadable (practices.admin_exports); the import page shows the latest."""

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


IMPORT_LOG_ACTION = "practices.import"


def run_counts(run):
    return {
        "file_name": run.file_name,
        "created": run.created_count,
        "updated": run.updated_count,
        "unchanged": run.unchanged_count,
    }


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
