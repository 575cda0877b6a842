"""In-memory indexes of what an import refers to, loaded with a handful of queries per run.

Resolving each line's slugs one query at a time made an unchanged re-import of 1,000 lines cost about 20 queries
per line; these maps answer from memory and are kept up to date as the import creates objects.
"""

from collections import defaultdict

from wagtail.models import Locale

from practices.knowledge_base.exporter import PAGE_MODELS
from practices.models import FundingProgramme, Method, Organisation, TargetGroup, Theme

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


class SnippetIndex:
    """Every row of one snippet model by (locale, slug) and (locale, lower-case name), and slug → translation key."""

    def __init__(self, model):
        self.by_slug, self.by_name, self.translation_keys = {}, {}, {}
        for obj in model.objects.all():
            self.add(obj)

    def add(self, obj):
        self.by_slug[(obj.locale_id, obj.slug)] = obj
        self.by_name.setdefault((obj.locale_id, obj.name.lower()), obj)
        self.translation_keys.setdefault(obj.slug, obj.translation_key)

    def find(self, locale_id, value):
        return self.by_slug.get((locale_id, value)) or self.by_name.get((locale_id, value.lower()))


class Lookups:
    def __init__(self, records):
        self.locales = {locale.language_code: locale for locale in Locale.objects.all()}
        self.snippets = {
            model: SnippetIndex(model) for model in (Theme, TargetGroup, Method, FundingProgramme, Organisation)
        }
        self.pages = defaultdict(dict)  # (type, locale_id) → {slug: page}
        self.sources = defaultdict(dict)  # type → {translation_key: (pk, slug, {locale codes})}
        self._load_pages(records)

    def snippet_index(self, model):
        return self.snippets[model]

    def _load_pages(self, records):
        wanted = defaultdict(set)
        for record in records:
            if record.type in PAGE_MODELS:
                wanted[record.type].update({record.slug, record.translation_of} - {""})
                for key, kind in (("related_materials", "material"), ("related_videos", "video")):
                    wanted[kind].update(record.references.get(key, []))
        for kind, slugs in wanted.items():
            model = PAGE_MODELS[kind]
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

    def has_translation(self, kind, translation_key, locale_code):
        entry = self.sources[kind].get(translation_key)
        return bool(entry and locale_code in entry[2])
