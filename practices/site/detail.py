"""What the detail pages of practices, materials and videos show beyond their own fields, loaded once per request:
the gallery with its renditions, documents with type, size and language, the video player and its chapters,
related items in the reader's language, the citation, and what the page tells search engines and social networks
(practices.site.structured_data).

``DetailPage(page, request)`` is the ``detail`` of the three templates' context (``KnowledgePage.get_context``).
Its queries do not depend on how many images, documents, partners or related items a page has: each relation is
read in one query, and related items' translations in one more.
"""

import os
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, PageViewRestriction

from practices.choices import ContentLanguage
from practices.models import GoodPracticePage, MaterialPage, TrainingVideoPage, item_type_of
from practices.representation.video_embeds import embedded_video
from practices.site.citations import citation_for, cited_organisation
from practices.site.faces import Face, attach_faces, illustration_for, main_theme_slugs
from practices.site.numbers import money
from practices.site.structured_data import structured_data
from practices.site_url import absolute_url

# Widths offered in a gallery image's srcset, and the 1.91:1 crop social networks show for a shared link.
GALLERY_RENDITIONS = ("width-480", "width-960", "width-1600")
SHARE_RENDITION = "fill-1200x630"
RELATED_LIMIT = 12  # items linking here that a material or video page lists


@dataclass(frozen=True)
class GalleryImage:
    image: object
    src: str
    srcset: str
    width: int
    height: int
    alt: str
    caption: str


def gallery_image(image, caption):
    """An image with its responsive renditions (GALLERY_RENDITIONS, already prefetched) and its caption."""
    renditions = image.get_renditions(*GALLERY_RENDITIONS)
    by_width = {rendition.width: rendition for rendition in renditions.values()}
    middle = renditions[GALLERY_RENDITIONS[1]]
    return GalleryImage(
        image=image,
        src=middle.url,
        srcset=", ".join(f"{rendition.url} {width}w" for width, rendition in sorted(by_width.items())),
        width=middle.width,
        height=middle.height,
        alt=caption or image.default_alt_text,
        caption=caption,
    )


@dataclass(frozen=True)
class MaterialDocument:
    """One document of a material as its page lists it and the reuse kit packs it."""

    document: object
    title: str
    url: str
    download_url: str
    file_type: str
    content_type: str
    size: int | None
    language: str

    @property
    def language_name(self):
        return language_name(self.language)

    @property
    def filename(self):
        return os.path.basename(self.document.file.name)


@dataclass(frozen=True)
class Chapter:
    title: str
    start_seconds: int
    end_seconds: int | None
    url: str
    player_url: str


@dataclass(frozen=True)
class VideoPlayer:
    """How a video page plays its video: an embedded platform player, or the uploaded file in ``<video>``."""

    embedded: object
    file_url: str | None
    file_type: str
    chapters: list


@dataclass(frozen=True)
class RelatedItem:
    """A card of a related item: the item in the reader's language when translated, else as it is (``language``
    then names the language it is written in, for the link's ``lang``)."""

    page: object
    url: str
    language: str | None

    @property
    def language_name(self):
        return language_name(self.language)

    @property
    def language_label(self):
        """What the card says of an item not in the reader's language ("In English"); empty when it is."""
        return _("In %(language)s") % {"language": self.language_name} if self.language else ""


def language_name(code):
    """A content language's name in the reader's language: "cs" → "Czech"."""
    return ContentLanguage(code).label if code in ContentLanguage.values else code


def in_reader_language(items, locale, request):
    """Each live item as its live translation in ``locale`` when one exists, else as it is; one version per item."""
    items = [item for item in items if item.live]
    foreign_keys = {item.translation_key for item in items if item.locale_id != locale.pk}
    translated = {}
    if foreign_keys:
        model = type(items[0])
        for translation in model.objects.live().filter(translation_key__in=foreign_keys, locale=locale):
            translated[translation.translation_key] = translation
    cards, seen = [], set()
    for item in items:
        shown = translated.get(item.translation_key, item)
        if shown.translation_key in seen:
            continue
        seen.add(shown.translation_key)
        language = None if shown.locale_id == locale.pk else shown.locale.language_code
        cards.append(RelatedItem(shown, shown.get_url(request), language))
    return cards


class ViewRestrictions:
    """The paths of pages and collections under a view restriction, loaded once (two queries): what a visitor who
    is not logged in could not open."""

    def __init__(self):
        self.page_paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
        self.collection_paths = list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))

    def page_is_public(self, page):
        return not any(page.path.startswith(path) for path in self.page_paths)

    def document_is_public(self, document):
        return not any(document.collection.path.startswith(path) for path in self.collection_paths)


def stored_size(document):
    """The size of a document's file as storage reports it, without saving it on the document (as Wagtail's
    ``get_file_size`` would: a write, with its signals, while a reader views a page); None when the file is gone."""
    try:
        return document.file.size
    except OSError:
        return None


