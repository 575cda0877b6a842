"""Organisations that lead, partner in or author knowledge-base items.

Like taxonomy terms, the translations of one organisation share its ``slug``; only the name and address are
translated, contacts are the same in every language.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from practices.choices import OrganisationKind
from practices.models.fields import optional_link
from practices.models.mixins import SharedSlugMixin
from search.engine.documents import SEARCH_DOCUMENT_FIELDS, SearchDocumentFields


class Organisation(SearchDocumentFields, SharedSlugMixin, TranslatableMixin, index.Indexed, models.Model):
    """An NGO, municipality, association, local action group, school or public body."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        help_text=_("Stable identifier shared by all translations of this organisation."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices, default=OrganisationKind.NGO)
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=255, blank=True)
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    logo = optional_link("wagtailimages.Image", _("logo"))

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("slug"), FieldPanel("kind")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("country"), FieldPanel("city")]),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("website"), FieldPanel("email"), FieldPanel("phone")]),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("logo"),
    ]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("city"),
        TranslatableField("address"),
        SynchronizedField("slug"),
        SynchronizedField("kind"),
        SynchronizedField("country"),
        SynchronizedField("website"),
        SynchronizedField("email"),
        SynchronizedField("phone"),
        SynchronizedField("logo"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
        *SEARCH_DOCUMENT_FIELDS,
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="practices_organisation_unique_slug_locale")
        ]

    def __str__(self):
        return self.name
