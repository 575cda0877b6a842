"""Translation provenance of feed items: which language version an item was translated from, who translated it, and
whether its source changed after the translation was last synced.

Partners show a machine translation differently from a person's work, and flag a translation whose source moved on.
wagtail-localize keeps the records this is read from: a ``TranslationSource`` is the frozen content of the language
version being translated (``last_updated_at`` is when it was last extracted), and a ``TranslationLog`` is written
each time a translation is created or synced from it. A translation made without wagtail-localize (an import, or
Wagtail's own "translate" action) has no such record; its source is then the item's oldest language version, as
the import format's ``translation_of`` says, and when it was synced is unknown.

``TranslationProvenance`` loads this for a whole page of results in one query.
"""

from django.db.models import Exists, OuterRef, Subquery
from wagtail.models import Page
from wagtail_localize.models import TranslationLog, TranslationSource


class TranslationProvenance:
    """The provenance of each of ``items`` (knowledge-base pages, possibly of several types)::

    {"source_locale": "cs", "origin": "machine-reviewed", "synced_at": "2025-06-01T12:00:00Z",
     "source_changed_since_sync": false}

    ``source_locale`` is the item's own locale when it is its own source; ``synced_at`` is null when the item is
    its own source or was not synced by wagtail-localize; ``source_changed_since_sync`` is false for a source and
    null when unknown.
    """

    def __init__(self, items):
        keys = {item.translation_key for item in items}
        self.versions = {}  # (translation_key, locale code) → the language version's row
        self.oldest = {}  # translation_key → (pk, locale code) of the first language version written
        if keys:
            for row in self._versions(keys):
                self.versions[(row["translation_key"], row["locale__language_code"])] = row
                oldest = self.oldest.get(row["translation_key"])
                if oldest is None or row["pk"] < oldest[0]:
                    self.oldest[row["translation_key"]] = (row["pk"], row["locale__language_code"])

    @staticmethod
    def _versions(keys):
        """Every language version of the items, with its latest sync (if any) and whether it is a
        wagtail-localize source, as correlated subqueries: one query, whatever the number of items."""
        syncs = TranslationLog.objects.filter(
            source__object_id=OuterRef("translation_key"), locale_id=OuterRef("locale_id")
        ).order_by("-created_at", "-pk")
        is_source = TranslationSource.objects.filter(
            object_id=OuterRef("translation_key"), locale_id=OuterRef("locale_id")
        )
        return (
            Page.objects.filter(translation_key__in=keys)
            .annotate(
                synced_at=Subquery(syncs.values("created_at")[:1]),
                synced_from=Subquery(syncs.values("source__locale__language_code")[:1]),
                source_extracted_at=Subquery(syncs.values("source__last_updated_at")[:1]),
                is_source=Exists(is_source),
            )
            .values(
                "pk",
                "translation_key",
                "locale__language_code",
                "last_published_at",
                "synced_at",
                "synced_from",
                "source_extracted_at",
                "is_source",
            )
        )

    def of(self, item):
        """The provenance of one item (see the class docstring)."""
        locale = item.locale.language_code
        version = self.versions.get((item.translation_key, locale), {})
        provenance = {"source_locale": locale, "origin": item.translation_origin}
        synced_from = version.get("synced_from")
        if synced_from and synced_from != locale:
            return {**provenance, "source_locale": synced_from, **self._sync_state(item, version)}
        oldest = self.oldest.get(item.translation_key, (None, locale))[1]
        if version.get("is_source") or oldest == locale:
            return {**provenance, "synced_at": None, "source_changed_since_sync": False}
        return {**provenance, "source_locale": oldest, "synced_at": None, "source_changed_since_sync": None}

    def _sync_state(self, item, version):
        """When the translation was last synced, and whether its source changed after that: it was extracted again
        (to sync another language) or published again."""
        source = self.versions.get((item.translation_key, version["synced_from"]), {})
        changes = [time for time in (version["source_extracted_at"], source.get("last_published_at")) if time]
        synced_at = version["synced_at"]
        return {
            "synced_at": synced_at,
            "source_changed_since_sync": any(time > synced_at for time in changes),
        }
