"""DRF serializers of the partner feed: the one place knowledge-base content becomes JSON.

Every item carries its identity (``translation_key`` + ``locale``; numeric ids and slugs are conveniences), links to
its other language versions and its public page, and every structured field. StreamField content is read from its
stored JSON and turned into JSON, sanitised HTML and plain text by a registry of block serialisers, so nothing of
Wagtail's internals leaks into the feed. Taxonomy terms and organisations are shown in the item's language when a
translation of them exists.

Everything a response links to (translations, localised snippets, images with renditions, documents) is loaded by
``RelatedContent`` in a fixed number of queries for the whole page of results, so the number of queries does not
grow with the page size.
"""

import copy
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from html import escape
from urllib.parse import urlsplit

import nh3
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text import expand_db_html
from wagtail.rich_text.rewriters import FIND_A_TAG, extract_attrs

from practices.models import (
    FundingProgramme,
    GoodPracticePage,
    MaterialPage,
    Method,
    Organisation,
    PracticePartner,
    TargetGroup,
    Theme,
    TrainingVideoPage,
)

# Fixed rendition sizes offered for every image; partners choose the one that fits their layout.
RENDITIONS = {"thumbnail": "fill-320x240", "medium": "max-800x800", "large": "max-1600x1600"}

# The HTML the feed promises: the rich-text features editors have, plus the markup the block serialisers write.
ALLOWED_TAGS = {
    "h2", "h3", "p", "a", "b", "strong", "i", "em", "ol", "ul", "li", "blockquote", "br",
    "figure", "figcaption", "img", "dl", "dt", "dd", "cite",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}}

# API resource names of the models; the feed's URL names are "feed:<basename>-detail".
BASENAMES = {
    GoodPracticePage: "practice",
    MaterialPage: "material",
    TrainingVideoPage: "video",
    Organisation: "organisation",
    Theme: "theme",
    TargetGroup: "target-group",
    Method: "method",
    FundingProgramme: "funding-programme",
}


# The blocks that choose an image or a document, per page type: (stream field, block type, chooser key).
BODY_CHOOSERS = (("body", "image", "image"), ("body", "document", "document"))
CHOOSER_BLOCKS = {
    GoodPracticePage: (*BODY_CHOOSERS, ("gallery", "image", "image")),
    MaterialPage: (*BODY_CHOOSERS, ("documents", "document", "document")),
    TrainingVideoPage: BODY_CHOOSERS,
}


def sanitise(html):
    """HTML reduced to ALLOWED_TAGS and ALLOWED_ATTRIBUTES; scripts and styles go with their content."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES)


def absolute(request, url):
    return request.build_absolute_uri(url) if url else None


def api_url(request, obj):
    return absolute(request, reverse(f"feed:{BASENAMES[type(obj)]}-detail", kwargs={"pk": obj.pk}))


def decimal_string(value):
    """A number as a string that keeps every significant digit (JSON floats would lose some)."""
    if value is None or value == "":
        return None
    try:
        return format(Decimal(str(value)).normalize(), "f")
    except InvalidOperation:
        return None


def list_items(raw):
    """The items of a ListBlock's stored value, in either of the formats Wagtail has stored over the years."""
    return [item["value"] if isinstance(item, dict) and "type" in item and "value" in item else item for item in raw]


