"""The embedded search backend: full-text search inside the database, fast at 100,000 items, in five languages.

Selected with ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.engine.backends.embedded"}}``. It plugs
into modelsearch's backend interface, so ``Page.objects.search()``, ``GoodPracticePage.objects.live().filter(locale=…)
.search(q)``, ``.autocomplete(q)`` and ``update_index`` work as with any Wagtail backend.

- Indexing stores each object's normalised document (search.engine.documents) as one ``SearchDocument`` row; the
  vendor's full-text index over it is maintained by the database itself (migration 0002).
- Searching parses the query into normalised alternatives plus synonyms (search.engine.query,
  search.engine.synonyms) and lets the engine (search.engine.backends.engines: SQLite FTS5 or PostgreSQL) match,
  rank and cut one page in one statement.
  The caller's queryset is applied inside that statement as the set of allowed primary keys, so any filter works.

Extra keyword arguments of ``search()``/``autocomplete()``: ``languages`` (the languages the query may be written
in; default: all content languages), ``include_shared`` (also match the cross-language field, for searches
over every locale), ``minimum_should_match`` (at most this many clauses required: a relaxed query) and
``concepts`` (the thesaurus's concepts to expand the query with, search.engine.query.parse_query's ``concept_sets``).
"""

from functools import cached_property

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import NotSupportedError, connections, router, transaction
from django.utils.encoding import force_str
from modelsearch.backends.base import (
    BaseIndex,
    BaseSearchBackend,
    BaseSearchQueryCompiler,
    BaseSearchResults,
    get_model_root,
)
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.query import MatchAll, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from search.engine import documents, synonyms
from search.engine import query as search_query
from search.engine.backends.engines import ENGINES
from search.engine.backends.options import CompilerOptionsMixin
from search.models import SearchDocument

BULK_SIZE = 500
LOCAL_FIELDS = ("title", "summary", "body")


def document_of(obj):
    """The document of any indexed object: our models say it themselves (search.engine.documents); for others (images,
    Wagtail documents…) the text of their search fields, names and titles weighing as titles."""
    if hasattr(obj, "search_document"):
        return obj.search_document()
    language = documents.language_of(obj)
    title, body = [], []
    for field, value in _search_values(obj, obj.get_search_fields()):
        (title if field.field_name in ("title", "name") else body).append(value)
    return {
        "title": documents.normalise(" ".join(title), language),
        "summary": "",
        "body": documents.normalise(" ".join(body), language),
        "shared": "",
    }


