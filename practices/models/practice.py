"""A case study of good practice (GoodPracticePage) and its ordered partner organisations (PracticePartner)."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from practices.blocks import ImageWithCaptionBlock, OutcomeBlock, SourceLinkBlock
from practices.choices import CostBand, MunicipalitySize, PracticeStatus
from practices.models.base import KnowledgePage
from practices.models.fields import coordinate, optional_link
from practices.representation.content_api import (
    LocalisedCountryField,
    PageReferencesField,
    PartnersField,
    SnippetField,
    organisation_representation,
    term_representation,
)
from practices.validators import validate_currency_code


class GoodPracticePage(KnowledgePage):
    """A case study: a project or programme that shows how citizens, NGOs and municipalities worked together.

    Invariants: the end date is not before the start date; a budget is never negative and always has a currency.
    """

    country = CountryField(_("country"), blank=True)
    region = models.CharField(_("region"), max_length=255, blank=True)
    municipality = models.CharField(_("municipality"), max_length=255, blank=True)
    latitude = coordinate(_("latitude"), 90)
    longitude = coordinate(_("longitude"), 180)
    lead_organisation = optional_link("practices.Organisation", _("lead organisation"), "led_practices")
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
    # The partners' names are in the search document's body (search.engine.documents.raw_body).
    search_prefetch_related = ("partners__organisation",)

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
    classification_panels = KnowledgePage.classification_panels_with(
        FieldPanel("methods", widget=forms.CheckboxSelectMultiple),
        FieldPanel("related_materials"),
        FieldPanel("related_videos"),
    )
    edit_handler = KnowledgePage.edit_handler_with(content_panels, classification_panels, details_panels)

    parent_page_types = ["practices.PracticeIndexPage", "practices.IncomingPracticesPage"]
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
