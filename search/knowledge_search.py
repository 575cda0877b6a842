"""A practitioner's search over the knowledge base: matches, filters, facets, snippets and "did you mean".

Each facet is counted over the matches that pass the *other* selected filters (so choosing a theme still shows
how many items each other theme would give). Stock Wagtail facets cap at 10 values and ignore the other filters;
ours take ``SEARCH_FACET_SIZE`` values. On a search cluster the engine does it in one request and returns only the
page shown (search.engine.backends.faceted_matches, docs/search.md). The embedded backend, and the fallback while the
cluster is down, return every match of the query in the chosen locale (or all locales) with its score; this module
then does the rest in memory with the items of each facet value (search.facets): the filtered results, and the
facet counts as sizes of set intersections. Only the page shown is loaded and highlighted.

Never an empty page for a reasonable query (issue 15): when most of the words find nothing, and no spelling
correction does either, the search is relaxed to items holding any of them (``relaxed``); and when the locale has
fewer than ``SEARCH_OTHER_LANGUAGES_BELOW`` matches, or only relaxed ones, the best items of the other languages are
shown beside them (``other_languages``), each labelled with its language and linked to its translation into the
locale if one exists: a query about an item written in another language finds only weak matches in its own.

The query is expanded with the concepts of the thesaurus and the taxonomy (search.thesaurus), found by their labels in
any language and expanded into the languages searched, at a lower weight than its own words; ``also_searched`` lists
the labels it was expanded with.
"""

import logging
from collections import Counter
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db import DatabaseError
from django.utils import translation
from django_countries import countries
from wagtail.models import Locale, Page

from search import facets, places, suggestions, thesaurus
from search.engine import documents, semantic, synonyms
from search.engine.backends import faceted_matches, fallback_matches, promoted, ranked_matches
from search.engine.query import all_forms, expansion_languages, parse_query
from search.engine.snippets import highlight
from search.facets import FACETS, ITEM_TYPES, TERM_FACETS

logger = logging.getLogger(__name__)
ALL_LOCALES = "all"
# Fields of the item models that neither a result nor its snippet (search.engine.documents.snippet_text) reads. The
# gallery is read: its first image is the result card's picture (practices.site.faces), and deferred it would cost a
# query per result.
UNSHOWN_FIELDS = (
    "outcomes",
    "source_links",
    "documents",
    "chapters",
    "speakers",
    "transfer_prerequisites",
    "search_description",
)


def content_languages():
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


@dataclass
class SearchOutcome:
    count: int
    results: list
    facets: dict
    did_you_mean: str | None = None
    searched_for: str = ""
    degraded: bool = False
    clauses: list = field(default_factory=list)
    relaxed: bool = False
    other_languages: list = field(default_factory=list)
    also_searched: list = field(default_factory=list)
    # How many of the results match the query's words (the others were found by meaning alone): what decides
    # whether to suggest a spelling, relax the words or offer other languages.
    word_matches: int = 0
    # Whether the other languages hold what the query asks for, rather than the locale (their items are then shown
    # first): what it means is closer there (search by meaning), or it names a place only they have items from.
    other_languages_first: bool = False
    # That place, as the first of their items from it names it, in the language searched ("Bergen", "Bugarska").
    named_place: str | None = None


