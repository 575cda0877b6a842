"""One definition of the hub's index on an Elasticsearch-compatible cluster (Elasticsearch 8/9, OpenSearch 2/3).

search/engine/backends/elasticsearch.py and search/engine/backends/opensearch.py only bind these mixins to
modelsearch's classes for their client, so the two can never drift: the same mapping, analyzers, synonym filter,
query compiler and ranking reach both engines. One index holds every locale; each item carries per-language fields
beside the normalised ones of search.engine.documents:

- ``hub_title_<lang>``, ``hub_summary_<lang>``, ``hub_body_<lang>``: the item's own text, filled only for its
  language and analysed with that language's analyzer: the built-in ``czech``, ``bulgarian``, ``norwegian`` and
  ``english`` ones, and ``hub_croatian`` (neither engine ships a Croatian stemmer: lowercase, a stop list, ASCII
  folding);
- the normalised fields (``search_normalised_*``): simplemma lemmas folded to ASCII, the only place Croatian
  inflections meet, analysed by ``hub_folded`` and searched through ``hub_folded_search``, which adds the
  editors' synonym sets (search.models.SynonymSet) as a ``synonym_graph`` filter.

A query matches the per-language fields of the languages asked for (``languages=``, as on the embedded backend)
with typo tolerance (``fuzziness: AUTO``), or each of its normalised words on the folded fields; filters such as
``locale`` come from the queryset, as modelsearch compiles them. A word (or phrase) that names a concept of the
thesaurus (``concepts=``, search.engine.query's clauses) also matches the concept's other labels on the folded fields,
boosted by search.engine.query.EXPANSION_WEIGHT only, as on the embedded backend.
"""

import struct
from copy import deepcopy
from dataclasses import dataclass

from django.conf import settings
from django_countries.fields import Country
from modelsearch.backends.elasticsearchbase import Field
from modelsearch.index import FilterField, SearchField
from modelsearch.query import Fuzzy, PlainText
from modelsearch.utils import deep_update

from search.engine import documents
from search.engine.query import (
    EXPANSION_WEIGHT,
    MAX_QUERY_WORDS,
    UNSAFE,
    expansion_languages,
    parse_query,
    required_clauses,
)
from search.engine.text import word_forms, words
from search.models import SynonymSet

# Our locales' languages and the analyzer each one's text goes through.
LANGUAGE_ANALYZERS = {
    "en": "english",
    "cs": "czech",
    "bg": "bulgarian",
    "hr": "hub_croatian",
    "nb": "norwegian",
}
# The item's own text per language, with the boosts of search.engine.documents (title and summary weigh more than body).
LANGUAGE_PARTS = {"title": 5.0, "summary": 2.0, "body": 1.0}
RAW_TEXT = {"title": documents.raw_title, "summary": documents.raw_summary, "body": documents.raw_body}
NORMALISED_FIELDS = ("search_normalised_title", "search_normalised_summary", "search_normalised_body")
SHARED_FIELD = "search_shared_text"
SYNONYM_FILTER = "hub_synonyms"
MAX_RANKED = 10_000
# A document that matches a query only through a multi-word synonym ("mayor" for "head of the municipality") meets
# it in one clause, where a document with the query's own words scores in three; at 3 the relevance set's two
# phrase-synonym queries ranked their item 2nd and 3rd, at 6 first, and no other query of the set moved
# (tests/live/test_opensearch_knowledge_base.py prints the figures).
SYNONYM_PHRASE_BOOST = 6.0

# Function words of Croatian, dropped as the built-in analyzers drop their languages' ones.
CROATIAN_STOP_WORDS = [
    "a", "ako", "ali", "bi", "bih", "bila", "bili", "bilo", "bio", "bismo", "biste", "biti", "da", "do", "ga", "i",
    "ih", "ili", "iz", "ja", "je", "jer", "jesu", "joj", "ju", "kada", "kako", "kao", "koja", "koje", "koji",
    "kojima", "koju", "li", "me", "mi", "mu", "na", "nad", "ne", "nego", "neki", "nije", "nismo", "niti", "no",
    "o", "od", "oko", "on", "ona", "oni", "ono", "pa", "po", "pod", "pri", "sa", "se", "si", "sve", "smo", "ste",
    "su", "ta", "te", "ti", "to", "tu", "u", "uz", "vam", "vi", "za", "že",
]  # fmt: skip

