"""The knowledge base's item types, defined once: what ``"practice"``, ``"material"`` and ``"video"`` stand for.

The key is an item's type wherever it is written down: the import format's ``"type"``, the partner feed's ``type``
field and resource names (``feed:practice-detail``), the listing feeds' URLs (``/<locale>/feeds/listing/
practice.atom``), the search's ``?type=``, webhooks and the admin's filters. Code that turns a key into a page model,
its index page or its label, or a page back into its key, reads this module and keeps no map of its own.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from practices.models.indexes import MaterialIndexPage, PracticeIndexPage, VideoIndexPage
from practices.models.material import MaterialPage
from practices.models.practice import GoodPracticePage
from practices.models.video import TrainingVideoPage


@dataclass(frozen=True)
class ItemType:
    """One kind of item: its key, its page model, the index page that lists it in each locale (the model's
    ``item_model``), and its plural label as the admin's headings show it ("Practices")."""

    key: str
    model: type
    index_model: type
    label: str


ITEM_TYPES = {
    item_type.key: item_type
    for item_type in (
        ItemType("practice", GoodPracticePage, PracticeIndexPage, _("Practices")),
        ItemType("material", MaterialPage, MaterialIndexPage, _("Materials")),
        ItemType("video", TrainingVideoPage, VideoIndexPage, _("Videos")),
    )
}
# The two look-ups most callers need, in the registry's order (practices first).
ITEM_MODELS = {key: item_type.model for key, item_type in ITEM_TYPES.items()}
INDEX_MODELS = {key: item_type.index_model for key, item_type in ITEM_TYPES.items()}


def item_type_of(page):
    """The key of a specific item page's type (``"material"``), or None for any other page."""
    return next((item_type.key for item_type in ITEM_TYPES.values() if isinstance(page, item_type.model)), None)