def search_knowledge_base(text, locale, filters, page, page_size=None):
    """Search items for ``text`` in ``locale`` (a language code or ``"all"``), with ``filters`` as
    ``{facet: {value, …}}``; returns the ``page`` (from 1) of results and the facets. When nothing matches and
    the vocabulary suggests a correction, the corrected query is searched instead (``searched_for`` says so)."""
    page_size = page_size or settings.SEARCH_PAGE_SIZE
    languages = content_languages() if locale == ALL_LOCALES else [locale]
    concepts = thesaurus.concept_sets()
    # Every search below looks for the meaning of the words the practitioner wrote: a spelling correction or fewer
    # required words change what matches by words, not what was meant ("swapping favours … without cash" is not
    # "mapping favours … without case").
    where = {"locale": locale, "languages": languages, "filters": filters, "page": page, "page_size": page_size}
    search = partial(_search, concepts=concepts, meaning_of=text, **where)
    outcome = search(text)
    if outcome.word_matches < settings.SEARCH_SUGGEST_BELOW:
        outcome.did_you_mean = suggestions.did_you_mean(text, languages)
        if outcome.word_matches == 0 and outcome.did_you_mean:
            corrected = search(outcome.did_you_mean)
            corrected.did_you_mean = outcome.did_you_mean
            outcome = corrected
    if outcome.word_matches == 0 and len(outcome.clauses) > 1:
        relaxed = search(outcome.searched_for, minimum_should_match=1)
        relaxed.did_you_mean, relaxed.relaxed = outcome.did_you_mean, True
        outcome = relaxed
    named_elsewhere = places.named_elsewhere(text, locale) if locale != ALL_LOCALES else set()
    if locale != ALL_LOCALES and (
        outcome.relaxed
        or outcome.other_languages_first
        or named_elsewhere
        or outcome.word_matches < settings.SEARCH_OTHER_LANGUAGES_BELOW
    ):
        outcome.other_languages = _other_languages(outcome.searched_for, locale, filters, concepts, meaning_of=text)
    if named_elsewhere and outcome.other_languages:
        # The query names a place that only other languages have items from: their items from there come first, in
        # their order, and before the locale's own near misses.
        from_there = [item for item in outcome.other_languages if places.keys_of(item["page"]) & named_elsewhere]
        if from_there:
            outcome.other_languages = from_there + [item for item in outcome.other_languages if item not in from_there]
            outcome.other_languages_first = True
            with translation.override(locale):
                outcome.named_place = places.name_of(from_there[0]["page"], named_elsewhere)
    outcome.also_searched = thesaurus.also_searched(outcome.clauses, languages)
    return outcome


def warm_up():
    """Prepare what a worker's first search would otherwise prepare while a practitioner waits (about 2 s at 10,000
    items, docs/performance.md): the text normalisers, the thesaurus's labels normalised for each locale's queries and
    for all languages, the facet map of every language and their merge, the places of the practices, and, with
    search by meaning, the encoder and the vectors. gunicorn calls it in each new worker before the worker takes
    requests (gunicorn.conf.py). A database that cannot be read yet is left to the first search to report."""
    try:
        concepts = thesaurus.concept_sets()
        for languages in [*([code] for code in content_languages()), content_languages()]:
            parse_query("", languages, concept_sets=concepts)
        facets.items_by_value(content_languages())
        places.warm_up()
        semantic.warm_up()
    except DatabaseError:
        logger.warning("Search was not warmed up: the database could not be read", exc_info=True)


def _other_languages(text, locale, filters, concepts, meaning_of):
    """The best ``SEARCH_OTHER_LANGUAGES_SIZE`` items of the other languages, matched in any language and through
    their English translation and taxonomy (the shared field), most words first, else any; each with its
    translation into ``locale`` (a live page) or None. No facets: they describe the locale's own results."""
    languages = content_languages()
    others = [language for language in languages if language != locale]
    queryset = _live_items(others)
    items_by_value = facets.items_by_value(languages)
    clauses = parse_query(text, languages, synonyms.synonym_sets(languages), prefix_last=True, concept_sets=concepts)
    meaning = semantic.nearest(meaning_of, queryset, settings.SEARCH_SEMANTIC_DEPTH, languages=others)
    selected = []
    for minimum_should_match in (None, 1):
        options = {"languages": languages, "include_shared": True, "concepts": concepts}
        if minimum_should_match is not None:
            options["minimum_should_match"] = minimum_should_match
        ranked, _degraded = ranked_matches(text, queryset, **options)
        selected, _counts = _select(_with_meaning(text, ranked, meaning), items_by_value, filters)
        if selected or len(clauses) < 2:
            break
    results = _items(selected[: settings.SEARCH_OTHER_LANGUAGES_SIZE], clauses, _type_finder(items_by_value))
    keys = [item["page"].translation_key for item in results]
    translations = (
        {
            page.translation_key: page
            for page in Page.objects.live().filter(translation_key__in=keys, locale__language_code=locale).specific()
        }
        if keys
        else {}
    )
    for item in results:
        item["translation"] = translations.get(item["page"].translation_key)
    return results


def _live_items(languages=None):
    """The live items of the three types, in ``languages`` if given, by the locale rows: a filter that every backend
    indexes (Elasticsearch cannot join to Locale)."""
    queryset = Page.objects.live().type(*ITEM_TYPES.values())
    if languages is None:
        return queryset
    return queryset.filter(locale__in=list(Locale.objects.filter(language_code__in=languages)))