# Merged over modelsearch's own index settings (its ngram analyzers for autocomplete stay).
LANGUAGE_ANALYSIS = {
    "settings": {
        "analysis": {
            "analyzer": {
                "hub_croatian": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "hub_croatian_stop", "asciifolding"],
                },
                # The normalised text is already lower-case ASCII words; folding again keeps queries that
                # bypass search.engine.text (Wagtail's admin search) matching.
                "hub_folded": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase", "asciifolding"]},
                "hub_folded_search": {
                    "type": "custom",
                    "tokenizer": "whitespace",
                    "filter": ["lowercase", "asciifolding", SYNONYM_FILTER],
                },
            },
            "filter": {
                "hub_croatian_stop": {"type": "stop", "stopwords": CROATIAN_STOP_WORDS},
                # Filled from the synonym sets when an index is created (ElasticsearchIndex.put).
                SYNONYM_FILTER: {"type": "synonym_graph", "synonyms": [], "lenient": True},
            },
        }
    }
}


def language_field(part, language):
    return f"hub_{part}_{language}"


def synonym_rules():
    """The synonym sets as Solr-format rules over normalised words: ``"ngo, non profit organisation, …"``.

    Each phrase becomes the dictionary forms of its words in its set's language, folded, which is what
    ``hub_folded_search`` sees of a query (see ElasticsearchSearchQueryCompiler)."""
    rules = []
    for synonym_set in SynonymSet.objects.select_related("locale").order_by("pk"):
        language = synonym_set.locale.language_code
        phrases = []
        for term in synonym_set.term_list():
            phrase = " ".join(word_forms(word, language)[0] for word in words(term))
            if phrase and phrase not in phrases:
                phrases.append(phrase)
        if len(phrases) > 1:
            rules.append(", ".join(phrases))
    return rules


class HubMappingMixin:
    """modelsearch's mapping plus the per-language fields, and the folded analyzers on the normalised fields."""

    def get_field_column_name(self, field):
        # The document and facet fields are methods of a mixin (search.engine.documents.SearchDocumentFields), which
        # modelsearch cannot prefix with a model's name; they mean the same on every model, so one unprefixed column
        # is right (and the search API's facets aggregate over one field for every item type).
        if isinstance(field, SearchField) and field.field_name in (*NORMALISED_FIELDS, SHARED_FIELD):
            return field.field_name
        if isinstance(field, FilterField) and field.field_name in documents.FACET_FIELDS.values():
            return field.field_name
        return super().get_field_column_name(field)

    def _clean_value(self, value):
        # django-countries' Country is not JSON; the country filter holds its ISO code, as the feed does.
        if isinstance(value, Country):
            return value.code
        return super()._clean_value(value)

    def get_field_mapping(self, field):
        name, mapping = super().get_field_mapping(field)
        if getattr(field, "field_name", None) in (*NORMALISED_FIELDS, SHARED_FIELD):
            mapping.update({"analyzer": "hub_folded", "search_analyzer": "hub_folded_search"})
        return name, mapping

    def carries_languages(self):
        return hasattr(self.model, "search_document")

    def get_mapping(self):
        mapping = super().get_mapping()
        if self.carries_languages():
            for language, analyzer in LANGUAGE_ANALYZERS.items():
                for part in LANGUAGE_PARTS:
                    mapping["properties"][language_field(part, language)] = {"type": "text", "analyzer": analyzer}
        return mapping

    def get_document(self, obj):
        document = super().get_document(obj)
        if self.carries_languages():
            language = documents.language_of(obj)
            if language in LANGUAGE_ANALYZERS:
                for part, raw_text in RAW_TEXT.items():
                    document[language_field(part, language)] = raw_text(obj)
        return document


