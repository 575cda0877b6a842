"""Background synchronisation of translations: one row per "synchronise translations" action, which the job
updates chunk by chunk so that the admin can show its progress while it runs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TranslationSyncStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")


class TranslationSyncJob(models.Model):
    """An editor's request to bring the translations of a page, or of a whole section, up to date with their source.

    The job walks the source pages under ``root`` (inclusive, in the root's locale) in tree order; ``cursor`` is the
    tree path of the last page handled, so a chunk that is run again continues where the previous one stopped.
    Translations are saved as drafts, never published: they go through their locale's workflow.
    """

    root = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("root page"), on_delete=models.CASCADE, related_name="+"
    )
    include_descendants = models.BooleanField(_("include subpages"), default=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=TranslationSyncStatus.choices, default=TranslationSyncStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("pages to synchronise"), default=0)
    done = models.PositiveIntegerField(_("pages synchronised"), default=0)
    cursor = models.CharField(_("last page path"), max_length=255, blank=True)
    # [{"page": id, "title": "…", "error": "…"}]: a page that cannot be synchronised does not stop the others.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("translation synchronisation")
        verbose_name_plural = _("translation synchronisations")

    def __str__(self):
        return f"{self.root_id}: {self.done}/{self.total} ({self.status})"

    @property
    def percent(self):
        return 100 if not self.total else round(100 * self.done / self.total)