def load_documents(raw_blocks, request):
    """The documents of ``documents`` StreamField blocks in one query, as MaterialDocuments in their order."""
    ids = [raw["value"].get("document") for raw in raw_blocks if raw["value"].get("document")]
    found = get_document_model().objects.select_related("collection").in_bulk(ids) if ids else {}
    documents = []
    for raw in raw_blocks:
        document = found.get(raw["value"].get("document"))
        if document is None:
            continue
        documents.append(
            MaterialDocument(
                document=document,
                title=document.title,
                url=document.url,
                download_url=absolute_url(document.url),
                file_type=document.file_extension.upper(),
                content_type=document.content_type,
                size=document.file_size if document.file_size is not None else stored_size(document),
                language=raw["value"].get("language", ""),
            )
        )
    return documents


def linking_practices_and_videos(page, request):
    """Live practices (and, for a material, videos) that link any language version of ``page``, in the reader's
    language, newest first."""
    through_fields = {
        "material": [
            (GoodPracticePage.related_materials, "goodpracticepage"),
            (TrainingVideoPage.related_materials, "trainingvideopage"),
        ],
        "video": [(GoodPracticePage.related_videos, "goodpracticepage")],
    }[item_type_of(page)]
    target = "materialpage" if isinstance(page, MaterialPage) else "trainingvideopage"
    linking = []
    for relation, source in through_fields:
        model = relation.field.model
        links = relation.through.objects.filter(**{f"{target}__translation_key": page.translation_key})
        items = (
            model.objects.live()
            .filter(pk__in=links.values(f"{source}_id"))
            .select_related("locale")
            .order_by("-first_published_at", "-pk")[: RELATED_LIMIT * 2]
        )
        linking.append(in_reader_language(list(items), page.locale, request)[:RELATED_LIMIT])
    return linking if len(linking) == 2 else [linking[0], []]