class HubIndexMixin:
    """An index created with the current synonym sets in its ``hub_synonyms`` filter."""

    def put(self):
        body = deep_update(
            deepcopy(self.backend.settings),
            {"settings": {"analysis": {"filter": {SYNONYM_FILTER: {"synonyms": synonym_rules()}}}}},
        )
        self.create(body)

    def create(self, body):
        """Create the index with ``body`` (settings and mappings), as this engine's client takes it."""
        raise NotImplementedError


class HubSearchQueryCompilerMixin:
    """Plain-text queries match the language fields (fuzzily), every normalised word on the folded fields, or
    modelsearch's own query (for indexed models without language fields: images, home pages…); other query
    classes and ``fields=`` searches are compiled by modelsearch alone."""

    # modelsearch's own query (for models without language fields) keeps every word required; the language and
    # normalised queries require most of them, as on the embedded backend (search.engine.query.required_clauses), all
    # with an explicit operator "and" and any with "or".
    DEFAULT_OPERATOR = "and"

    def __init__(
        self,
        queryset,
        query,
        languages=None,
        include_shared=False,
        minimum_should_match=None,
        concepts=(),
        pinned=(),
        **kwargs,
    ):
        self.concepts = concepts
        self.pinned = pinned
        self.languages = [
            language
            for language in (languages or [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES])
            if language in LANGUAGE_ANALYZERS
        ]
        self.include_shared = include_shared
        self.minimum_should_match = minimum_should_match
        self.explicit_operator = kwargs.get("operator")
        super().__init__(queryset, query, **kwargs)

    def _required(self, count):
        """How many of ``count`` words must match, as the embedded backend counts them."""
        operator = (self.explicit_operator or "").lower()
        if operator == "or":
            return 1
        required = required_clauses(count, "and" if operator == "and" else "or")
        if self.minimum_should_match is not None:
            required = min(required, self.minimum_should_match)
        return max(required, 1)

    def get_inner_query(self):
        if self.fields or not isinstance(self.query, PlainText | Fuzzy):
            return super().get_inner_query()
        queries = [*self._language_queries(), super().get_inner_query()]
        if self.pinned:
            # The editors' promoted items (``pinned=``, primary keys) match whatever their text, scoring nothing of
            # their own; the queryset's filters (live, locale, type) still apply to them.
            pinned = {"terms": {"pk": [str(pk) for pk in self.pinned]}}
            queries.append({"constant_score": {"filter": pinned, "boost": 0}})
        return {"bool": {"should": queries, "minimum_should_match": 1}}

    def _language_queries(self):
        query_string = self.query.query_string
        # Each query word as its folded forms ("obec obci"), function words left out: any form may match, and
        # most words must (as on the embedded backend); only letters and digits reach the engine. A concept's
        # label in the query is one clause, which its other labels may also meet.
        clauses = parse_query(
            query_string,
            self.languages,
            concept_sets=self.concepts,
            expand_into=expansion_languages(self.languages, self.include_shared),
        )[:MAX_QUERY_WORDS]
        required = self._required(len(clauses))
        queries = []
        language_fields = [
            f"{language_field(part, language)}^{boost}"
            for language in self.languages
            for part, boost in LANGUAGE_PARTS.items()
        ]
        if language_fields:
            queries.append(
                {
                    "multi_match": {
                        "query": query_string,
                        "fields": language_fields,
                        # The language analyzers drop their own function words; the same count is asked of what
                        # remains, or all of it when fewer words remain.
                        "operator": "or",
                        "minimum_should_match": required,
                        "fuzziness": "AUTO",
                    }
                }
            )
        # The normalised fields keep their own names in every model's index (HubMappingMixin), so they are named
        # directly: asked through modelsearch's field lookup, a search of Page (the search API searches every item
        # type at once) would find them on no declared search field and leave them out, and with them synonyms,
        # transliteration and folded spellings.
        normalised_fields = [
            Field(name, boost).field_name_with_boost
            for name, boost in zip(NORMALISED_FIELDS, LANGUAGE_PARTS.values(), strict=True)
        ]
        if self.include_shared:
            normalised_fields.append(Field(SHARED_FIELD, 0.5).field_name_with_boost)
        if normalised_fields and clauses:
            word_queries = [self._clause_query(clause, normalised_fields) for clause in clauses]
            queries.append({"bool": {"should": word_queries, "minimum_should_match": required}})
        queries.extend(self._phrase_synonym_queries(query_string, normalised_fields))
        return queries

    @staticmethod
    def _clause_query(clause, fields):
        """One clause on the folded fields: its written words (each with typo tolerance), or the best of them and
        a concept's other labels, which weigh ``EXPANSION_WEIGHT`` (no typo tolerance: a label is spelt right)."""

        def alternative_query(alternative, fuzzy):
            word_queries = [
                {"multi_match": {"query": " ".join(sorted(word)), "fields": fields, **fuzzy}}
                for word in alternative.words
            ]
            return word_queries[0] if len(word_queries) == 1 else {"bool": {"must": word_queries}}

        written = [
            alternative_query(alternative, {"fuzziness": "AUTO"}) for alternative in clause if not alternative.expanded
        ]
        expanded = [alternative_query(alternative, {}) for alternative in clause if alternative.expanded]
        if not expanded and len(written) == 1:
            return written[0]
        queries = [*written]
        if expanded:
            queries.append({"dis_max": {"queries": expanded, "boost": EXPANSION_WEIGHT}})
        # The best of them, not their sum: an item holding the query's words and three of its labels does not
        # count the clause four times.
        return {"dis_max": {"queries": queries}}

    def _phrase_synonym_queries(self, query_string, normalised_fields):
        """The query's dictionary forms as one phrase per language, so that the synonym filter can see a
        multi-word synonym ("head of the municipality" → "mayor"), which the word-by-word match above never
        shows it whole. Single words already meet their synonyms there."""
        if len(words(query_string)) < 2:
            return []
        phrases = set()
        for language in self.languages:
            # Only letters and digits reach the engine, as for the words above.
            forms = [UNSAFE.sub("", word_forms(word, language)[0]) for word in words(query_string)[:MAX_QUERY_WORDS]]
            phrases.add(" ".join(form for form in forms if form))
        return [
            {
                "multi_match": {
                    "query": phrase,
                    "fields": normalised_fields,
                    "operator": "and",
                    "boost": SYNONYM_PHRASE_BOOST,
                }
            }
            for phrase in sorted(phrases)
            if " " in phrase
        ]