def _search(text, *, locale, languages, filters, page, page_size, concepts, meaning_of, minimum_should_match=None):
    queryset = _live_items(None if locale == ALL_LOCALES else [locale])
    options = {"languages": languages, "include_shared": locale == ALL_LOCALES, "concepts": concepts}
    if minimum_should_match is not None:
        options["minimum_should_match"] = minimum_should_match
    start = (page - 1) * page_size
    clauses = parse_query(
        text,
        languages,
        synonyms.synonym_sets(languages),
        prefix_last=True,
        concept_sets=concepts,
        expand_into=expansion_languages(languages, options["include_shared"]),
    )
    outcome = SearchOutcome(count=0, results=[], facets={}, searched_for=text, clauses=clauses)
    meaning = semantic.nearest(
        meaning_of, queryset, settings.SEARCH_SEMANTIC_DEPTH, languages=None if locale == ALL_LOCALES else languages
    )
    if meaning and locale != ALL_LOCALES:
        other_languages = [code for code in content_languages() if code != locale]
        elsewhere = semantic.nearest(meaning_of, _live_items(other_languages), 1, languages=other_languages)
        if (
            elsewhere
            and elsewhere[0][1] > meaning[0][1] + settings.SEARCH_SEMANTIC_ELSEWHERE_MARGIN
            and not _translated_into(elsewhere[0][0], locale)
        ):
            # What the query means is written in another language, and only there: the locale's own closest items
            # are not it, and the other languages are offered (search_knowledge_base).
            outcome.other_languages_first, meaning = True, []
    # On a search cluster the engine filters, pages and counts (search.engine.backends.faceted_matches); on the embedded
    # backend, while the cluster is down, or when matches by meaning join those by words, every match comes back and is
    # filtered and counted here.
    faceted = None
    if not meaning:
        faceted, outcome.degraded = faceted_matches(
            text, queryset, _engine_filters(filters), start, page_size, settings.SEARCH_FACET_SIZE, **options
        )
    if faceted is not None:
        type_of_label = {model._meta.label_lower: name for name, model in ITEM_TYPES.items()}
        outcome.count = outcome.word_matches = faceted.count
        outcome.results = _items(
            faceted.ranked, clauses, {pk: type_of_label.get(label) for pk, label in faceted.model_labels.items()}.get
        )
        # Values in sorted order, as on the embedded path, so that equal counts list alphabetically by the API's
        # value (a type's name, not its model's label).
        counts = {
            facet: Counter(
                dict(
                    sorted(
                        (type_of_label.get(value, value) if facet == "type" else value, found)
                        for value, found in values
                    )
                )
            )
            for facet, values in faceted.counts.items()
        }
        outcome.facets = _label_facets(counts, locale)
        return outcome
    if outcome.degraded:
        ranked = fallback_matches(text, queryset, **options)
    else:
        # search.engine.backends.ranked_matches: promoted items first, the database backend when the cluster is down.
        ranked, outcome.degraded = ranked_matches(text, queryset, **options)
    by_words = {pk for pk, _score in ranked}
    items_by_value = facets.items_by_value(languages)
    selected, counts = _select(_with_meaning(text, ranked, meaning), items_by_value, filters)
    outcome.count = len(selected)
    outcome.word_matches = sum(1 for pk, _score in selected if pk in by_words)
    outcome.results = _items(selected[start : start + page_size], clauses, _type_finder(items_by_value))
    outcome.facets = _label_facets(counts, locale)
    return outcome


def _translated_into(pk, locale):
    """Whether the page ``pk`` has a live translation into ``locale``: then the locale holds what the query means."""
    key = Page.objects.filter(pk=pk).values_list("translation_key", flat=True).first()
    return Page.objects.live().filter(translation_key=key, locale__language_code=locale).exists()


def _with_meaning(text, ranked, meaning):
    """The matches by words ``ranked`` joined by the matches by ``meaning`` (search.engine.semantic.fuse); the items
    editors pinned for the query stay first, in their order."""
    if not meaning:
        return ranked
    pinned = set(promoted(text)) & {pk for pk, _score in ranked}
    head = [match for match in ranked if match[0] in pinned]
    rest = [match for match in ranked if match[0] not in pinned]
    return head + [match for match in semantic.fuse(rest, meaning) if match[0] not in pinned]


