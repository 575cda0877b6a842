"""The knowledge base's pages: case studies of good practice, methodological materials, training videos, and the
index pages that hold them.

Page tree, per locale: HomePage → PracticeIndexPage → GoodPracticePage (and likewise materials and videos).
Type rules below keep editors from putting an item in the wrong place.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from practices.blocks import (
    BodyBlock,
    ChapterBlock,
    ImageWithCaptionBlock,
    MaterialDocumentBlock,
    OutcomeBlock,
    SourceLinkBlock,
    SpeakerBlock,
)
from practices.choices import (
    Completeness,
    ContentLanguage,
    CostBand,
    Licence,
    MaterialKind,
    MunicipalitySize,
    PracticeStatus,
    QualityMark,
    TranslationOrigin,
)
from practices.representation.content_api import (
    DocumentField,
    LocalisedCountryField,
    PageReferencesField,
    PartnersField,
    SnippetField,
    TranslationsField,
    funding_programme_representation,
    organisation_representation,
    term_representation,
)
from practices.validators import validate_currency_code
from search.engine.documents import SEARCH_DOCUMENT_FIELDS, SearchDocumentFields


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
    funding_programme = models.ForeignKey(
        "practices.FundingProgramme",
        verbose_name=_("funding programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
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
    ]

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

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        """The public page's ``detail``: related items, gallery, documents, player, citation and share metadata,
        loaded in a fixed number of queries (practices.site.detail)."""
        # Imported here: practices.site.detail builds on the models of this module.
        from practices.site.detail import DetailPage

        context = super().get_context(request, *args, **kwargs)
        context["detail"] = DetailPage(self, request)
        return context

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


class GoodPracticePage(KnowledgePage):
    """A case study: a project or programme that shows how citizens, NGOs and municipalities worked together.

    Invariants: the end date is not before the start date; a budget is never negative and always has a currency.
    """

    country = CountryField(_("country"), blank=True)
    region = models.CharField(_("region"), max_length=255, blank=True)
    municipality = models.CharField(_("municipality"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    lead_organisation = models.ForeignKey(
        "practices.Organisation",
        verbose_name=_("lead organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_practices",
    )
    budget_amount = models.DecimalField(
        _("budget"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"), message=_("The budget cannot be negative."))],
    )
    budget_currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        validators=[validate_currency_code],
        help_text=_("ISO 4217 code, e.g. EUR, CZK, BGN, HRK, NOK."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=PracticeStatus.choices, blank=True)
    methods = ParentalManyToManyField("practices.Method", verbose_name=_("methods"), blank=True, related_name="+")
    outcomes = StreamField([("outcome", OutcomeBlock())], verbose_name=_("outcomes"), blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    source_links = StreamField([("link", SourceLinkBlock())], verbose_name=_("sources"), blank=True)
    gallery = StreamField([("image", ImageWithCaptionBlock())], verbose_name=_("gallery"), blank=True)
    related_materials = ParentalManyToManyField(
        "practices.MaterialPage", verbose_name=_("related materials"), blank=True, related_name="+"
    )
    related_videos = ParentalManyToManyField(
        "practices.TrainingVideoPage", verbose_name=_("related videos"), blank=True, related_name="+"
    )
    transfer_cost_band = models.CharField(_("cost"), max_length=16, choices=CostBand.choices, blank=True)
    transfer_staff_time = models.CharField(
        _("staff time"),
        max_length=255,
        blank=True,
        help_text=_("e.g. “one coordinator half-time for a year”"),
    )
    transfer_municipality_size = models.CharField(
        _("suits municipalities of size"), max_length=16, choices=MunicipalitySize.choices, blank=True
    )
    transfer_prerequisites = models.TextField(_("what must be in place"), blank=True)

    completeness_fields = (
        *KnowledgePage.completeness_fields,
        "country",
        "lead_organisation",
        "start_date",
        "status",
        "methods",
        "outcomes",
        "lessons_learned",
    )

    translatable_fields = [
        *KnowledgePage.translatable_fields,
        TranslatableField("region"),
        TranslatableField("municipality"),
        TranslatableField("lead_organisation"),
        TranslatableField("outcomes"),
        TranslatableField("lessons_learned"),
        TranslatableField("source_links"),
        TranslatableField("gallery"),
        TranslatableField("transfer_staff_time"),
        TranslatableField("transfer_prerequisites"),
        SynchronizedField("country"),
        SynchronizedField("latitude"),
        SynchronizedField("longitude"),
        SynchronizedField("budget_amount"),
        SynchronizedField("budget_currency"),
        SynchronizedField("start_date"),
        SynchronizedField("end_date"),
        SynchronizedField("status"),
        SynchronizedField("partners"),
        SynchronizedField("transfer_cost_band"),
        SynchronizedField("transfer_municipality_size"),
    ]

    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("lessons_learned"),
        index.SearchField("outcomes"),
        index.SearchField("municipality"),
        index.SearchField("region"),
        index.FilterField("country"),
        index.FilterField("status"),
        index.RelatedFields("methods", [index.SearchField("name")]),
        index.RelatedFields("lead_organisation", [index.SearchField("name")]),
    ]

    api_fields = [
        *KnowledgePage.api_fields,
        APIField("country", serializer=LocalisedCountryField()),
        APIField("region"),
        APIField("municipality"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("lead_organisation", serializer=SnippetField(organisation_representation)),
        APIField("partners", serializer=PartnersField()),
        APIField("budget_amount"),
        APIField("budget_currency"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("status"),
        APIField("methods", serializer=SnippetField(term_representation, many=True)),
        APIField("outcomes"),
        APIField("lessons_learned"),
        APIField("source_links"),
        APIField("gallery"),
        APIField("transfer_cost_band"),
        APIField("transfer_staff_time"),
        APIField("transfer_municipality_size"),
        APIField("transfer_prerequisites"),
        APIField("related_materials", serializer=PageReferencesField()),
        APIField("related_videos", serializer=PageReferencesField()),
    ]
    api_select_related = (*KnowledgePage.api_select_related, "lead_organisation__logo")
    api_prefetch_related = (
        *KnowledgePage.api_prefetch_related,
        "methods",
        "partners__organisation__logo",
        "related_materials",
        "related_videos",
    )

    content_panels = KnowledgePage.content_panels_with(
        FieldPanel("body"),
        FieldPanel("outcomes"),
        FieldPanel("lessons_learned"),
        FieldPanel("gallery"),
        FieldPanel("source_links"),
    )
    details_panels = [
        MultiFieldPanel(
            [
                FieldPanel("country"),
                FieldRowPanel([FieldPanel("region"), FieldPanel("municipality")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [FieldPanel("lead_organisation"), InlinePanel("partners", label=_("Partner organisations"))],
            heading=_("Who"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]), FieldPanel("status")],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("budget_amount"), FieldPanel("budget_currency")])], heading=_("Budget")
        ),
        MultiFieldPanel(
            [
                FieldPanel("transfer_cost_band"),
                FieldPanel("transfer_staff_time"),
                FieldPanel("transfer_municipality_size"),
                FieldPanel("transfer_prerequisites"),
            ],
            heading=_("Transfer conditions"),
        ),
    ]
    classification_panels = [
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
        FieldPanel("methods", widget=forms.CheckboxSelectMultiple),
        FieldPanel("related_materials"),
        FieldPanel("related_videos"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(details_panels, heading=_("Facts")),
            ObjectList(classification_panels, heading=_("Classification")),
            ObjectList(KnowledgePage.quality_panels, heading=_("Quality and reuse")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    parent_page_types = ["practices.PracticeIndexPage", "practices.IncomingPracticesPage"]
    subpage_types = []
    template = "practices/good_practice_page.html"

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")

    def check_rules(self):
        super().check_rules()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date is before the start date.")
        if self.budget_amount is not None and not self.budget_currency:
            errors["budget_currency"] = _("Give the currency of the budget.")
        if self.budget_currency and self.budget_amount is None:
            errors["budget_amount"] = _("Give the amount of the budget, or remove its currency.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _(
                "A map location needs both latitude and longitude."
            )
        if errors:
            raise ValidationError(errors)


class PracticePartner(Orderable):
    """A partner organisation of a practice, in the order the project lists them."""

    page = ParentalKey(GoodPracticePage, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "practices.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("role"), max_length=255, blank=True)

    panels = [FieldPanel("organisation"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("partner")
        verbose_name_plural = _("partners")


class MaterialPage(KnowledgePage):
    """A methodological material: a guide, handbook, SWOT analysis, awareness material, curriculum or report,
    offered as one or more documents, each in a stated language."""

    material_kind = models.CharField(_("kind of material"), max_length=16, choices=MaterialKind.choices)
    documents = StreamField([("document", MaterialDocumentBlock())], verbose_name=_("documents"), blank=True)
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    authoring_organisation = models.ForeignKey(
        "practices.Organisation",
        verbose_name=_("authoring organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authored_materials",
    )

    completeness_fields = (
        *KnowledgePage.completeness_fields,
        "documents",
        "publication_date",
        "authoring_organisation",
    )

    translatable_fields = [
        *KnowledgePage.translatable_fields,
        TranslatableField("authoring_organisation"),
        SynchronizedField("material_kind"),
        SynchronizedField("documents"),
        SynchronizedField("publication_date"),
    ]

    search_fields = [
        *KnowledgePage.search_fields,
        index.FilterField("material_kind"),
        index.RelatedFields("authoring_organisation", [index.SearchField("name")]),
    ]

    api_fields = [
        *KnowledgePage.api_fields,
        APIField("material_kind"),
        APIField("publication_date"),
        APIField("authoring_organisation", serializer=SnippetField(organisation_representation)),
        APIField("documents"),
    ]
    api_select_related = (*KnowledgePage.api_select_related, "authoring_organisation__logo")

    content_panels = KnowledgePage.content_panels_with(
        FieldRowPanel([FieldPanel("material_kind"), FieldPanel("publication_date")]),
        FieldPanel("authoring_organisation"),
        FieldPanel("documents"),
        FieldPanel("body"),
    )
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(
                [
                    FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
                ],
                heading=_("Classification"),
            ),
            ObjectList(KnowledgePage.quality_panels, heading=_("Quality and reuse")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    parent_page_types = ["practices.MaterialIndexPage"]
    subpage_types = []
    template = "practices/material_page.html"

    class Meta:
        verbose_name = _("methodological material")
        verbose_name_plural = _("methodological materials")


class TrainingVideoPage(KnowledgePage):
    """A training video: an oEmbed URL (YouTube, Vimeo…) and/or an uploaded file, with chapters, speakers and a
    transcript that search indexes."""

    video_url = models.URLField(_("video URL"), blank=True, help_text=_("The video's page on YouTube or Vimeo."))
    video_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("video file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A plain IntegerField: PositiveIntegerField's form field would stop -5 with a generic "at least 0" message
    # before the model's own rule could say what a duration must be.
    duration_seconds = models.IntegerField(
        _("duration (seconds)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message=_("The duration must be a positive number of seconds."))],
    )
    spoken_language = models.CharField(_("spoken language"), max_length=8, choices=ContentLanguage.choices, blank=True)
    subtitle_languages = models.JSONField(_("subtitle languages"), default=list, blank=True)
    transcript = models.TextField(_("transcript"), blank=True)
    chapters = StreamField([("chapter", ChapterBlock())], verbose_name=_("chapters"), blank=True)
    speakers = StreamField([("speaker", SpeakerBlock())], verbose_name=_("speakers"), blank=True)
    related_materials = ParentalManyToManyField(
        "practices.MaterialPage", verbose_name=_("related materials"), blank=True, related_name="+"
    )

    completeness_fields = (
        *KnowledgePage.completeness_fields,
        "duration_seconds",
        "spoken_language",
        "transcript",
    )

    translatable_fields = [
        *KnowledgePage.translatable_fields,
        TranslatableField("transcript"),
        TranslatableField("chapters"),
        TranslatableField("speakers"),
        SynchronizedField("video_url"),
        SynchronizedField("video_file"),
        SynchronizedField("duration_seconds"),
        SynchronizedField("spoken_language"),
        SynchronizedField("subtitle_languages"),
    ]

    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("transcript"),
        index.SearchField("chapters"),
        index.FilterField("spoken_language"),
    ]

    api_fields = [
        *KnowledgePage.api_fields,
        APIField("video_url"),
        APIField("video_file", serializer=DocumentField()),
        APIField("duration_seconds"),
        APIField("spoken_language"),
        APIField("subtitle_languages"),
        APIField("chapters"),
        APIField("speakers"),
        APIField("transcript"),
        APIField("related_materials", serializer=PageReferencesField()),
    ]
    api_select_related = (*KnowledgePage.api_select_related, "video_file")
    api_prefetch_related = (*KnowledgePage.api_prefetch_related, "related_materials")

    content_panels = KnowledgePage.content_panels_with(
        FieldPanel("video_url"),
        FieldPanel("video_file"),
        FieldRowPanel([FieldPanel("duration_seconds"), FieldPanel("spoken_language")]),
        FieldPanel("subtitle_languages"),
        FieldPanel("chapters"),
        FieldPanel("speakers"),
        FieldPanel("transcript"),
        FieldPanel("body"),
    )
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(
                [
                    FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("related_materials"),
                ],
                heading=_("Classification"),
            ),
            ObjectList(KnowledgePage.quality_panels, heading=_("Quality and reuse")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    parent_page_types = ["practices.VideoIndexPage"]
    subpage_types = []
    template = "practices/training_video_page.html"

    class Meta:
        verbose_name = _("training video")
        verbose_name_plural = _("training videos")

    def check_rules(self):
        super().check_rules()
        if not self.video_url and not self.video_file_id:
            raise ValidationError({"video_url": _("Give the video's URL or upload its file.")})
        unknown = set(self.subtitle_languages or []) - set(ContentLanguage.values)
        if unknown:
            raise ValidationError(
                {"subtitle_languages": _("Unknown language codes: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}}
            )


class KnowledgeIndexPage(Page):
    """A section of the knowledge base in one locale; lists its published children, newest first."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro"), APIField("translations", serializer=TranslationsField())]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1
    items_per_page = 20

    class Meta:
        abstract = True

    def items(self):
        return self.item_model.objects.child_of(self).live().order_by("-first_published_at", "-pk")

    def get_context(self, request, *args, **kwargs):
        # Imported here: the listing module builds on the models this module defines.
        from practices.site.faces import attach_faces
        from practices.site.listing import build_listing
        from practices.site.other_languages import offer_with_listing

        context = super().get_context(request, *args, **kwargs)
        listing = build_listing(self.items(), self.item_model, request.GET, self.locale, self.items_per_page)
        context["listing"] = listing
        context["items"] = listing.page
        context["other_languages"] = offer_with_listing(listing, self.item_model, request.GET, self.locale)
        # Every card at once; the paginator's page keeps the items it was iterated as, faces and all.
        attach_faces([*listing.page, *(offered.page for offered in context["other_languages"].items)])
        return context