class RelatedContent:
    """What the items of one response link to, loaded once for all of them: their other language versions, the
    translations of their snippets in each item's locale, the images and documents their blocks choose, and the
    pages and documents their rich text links to. Measured: 20 queries for a list of practices, at any page size."""

    locale_id = None

    def __init__(self, objects, request):
        self.request = request
        objects = list(objects)
        self.translations = self._load_translations(objects)
        self.snippets = self._load_localised_snippets(objects)
        chosen = {"image": set(), "document": set()}
        for obj in objects:
            for stream_name, block_type, kind in CHOOSER_BLOCKS.get(type(obj), ()):
                for raw in getattr(obj, stream_name).raw_data:
                    if raw["type"] == block_type and raw["value"].get(kind):
                        chosen[kind].add(raw["value"][kind])
            if getattr(obj, "logo_id", None):
                chosen["image"].add(obj.logo_id)
        links = {"page": set(), "document": set()}
        for obj in objects:
            for source in rich_text_sources(obj):
                for linktype, target_id in rich_text_links(source):
                    links[linktype].add(target_id)
        chosen["document"] |= links["document"]
        self.linked_pages = self._load_linked_pages(links["page"], {obj.locale_id for obj in objects})
        images = get_image_model().objects.prefetch_renditions(*RENDITIONS.values())
        self.images = images.in_bulk(chosen["image"]) if chosen["image"] else {}
        self.documents = get_document_model().objects.in_bulk(chosen["document"]) if chosen["document"] else {}

    @staticmethod
    def _load_translations(objects):
        by_model = defaultdict(set)
        for obj in objects:
            by_model[type(obj)].add(obj.translation_key)
        translations = defaultdict(dict)
        for model, keys in by_model.items():
            queryset = model.objects.filter(translation_key__in=keys)
            if hasattr(model, "live"):
                queryset = queryset.live().filter(last_published_at__isnull=False)
            for pk, key, code in queryset.values_list("pk", "translation_key", "locale__language_code"):
                translations[(model, key)][code] = pk
        return translations

    @staticmethod
    def _load_linked_pages(page_ids, locale_ids):
        """Pages that rich text links to, and their live translations in the items' locales, by
        (translation_key, locale_id); ``None`` keys the link target itself."""
        if not page_ids:
            return {}
        targets = dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "translation_key"))
        pages = Page.objects.live().filter(translation_key__in=set(targets.values())).select_related("locale")
        by_key = {(page.translation_key, page.locale_id): page for page in pages.filter(locale_id__in=locale_ids)}
        by_key.update({(None, page.pk): page for page in pages.filter(pk__in=page_ids)})
        return {"targets": targets, "pages": by_key}

    def for_locale(self, locale_id):
        """This content as seen from an item in ``locale_id`` (block serialisers localise links with it)."""
        localised = copy.copy(self)
        localised.locale_id = locale_id
        return localised

    def linked_page_url(self, page_id, locale_id):
        """The public URL of a rich-text link's target, in the linking item's language when translated."""
        if not self.linked_pages:
            return None
        key = self.linked_pages["targets"].get(page_id)
        page = self.linked_pages["pages"].get((key, locale_id)) or self.linked_pages["pages"].get((None, page_id))
        return absolute(self.request, page.get_url(self.request)) if page else None

    def expand_rich_text(self, html, locale_id):
        """Rich text as public HTML. Page and document links are expanded from what was loaded for the whole
        response (expand_db_html would query for each link); anything else goes through expand_db_html."""

        def expand_link(match):
            attrs = extract_attrs(match.group(1))
            if attrs.get("linktype") == "page":
                url = self.linked_page_url(int(attrs.get("id", 0)), locale_id)
            elif attrs.get("linktype") == "document":
                document = self.documents.get(int(attrs.get("id", 0)))
                url = absolute(self.request, document.url) if document else None
            else:
                return match.group(0)
            return f'<a href="{escape(url)}">' if url else "<a>"

        return expand_db_html(FIND_A_TAG.sub(expand_link, html))

    @staticmethod
    def _load_localised_snippets(objects):
        """Each linked snippet's translation in the locale of the item linking it, when one exists."""
        wanted = defaultdict(set)  # model → {(translation_key, locale_id)}
        for obj in objects:
            for snippet in linked_snippets(obj):
                if snippet.locale_id != obj.locale_id:
                    wanted[type(snippet)].add((snippet.translation_key, obj.locale_id))
        found = {}
        for model, pairs in wanted.items():
            keys = {key for key, _locale in pairs}
            locales = {locale for _key, locale in pairs}
            for snippet in model.objects.filter(translation_key__in=keys, locale_id__in=locales):
                found[(model, snippet.translation_key, snippet.locale_id)] = snippet
        return found

    def localise(self, snippet, locale_id):
        if snippet is None:
            return None
        return self.snippets.get((type(snippet), snippet.translation_key, locale_id), snippet)

    def translation_urls(self, obj):
        """Locale → API URL of the item's other language versions."""
        versions = self.translations.get((type(obj), obj.translation_key), {})
        name = f"feed:{BASENAMES[type(obj)]}-detail"
        return {
            code: absolute(self.request, reverse(name, kwargs={"pk": pk}))
            for code, pk in sorted(versions.items())
            if pk != obj.pk
        }

    def image(self, image_id, alt=""):
        """An image as a rendition set::

        {"title": "Youth forum", "alt": "Youth forum", "width": 2400, "height": 1600,
         "renditions": {"thumbnail": {"url": "https://…/media/images/….fill-320x240.jpg", "width": 320, "height": 240},
                        "medium": {…}, "large": {…}}}
        """
        image = self.images.get(image_id)
        if image is None:
            return None
        renditions = image.get_renditions(*RENDITIONS.values())
        return {
            "title": image.title,
            "alt": alt or image.default_alt_text or image.title,
            "width": image.width,
            "height": image.height,
            "renditions": {
                size: {
                    "url": absolute(self.request, renditions[spec].url),
                    "width": renditions[spec].width,
                    "height": renditions[spec].height,
                }
                for size, spec in RENDITIONS.items()
            },
        }

    def document(self, document_id):
        """A document as a download link::

        {"title": "Future City Game guide", "file_type": "pdf", "size": 482133,
         "download_url": "https://…/documents/7/future-city-game-guide-en.pdf"}
        """
        document = self.documents.get(document_id)
        if document is None:
            return None
        return {
            "title": document.title,
            "file_type": document.file_extension,
            "size": document.get_file_size(),  # read from storage once, then kept on the document
            "download_url": absolute(self.request, document.url),
        }


