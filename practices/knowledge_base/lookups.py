"""In-memory indexes of what an import refers to, loaded with a handful of queries per run.

Resolving each line's slugs one query at a time made an unchanged re-import of 1,000 lines cost about 20 queries
per line; these maps answer from memory and are kept up to date as the import creates objects.

A partner's spreadsheet names terms loosely ("good governance" for the theme "Good local governance" whose slug is
``good-governance``), so a term or organisation is found by its slug, its name or its name's slug, whatever the case
and the diacritics (``fold``); what is still not found gets the nearest known ones as suggestions.
"""

import difflib
import unicodedata
from collections import defaultdict

from django.utils.text import slugify
from wagtail.models import Locale

from practices.models import ITEM_MODELS, FundingProgramme, Method, Organisation, TargetGroup, Theme

PAGE_RELATIONS = {
    "practice": (
        "themes",
        "target_groups",
        "methods",
        "partners__organisation",
        "related_materials",
        "related_videos",
    ),
    "material": ("themes", "target_groups"),
    "video": ("themes", "target_groups", "related_materials"),
}
PAGE_JOINS = {
    "practice": ("locale", "funding_programme", "lead_organisation"),
    "material": ("locale", "funding_programme", "authoring_organisation"),
    "video": ("locale", "funding_programme"),
}


SUGGESTIONS = 3  # "did you mean" names at most this many known terms
SUGGESTION_CUTOFF = 0.6  # difflib's similarity ratio below which a known term is not worth suggesting