class DetailPage:
    """The detail page of one practice, material or video, as rendered for ``request``."""

    def __init__(self, page, request):
        self.page = page
        self.request = request
        self.kind = item_type_of(page)
        self.canonical_url = page.get_full_url(request) or absolute_url(request.get_full_path())
        self.home_url = absolute_url(f"/{page.locale.language_code}/")
        self.themes = list(page.themes.all())
        self.target_groups = list(page.target_groups.all())
        self.organisation = cited_organisation(page)

    # --- practices ---

    @cached_property
    def methods(self):
        return list(self.page.methods.all())

    @cached_property
    def partners(self):
        if self.kind != "practice":
            return []
        # The admin's preview holds unsaved partners in memory; select_related works on both.
        return list(self.page.partners.select_related("organisation"))

    @cached_property
    def related_materials(self):
        if self.kind == "material":
            return []
        return in_reader_language(self.page.related_materials.select_related("locale"), self.page.locale, self.request)

    @cached_property
    def related_videos(self):
        if self.kind == "practice":
            items = self.page.related_videos.select_related("locale")
            return in_reader_language(items, self.page.locale, self.request)
        if self.kind == "material":
            return self._linking[1]
        return []

    @cached_property
    def related_practices(self):
        return [] if self.kind == "practice" else self._linking[0]

    @cached_property
    def _linking(self):
        return linking_practices_and_videos(self.page, self.request)

    @cached_property
    def related_cards(self):
        """The related items as the page shows them, ``{"materials", "videos", "practices": [RelatedItem, …]}``,
        with the faces of all of them attached at once (practices.site.faces: a query per kind of item and two for the
        pictures, however many cards). The reuse kit reads the lists above and needs no faces."""
        cards = {
            "materials": self.related_materials,
            "videos": self.related_videos,
            "practices": self.related_practices,
        }
        attach_faces([card.page for related in cards.values() for card in related])
        return cards

    @property
    def key_facts(self):
        """The "at a glance" facts that are filled, as text for the reuse kit's summary: ``[(label, text), …]``."""
        page = self.page
        when = ""
        if page.start_date:
            when = date_format(page.start_date, "DATE_FORMAT")
            if page.end_date:
                when = f"{when} – {date_format(page.end_date, 'DATE_FORMAT')}"
        funding = str(page.funding_programme or "")
        if funding and page.project_code:
            funding = f"{funding} ({page.project_code})"
        who = [str(organisation) for organisation in [page.lead_organisation] if organisation]
        who += [str(partner.organisation) for partner in self.partners]
        rows = [
            (_("Where"), ", ".join(str(part) for part in (page.municipality, page.region, page.country.name) if part)),
            (_("Who"), ", ".join(who)),
            (_("When"), when),
            (_("Status"), page.get_status_display()),
            (_("Budget"), money(page.budget_amount, page.budget_currency)),
            (_("Funding"), funding),
            (_("Target groups"), ", ".join(str(term) for term in self.target_groups)),
            (_("Methods"), ", ".join(str(term) for term in self.methods)),
            (_("Themes"), ", ".join(str(term) for term in self.themes)),
        ]
        return [(label, text) for label, text in rows if text]

    @property
    def transfer(self):
        """The "can this work in your municipality?" facts that are filled: ``[(label, text), …]``."""
        page = self.page
        rows = [
            (_("Cost"), page.get_transfer_cost_band_display()),
            (_("Staff time"), page.transfer_staff_time),
            (_("Suits municipalities"), page.get_transfer_municipality_size_display()),
            (_("What must be in place"), page.transfer_prerequisites),
        ]
        return [(label, text) for label, text in rows if text]

    # --- materials ---

    @cached_property
    def documents(self):
        if self.kind != "material":
            return []
        return load_documents(self.page.documents.raw_data, self.request)

    # --- videos ---

    @cached_property
    def video(self):
        if self.kind != "video":
            return None
        page = self.page
        embedded = embedded_video(page.video_url)
        file_url = absolute_url(page.video_file.url) if page.video_file_id else None
        starts = [raw["value"].get("start_seconds") or 0 for raw in page.chapters.raw_data]
        chapters = []
        for number, raw in enumerate(page.chapters.raw_data):
            start = starts[number]
            end = starts[number + 1] if number + 1 < len(starts) else page.duration_seconds
            if file_url and not embedded:
                url = player_url = f"{file_url}#t={start}"
            elif embedded:
                url, player_url = embedded.watch_url_at(start), embedded.embed_url_at(start)
            else:
                url = player_url = page.video_url
            chapters.append(Chapter(raw["value"].get("title", ""), start, end, url, player_url))
        file_type = page.video_file.content_type if page.video_file_id else ""
        return VideoPlayer(embedded, file_url, file_type, chapters)

    @property
    def subtitle_language_names(self):
        return [language_name(code) for code in self.page.subtitle_languages or []]

    @property
    def video_host(self):
        """The host a video URL is on, as its link text: "www.youtube.com"."""
        return urlsplit(self.page.video_url).hostname or self.page.video_url

    # --- every kind ---

    @cached_property
    def story_has_video(self):
        """Whether the story embeds a YouTube or Vimeo video: the page then loads player.js for its button."""
        return any(
            raw["type"] == "embed" and embedded_video(raw["value"] if isinstance(raw["value"], str) else "")
            for raw in self.page.body.raw_data
        )

    @property
    def gallery(self):
        """The gallery's images but the first, which the page shows at its top as the item's picture (``face``)."""
        return self._images[0]

    @property
    def share_image_url(self):
        """The absolute URL of the image a shared link shows: a YouTube video's still, else the item's picture."""
        return self._images[1]

    @property
    def share_image_alt(self):
        return self._images[2]

    @cached_property
    def face(self):
        """The item's picture (a GalleryImage: the first of its gallery, else of its story) and its theme's
        illustration, shown when it has no picture (practices.site.faces)."""
        theme = main_theme_slugs([self.page]).get(self.page.pk) if self.page.pk else None
        return Face(self._images[3], illustration_for(theme))

    @cached_property
    def _images(self):
        """The gallery's images and the first body image, with their renditions, in two queries:
        ``(gallery without the item's picture, share URL, share alt, the item's picture)``."""
        page = self.page
        gallery_raw = [raw["value"] for raw in page.gallery.raw_data] if self.kind == "practice" else []
        body_images = [raw["value"].get("image") for raw in page.body.raw_data if raw["type"] == "image"]
        ids = {value.get("image") for value in gallery_raw} | set(body_images[:1])
        ids.discard(None)
        specs = (*GALLERY_RENDITIONS, SHARE_RENDITION)
        images = get_image_model().objects.prefetch_renditions(*specs).in_bulk(ids) if ids else {}
        gallery = []
        for value in gallery_raw:
            image = images.get(value.get("image"))
            if image is not None:
                gallery.append(gallery_image(image, value.get("caption", "")))
        picture = gallery[0] if gallery else None
        if picture is None:
            first_in_body = next((images[image_id] for image_id in body_images if image_id in images), None)
            picture = gallery_image(first_in_body, "") if first_in_body else None
        if self.kind == "video" and self.video.embedded and self.video.embedded.thumbnail_url:
            return gallery[1:], self.video.embedded.thumbnail_url, page.title, picture
        if picture is not None:
            share_url = absolute_url(picture.image.get_rendition(SHARE_RENDITION).url)
            return gallery[1:], share_url, picture.image.default_alt_text, picture
        return gallery[1:], None, None, picture

    @cached_property
    def page_url(self):
        return self.page.get_url(self.request) or ""

    @property
    def reuse_kit_url(self):
        """The practice's reuse kit (practices.site.detail_urls)."""
        return f"{self.page_url}reuse-kit.zip"

    @property
    def bibtex_url(self):
        return f"{self.page_url}citation.bib"

    @property
    def ris_url(self):
        return f"{self.page_url}citation.ris"

    @cached_property
    def citation(self):
        return citation_for(self.page, self.canonical_url, self.accessed)

    @property
    def accessed(self):
        return timezone.localdate()

    @cached_property
    def json_ld(self):
        return structured_data(self)