def rich_text_sources(obj):
    """The stored HTML of an item's rich-text paragraphs."""
    body = getattr(obj, "body", None)
    if body is None:
        return []
    return [raw["value"] for raw in body.raw_data if raw["type"] == "paragraph" and raw["value"]]


def rich_text_links(source):
    """(linktype, id) of the page and document links in stored rich text."""
    for match in FIND_A_TAG.finditer(source):
        attrs = extract_attrs(match.group(1))
        if attrs.get("linktype") in {"page", "document"} and attrs.get("id", "").isdigit():
            yield attrs["linktype"], int(attrs["id"])


def linked_snippets(obj):
    """The snippets an item shows, read from its prefetched relations."""
    snippets = []
    for name in ("themes", "target_groups", "methods"):
        if hasattr(obj, name):
            snippets.extend(getattr(obj, name).all())
    for name in ("funding_programme", "lead_organisation", "authoring_organisation"):
        snippets.append(getattr(obj, name, None))
    if hasattr(obj, "partners"):
        snippets.extend(partner.organisation for partner in obj.partners.all())
    return [snippet for snippet in snippets if snippet is not None]


# --- StreamField blocks ----------------------------------------------------------------------------------------
BLOCK_SERIALIZERS = {}


def register_block_serializer(block_type):
    def register(cls):
        BLOCK_SERIALIZERS[block_type] = cls()
        return cls

    return register


class BlockSerializer:
    """Turns one body block's stored value into JSON (``data``), HTML (``html``) and plain text (``text``).
    Register a subclass for every block type of ``practices.blocks.BodyBlock``."""

    def data(self, value, related):
        return value

    def html(self, value, related):
        return ""

    def text(self, value, related):
        return strip_tags(self.html(value, related))


@register_block_serializer("heading")
class HeadingBlockSerializer(BlockSerializer):
    """``{"type": "heading", "value": "How it started"}``"""

    def html(self, value, related):
        return f"<h2>{escape(value)}</h2>"

    def text(self, value, related):
        return value


@register_block_serializer("paragraph")
class ParagraphBlockSerializer(BlockSerializer):
    """``{"type": "paragraph", "value": "<p>See <a href=\\"https://…/en/practices/…/\\">the guide</a>.</p>"}``:
    sanitised rich text with internal links expanded to absolute public URLs, in the item's language when the
    linked page is translated."""

    def data(self, value, related):
        return self.html(value, related)

    def html(self, value, related):
        return sanitise(related.expand_rich_text(value, related.locale_id))

    def text(self, value, related):
        return strip_tags(self.html(value, related).replace("</p>", "</p>\n").replace("</li>", "</li>\n")).strip()


@register_block_serializer("quote")
class QuoteBlockSerializer(BlockSerializer):
    """``{"type": "quote", "value": {"text": "We were heard.", "attribution": "A student"}}``"""

    def data(self, value, related):
        return {"text": value.get("text", ""), "attribution": value.get("attribution", "")}

    def html(self, value, related):
        cite = f"<cite>{escape(value['attribution'])}</cite>" if value.get("attribution") else ""
        return f"<blockquote><p>{escape(value.get('text', ''))}</p>{cite}</blockquote>"

    def text(self, value, related):
        attribution = f" — {value['attribution']}" if value.get("attribution") else ""
        return f"“{value.get('text', '')}”{attribution}"