def fold(text):
    """``text`` as a slug without case or diacritics, so that "Veřejná prostranství", "verejna prostranstvi" and
    "VEREJNA-PROSTRANSTVI" are one key; Cyrillic stays Cyrillic ("Младежи" → "младежи")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return slugify(bare.replace("_", "-"), allow_unicode=True)


class SnippetIndex:
    """Every row of one snippet model by (locale, slug), (locale, lower-case name) and (locale, folded slug or
    name), and slug → translation key."""

    def __init__(self, model, journal=None):
        self.journal = None
        self.by_slug, self.by_name, self.by_fold, self.translation_keys = {}, {}, {}, {}
        for obj in model.objects.all():
            self.add(obj)
        self.journal = journal

    def add(self, obj):
        if self.journal is not None and (obj.locale_id, obj.slug) not in self.by_slug:
            self.journal.append(lambda: self.remove(obj))
        self.by_slug[(obj.locale_id, obj.slug)] = obj
        self.by_name.setdefault((obj.locale_id, obj.name.lower()), obj)
        for key in {fold(obj.slug), fold(obj.name)} - {""}:
            self.by_fold.setdefault((obj.locale_id, key), obj)
        self.translation_keys.setdefault(obj.slug, obj.translation_key)

    def remove(self, obj):
        self.by_slug.pop((obj.locale_id, obj.slug), None)
        if self.by_name.get((obj.locale_id, obj.name.lower())) is obj:
            del self.by_name[(obj.locale_id, obj.name.lower())]
        for key in {fold(obj.slug), fold(obj.name)}:
            if self.by_fold.get((obj.locale_id, key)) is obj:
                del self.by_fold[(obj.locale_id, key)]
        if self.translation_keys.get(obj.slug) == obj.translation_key and not any(
            other.slug == obj.slug for other in self.by_slug.values()
        ):
            del self.translation_keys[obj.slug]

    def find(self, locale_id, value):
        """The row ``value`` names in the locale: its exact slug first, then its name, then either folded."""
        return (
            self.by_slug.get((locale_id, value))
            or self.by_name.get((locale_id, value.lower()))
            or self.by_fold.get((locale_id, fold(value)))
        )

    def suggestions(self, locale_id, value):
        """The known rows of the locale nearest to ``value`` (difflib's ratio on folded slugs and names), best
        first, each once."""
        known = {key: obj for (locale, key), obj in self.by_fold.items() if locale == locale_id}
        nearest = difflib.get_close_matches(fold(value), known, n=SUGGESTIONS * 2, cutoff=SUGGESTION_CUTOFF)
        return list(dict.fromkeys(known[key] for key in nearest))[:SUGGESTIONS]

    def in_locale(self, locale_id, translation_key):
        """This locale's row of the entry with ``translation_key``, if any."""
        return next(
            (
                obj
                for (locale, _slug), obj in self.by_slug.items()
                if locale == locale_id and obj.translation_key == translation_key
            ),
            None,
        )


class Lookups:
    def __init__(self, records):
        self.journal = []  # undo steps for what the current line changed in these maps
        self.locales = {locale.language_code: locale for locale in Locale.objects.all()}
        self.snippets = {
            model: SnippetIndex(model, self.journal)
            for model in (Theme, TargetGroup, Method, FundingProgramme, Organisation)
        }
        self.pages = defaultdict(dict)  # (type, locale_id) → {slug: page}
        self.sources = defaultdict(dict)  # type → {translation_key: (pk, slug, {locale codes})}
        self._load_pages(records)

    def begin(self):
        """Start recording the current line's changes, so that ``undo`` can take them back."""
        self.journal.clear()

    def undo(self):
        for step in reversed(self.journal):
            step()
        self.journal.clear()

    def modified(self, obj):
        """``obj`` is about to be changed in memory; if its line fails, reload it from the database."""
        self.journal.append(lambda: self._reload(obj))

    def _reload(self, obj):
        if isinstance(obj, tuple(ITEM_MODELS.values())):
            kind = next(kind for kind, model in ITEM_MODELS.items() if isinstance(obj, model))
            fresh = (
                type(obj)
                .objects.select_related(*PAGE_JOINS[kind])
                .prefetch_related(*PAGE_RELATIONS[kind])
                .get(pk=obj.pk)
            )
            self.pages[(kind, obj.locale_id)][obj.slug] = fresh
        else:
            obj.refresh_from_db()

    def snippet_index(self, model):
        return self.snippets[model]

    def _load_pages(self, records):
        wanted = defaultdict(set)
        for record in records:
            if record.type in ITEM_MODELS:
                wanted[record.type].update({record.slug, record.translation_of} - {""})
                for key, kind in (("related_materials", "material"), ("related_videos", "video")):
                    wanted[kind].update(record.references.get(key, []))
        for kind, slugs in wanted.items():
            model = ITEM_MODELS[kind]
            pages = (
                model.objects.filter(slug__in=slugs)
                .select_related(*PAGE_JOINS[kind])
                .prefetch_related(*PAGE_RELATIONS[kind])
            )
            keys = set()
            for page in pages:
                self.pages[(kind, page.locale_id)][page.slug] = page
                keys.add(page.translation_key)
            for pk, key, slug, code in (
                model.objects.filter(translation_key__in=keys)
                .order_by("pk")
                .values_list("pk", "translation_key", "slug", "locale__language_code")
            ):
                self.add_translation(kind, pk, key, slug, code)

    def add_translation(self, kind, pk, key, slug, locale_code):
        source = self.sources[kind].setdefault(key, (pk, slug, set()))
        source[2].add(locale_code)

    def page(self, kind, locale_id, slug):
        return self.pages[(kind, locale_id)].get(slug)

    def add_page(self, kind, page):
        self.pages[(kind, page.locale_id)][page.slug] = page
        self.add_translation(kind, page.pk, page.translation_key, page.slug, page.locale.language_code)
        self.journal.append(lambda: self._forget_page(kind, page))

    def _forget_page(self, kind, page):
        self.pages[(kind, page.locale_id)].pop(page.slug, None)
        entry = self.sources[kind].get(page.translation_key)
        if entry and entry[0] == page.pk:
            del self.sources[kind][page.translation_key]
        elif entry:
            entry[2].discard(page.locale.language_code)

    def source_slug(self, kind, page):
        """The slug of the item's first translation, or "" when ``page`` is that first translation."""
        pk, slug, _locales = self.sources[kind].get(page.translation_key, (page.pk, page.slug, set()))
        return "" if pk == page.pk else slug

    def source_page(self, kind, slug, exclude_locale_id):
        """The earliest translation with this slug in another locale: the item a translation is linked to."""
        candidates = [
            page
            for (page_kind, locale_id), pages in self.pages.items()
            if page_kind == kind and locale_id != exclude_locale_id and slug in pages
            for page in [pages[slug]]
        ]
        return min(candidates, key=lambda page: page.pk, default=None)

    def is_translation_of(self, record, page):
        """Whether the item named by the line's ``translation_of`` is a translation of ``page``."""
        return any(
            other.translation_key == page.translation_key
            for (kind, _locale_id), pages in self.pages.items()
            if kind == record.type
            for slug, other in pages.items()
            if slug == record.translation_of
        )

    def has_translation(self, kind, translation_key, locale_code):
        entry = self.sources[kind].get(translation_key)
        return bool(entry and locale_code in entry[2])
