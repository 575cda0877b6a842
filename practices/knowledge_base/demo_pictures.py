"""Pictures made for the demo knowledge base (issue 19): no stock photo is fetched from anywhere. Each is an abstract
composition drawn with Pillow in the colour of one of its practice's themes, with that theme's icon (Tabler Icons'
PNG edition, MIT, npm ``@tabler/icons-png``) in white.

``load_demo`` calls ``make_demo_pictures()`` before importing practices/fixtures/demo/knowledge_base.jsonl, whose
practices name these pictures by title in their gallery, so each practice's first gallery image, its face on cards
and detail pages (practices.site.faces), is one of them. A picture that already exists (by title) is left alone.
"""

import hashlib
import io
import random

from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image, ImageChops, ImageDraw, ImageFilter
from wagtail.images import get_image_model
from wagtail.models import Collection

from practices.site.faces import illustration_for

ICON_PNG_SOURCE = settings.BASE_DIR / "node_modules" / "@tabler" / "icons-png" / "icons" / "outline"
SIZE = (1600, 900)

# (title the knowledge base's galleries name, theme whose colour and icon it takes, description used as alt text).
DEMO_PICTURES = (
    ("Demo picture: Future City Game", "community-planning", "Abstract picture: a map icon on green circles"),
    ("Demo picture: Healthy Cities", "citizen-participation", "Abstract picture: a group of people on blue circles"),
    ("Demo picture: Dolna Mitropoliya", "capacity-building", "Abstract picture: a school icon on orange circles"),
    ("Demo picture: Kyustendil", "advocacy", "Abstract picture: a loudspeaker on red circles"),
    ("Demo picture: Kravarsko", "culture-community-life", "Abstract picture: theatre masks on purple circles"),
)


def _rgb(colour):
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _mix(colour, other, share):
    return tuple(round(a + (b - a) * share) for a, b in zip(colour, other, strict=True))


def draw_picture(theme_slug, seed):
    """A 1600 × 900 RGB picture: a gradient in the theme's colour, soft overlapping discs and rings placed by
    ``seed`` (the same seed draws the same picture), and the theme's icon in white."""
    illustration = illustration_for(theme_slug)
    base = _rgb(illustration.colour)
    chance = random.Random(seed)  # noqa: S311 - composition, not security
    width, height = SIZE
    # A diagonal gradient from the colour lightened to the colour darkened.
    light, dark = _mix(base, (255, 255, 255), 0.18), _mix(base, (0, 0, 0), 0.35)
    vertical = Image.linear_gradient("L")
    gradient = ImageChops.add(vertical, vertical.rotate(90), scale=2).resize(SIZE)
    picture = Image.composite(Image.new("RGB", SIZE, dark), Image.new("RGB", SIZE, light), gradient)
    shapes = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(shapes)
    for _disc in range(7):
        radius = chance.randint(120, 420)
        x, y = chance.randint(-100, width + 100), chance.randint(-100, height + 100)
        tint = _mix(base, (255, 255, 255), chance.uniform(0.1, 0.6))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*tint, chance.randint(40, 110)))
    for _ring in range(3):
        radius = chance.randint(160, 360)
        x, y = chance.randint(0, width), chance.randint(0, height)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=(255, 255, 255, 70), width=10)
    shapes = shapes.filter(ImageFilter.GaussianBlur(2))
    picture.paste(shapes, (0, 0), shapes)
    # The icon: its strokes' alpha becomes white paint, on a disc a little darker than the background.
    icon = Image.open(ICON_PNG_SOURCE / f"{illustration.icon}.png").convert("RGBA").resize((420, 420))
    alpha = ImageChops.multiply(icon.getchannel("A"), Image.new("L", icon.size, 235))
    centre = (int(width * chance.uniform(0.55, 0.68)), height // 2)
    halo = Image.new("L", SIZE, 0)
    ImageDraw.Draw(halo).ellipse((centre[0] - 300, centre[1] - 300, centre[0] + 300, centre[1] + 300), fill=110)
    picture.paste(Image.new("RGB", SIZE, dark), (0, 0), halo.filter(ImageFilter.GaussianBlur(6)))
    picture.paste(Image.new("RGB", icon.size, (255, 255, 255)), (centre[0] - 210, centre[1] - 210), alpha)
    return picture


def make_demo_pictures():
    """Create the DEMO_PICTURES that do not exist yet as Wagtail images in the root collection; return how many
    were created."""
    image_model = get_image_model()
    collection = Collection.get_first_root_node()
    created = 0
    for title, theme_slug, description in DEMO_PICTURES:
        if image_model.objects.filter(title=title).exists():
            continue
        seed = int.from_bytes(hashlib.sha256(title.encode()).digest()[:8], "big")
        buffer = io.BytesIO()
        draw_picture(theme_slug, seed).save(buffer, format="JPEG", quality=85, optimize=True)
        filename = f"demo-{theme_slug}-{seed % 10_000:04d}.jpg"
        image = image_model(title=title, description=description, collection=collection)
        image.file = ImageFile(buffer, name=filename)
        image.save()
        created += 1
    return created
