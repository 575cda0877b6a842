"""The outcome of the last check of each outside link the live knowledge base points to
(practices.editorial.link_checks)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from practices.outgoing import OutgoingError


class LinkCheckQuerySet(models.QuerySet):
    def broken(self):
        return self.filter(is_broken=True)


class LinkCheck(models.Model):
    """One outside URL — a practice's source, a programme record, a video's page, a link in an item's text — and
    what the last check found: the HTTP status of the final answer after redirects, or the error when none came
    (DNS, timeout, refused connection).

    A link is broken when the answer is 4xx or 5xx or no answer came. ``pages`` are the live items that used the
    URL at the last check; a URL no live item uses any more is forgotten by the next check.
    """

    url = models.URLField(_("URL"), max_length=2048, unique=True)
    status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=16, choices=OutgoingError.choices, blank=True)
    is_broken = models.BooleanField(_("broken"), default=False, db_index=True)
    final_url = models.URLField(_("redirected to"), max_length=2048, blank=True)
    checked_at = models.DateTimeField(_("checked at"))
    pages = models.ManyToManyField("wagtailcore.Page", verbose_name=_("used by"), related_name="+", blank=True)

    objects = LinkCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")
        ordering = ["url"]

    def __str__(self):
        return self.url

    @property
    def used_by(self):
        """The titles of the items using the link, for exports: "Youth parliament of Brno (en); …"."""
        return "; ".join(f"{page.title} ({page.locale.language_code})" for page in self.pages.all())

    @property
    def outcome(self):
        """What editors read: "404", "timeout", "200"."""
        return self.get_error_display() if self.error else str(self.status or "")
