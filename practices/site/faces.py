"""A face for every item (issue 19): what the cards and the detail pages show beside an item's title.

An item's own picture is the first image of its gallery (practices), else the first image of its story; this is
also the image a shared link shows (practices.site.detail). An item without one shows the illustration of its most
specific theme: an outline icon from Tabler Icons (MIT, the npm package ``@tabler/icons``) on a tile in the theme's
colour. The site serves only the icons THEME_ILLUSTRATIONS names (``IllustrationFinder``), never the whole set.

``attach_faces(items)`` gives each item of a list of cards its ``face`` in a fixed number of queries: one per kind
of item for the themes, and two for the pictures and their renditions, however many cards there are.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage
from wagtail.images import get_image_model

# Theme slug → (Tabler outline icon, tile colour), most specific theme first: an item with several themes takes
# the illustration of the first of them here, so that broad themes most items share (citizen participation) do
# not give every card the same face, and every language version of an item shows the same one (the order in which
# its themes were chosen is not kept). Slugs are shared by a theme's translations (SharedSlugMixin). The colours
# are dark enough for white to stand on them (WCAG 3:1 for graphics).
THEME_ILLUSTRATIONS = {
    "public-spaces": ("trees", "#2e7d32"),
    "culture-community-life": ("masks-theater", "#8e2f6b"),
    "rural-development": ("plant-2", "#5d6b1f"),
    "capacity-building": ("school", "#b3541e"),
    "advocacy": ("speakerphone", "#b0263b"),
    "volunteering": ("friends", "#00707a"),
    "community-planning": ("map-2", "#1f6f5c"),
    "good-governance": ("building-bank", "#37474f"),
    "civil-society-municipal-cooperation": ("heart-handshake", "#7a3e9d"),
    "citizen-participation": ("users-group", "#0a4f95"),
}
# An item without a theme, or with a theme the map does not know (one an editor has just created).
DEFAULT_ILLUSTRATION = ("bulb", "#4a5560")

ICON_SOURCE = settings.BASE_DIR / "node_modules" / "@tabler" / "icons" / "icons" / "outline"
ICON_PREFIX = "vendor/tabler-icons"

# A card's picture: cropped to 4:3 at twice the size it is shown (120 × 90 CSS pixels), sharp on dense screens.
CARD_RENDITION = "fill-240x180"
CARD_SIZE = (120, 90)


@dataclass(frozen=True)
class Illustration:
    """A theme's icon, as a static file path (``vendor/tabler-icons/trees.svg``), and its tile's colour."""

    icon: str
    colour: str

    @property
    def path(self):
        return f"{ICON_PREFIX}/{self.icon}.svg"


@dataclass(frozen=True)
class CardPicture:
    src: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class Face:
    """An item's picture if it has one; its theme's illustration always (the tile behind a picture that loads)."""

    picture: CardPicture | None
    illustration: Illustration


def illustration_for(theme_slug):
    """The illustration of a theme by its slug, the neutral one for ``None`` or an unknown slug."""
    return Illustration(*THEME_ILLUSTRATIONS.get(theme_slug, DEFAULT_ILLUSTRATION))


def picture_reference(page):
    """``(image id, caption)`` of the item's own picture as stored, or ``(None, "")``: the first image of a
    practice's gallery, else the first image block of its story. Read from the raw stream, so no block is built
    and no image is loaded."""
    streams = [page.gallery.raw_data] if hasattr(page, "gallery") else []
    streams.append(page.body.raw_data)
    for stream in streams:
        for block in stream:
            if block["type"] == "image" and block["value"].get("image"):
                return block["value"]["image"], block["value"].get("caption", "")
    return None, ""


def main_theme_slugs(items):
    """Item pk → slug of the item's theme that gives it its illustration (the first in THEME_ILLUSTRATIONS, else
    any), one query per kind of item."""
    by_model = defaultdict(list)
    for item in items:
        by_model[type(item)].append(item.pk)
    rank = {slug: position for position, slug in enumerate(THEME_ILLUSTRATIONS)}
    slugs = defaultdict(set)
    for model, pks in by_model.items():
        field = model._meta.get_field("themes")
        owner = f"{field.m2m_field_name()}_id"
        rows = field.remote_field.through.objects.filter(**{f"{owner}__in": pks}).values_list(
            owner, f"{field.m2m_reverse_field_name()}__slug"
        )
        for pk, slug in rows:
            slugs[pk].add(slug)
    return {pk: min(themes, key=lambda slug: (rank.get(slug, len(rank)), slug)) for pk, themes in slugs.items()}


def attach_faces(items):
    """Set ``item.face`` on each item of a list of cards (practices, materials and videos, possibly mixed)."""
    items = list(items)
    if not items:
        return items
    themes = main_theme_slugs(items)
    references = {item.pk: picture_reference(item) for item in items}
    ids = {image_id for image_id, _caption in references.values() if image_id}
    images = get_image_model().objects.prefetch_renditions(CARD_RENDITION).in_bulk(ids) if ids else {}
    for item in items:
        image_id, caption = references[item.pk]
        image = images.get(image_id)
        picture = None
        if image is not None:
            rendition = image.get_rendition(CARD_RENDITION)
            picture = CardPicture(rendition.url, *CARD_SIZE, alt=caption or image.default_alt_text)
        item.face = Face(picture, illustration_for(themes.get(item.pk)))
    return items


class IllustrationFinder(BaseFinder):
    """Finds the icons THEME_ILLUSTRATIONS uses, and only those, in node_modules/@tabler/icons: ``collectstatic``
    copies a dozen SVG files rather than the package's five thousand."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=ICON_SOURCE)
        self.storage.prefix = ICON_PREFIX  # where collectstatic writes them, as STATICFILES_DIRS' prefixes
        self.icons = {icon for icon, _colour in (*THEME_ILLUSTRATIONS.values(), DEFAULT_ILLUSTRATION)}

    def _source(self, path):
        prefix, _, name = path.rpartition("/")
        icon = name.removesuffix(".svg")
        if prefix == ICON_PREFIX and name.endswith(".svg") and icon in self.icons:
            return ICON_SOURCE / name
        return None

    def find(self, path, find_all=False, **kwargs):
        source = self._source(path)
        if source is None or not source.exists():
            return []  # as Django's own finders answer, found or not, whatever find_all
        return [str(source)] if find_all else str(source)

    def list(self, ignore_patterns):
        for icon in sorted(self.icons):
            if (ICON_SOURCE / f"{icon}.svg").exists():
                yield f"{icon}.svg", self.storage

    def check(self, **kwargs):
        return []
