"""A methodological material (MaterialPage): documents in stated languages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from practices.blocks import MaterialDocumentBlock
from practices.choices import MaterialKind
from practices.models.base import KnowledgePage
from practices.models.fields import optional_link
from practices.representation.content_api import SnippetField, organisation_representation


class MaterialPage(KnowledgePage):
    """A methodological material: a guide, handbook, SWOT analysis, awareness material, curriculum or report,
    offered as one or more documents, each in a stated language."""

    material_kind = models.CharField(_("kind of material"), max_length=16, choices=MaterialKind.choices)
    documents = StreamField([("document", MaterialDocumentBlock())], verbose_name=_("documents"), blank=True)
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    authoring_organisation = optional_link("practices.Organisation", _("authoring organisation"), "authored_materials")

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
    edit_handler = KnowledgePage.edit_handler_with(content_panels, KnowledgePage.classification_panels_with())

    parent_page_types = ["practices.MaterialIndexPage"]
    template = "practices/material_page.html"

    class Meta:
        verbose_name = _("methodological material")
        verbose_name_plural = _("methodological materials")
