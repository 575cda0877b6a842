"""What the search API's facets and filters read on the embedded backend: each published item's type, country and
taxonomy slugs. A search cluster holds the same values in its index (search.engine.documents.FACET_FIELDS) and counts
them itself (search.engine.backends.cluster.HubSearchResultsMixin.faceted_page).

Read per language, for every item at once, and kept in this process until the content changes (the content
generation of practices.feed.cache, replaced by any write to pages, their relations or the taxonomy): a query then
filters and counts its matches in memory instead of sending their ids back to the database. Measured at 10,000
items: ~5 s per query reading the matches' attributes by id (IN lists of thousands), against a few milliseconds
from the kept map. The generation is one read by primary key; the map was first kept per state of the language's
search documents (count, last id, last indexing time), an aggregate over all of them on every query that took
13 ms at 10,000 items on PostgreSQL and grew with the knowledge base (docs/search-embedded.md).

The same map is also kept inverted, ``{facet: {value: frozenset(pks)}}`` (``items_by_value``): the search API then
counts a facet value as the size of a set intersection, in C, instead of visiting every match in Python, which
took a quarter of a query's time at 10,000 items (docs/performance.md, search).
"""

import threading

from django.contrib.contenttypes.models import ContentType

from practices.feed.cache import content_generation
from practices.models import ITEM_MODELS, GoodPracticePage, Method, TargetGroup, Theme

# Type key → page model, from the one registry (practices.models.item_types), under the name search uses.
ITEM_TYPES = ITEM_MODELS
TERM_FACETS = {
    "theme": ("themes", Theme),
    "target_group": ("target_groups", TargetGroup),
    "method": ("methods", Method),
}
FACETS = ("type", "country", *TERM_FACETS)
NO_ATTRIBUTES = {name: frozenset() for name in FACETS}

_maps = {}
_merged = {}
_lock = threading.Lock()


def attributes_of(languages):
    """``{pk: {facet: frozenset(values)}}`` of the items in ``languages``."""
    generation = content_generation()
    attributes = {}
    for language in languages:
        attributes.update(_language_map(language, generation)[0])
    return attributes


def items_by_value(languages):
    """``{facet: {value: frozenset(pks)}}``: the items in ``languages`` holding each value of each facet."""
    generation = content_generation()
    kept = [_language_map(language, generation) for language in languages]
    if len(kept) == 1:
        return kept[0][1]
    # Several languages (a search over all of them): merged once per generation of every language's map.
    key = tuple(languages)
    sources = [inverted for _attributes, inverted in kept]
    merged = _merged.get(key)
    if merged is None or any(kept_source is not source for kept_source, source in zip(merged[0], sources, strict=True)):
        merged = (sources, _merge(sources))
        with _lock:
            _merged[key] = merged
    return merged[1]


def _merge(inverted_maps):
    merged = {name: {} for name in FACETS}
    for inverted in inverted_maps:
        for name, values in inverted.items():
            for value, pks in values.items():
                merged[name][value] = merged[name].get(value, frozenset()) | pks
    return merged


def _language_map(language, generation):
    """The language's map as kept for ``generation`` (read once per search, however many languages it covers)."""
    kept = _maps.get(language)
    if kept is not None and kept[0] == generation:
        return kept[1]
    attributes = _build(language)
    built = (attributes, _invert(attributes))
    with _lock:
        _maps[language] = (generation, built)
    return built


def _invert(attributes):
    inverted = {name: {} for name in FACETS}
    for pk, item in attributes.items():
        for name, values in item.items():
            for value in values:
                inverted[name].setdefault(value, set()).add(pk)
    return {name: {value: frozenset(pks) for value, pks in values.items()} for name, values in inverted.items()}


def _build(language):
    values = {}

    def add(pk, facet, value):
        values.setdefault(pk, {name: set() for name in FACETS})[facet].add(value)

    for name, model in ITEM_TYPES.items():
        content_type = ContentType.objects.get_for_model(model)
        items = model.objects.filter(locale__language_code=language, content_type=content_type)
        for pk in items.values_list("pk", flat=True).iterator(chunk_size=5000):
            add(pk, "type", name)
        for facet, (relation, _term_model) in TERM_FACETS.items():
            if not hasattr(model, relation):
                continue
            field = model._meta.get_field(relation)
            source = field.m2m_field_name()
            rows = field.remote_field.through.objects.filter(**{f"{source}__locale__language_code": language})
            for pk, slug in rows.values_list(source, f"{field.m2m_reverse_field_name()}__slug").iterator(5000):
                add(pk, facet, slug)
    practices = GoodPracticePage.objects.filter(locale__language_code=language).exclude(country="")
    for pk, country in practices.values_list("pk", "country").iterator(chunk_size=5000):
        add(pk, "country", str(country))
    return {pk: {name: frozenset(found) for name, found in item.items()} for pk, item in values.items()}


def passes(item, filters, ignored=None):
    """Whether an item holds one of the selected values of every filter (but ``ignored``)."""
    return all(item[name] & selected for name, selected in filters.items() if selected and name != ignored)