def _engine_filters(filters):
    """The filters as a search cluster holds their values: an item type as its model's label."""
    return {
        facet: {ITEM_TYPES[value]._meta.label_lower if value in ITEM_TYPES else value for value in values}
        if facet == "type"
        else values
        for facet, values in filters.items()
    }


def _type_finder(items_by_value):
    """``type_of(pk)``: an item's type as the facet map knows it, else None."""
    types = items_by_value["type"]
    return lambda pk: next((name for name, pks in types.items() if pk in pks), None)


def _select(ranked, items_by_value, filters):
    """The matches that pass every filter, in rank order, and ``{facet: Counter}``: each facet's values counted
    over the matches that pass every *other* filter."""
    matched = frozenset(pk for pk, _score in ranked)
    passing = {
        name: matched & frozenset().union(*[items_by_value[name].get(value, frozenset()) for value in values])
        for name, values in filters.items()
        if values
    }

    def within_filters(ignored=None):
        kept = matched
        for name, pks in passing.items():
            if name != ignored:
                kept = kept & pks
        return kept

    counts = {}
    for name in FACETS:
        base = within_filters(ignored=name)
        # Values in sorted order, so that equal counts list alphabetically.
        counts[name] = Counter(
            {value: found for value, pks in sorted(items_by_value[name].items()) if (found := len(base & pks))}
        )
    if not passing:
        return ranked, counts
    selected = within_filters()
    return [(pk, score) for pk, score in ranked if pk in selected], counts


def _label_facets(facets, locale):
    """``{facet: [{"value", "label", "count"}]}``: the ``SEARCH_FACET_SIZE`` most frequent values of each facet,
    labelled in the locale's language (English for all locales)."""
    language = settings.LANGUAGE_CODE if locale == ALL_LOCALES else locale
    size = settings.SEARCH_FACET_SIZE
    labelled = {}
    with translation.override(language):
        for name, counts in facets.items():
            top = counts.most_common(size)
            labels = _labels(name, [value for value, _count in top], language)
            labelled[name] = [
                {"value": value, "label": labels.get(value, value), "count": count} for value, count in top
            ]
    return labelled


def _labels(name, values, language):
    if name == "type":
        return {value: str(ITEM_TYPES[value]._meta.verbose_name) for value in values}
    if name == "country":
        return {value: str(countries.name(value)) for value in values}
    _relation, term_model = TERM_FACETS[name]
    labels = {}
    # The term's name in the wanted language, else in English, else in any language.
    preference = {language: 0, settings.LANGUAGE_CODE: 1}
    terms = term_model.objects.filter(slug__in=values).values_list("slug", "name", "locale__language_code")
    for slug, label, _language in sorted(terms, key=lambda term: preference.get(term[2], 2), reverse=True):
        labels[slug] = label
    return labels


def _items(selected, clauses, type_of):
    """The results of one page, in order, each with its snippet; ``type_of(pk)`` tells an item's type, if known."""
    scores = dict(selected)
    pages = _pages(list(scores), type_of)
    forms, prefixes = all_forms(clauses)
    type_of_model = {model: name for name, model in ITEM_TYPES.items()}
    items = []
    for pk, score in selected:
        page = pages.get(pk)
        if page is None:
            continue
        language = documents.language_of(page)
        passage = highlight(documents.snippet_text(page), language, forms, prefixes)
        items.append(
            {"page": page, "type": type_of_model[type(page)], "locale": language, "snippet": passage, "score": score}
        )
    return items


def _pages(pks, type_of):
    """``{pk: page}`` as each page's own model, read by the type ``type_of(pk)`` tells (the facet map's, or the
    search cluster's hit; one query per type, no query for the base pages), without the stream fields a result does
    not show: parsing the JSON of outcomes, documents or chapters cost more than the rest of reading a page. An item
    of unknown type is read as ``.specific()`` reads it."""
    pages = {}
    types = {pk: type_of(pk) for pk in pks}
    for name, model in ITEM_TYPES.items():
        of_type = [pk for pk in pks if types[pk] == name]
        if of_type:
            unshown = [field.name for field in model._meta.concrete_fields if field.name in UNSHOWN_FIELDS]
            pages.update(model.objects.filter(pk__in=of_type).defer(*unshown).in_bulk())
    unknown = [pk for pk in pks if pk not in pages]
    if unknown:
        pages.update({page.pk: page for page in Page.objects.filter(pk__in=unknown).specific()})
    return pages
