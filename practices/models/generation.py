"""The content generation: one token that changes whenever anything the partner feed shows may have changed.

The feed keeps its rendered responses in Django's cache under the current token (practices.feed.cache). The token
lives in the database, not in the cache, so that every process sees a change at once: gunicorn's workers, the
``publish_scheduled`` and ``import_kb`` commands and the admin do not share a local-memory cache.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentGeneration(models.Model):
    """A single row (``pk=1``). ``token`` is random rather than a counter, so that a database restored from a
    backup, or a test's rolled-back transaction, never brings back a token whose cached responses showed other
    content."""

    token = models.CharField(_("token"), max_length=32)

    class Meta:
        verbose_name = _("content generation")
        verbose_name_plural = _("content generations")

    def __str__(self):
        return self.token
