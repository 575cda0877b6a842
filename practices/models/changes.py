"""The feed's change log: every publication, update, unpublication, move and deletion of an item a partner can
see, in the order it happened. Its primary key is the cursor of /api/feed/v1/changes/, so a partner who replays
the log from any point ends up with exactly the published set."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices.choices import ChangeAction


class ChangeRecord(models.Model):
    id = models.BigAutoField(primary_key=True)
    action = models.CharField(_("action"), max_length=16, choices=ChangeAction.choices)
    # The feed's resource name ("practice", "theme", …): a tombstone must say what kind of item disappeared.
    resource = models.CharField(_("resource"), max_length=32)
    object_id = models.PositiveIntegerField(_("object id"))
    translation_key = models.UUIDField(_("translation key"))
    locale = models.CharField(_("locale"), max_length=8)
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)

    class Meta:
        ordering = ("id",)
        indexes = [models.Index(fields=("occurred_at",)), models.Index(fields=("resource", "translation_key"))]
        verbose_name = _("change record")
        verbose_name_plural = _("change records")

    def __str__(self):
        return f"{self.action} {self.resource} {self.translation_key} ({self.locale})"