class PracticeIndexPage(RoutablePageMixin, KnowledgeIndexPage):
    """The practices of one locale, as a listing and, at ``map/``, as a map of those with a location
    (practices/site/map.py)."""

    item_model = GoodPracticePage
    subpage_types = ["practices.GoodPracticePage", "practices.IncomingPracticesPage"]
    template = "practices/index_page.html"

    class Meta:
        verbose_name = _("practice index")

    def get_context(self, request, *args, **kwargs):
        from practices.site.map import view_urls

        context = super().get_context(request, *args, **kwargs)
        context.update(view_urls(self, request, context["listing"].filter_query))
        return context

    @path("map/", name="map")
    def practice_map(self, request):
        from practices.site.map import serve_map

        return serve_map(self, request)

    @path("map/geojson/", name="map-geojson")
    def practice_map_geojson(self, request):
        from practices.site.map import serve_geojson

        return serve_geojson(self, request)


class MaterialIndexPage(KnowledgeIndexPage):
    item_model = MaterialPage
    subpage_types = ["practices.MaterialPage"]
    template = "practices/index_page.html"

    class Meta:
        verbose_name = _("material index")


class VideoIndexPage(KnowledgeIndexPage):
    item_model = TrainingVideoPage
    subpage_types = ["practices.TrainingVideoPage"]
    template = "practices/index_page.html"

    class Meta:
        verbose_name = _("video index")
