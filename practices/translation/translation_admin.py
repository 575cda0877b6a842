"""Admin for keeping translations in step: "Synchronise translations" on a page or section (a background job with a
progress page), and "Translation files", where PO files for translation agencies are exported and imported.

The views only parse and check input; the work is in practices.translation.translation_sync and
practices.translation.translation_po, which the management commands share. Registered by practices/wagtail_hooks.py.
"""

import io
import zipfile

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin import messages, widgets
from wagtail.admin.menu import MenuItem
from wagtail.models import Locale, Page

from practices.models import TranslationSyncJob, TranslationSyncStatus
from practices.tasks import sync_translation_subtree
from practices.translation import translation_po, translation_sync

CONFIRM_TEMPLATE = "practices/admin/confirm.html"
JOB_TEMPLATE = "practices/admin/translation_sync_job.html"
FILES_TEMPLATE = "practices/admin/translation_files.html"
MAX_PO_FILE_SIZE = 5 * 1024 * 1024  # the PO of a long practice is ~50 kB


def start_sync(request, page_id):
    """Confirm, then queue the synchronisation of the page and its subpages and show the job's progress."""
    page = get_object_or_404(Page, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if request.method == "POST":
        job = translation_sync.start_sync_job(page, user=request.user)
        sync_translation_subtree.enqueue(job.pk)
        return redirect("translation_sync_job", job.pk)
    count = translation_sync.pages_to_sync(page).count()
    context = {
        "page_title": _("Synchronise translations of “%(title)s”") % {"title": page.get_admin_display_title()},
        "header_icon": "repeat",
        "confirmation_message": ngettext(
            "%(count)d page here has translations. Each translation gets a new draft with the current source "
            "content; nothing is published.",
            "%(count)d pages here have translations. Each translation gets a new draft with the current source "
            "content; nothing is published.",
            count,
        )
        % {"count": count},
        "confirm_label": _("Synchronise"),
        "cancel_url": reverse("wagtailadmin_explore", args=[page.pk]),
    }
    return TemplateResponse(request, CONFIRM_TEMPLATE, context)


def sync_job(request, job_id):
    """The progress of one synchronisation; the page reloads itself until the job is done."""
    job = get_object_or_404(TranslationSyncJob.objects.select_related("root", "requested_by"), pk=job_id)
    context = {
        "job": job,
        "running": job.status != TranslationSyncStatus.DONE,
        "page_title": _("Synchronising translations of “%(title)s”") % {"title": job.root.get_admin_display_title()},
        "header_icon": "repeat",
    }
    return TemplateResponse(request, JOB_TEMPLATE, context)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, each checked as a FileField (Django's documented recipe)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(upload, initial) for upload in uploads]


class ExportTranslationsForm(forms.Form):
    locale = forms.ModelChoiceField(
        label=_("language"), queryset=Locale.objects.all(), to_field_name="language_code", empty_label=None
    )
    root = forms.CharField(
        label=_("section"),
        required=False,
        help_text=_("Only pages under this page: its id, or a path such as /en/practices/. Empty: every page."),
    )

    def clean_root(self):
        reference = self.cleaned_data["root"].strip()
        if not reference:
            return None
        try:
            return translation_po.find_root(reference)
        except translation_po.TranslationFileError as error:
            raise forms.ValidationError(str(error)) from error


class ImportTranslationsForm(forms.Form):
    files = MultipleFileField(label=_("PO files"))

    def clean_files(self):
        files = self.cleaned_data["files"]
        for upload in files:
            if not upload.name.endswith(".po"):
                raise forms.ValidationError(_("%(file)s is not a .po file.") % {"file": upload.name})
            if upload.size > MAX_PO_FILE_SIZE:
                raise forms.ValidationError(_("%(file)s is larger than 5 MB.") % {"file": upload.name})
        return files


def translation_files(request):
    """Export a language's PO files as one zip (optionally of one section), or import translated PO files."""
    if not request.user.has_perm("wagtail_localize.submit_translation"):
        raise PermissionDenied
    export_form = ExportTranslationsForm(request.GET if "locale" in request.GET else None)
    import_form = ImportTranslationsForm()
    if export_form.is_valid():
        return export_zip(export_form.cleaned_data["locale"], export_form.cleaned_data["root"])
    if request.method == "POST":
        import_form = ImportTranslationsForm(request.POST, request.FILES)
        if import_form.is_valid():
            files = [(upload.name, upload.read()) for upload in import_form.cleaned_data["files"]]
            try:
                report = translation_po.import_files(files, user=request.user)
            except translation_po.TranslationFileError as error:
                import_form.add_error("files", str(error))
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d translation draft saved; nothing was published.",
                        "%(count)d translation drafts saved; nothing was published.",
                        len(report.drafts),
                    )
                    % {"count": len(report.drafts)},
                )
                for name, warnings in report.warnings.items():
                    messages.warning(request, f"{name}: {'; '.join(warnings)}")
                return redirect("translation_files")
    context = {
        "export_form": export_form,
        "import_form": import_form,
        "page_title": _("Translation files"),
        "header_icon": "doc-full",
    }
    return TemplateResponse(
        request, FILES_TEMPLATE, context, status=400 if import_form.errors or export_form.errors else 200
    )


def export_zip(locale, root):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in translation_po.export_files(locale, root):
            archive.writestr(name, text)
    scope = f"-{root.slug}" if root is not None else ""
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="translations-{locale.language_code}{scope}.zip"'
    return response


def admin_urls():
    return [
        path("translation-sync/page/<int:page_id>/", start_sync, name="translation_sync_start"),
        path("translation-sync/<int:job_id>/", sync_job, name="translation_sync_job"),
        path("translation-files/", translation_files, name="translation_files"),
    ]


def menu_item():
    return MenuItem(_("Translation files"), reverse("translation_files"), icon_name="doc-full", order=221)


def header_buttons(page, user, view_name=None, next_url=None):
    """ "Synchronise translations" in the page header, where the page or one below it has translations (the
    register_page_header_buttons hook; the view's name and next URL change nothing)."""
    if page.permissions_for_user(user).can_edit() and translation_sync.pages_to_sync(page).exists():
        url = reverse("translation_sync_start", args=[page.pk])
        yield widgets.Button(_("Synchronise translations"), url, icon_name="repeat", priority=86)