@register_block_serializer("key_figures")
class KeyFiguresBlockSerializer(BlockSerializer):
    """``{"type": "key_figures", "value": [{"value": "55", "label": "consultations with the public"}]}``"""

    def data(self, value, related):
        return [{"value": item.get("value", ""), "label": item.get("label", "")} for item in list_items(value)]

    def html(self, value, related):
        rows = "".join(
            f"<dt>{escape(item['value'])}</dt><dd>{escape(item['label'])}</dd>" for item in self.data(value, related)
        )
        return f"<dl>{rows}</dl>"

    def text(self, value, related):
        return "\n".join(f"{item['value']} {item['label']}" for item in self.data(value, related))


@register_block_serializer("embed")
class EmbedBlockSerializer(BlockSerializer):
    """``{"type": "embed", "value": {"url": "https://www.youtube.com/watch?v=…", "provider": "www.youtube.com"}}``:
    the embed's URL and host, without asking the provider (the feed makes no outgoing requests)."""

    def data(self, value, related):
        return {"url": value or "", "provider": urlsplit(value or "").hostname or ""}

    def html(self, value, related):
        return f'<p><a href="{escape(value or "")}">{escape(value or "")}</a></p>'

    def text(self, value, related):
        return value or ""


@register_block_serializer("image")
class ImageBlockSerializer(BlockSerializer):
    """``{"type": "image", "value": {"caption": "…", "image": {rendition set, see RelatedContent.image}}}``"""

    def data(self, value, related):
        return {"caption": value.get("caption", ""), "image": related.image(value.get("image"), value.get("caption"))}

    def html(self, value, related):
        data = self.data(value, related)
        if data["image"] is None:
            return ""
        medium = data["image"]["renditions"]["medium"]
        caption = f"<figcaption>{escape(data['caption'])}</figcaption>" if data["caption"] else ""
        return (
            f'<figure><img src="{escape(medium["url"])}" alt="{escape(data["image"]["alt"])}" '
            f'width="{medium["width"]}" height="{medium["height"]}">{caption}</figure>'
        )

    def text(self, value, related):
        return value.get("caption", "")


@register_block_serializer("document")
class DocumentBlockSerializer(BlockSerializer):
    """``{"type": "document", "value": {"label": "The guide", "document": {download link, see
    RelatedContent.document}}}``"""

    def data(self, value, related):
        return {"label": value.get("label", ""), "document": related.document(value.get("document"))}

    def html(self, value, related):
        data = self.data(value, related)
        if data["document"] is None:
            return ""
        label = data["label"] or data["document"]["title"]
        return f'<p><a href="{escape(data["document"]["download_url"])}">{escape(label)}</a></p>'

    def text(self, value, related):
        data = self.data(value, related)
        return (data["label"] or data["document"]["title"]) if data["document"] else ""


def serialize_body(stream, related):
    """A body as ``{"blocks": [{"type", "value"}…], "html": "<h2>…</h2><p>…</p>", "text": "…"}``; the HTML is
    sanitised to the tags and attributes listed in ALLOWED_TAGS and ALLOWED_ATTRIBUTES."""
    blocks, html, text = [], [], []
    for raw in stream.raw_data:
        serializer = BLOCK_SERIALIZERS.get(raw["type"])
        if serializer is None:
            continue
        blocks.append({"type": raw["type"], "value": serializer.data(raw["value"], related)})
        html.append(serializer.html(raw["value"], related))
        text.append(serializer.text(raw["value"], related))
    return {
        "blocks": blocks,
        "html": sanitise("".join(html)),
        "text": "\n\n".join(part for part in text if part),
    }


# --- Nested shapes ---------------------------------------------------------------------------------------------
class TermReferenceSerializer(serializers.Serializer):
    """A taxonomy term as an item shows it: ``{"slug": "youth", "name": "Mládež"}``."""

    slug = serializers.SlugField()
    name = serializers.CharField()


class OrganisationReferenceSerializer(serializers.Serializer):
    """An organisation as an item shows it::

    {"slug": "nadace-partnerstvi", "name": "Nadace Partnerství", "kind": "ngo", "country": "CZ",
     "website": "https://www.nadacepartnerstvi.cz/"}
    """

    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.CharField()
    country = serializers.CharField(source="country.code")
    website = serializers.URLField()