def _search_values(obj, search_fields):
    for field in search_fields:
        if isinstance(field, SearchField | AutocompleteField):
            value = field.get_value(obj)
            if value:
                yield field, force_str(value)
        elif isinstance(field, RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            related_objects = related.all() if hasattr(related, "all") else [related]
            for related_object in related_objects:
                yield from _search_values(related_object, field.fields)


class EmbeddedIndex(BaseIndex):
    """The single index of the backend: the ``SearchDocument`` table."""

    def __init__(self, backend):
        super().__init__(backend)
        self.write_connection = connections[router.db_for_write(SearchDocument)]

    def add_items(self, model, items):
        rows = []
        for obj in items:
            document = document_of(obj)
            rows.append(
                SearchDocument(
                    content_type_id=ContentType.objects.get_for_model(obj).pk,
                    object_id=obj.pk,
                    language=documents.language_of(obj),
                    **document,
                )
            )
        if not rows:
            return
        content_type_ids = get_descendants_content_types_pks(get_model_root(model))
        with transaction.atomic(using=self.write_connection.alias):
            # Delete then insert rather than update: the vendor's index follows row inserts and deletes.
            SearchDocument.objects.filter(
                content_type_id__in=content_type_ids, object_id__in=[row.object_id for row in rows]
            ).delete()
            SearchDocument.objects.bulk_create(rows, batch_size=BULK_SIZE)

    def delete_item(self, item):
        content_type_ids = get_descendants_content_types_pks(get_model_root(type(item)))
        SearchDocument.objects.filter(content_type_id__in=content_type_ids, object_id=item.pk).delete()

    def reset(self):
        SearchDocument.objects.all().delete()


class EmbeddedRebuilder:
    """``update_index``: empty the index in the rebuild's transaction, so searches see the old index until the new
    one commits."""

    def __init__(self, index):
        self.index = index
        self.transaction = transaction.atomic(using=index.write_connection.alias)

    def start(self):
        self.transaction.__enter__()
        self.index.reset()
        return self.index

    def finish(self):
        self.transaction.__exit__(None, None, None)


class EmbeddedSearchQueryCompiler(BaseSearchQueryCompiler):
    """Turns a ``.search()`` call into clauses and runs them through the vendor's engine."""

    # Most of the words, not all of them (search.engine.query.required_clauses); "and" asks for every word.
    DEFAULT_OPERATOR = "or"
    prefix_last = True
    default_fields = None

    def __init__(
        self, queryset, query, languages=None, include_shared=False, minimum_should_match=None, concepts=(), **kwargs
    ):
        super().__init__(queryset, query, **kwargs)
        self.operator = kwargs.get("operator")
        self.languages = languages or [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
        self.include_shared = include_shared
        self.minimum_should_match = minimum_should_match
        self.concepts = concepts

    def check(self):
        """Any queryset filter works here (it runs in the database), so no FilterField check is needed."""

    @cached_property
    def query_text(self):
        if isinstance(self.query, PlainText | Phrase):
            return self.query.query_string
        if isinstance(self.query, MatchAll):
            return None
        if isinstance(self.query, str):
            return self.query
        raise NotImplementedError(f"The embedded search backend does not support {type(self.query).__name__}.")

    @cached_property
    def required(self):
        """How many clauses an item must match: most of them (search.engine.query.required_clauses); any one with an
        explicit ``operator="or"`` (modelsearch's meaning), all with ``"and"``; at most ``minimum_should_match``
        when the caller relaxes the query."""
        operator = (self.operator or getattr(self.query, "operator", None) or self.DEFAULT_OPERATOR).lower()
        if self.operator and self.operator.lower() == "or":
            required = 1
        else:
            required = search_query.required_clauses(len(self.clauses), operator)
        if self.minimum_should_match is not None:
            required = min(required, self.minimum_should_match)
        return required

    @cached_property
    def clauses(self):
        return search_query.parse_query(
            self.query_text,
            self.languages,
            synonyms.synonym_sets(self.languages),
            prefix_last=self.prefix_last,
            concept_sets=self.concepts,
            expand_into=search_query.expansion_languages(self.languages, self.include_shared),
        )

    @cached_property
    def fields_to_match(self):
        if self.fields:
            return [name for name in documents.FIELDS if name in self.fields] or list(LOCAL_FIELDS)
        if self.default_fields:
            return list(self.default_fields)
        return None if self.include_shared else list(LOCAL_FIELDS)

    def _engine_arguments(self):
        queryset = self.queryset.order_by()
        restriction = queryset.values("pk").query.get_compiler(queryset.db).as_sql()
        content_type_ids = get_descendants_content_types_pks(self.queryset.model)
        return self.clauses, self.required, content_type_ids, restriction, self.fields_to_match

    def engine(self):
        connection = connections[self.queryset.db]
        try:
            return ENGINES[connection.vendor](connection)
        except KeyError:
            raise NotSupportedError(
                f"The embedded search backend supports SQLite and PostgreSQL, not {connection.vendor}."
            ) from None

    def ranked(self, start=0, stop=None):
        """``[(pk, score), …]`` of the matching objects, best first, from ``start`` to ``stop``."""
        if not self.clauses:
            return []
        limit = None if stop is None else max(stop - start, 0)
        return self.engine().ranked(*self._engine_arguments(), limit=limit, offset=start)

    def count(self):
        if not self.clauses:
            return 0
        return self.engine().count(*self._engine_arguments())


class EmbeddedAutocompleteQueryCompiler(EmbeddedSearchQueryCompiler):
    """Autocomplete matches titles holding every word typed, the last word as a prefix."""

    DEFAULT_OPERATOR = "and"
    default_fields = ("title",)


class EmbeddedSearchResults(BaseSearchResults):
    """Results in relevance order (or the queryset's own order with ``order_by_relevance=False``)."""

    def _do_search(self):
        compiler = self.query_compiler
        if compiler.query_text is None:
            return list(compiler.queryset[self.start : self.stop])
        if not compiler.order_by_relevance:
            return self._in_queryset_order()
        ranked = compiler.ranked(self.start, self.stop)
        scores = dict(ranked)
        objects = compiler.queryset.filter(pk__in=scores).in_bulk()
        results = [objects[pk] for pk, _score in ranked if pk in objects]
        if self._score_field:
            for obj in results:
                setattr(obj, self._score_field, scores[obj.pk])
        return results

    def _in_queryset_order(self):
        compiler = self.query_compiler
        matching = [pk for pk, _score in compiler.ranked()]
        queryset = compiler.queryset.filter(pk__in=matching)
        if not queryset.query.order_by:
            queryset = queryset.order_by("-pk")
        return list(queryset[self.start : self.stop])

    def _do_count(self):
        compiler = self.query_compiler
        if compiler.query_text is None:
            return compiler.queryset[self.start : self.stop].count()
        count = compiler.count() - self.start
        if self.stop is not None:
            count = min(count, self.stop - self.start)
        return max(count, 0)

    def ranked_all(self):
        """Every match as ``[(pk, score), …]``, best first: what the search API aggregates facets over."""
        return self.query_compiler.ranked()


class EmbeddedSearchBackend(CompilerOptionsMixin, BaseSearchBackend):
    query_compiler_class = EmbeddedSearchQueryCompiler
    autocomplete_query_compiler_class = EmbeddedAutocompleteQueryCompiler
    index_class = EmbeddedIndex
    results_class = EmbeddedSearchResults
    rebuilder_class = EmbeddedRebuilder


SearchBackend = EmbeddedSearchBackend
