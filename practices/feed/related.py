"""What feed items link to, loaded once per response: translations, localised snippets, images with renditions,
documents, and pages linked from rich text. Also the small helpers every feed serialiser shares. The shapes of what
it loads are practices.representation's, as in every output."""

import copy
from collections import defaultdict
from html import escape

from django.db.models import Prefetch
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text import expand_db_html
from wagtail.rich_text.rewriters import FIND_A_TAG, extract_attrs

from practices.choices import ChangeAction
from practices.models import (
    ITEM_MODELS,
    FundingProgramme,
    GoodPracticePage,
    MaterialPage,
    Method,
    Organisation,
    TargetGroup,
    Theme,
    TrainingVideoPage,
)
from practices.representation.media import RENDITIONS, absolute_rendition, document_shape, image_shape
from practices.site_url import absolute_url

# The change log's actions after which an item is no longer in the feed.
TOMBSTONES = frozenset({ChangeAction.UNPUBLISHED, ChangeAction.DELETED})
# API resource names of the models; the feed's URL names are "feed:<basename>-detail".
BASENAMES = {
    **{model: key for key, model in ITEM_MODELS.items()},
    Organisation: "organisation",
    Theme: "theme",
    TargetGroup: "target-group",
    Method: "method",
    FundingProgramme: "funding-programme",
}


def operation_prefix(model):
    """The OpenAPI operation ids' prefix of a resource, its URL prefix in snake case: ``funding_programmes``, so
    that generated clients name ``funding_programmes_list`` and ``funding_programmes_retrieve_by_locale_and_slug``
    alike."""
    return BASENAMES[model].replace("-", "_") + "s"


# The blocks that choose an image or a document, per page type: (stream field, block type, chooser key).
BODY_CHOOSERS = (("body", "image", "image"), ("body", "document", "document"))
CHOOSER_BLOCKS = {
    GoodPracticePage: (*BODY_CHOOSERS, ("gallery", "image", "image")),
    MaterialPage: (*BODY_CHOOSERS, ("documents", "document", "document")),
    TrainingVideoPage: BODY_CHOOSERS,
}


def api_url(obj):
    """The feed's URL of an item, term or organisation: ``https://…/api/feed/v1/practices/42/``."""
    return resource_api_url(BASENAMES[type(obj)], obj.pk)


def resource_api_url(resource, pk):
    """The feed's URL of the ``resource`` (a BASENAMES value, as a change record names it) with id ``pk``."""
    return absolute_url(reverse(f"feed:{resource}-detail", kwargs={"pk": pk}))


def change_api_url(record):
    """Where a change record sends a partner, in the change log and in webhooks alike: the feed's URL of what
    changed, or None for a tombstone (``unpublished``, ``deleted``), whose item is gone from the feed."""
    if record.action in TOMBSTONES:
        return None
    return resource_api_url(record.resource, record.object_id)


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
        return absolute_url(page.get_url(self.request)) if page else None

    def expand_rich_text(self, html, locale_id):
        """Rich text as public HTML. Page and document links are expanded from what was loaded for the whole
        response (expand_db_html would query for each link); anything else goes through expand_db_html."""

        def expand_link(match):
            attrs = extract_attrs(match.group(1))
            if attrs.get("linktype") == "page":
                url = self.linked_page_url(int(attrs.get("id", 0)), locale_id)
            elif attrs.get("linktype") == "document":
                document = self.documents.get(int(attrs.get("id", 0)))
                url = absolute_url(document.url) if document else None
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
            code: absolute_url(reverse(name, kwargs={"pk": pk}))
            for code, pk in sorted(versions.items())
            if pk != obj.pk
        }

    def image(self, image_id, alt=""):
        """A loaded image as the feed's rendition set (practices.representation.media.image_shape)::

        {"title": "Youth forum", "alt": "Youth forum", "width": 2400, "height": 1600,
         "renditions": {"thumbnail": {"url": "https://…/media/images/….fill-320x240.jpg", "width": 320, "height": 240},
                        "medium": {…}, "large": {…}}}
        """
        return image_shape(self.images.get(image_id), absolute_rendition, alt)

    def document(self, document_id):
        """A loaded document as a download link (practices.representation.media.document_shape)::

        {"title": "Future City Game guide", "file_type": "pdf", "size": 482133,
         "download_url": "https://…/documents/7/future-city-game-guide-en.pdf"}
        """
        return document_shape(self.documents.get(document_id))


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


def prefetch(name, queryset=None):
    """Prefetch the to-many relation ``name`` into the list ``prefetched_<name>`` (read it with ``prefetched``).

    A plain list rather than Django's prefetch cache because these relations are modelcluster's: their manager is
    built again, with a fresh query, for every item and every read, even when prefetched. The profile of a feed
    list showed that as a fifth of its time (bench/, docs/performance.md)."""
    return Prefetch(name, queryset=queryset, to_attr=f"prefetched_{name}")


def prefetched(obj, name):
    """The objects of the to-many relation ``name`` of ``obj``: the list ``prefetch`` loaded, or else (for an
    object loaded without it) the relation itself."""
    found = getattr(obj, f"prefetched_{name}", None)
    return found if found is not None else getattr(obj, name).all()


def linked_snippets(obj):
    """The snippets an item shows, read from its prefetched relations."""
    snippets = []
    for name in ("themes", "target_groups", "methods"):
        if hasattr(obj, name):
            snippets.extend(prefetched(obj, name))
    for name in ("funding_programme", "lead_organisation", "authoring_organisation"):
        snippets.append(getattr(obj, name, None))
    if hasattr(obj, "partners"):
        snippets.extend(partner.organisation for partner in prefetched(obj, "partners"))
    return [snippet for snippet in snippets if snippet is not None]


# --- StreamField blocks ----------------------------------------------------------------------------------------