class PartnerSerializer(OrganisationReferenceSerializer):
    """A partner of a practice: the organisation and its role, in the order the project lists them."""

    role = serializers.CharField()


class RenditionSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class ImageSerializer(serializers.Serializer):
    """An image as a rendition set (see RelatedContent.image)."""

    title = serializers.CharField()
    alt = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    renditions = serializers.DictField(child=RenditionSerializer())


class DocumentSerializer(serializers.Serializer):
    """A document as a download link (see RelatedContent.document)."""

    title = serializers.CharField()
    file_type = serializers.CharField()
    size = serializers.IntegerField(allow_null=True)
    download_url = serializers.URLField()


class MaterialDocumentSerializer(DocumentSerializer):
    """A document of a material, with the language it is written in."""

    language = serializers.CharField()


class ItemReferenceSerializer(serializers.Serializer):
    """A link to another item of the feed: ``{"id": 7, "translation_key": "…", "api_url": "https://…"}``."""

    id = serializers.IntegerField()
    translation_key = serializers.UUIDField()
    api_url = serializers.URLField()


class BlockDataSerializer(serializers.Serializer):
    type = serializers.CharField()
    value = serializers.JSONField()


class BodySerializer(serializers.Serializer):
    """A body (see serialize_body)."""

    blocks = BlockDataSerializer(many=True)
    html = serializers.CharField()
    text = serializers.CharField()


COUNTRY_SCHEMA = inline_serializer("Country", {"code": serializers.CharField(), "name": serializers.CharField()})
FUNDING_SCHEMA = inline_serializer(
    "Funding",
    {
        "programme": inline_serializer(
            "FundingProgrammeReference",
            {"slug": serializers.SlugField(), "name": serializers.CharField(), "url": serializers.URLField()},
            allow_null=True,
        ),
        "project_code": serializers.CharField(),
        "record_url": serializers.URLField(),
    },
)


# --- Resources -------------------------------------------------------------------------------------------------
class RelatedContentListSerializer(serializers.ListSerializer):
    """Loads what the whole page of results links to before serialising its items."""

    def to_representation(self, data):
        data = list(data)
        self.context["related"] = RelatedContent(data, self.context["request"])
        return super().to_representation(data)


class FeedSerializer(serializers.Serializer):
    """Identity and links shared by every resource of the feed::

    {"id": 42, "translation_key": "7f0c…", "locale": "cs",
     "translations": {"en": "https://…/api/feed/v1/practices/41/"}, "api_url": "https://…/api/feed/v1/practices/42/"}
    """

    id = serializers.IntegerField()
    translation_key = serializers.UUIDField()
    locale = serializers.CharField(source="locale.language_code")
    translations = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    class Meta:
        list_serializer_class = RelatedContentListSerializer

    @property
    def related(self):
        if "related" not in self.context:
            self.context["related"] = RelatedContent([self.instance], self.context["request"])
        return self.context["related"]

    @extend_schema_field(serializers.DictField(child=serializers.URLField()))
    def get_translations(self, obj):
        return self.related.translation_urls(obj)

    def get_api_url(self, obj) -> str:
        return api_url(self.context["request"], obj)

    def country(self, obj, locale_code):
        if not obj.country:
            return None
        with translation.override(locale_code):
            return {"code": obj.country.code, "name": str(obj.country.name)}

    @staticmethod
    def with_related(queryset):
        """The queryset with what this serializer reads joined or prefetched; override to add relations."""
        return queryset.select_related("locale")


class TermSerializer(FeedSerializer):
    """A taxonomy term (theme, target group, method)::

    {…identity…, "slug": "youth", "name": "Mládež", "description": "…"}
    """

    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField()


class FundingProgrammeSerializer(TermSerializer):
    """A funding programme: a term with the programme's public web page, ``"url": "https://eeagrants.org/"``."""

    url = serializers.URLField()


