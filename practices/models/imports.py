"""The history of bulk imports run from the admin (practices.knowledge_base.admin_import).

Each upload is one ``ImportRun``: it is created when the file passes the upload checks and its preview (a dry run)
has been computed, keeps the uploaded file until the editor confirms or abandons it, and records the outcome.
The kept file lives outside the public media tree (KB_IMPORT_PENDING_ROOT) under a random name: an upload waiting
for confirmation is nobody's to download.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingImportStorage(FileSystemStorage):
    """Files at KB_IMPORT_PENDING_ROOT, read at each use (tests point it at their own folder), with no URL."""

    @property
    def base_location(self):
        return settings.KB_IMPORT_PENDING_ROOT

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):
        raise ValueError("Pending imports have no URL.")


pending_import_storage = PendingImportStorage()


def pending_import_name(run, filename):
    """A name nobody can guess, keeping the format's extension."""
    return f"{secrets.token_hex(16)}.{run.format}"


class ImportFormat(models.TextChoices):
    JSONL = "jsonl", _("JSON Lines")
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel workbook")


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("previewed, not confirmed")
    REJECTED = "rejected", _("rejected: errors in the file")
    QUEUED = "queued", _("confirmed, waiting to be imported")
    IMPORTING = "importing", _("importing")
    IMPORTED = "imported", _("imported")
    FAILED = "failed", _("failed: nothing was written")
    SUPERSEDED = "superseded", _("not confirmed, superseded by a later upload")


class ImportRun(models.Model):
    """One file uploaded for import: who, when, which file and format, what the preview or the import counted.

    The file stays on the server between the preview and the confirmation, so that what is imported is exactly
    what was previewed; it is deleted once the import has run (practices.knowledge_base.import_runs, in the
    background), or when the same editor uploads another file instead. Counts are those of the import once it has
    run, otherwise those of the preview.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=8, choices=ImportFormat.choices)
    file = models.FileField(_("file"), upload_to=pending_import_name, storage=pending_import_storage, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected rows"), default=0)
    lines_total = models.PositiveIntegerField(_("rows"), default=0)
    # What the import runs with and what it refused: the confirmation's options ("skip invalid rows", "create new
    # terms"), and the rows an import in the background rejected, for its page to list.
    options = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    started_at = models.DateTimeField(_("import started at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    def record_counts(self, report, rejected_rows):
        self.created_count = len(report.created)
        self.updated_count = len(report.updated)
        self.unchanged_count = len(report.unchanged)
        self.rejected_count = rejected_rows
