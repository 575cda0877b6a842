"""The embedded search index's documents, the items' meaning vectors, the editors' synonym sets and the thesaurus of
the participation domain.

``SearchDocument`` is one indexed object's normalised text (search.engine.documents). The full-text index over it is
made by migration 0002 for the database vendor: an external-content FTS5 table kept in step by triggers on SQLite, a
generated, weighted ``tsvector`` column with a GIN index on PostgreSQL. Neither is a Django field, so the ORM never
reads or writes them.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Locale, Orderable


class IndexedObjectRow(models.Model):
    """A row that belongs to one indexed object, found by its content type and id: the search index's tables follow
    objects of any indexed model, so they cannot hold a foreign key to one."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.BigIntegerField()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"


class SearchDocument(IndexedObjectRow):
    """The searchable text of one object, in the weighted fields of search.engine.documents.FIELDS."""

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


class ItemVector(IndexedObjectRow):
    """The meaning of one indexed object as a vector (search.engine.semantic): what finds an item by a query that
    shares no word with it, or is written in another language. ``text_hash`` is the hash of the text the vector was
    made from, so that a save that changes nothing the vector reads does not compute it again."""

    language = models.CharField(max_length=8, blank=True)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="hub_search_one_vector_per_object")
        ]
        # Each search asks whether the table changed (the count and the latest update, search.engine.semantic); without
        # it that read every row with its vector: 8 ms at 10,000 items against 1.5 ms.
        indexes = [models.Index(fields=["updated_at"], name="hub_search_vector_updated")]


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


def content_languages():
    """The choices of a concept label's language: the content languages of the site."""
    return settings.WAGTAIL_CONTENT_LANGUAGES


class Concept(ClusterableModel):
    """A notion of citizen participation named in every content language, e.g. "citizens' assembly", also called
    "mini-public" and "deliberative panel", in Czech "občanské shromáždění", in Norwegian "innbyggerpanel".

    As in SKOS, each language has one preferred label (the first) and any number of alternative labels, and a
    concept may list related concepts. A query naming any label also finds, at a lower weight than its own words,
    the items that use another label, in any language (search.thesaurus); the results say what was also searched.
    Unlike a synonym set, whose phrases are equal, a concept is broader: its labels are close, not the same. Applied
    when searching, so an edit takes effect at once, without re-indexing."""

    slug = models.SlugField(
        _("identifier"), max_length=100, unique=True, help_text=_("Stable name of the concept, e.g. “time-bank”.")
    )
    related = models.ManyToManyField("self", verbose_name=_("related concepts"), blank=True)

    panels = [FieldPanel("slug"), InlinePanel("labels", heading=_("labels"), min_num=1), FieldPanel("related")]

    class Meta:
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")
        ordering = ["slug"]

    def __str__(self):
        preferred = self.preferred_label(settings.LANGUAGE_CODE)
        return preferred or self.slug

    def preferred_label(self, language):
        """The first label in ``language``, or ""."""
        return next((label.text for label in self.labels.all() if label.language == language), "")

    def label_list(self):
        """``["en: citizens' assembly", …]``: every label with its language, as the admin export lists them."""
        return [f"{label.language}: {label.text}" for label in self.labels.all()]


class ConceptLabel(Orderable):
    """One name of a concept in one language; a language's first label is its preferred one."""

    concept = ParentalKey(Concept, on_delete=models.CASCADE, related_name="labels")
    language = models.CharField(_("language"), max_length=8, choices=content_languages)
    text = models.CharField(_("label"), max_length=200)

    panels = [FieldPanel("language"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("concept label")
        verbose_name_plural = _("concept labels")

    def __str__(self):
        return f"{self.language}: {self.text}"


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
