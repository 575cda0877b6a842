"""The embedded search index's documents and the editors' synonym sets.

``SearchDocument`` is one indexed object's normalised text (search.documents). The full-text index over it is made
by migration 0002 for the database vendor: an external-content FTS5 table kept in step by triggers on SQLite, a
generated, weighted ``tsvector`` column with a GIN index on PostgreSQL. Neither is a Django field, so the ORM never
reads or writes them.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Locale


class SearchDocument(models.Model):
    """The searchable text of one object, in the weighted fields of search.documents.FIELDS."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.BigIntegerField()
    language = models.CharField(max_length=8, blank=True, db_index=True)
    title = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    shared = models.TextField(blank=True)
    # When the document was last written: tells an operator whether indexing has caught up after an outage.
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="hub_search_one_document_per_object")
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"


class SynonymSet(models.Model):
    """Words and phrases that mean the same in one language, e.g. "NGO", "non-profit organisation" and
    "civil-society organisation". A query containing any of them also finds items that use another; applied when
    searching, so a change takes effect at once, without re-indexing."""

    locale = models.ForeignKey(Locale, verbose_name=_("language"), on_delete=models.CASCADE, related_name="+")
    terms = models.TextField(
        _("synonyms"), help_text=_("One word or phrase per line; at least two. Each finds the others.")
    )

    panels = [FieldPanel("locale"), FieldPanel("terms")]

    class Meta:
        verbose_name = _("synonym set")
        verbose_name_plural = _("synonym sets")
        ordering = ["locale", "pk"]

    def __str__(self):
        return " ~ ".join(self.term_list())

    def term_list(self):
        return [line.strip() for line in self.terms.splitlines() if line.strip()]

    def clean(self):
        if len(self.term_list()) < 2:
            raise ValidationError({"terms": _("Enter at least two synonyms, one per line.")})


class UnansweredQueryDailyHits(models.Model):
    """How often a query found nothing on a day: beside Wagtail's ``QueryDailyHits`` (every search), the list
    editors read to add content or synonyms (the "Searches without results" report)."""

    query = models.ForeignKey(
        "wagtailsearchpromotions.Query", on_delete=models.CASCADE, related_name="unanswered_daily_hits"
    )
    date = models.DateField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")
        constraints = [models.UniqueConstraint(fields=["query", "date"], name="hub_search_one_unanswered_row_a_day")]

    def __str__(self):
        return f"{self.query} {self.date}: {self.hits}"


class PendingIndexUpdate(models.Model):
    """An object whose entry in one search backend is out of date because that backend failed when it changed
    (typically the search cluster was down). Kept in the database, not in memory or a queue that may not defer,
    so that nothing an editor did while the cluster was away is lost: ``replay_index_updates`` (every minute in
    production, docs/deploy.md) brings each backend in line once it answers again and removes the row."""

    backend = models.CharField(max_length=64)
    model_label = models.CharField(max_length=128)
    object_pk = models.CharField(max_length=64)
    first_failed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pending search index update")
        verbose_name_plural = _("pending search index updates")
        constraints = [
            models.UniqueConstraint(
                fields=["backend", "model_label", "object_pk"], name="hub_search_one_pending_update_per_object"
            )
        ]

    def __str__(self):
        return f"{self.backend}: {self.model_label} {self.object_pk}"
