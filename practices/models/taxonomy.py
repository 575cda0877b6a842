"""Taxonomy snippets that classify knowledge-base items: themes, target groups, methods and funding programmes.

Every term is translatable. All translations of one term share its ``slug`` (and its ``translation_key``), so a
slug is a stable, language-independent identifier: the feed filters and the importer use it, and a practice that
links the Czech "mládež" theme is found by ``?theme=youth`` in every language.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from practices.models.mixins import SharedSlugMixin


class TaxonomyTerm(SharedSlugMixin, TranslatableMixin, index.Indexed, models.Model):
    """A named term with a stable slug shared by its translations."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        help_text=_("Stable identifier shared by all translations of this term, e.g. “youth”."),
    )
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("slug"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="%(app_label)s_%(class)s_unique_slug_locale")
        ]

    def __str__(self):
        return self.name


class Theme(TaxonomyTerm):
    """A subject area of participation, such as youth participation or public space."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class TargetGroup(TaxonomyTerm):
    """A group of people a practice works with or for, such as young people, seniors or local politicians."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class Method(TaxonomyTerm):
    """A participation method, such as the Future City Game, emotional maps or round tables."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("method")
        verbose_name_plural = _("methods")


class FundingProgramme(TaxonomyTerm):
    """A programme that funds projects (EEA and Norway Grants, ESF+, LEADER…), with its public web page."""

    url = models.URLField(_("public web page"), blank=True)

    panels = [*TaxonomyTerm.panels, FieldPanel("url")]
    translatable_fields = [*TaxonomyTerm.translatable_fields, SynchronizedField("url")]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")