class OrganisationSerializer(FeedSerializer):
    """An organisation::

    {…identity…, "slug": "kyustendil", "name": "Община Кюстендил", "kind": "municipality",
     "country": {"code": "BG", "name": "България"}, "city": "Кюстендил", "address": "…",
     "website": "https://…", "email": "…", "phone": "…", "logo": {rendition set} | null}
    """

    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.CharField()
    country = serializers.SerializerMethodField()
    city = serializers.CharField()
    address = serializers.CharField()
    website = serializers.URLField()
    email = serializers.EmailField()
    phone = serializers.CharField()
    logo = serializers.SerializerMethodField()

    @extend_schema_field(COUNTRY_SCHEMA)
    def get_country(self, obj):
        return self.country(obj, obj.locale.language_code)

    @extend_schema_field(ImageSerializer)
    def get_logo(self, obj):
        return self.related.image(obj.logo_id) if obj.logo_id else None


class KnowledgePageSerializer(FeedSerializer):
    """What every item (practice, material, video) carries::

    {…identity…, "type": "practice", "slug": "future-city-game-brno", "title": "…", "summary": "…",
     "url": "https://…/cs/praxe/future-city-game-brno/",
     "first_published_at": "2025-03-01T09:00:00Z", "last_published_at": "2025-06-01T12:00:00Z",
     "themes": [{"slug": "youth", "name": "Mládež"}], "target_groups": […],
     "licence": "cc-by-4.0", "last_verified": {"date": "2025-05-01", "by": "Jana"} | null,
     "quality_mark": "verified", "completeness": "complete",
     "funding": {"programme": {"slug": "eea-grants", "name": "…", "url": "…"} | null, "project_code": "…",
                 "record_url": "…"},
     "body": {"blocks": […], "html": "…", "text": "…"}}
    """

    item_type = ""
    type = serializers.SerializerMethodField()
    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField()
    url = serializers.SerializerMethodField()
    first_published_at = serializers.DateTimeField()
    last_published_at = serializers.DateTimeField()
    themes = serializers.SerializerMethodField()
    target_groups = serializers.SerializerMethodField()
    licence = serializers.CharField()
    last_verified = serializers.SerializerMethodField()
    quality_mark = serializers.CharField()
    completeness = serializers.CharField()
    funding = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()

    def get_type(self, obj) -> str:
        return self.item_type

    def get_url(self, obj) -> str:
        return absolute(self.context["request"], obj.get_url(self.context["request"]))

    def terms(self, obj, terms):
        localised = (self.related.localise(term, obj.locale_id) for term in terms)
        return [{"slug": term.slug, "name": term.name} for term in localised]

    @extend_schema_field(TermReferenceSerializer(many=True))
    def get_themes(self, obj):
        return self.terms(obj, obj.themes.all())

    @extend_schema_field(TermReferenceSerializer(many=True))
    def get_target_groups(self, obj):
        return self.terms(obj, obj.target_groups.all())

    @extend_schema_field(
        inline_serializer("LastVerified", {"date": serializers.DateField(), "by": serializers.CharField()})
    )
    def get_last_verified(self, obj):
        if not obj.last_verified_at:
            return None
        return {"date": obj.last_verified_at.isoformat(), "by": obj.last_verified_by}

    @extend_schema_field(FUNDING_SCHEMA)
    def get_funding(self, obj):
        programme = self.related.localise(obj.funding_programme, obj.locale_id)
        return {
            "programme": {"slug": programme.slug, "name": programme.name, "url": programme.url} if programme else None,
            "project_code": obj.project_code,
            "record_url": obj.programme_record_url,
        }

    @extend_schema_field(BodySerializer)
    def get_body(self, obj):
        return serialize_body(obj.body, self.related.for_locale(obj.locale_id))

    def organisation(self, obj, organisation):
        organisation = self.related.localise(organisation, obj.locale_id)
        return OrganisationReferenceSerializer(organisation).data if organisation else None

    def item_references(self, pages):
        request = self.context["request"]
        return [{"id": p.pk, "translation_key": str(p.translation_key), "api_url": api_url(request, p)} for p in pages]

    @staticmethod
    def with_related(queryset):
        return queryset.select_related("locale", "funding_programme").prefetch_related("themes", "target_groups")


