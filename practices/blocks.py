"""StreamField blocks of knowledge-base pages: the story body and the structured lists (outcomes, links,
chapters, speakers, gallery, documents).

Text inside blocks is translated by wagtail-localize segment by segment; numbers, URLs and chooser values are
synchronised from the source page.
"""

from decimal import Decimal
from urllib.parse import urlsplit

import nh3
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.api.rich_text import APIRichText
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from practices.choices import ContentLanguage
from practices.representation.media import document_representation, image_representation
from practices.representation.rich_text import public_rich_text
from practices.representation.video_embeds import embedded_video

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "blockquote"]
# The markup those features write once Wagtail has expanded its links: what a paragraph may show on a public page.
RICH_TEXT_TAGS = {"h2", "h3", "p", "b", "strong", "i", "em", "ol", "ul", "li", "a", "blockquote", "br"}


class SanitisedRichTextBlock(blocks.RichTextBlock):
    """Rich text shown on the public pages reduced to RICH_TEXT_TAGS and links' ``href``: markup written past the
    editor (an old import, the database, a bug) such as ``<script>`` or ``onerror=`` is dropped, not served. The
    stored value and the editor are Wagtail's own."""

    def render_basic(self, value, context=None):
        html = str(super().render_basic(value, context))
        return mark_safe(nh3.clean(html, tags=RICH_TEXT_TAGS, attributes={"a": {"href"}}))  # noqa: S308


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")

    def get_api_representation(self, value, context=None):
        """``{"image": {"id", "title", "alt", "width", "height", "renditions": {…}}, "caption": "The first
        forum"}``: renditions at fixed sizes rather than an image id (see media.image_representation)."""
        return {
            "image": image_representation(value.get("image"), value.get("caption")),
            "caption": value.get("caption", ""),
        }


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quotation"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Quote")


class FigureBlock(blocks.StructBlock):
    """One number with what it counts, e.g. 55 / "consultations with the public"."""

    value = blocks.CharBlock(label=_("figure"), max_length=32)
    label = blocks.CharBlock(label=_("what it counts"), max_length=255)

    class Meta:
        icon = "order"
        label = _("Figure")


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    label = blocks.CharBlock(label=_("link text"), required=False, max_length=255)

    class Meta:
        icon = "doc-full"
        label = _("Document link")

    def get_api_representation(self, value, context=None):
        """``{"document": {"id", "title", "file_type", "size", "download_url"}, "label": "Download the guide"}``"""
        return {"document": document_representation(value.get("document")), "label": value.get("label", "")}


class HeadingBlock(blocks.CharBlock):
    """A sub-heading of a story ("Why it works", "About the organisation"). Every body sits in a section headed by
    an h2 ("The story", "About this material"), so its sub-headings are h3: one level down, none skipped.
    API: ``{"type": "heading", "value": "Why it works"}``."""

    class Meta:
        icon = "title"
        template = "practices/blocks/heading.html"


class ConsentEmbedBlock(EmbedBlock):
    """Embedded media in a story, shown without asking anyone: a YouTube or Vimeo video becomes the same "Load the
    video" placeholder as a training video's player (the platform learns the reader's address only when they
    press it, and then plays from youtube-nocookie.com or with Vimeo's do-not-track), any other URL a link to it.
    Rendering never fetches the provider's oEmbed HTML, so a page makes no outgoing request and frames nothing the
    reader did not ask for. API: unchanged, ``{"type": "embed", "value": "https://www.youtube.com/watch?v=…"}``."""

    class Meta:
        template = "practices/blocks/embed.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        url = value.url if value else ""
        context.update(url=url, video=embedded_video(url), host=urlsplit(url).hostname or url)
        return context


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock(label=_("Heading"), max_length=255)
    paragraph = SanitisedRichTextBlock(label=_("Paragraph"), features=RICH_TEXT_FEATURES)
    image = ImageWithCaptionBlock()
    quote = QuoteBlock()
    key_figures = blocks.ListBlock(FigureBlock(), label=_("Key figures"), icon="order")
    embed = ConsentEmbedBlock(label=_("Embedded media"), icon="media")
    document = DocumentLinkBlock()

    def get_api_representation(self, value, context=None):
        """Wagtail's ``[{"type", "value", "id"}]``. Paragraphs come in the requested ``?rich_text_format=``; in the
        default, ``html`` (WAGTAILAPI_RICH_TEXT_FORMAT), they are sanitised and their page and document links are
        expanded to absolute public and download URLs:
        ``"<p>Read <a href=\"https://…/en/materials/guide/\">the guide</a>.</p>"``."""
        representation = super().get_api_representation(value, context)
        request = (context or {}).get("request")
        if APIRichText.resolve_format(request.GET.get("rich_text_format") if request else None) == "html":
            for item in representation:
                if item["type"] == "paragraph":
                    item["value"] = public_rich_text(item["value"])
        return representation


class OutcomeBlock(blocks.StructBlock):
    """A measured result of a practice: a number and what it counts (20 + "youth forums")."""

    value = blocks.DecimalBlock(label=_("number"), min_value=0, decimal_places=2)
    label = blocks.CharBlock(label=_("what it counts"), max_length=255)

    class Meta:
        icon = "tick"
        label = _("Outcome")

    def get_api_representation(self, value, context=None):
        """``{"value": "20", "label": "youth forums"}``: the number as a string that keeps every digit (a JSON
        float would not), as in the partner feed."""
        number = value.get("value")
        return {
            "value": None if number is None else format(Decimal(str(number)).normalize(), "f"),
            "label": value.get("label", ""),
        }


class SourceLinkBlock(blocks.StructBlock):
    url = blocks.URLBlock(label=_("URL"))
    title = blocks.CharBlock(label=_("title"), required=False, max_length=255)

    class Meta:
        icon = "link"
        label = _("Source")


class MaterialDocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    language = blocks.ChoiceBlock(label=_("language"), choices=ContentLanguage.choices)

    class Meta:
        icon = "doc-full"
        label = _("Document")

    def get_api_representation(self, value, context=None):
        """``{"document": {"id", "title", "file_type", "size", "download_url"}, "language": "en"}``"""
        return {"document": document_representation(value.get("document")), "language": value.get("language")}


class ChapterBlock(blocks.StructBlock):
    start_seconds = blocks.IntegerBlock(label=_("starts at (seconds)"), min_value=0)
    title = blocks.CharBlock(label=_("title"), max_length=255)

    class Meta:
        icon = "time"
        label = _("Chapter")


class SpeakerBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("name"), max_length=255)
    role = blocks.CharBlock(label=_("role"), required=False, max_length=255)

    class Meta:
        icon = "user"
        label = _("Speaker")