class HubAutocompleteQueryCompilerMixin:
    """modelsearch's autocomplete (edge n-grams of the AutocompleteFields), accepting the embedded backend's extra
    arguments so that callers work on either backend."""

    def __init__(self, queryset, query, languages=None, include_shared=False, concepts=(), **kwargs):
        super().__init__(queryset, query, **kwargs)


class HubSearchResultsMixin:
    def faceted_page(self, start, size, filters, facet_size):
        """``FacetedPage``: in one request, the matches ``start`` to ``start + size`` that pass ``filters``
        (``{facet: [value, …]}``, search.engine.documents.FACET_FIELDS), best first, promoted items (the compiler's
        ``pinned``) before them; how many matches pass the filters, exactly; and each facet's ``facet_size`` most
        frequent values (ties in alphabetical order) counted over the matches that pass the *other* filters.

        The query selects the matches, a ``post_filter`` narrows the hits to the filters, and each facet is a
        ``terms`` aggregation inside a ``filter`` aggregation holding the other facets' filters, which the engine
        counts over the query's matches (aggregations ignore the ``post_filter``). The engine returns only the page
        and the counts, instead of every match for the search API to count in Python (10,000 hits at most, so
        beyond that the counts were capped). Exact counts assume one shard, the index's default."""
        selected = {
            facet: {"terms": {documents.FACET_FIELDS[facet]: sorted(values)}}
            for facet, values in filters.items()
            if values
        }
        body = self._get_es_body()
        body["track_total_hits"] = True
        body["docvalue_fields"] = [documents.FACET_FIELDS["type"]]
        if selected:
            body["post_filter"] = {"bool": {"filter": list(selected.values())}}
        body["aggs"] = {
            facet: {
                "filter": {"bool": {"filter": [clause for other, clause in selected.items() if other != facet]}},
                "aggs": {"values": {"terms": {"field": field, "size": facet_size}}},
            }
            for facet, field in documents.FACET_FIELDS.items()
        }
        pinned = [str(pk) for pk in self.query_compiler.pinned]
        if pinned:
            # Promoted items first, in the editors' order, then by score; a promoted item that does not match the
            # text shows the best score of all matches, as on the embedded path (search.engine.backends.promoted_first).
            body["sort"] = [
                {
                    "_script": {
                        "type": "number",
                        "order": "asc",
                        "script": {
                            "lang": "painless",
                            "source": "params.rank.getOrDefault(doc['pk'].value, params.rank.size())",
                            "params": {"rank": {pk: rank for rank, pk in enumerate(pinned)}},
                        },
                    }
                },
                {"_score": {"order": "desc"}},
            ]
            body["track_scores"] = True
            body["aggs"]["best_score"] = {"max": {"script": {"source": "_score"}}}
        # Past the engine's result window (index.max_result_window) a page is empty, as the capped list left it.
        size = max(0, min(size, MAX_RANKED - start))
        response = self._backend_do_search(
            body,
            index=self.backend.get_index_for_model(self.query_compiler.queryset.model).name,
            _source=False,
            **{self.fields_param_name: "pk"},
            from_=start if size else 0,
            size=size,
        )
        aggregations = response["aggregations"]
        best_score = _as_hit_score((aggregations.get("best_score") or {}).get("value") or 0.0)
        to_pk = self.query_compiler.queryset.model._meta.pk.to_python
        ranked, labels = [], {}
        for hit in response["hits"]["hits"]:
            pk = to_pk(hit["fields"]["pk"][0])
            score = hit["_score"] or 0.0
            ranked.append((pk, best_score if pinned and hit["fields"]["pk"][0] in pinned and not score else score))
            labels[pk] = hit["fields"][documents.FACET_FIELDS["type"]][0]
        return FacetedPage(
            ranked=ranked,
            count=response["hits"]["total"]["value"],
            counts={
                facet: [(bucket["key"], bucket["doc_count"]) for bucket in aggregations[facet]["values"]["buckets"]]
                for facet in documents.FACET_FIELDS
            },
            model_labels=labels,
        )

    def ranked_all(self):
        """Every match as ``[(pk, score), …]``, best first, as the embedded backend gives them to the search API
        (search.knowledge_search aggregates its facets over them); at most ``MAX_RANKED``, Elasticsearch's
        default ``index.max_result_window``."""
        queryset = self.query_compiler.queryset
        page = self._backend_do_search(
            self._get_es_body(),
            index=self.backend.get_index_for_model(queryset.model).name,
            _source=False,
            **{self.fields_param_name: "pk"},
            size=MAX_RANKED,
        )
        to_pk = queryset.model._meta.pk.to_python
        return [(to_pk(hit["fields"]["pk"][0]), hit["_score"]) for hit in page["hits"]["hits"]]


def _as_hit_score(value):
    """A score computed as a double (an aggregation's) as the engine writes a hit's: the shortest decimal that reads
    back as the same 32-bit float, so that a promoted item shows the very score of the best match."""
    single = struct.pack("f", value)
    return next(
        candidate for digits in range(1, 10) if struct.pack("f", candidate := float(f"{value:.{digits}g}")) == single
    )


@dataclass
class FacetedPage:
    """One page of a search cluster's faceted answer (HubSearchResultsMixin.faceted_page)."""

    ranked: list  # [(pk, score), …] of the page, best first
    count: int  # matches passing the filters
    counts: dict  # {facet: [(value, count), …]}, most frequent first
    model_labels: dict  # {pk: "practices.goodpracticepage"} of the page's items


def cluster_settings(base_settings):
    """modelsearch's index settings for an engine (its n-gram analyzers for autocomplete) with ours merged in."""
    return deep_update(deepcopy(base_settings), LANGUAGE_ANALYSIS)
