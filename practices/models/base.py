"""What every knowledge-base item shares: KnowledgePage (story, classification, licence, verification, quality mark,
completeness, funding), its queryset, and its admin form. Each item type extends it in a module of its own
(practice, material, video); the sections that list them are in indexes.

Page tree, per locale: HomePage → PracticeIndexPage → GoodPracticePage (and likewise materials and videos). The
type rules on each page keep editors from putting an item in the wrong place.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from practices.blocks import BodyBlock
from practices.choices import Completeness, ContentLanguage, Licence, QualityMark, TranslationOrigin
from practices.models import serving
from practices.models.fields import optional_link
from practices.representation.content_api import (
    SnippetField,
    TranslationsField,
    funding_programme_representation,
    term_representation,
)
from search.engine.documents import FACET_FILTER_FIELDS, SEARCH_DOCUMENT_FIELDS, SearchDocumentFields
from search.engine.indexing import with_related_search_fields


class KnowledgePageQuerySet(PageQuerySet):
    def live_in(self, locale):
        """Published items of one locale: what a practitioner reading that language sees."""
        return self.live().filter(locale=locale)


KnowledgePageManager = PageManager.from_queryset(KnowledgePageQuerySet)


class KnowledgePageForm(WagtailAdminPageForm):
    """Admin form for knowledge-base items: taxonomy choices are limited to the page's own language."""

    subtitle_languages = forms.MultipleChoiceField(
        label=_("subtitle languages"),
        choices=ContentLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id or (self.parent_page.locale_id if self.parent_page else None)
        for name, field in self.fields.items():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model is not None and name in self.instance.localised_relations and locale_id:
                field.queryset = field.queryset.filter(locale_id=locale_id)
        if "subtitle_languages" not in self._meta.fields:
            del self.fields["subtitle_languages"]


class KnowledgePage(SearchDocumentFields, Page):
    """What every knowledge-base item carries: its story, classification, and the metadata that makes it
    trustworthy and reusable (licence, last verification, quality mark, completeness, funding)."""

    summary = models.TextField(_("summary"), help_text=_("One or two sentences shown in listings and feeds."))
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    themes = ParentalManyToManyField("practices.Theme", verbose_name=_("themes"), blank=True, related_name="+")
    target_groups = ParentalManyToManyField(
        "practices.TargetGroup", verbose_name=_("target groups"), blank=True, related_name="+"
    )
    licence = models.CharField(_("licence"), max_length=32, choices=Licence.choices, default=Licence.CC_BY)
    last_verified_at = models.DateField(_("last verified on"), null=True, blank=True)
    last_verified_by = models.CharField(_("last verified by"), max_length=150, blank=True)
    quality_mark = models.CharField(
        _("quality mark"), max_length=16, choices=QualityMark.choices, default=QualityMark.NONE, blank=True
    )
    completeness = models.CharField(
        _("completeness"),
        max_length=16,
        choices=Completeness.choices,
        default=Completeness.STUB,
        editable=False,
    )
    funding_programme = optional_link("practices.FundingProgramme", _("funding programme"))
    project_code = models.CharField(_("project code"), max_length=64, blank=True)
    programme_record_url = models.URLField(
        _("programme record"), blank=True, help_text=_("The project's public record at the funder.")
    )

    translation_origin = models.CharField(
        _("translation"),
        max_length=16,
        choices=TranslationOrigin.choices,
        default=TranslationOrigin.HUMAN,
        help_text=_("Who wrote this language version; the feed tells partners."),
    )

    objects = KnowledgePageManager()

    base_form_class = KnowledgePageForm
    # Relations whose admin choices are limited to the page's locale (see KnowledgePageForm).
    localised_relations = (
        "themes",
        "target_groups",
        "methods",
        "funding_programme",
        "lead_organisation",
        "authoring_organisation",
    )
    # Fields whose presence makes an item "complete"; subclasses extend it.
    completeness_fields = ("summary", "body", "themes", "target_groups", "licence")

    # wagtail-localize: text goes to translators; facts are copied from the source on every sync. A link to a
    # translatable snippet is a TranslatableField so that it points at the snippet's translation in the target
    # locale. Many-to-many taxonomy is not supported by wagtail-localize: the translation keeps its own choice,
    # which the admin form limits to its locale's terms. translation_origin belongs to each language version.
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("summary"),
        TranslatableField("body"),
        TranslatableField("funding_programme"),
        SynchronizedField("licence"),
        SynchronizedField("last_verified_at"),
        SynchronizedField("last_verified_by"),
        SynchronizedField("quality_mark"),
        SynchronizedField("project_code"),
        SynchronizedField("programme_record_url"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.FilterField("locale_id"),
        index.FilterField("quality_mark"),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.RelatedFields("target_groups", [index.SearchField("name")]),
        *SEARCH_DOCUMENT_FIELDS,
        *FACET_FILTER_FIELDS,
    ]
    # Found by meaning too, from a paraphrase or another language (search.engine.semantic).
    semantic_search = True

    @classmethod
    def get_indexed_objects(cls):
        """Every item with the relations its search document reads, loaded per chunk of ``update_index`` rather
        than per item (search.engine.indexing.with_related_search_fields)."""
        return with_related_search_fields(cls, super().get_indexed_objects())

    # Wagtail's content API (/api/v2/, docs/api.md). Relations the fields read are listed in api_select_related
    # and api_prefetch_related, which the pages endpoint applies to lists.
    api_fields = [
        APIField("summary"),
        APIField("body"),
        APIField("themes", serializer=SnippetField(term_representation, many=True)),
        APIField("target_groups", serializer=SnippetField(term_representation, many=True)),
        APIField("licence"),
        APIField("last_verified_at"),
        APIField("last_verified_by"),
        APIField("quality_mark"),
        APIField("completeness"),
        APIField("funding_programme", serializer=SnippetField(funding_programme_representation)),
        APIField("project_code"),
        APIField("programme_record_url"),
        APIField("translation_origin"),
        APIField("last_published_at"),
        APIField("translations", serializer=TranslationsField()),
    ]
    api_select_related = ("locale", "funding_programme")
    api_prefetch_related = ("themes", "target_groups")

    quality_panels = [
        FieldPanel("licence"),
        FieldRowPanel([FieldPanel("last_verified_at"), FieldPanel("last_verified_by")]),
        FieldPanel("quality_mark"),
        FieldPanel("translation_origin"),
        MultiFieldPanel(
            [FieldPanel("funding_programme"), FieldPanel("project_code"), FieldPanel("programme_record_url")],
            heading=_("Funding"),
        ),
    ]

    # An item is a leaf of the page tree.
    subpage_types = []

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        """The public page's ``detail`` (related items, gallery, documents, player, citation and share metadata),
        which practices.site supplies (practices.models.serving)."""
        context = super().get_context(request, *args, **kwargs)
        return serving.add_public_context(self, request, context)

    def clean(self):
        super().clean()
        self.check_rules()

    def check_rules(self):
        """The knowledge base's own invariants, checked by the admin form and the importer alike."""

    def save(self, *args, update_completeness=True, **kwargs):
        if update_completeness:
            self.completeness = self.compute_completeness()
        super().save(*args, **kwargs)

    def compute_completeness(self):
        """Stub when fewer than half the key fields are filled, complete when all are, partial in between."""
        filled = sum(1 for name in self.completeness_fields if self._has_value(name))
        if filled == len(self.completeness_fields):
            return Completeness.COMPLETE
        if filled * 2 >= len(self.completeness_fields):
            return Completeness.PARTIAL
        return Completeness.STUB

    def _has_value(self, name):
        field = self._meta.get_field(name)
        if field.many_to_many:
            # A ParentalManyToManyField answers from memory on unsaved pages too (modelcluster).
            return bool(list(getattr(self, name).all()))
        value = getattr(self, field.attname)
        if isinstance(value, str):
            return bool(value.strip())
        if hasattr(value, "__len__"):
            return len(value) > 0
        return value is not None

    @staticmethod
    def content_panels_with(*panels):
        return [*Page.content_panels, FieldPanel("summary"), *panels]

    @staticmethod
    def classification_panels_with(*panels):
        """The themes and target groups every item is classified by, then the type's own relations."""
        return [
            FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
            FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
            *panels,
        ]

    @staticmethod
    def edit_handler_with(content_panels, classification_panels, facts_panels=None):
        """The admin's tabs, the same for every item type: Content, the type's Facts when it has any,
        Classification, Quality and reuse, Promote, Settings."""
        facts = [ObjectList(facts_panels, heading=_("Facts"))] if facts_panels else []
        return TabbedInterface(
            [
                ObjectList(content_panels, heading=_("Content")),
                *facts,
                ObjectList(classification_panels, heading=_("Classification")),
                ObjectList(KnowledgePage.quality_panels, heading=_("Quality and reuse")),
                ObjectList(Page.promote_panels, heading=_("Promote")),
                ObjectList(Page.settings_panels, heading=_("Settings")),
            ]
        )