class GoodPracticeSerializer(KnowledgePageSerializer):
    """A case study: every item field (see KnowledgePageSerializer) and its facts::

    {…, "country": {"code": "CZ", "name": "Česko"}, "region": "…", "municipality": "Brno",
     "location": {"lat": "49.195", "lng": "16.608"} | null,
     "lead_organisation": {"slug", "name", "kind", "country", "website"} | null,
     "partners": [{"slug", "name", "kind", "country", "website", "role"}],
     "budget": {"amount": "125000", "currency": "EUR"} | null, "start_date": "2021-03-01", "end_date": null,
     "status": "completed", "methods": [{"slug", "name"}], "outcomes": [{"value": "20", "label": "youth forums"}],
     "lessons_learned": "…", "sources": [{"url", "title"}], "gallery": [{"caption", "image": {rendition set}}],
     "transfer": {"cost_band": "low", "staff_time": "…", "municipality_size": "small", "prerequisites": "…"},
     "related_materials": [{"id", "translation_key", "api_url"}], "related_videos": […]}
    """

    item_type = "practice"
    country = serializers.SerializerMethodField()
    region = serializers.CharField()
    municipality = serializers.CharField()
    location = serializers.SerializerMethodField()
    lead_organisation = serializers.SerializerMethodField()
    partners = serializers.SerializerMethodField()
    budget = serializers.SerializerMethodField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    status = serializers.CharField()
    methods = serializers.SerializerMethodField()
    outcomes = serializers.SerializerMethodField()
    lessons_learned = serializers.CharField()
    sources = serializers.SerializerMethodField()
    gallery = serializers.SerializerMethodField()
    transfer = serializers.SerializerMethodField()
    related_materials = serializers.SerializerMethodField()
    related_videos = serializers.SerializerMethodField()

    @extend_schema_field(COUNTRY_SCHEMA)
    def get_country(self, obj):
        return self.country(obj, obj.locale.language_code)

    @extend_schema_field(
        inline_serializer("Location", {"lat": serializers.CharField(), "lng": serializers.CharField()})
    )
    def get_location(self, obj):
        if obj.latitude is None:
            return None
        return {"lat": decimal_string(obj.latitude), "lng": decimal_string(obj.longitude)}

    @extend_schema_field(OrganisationReferenceSerializer)
    def get_lead_organisation(self, obj):
        return self.organisation(obj, obj.lead_organisation)

    @extend_schema_field(PartnerSerializer(many=True))
    def get_partners(self, obj):
        return [
            {**self.organisation(obj, partner.organisation), "role": partner.role} for partner in obj.partners.all()
        ]

    @extend_schema_field(
        inline_serializer("Budget", {"amount": serializers.CharField(), "currency": serializers.CharField()})
    )
    def get_budget(self, obj):
        if obj.budget_amount is None:
            return None
        return {"amount": decimal_string(obj.budget_amount), "currency": obj.budget_currency}

    @extend_schema_field(TermReferenceSerializer(many=True))
    def get_methods(self, obj):
        return self.terms(obj, obj.methods.all())

    @extend_schema_field(
        inline_serializer("Outcome", {"value": serializers.CharField(), "label": serializers.CharField()}, many=True)
    )
    def get_outcomes(self, obj):
        return [
            {"value": decimal_string(raw["value"].get("value")), "label": raw["value"].get("label", "")}
            for raw in obj.outcomes.raw_data
        ]

    @extend_schema_field(
        inline_serializer("Source", {"url": serializers.URLField(), "title": serializers.CharField()}, many=True)
    )
    def get_sources(self, obj):
        return [
            {"url": raw["value"].get("url", ""), "title": raw["value"].get("title", "")}
            for raw in obj.source_links.raw_data
        ]

    @extend_schema_field(
        inline_serializer("GalleryImage", {"caption": serializers.CharField(), "image": ImageSerializer()}, many=True)
    )
    def get_gallery(self, obj):
        return [BLOCK_SERIALIZERS["image"].data(raw["value"], self.related) for raw in obj.gallery.raw_data]

    @extend_schema_field(
        inline_serializer(
            "TransferConditions",
            {
                "cost_band": serializers.CharField(),
                "staff_time": serializers.CharField(),
                "municipality_size": serializers.CharField(),
                "prerequisites": serializers.CharField(),
            },
        )
    )
    def get_transfer(self, obj):
        return {
            "cost_band": obj.transfer_cost_band,
            "staff_time": obj.transfer_staff_time,
            "municipality_size": obj.transfer_municipality_size,
            "prerequisites": obj.transfer_prerequisites,
        }

    @extend_schema_field(ItemReferenceSerializer(many=True))
    def get_related_materials(self, obj):
        return self.item_references(obj.related_materials.all())

    @extend_schema_field(ItemReferenceSerializer(many=True))
    def get_related_videos(self, obj):
        return self.item_references(obj.related_videos.all())

    @staticmethod
    def with_related(queryset):
        published = {"live": True, "last_published_at__isnull": False}
        return (
            KnowledgePageSerializer.with_related(queryset)
            .select_related("lead_organisation")
            .prefetch_related(
                "methods",
                Prefetch(
                    "partners", queryset=PracticePartner.objects.select_related("organisation").order_by("sort_order")
                ),
                Prefetch(
                    "related_materials", queryset=MaterialPage.objects.filter(**published).only("translation_key")
                ),
                Prefetch(
                    "related_videos", queryset=TrainingVideoPage.objects.filter(**published).only("translation_key")
                ),
            )
        )


class MaterialSerializer(KnowledgePageSerializer):
    """A methodological material: every item field and its documents::

    {…, "material_kind": "guide", "publication_date": "2024-09-01",
     "authoring_organisation": {"slug", "name", "kind", "country", "website"} | null,
     "documents": [{"title": "…", "language": "cs", "file_type": "pdf", "size": 482133, "download_url": "…"}]}
    """

    item_type = "material"
    material_kind = serializers.CharField()
    publication_date = serializers.DateField()
    authoring_organisation = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()

    @extend_schema_field(OrganisationReferenceSerializer)
    def get_authoring_organisation(self, obj):
        return self.organisation(obj, obj.authoring_organisation)

    @extend_schema_field(MaterialDocumentSerializer(many=True))
    def get_documents(self, obj):
        documents = []
        for raw in obj.documents.raw_data:
            document = self.related.document(raw["value"].get("document"))
            if document:
                documents.append({**document, "language": raw["value"].get("language", "")})
        return documents

    @staticmethod
    def with_related(queryset):
        return KnowledgePageSerializer.with_related(queryset).select_related("authoring_organisation")


class TrainingVideoSerializer(KnowledgePageSerializer):
    """A training video: every item field and the video's data::

    {…, "video_url": "https://www.youtube.com/watch?v=…", "video_file": {download link} | null,
     "duration_seconds": 754, "spoken_language": "cs", "subtitle_languages": ["en"],
     "chapters": [{"start_seconds": 0, "title": "…"}], "speakers": [{"name": "…", "role": "…"}],
     "transcript": "…", "related_materials": [{"id", "translation_key", "api_url"}]}
    """

    item_type = "video"
    video_url = serializers.URLField()
    video_file = serializers.SerializerMethodField()
    duration_seconds = serializers.IntegerField()
    spoken_language = serializers.CharField()
    subtitle_languages = serializers.ListField(child=serializers.CharField())
    chapters = serializers.SerializerMethodField()
    speakers = serializers.SerializerMethodField()
    transcript = serializers.CharField()
    related_materials = serializers.SerializerMethodField()

    @extend_schema_field(DocumentSerializer)
    def get_video_file(self, obj):
        if obj.video_file is None:
            return None
        return {
            "title": obj.video_file.title,
            "file_type": obj.video_file.file_extension,
            "size": obj.video_file.get_file_size(),
            "download_url": absolute(self.context["request"], obj.video_file.url),
        }

    @extend_schema_field(
        inline_serializer(
            "Chapter", {"start_seconds": serializers.IntegerField(), "title": serializers.CharField()}, many=True
        )
    )
    def get_chapters(self, obj):
        return [
            {"start_seconds": raw["value"].get("start_seconds"), "title": raw["value"].get("title", "")}
            for raw in obj.chapters.raw_data
        ]

    @extend_schema_field(
        inline_serializer("Speaker", {"name": serializers.CharField(), "role": serializers.CharField()}, many=True)
    )
    def get_speakers(self, obj):
        return [
            {"name": raw["value"].get("name", ""), "role": raw["value"].get("role", "")}
            for raw in obj.speakers.raw_data
        ]

    @extend_schema_field(ItemReferenceSerializer(many=True))
    def get_related_materials(self, obj):
        return self.item_references(obj.related_materials.all())

    @staticmethod
    def with_related(queryset):
        published = {"live": True, "last_published_at__isnull": False}
        return (
            KnowledgePageSerializer.with_related(queryset)
            .select_related("video_file")
            .prefetch_related(
                Prefetch("related_materials", queryset=MaterialPage.objects.filter(**published).only("translation_key"))
            )
        )
