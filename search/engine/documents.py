"""What search finds an item by: the text of each knowledge-base item and organisation, in weighted fields.

One document per object, the same for every backend: the embedded backend (search.engine.backends.embedded) stores these
fields as the columns of its full-text index, and Elasticsearch receives them through the models' ``search_fields``
(``index.SearchField("search_normalised_title", boost=…)``). Each field holds the language-normalised text
(search.engine.text.normalise, in the item's own language), which contains every word's dictionary form and its written
form folded to ASCII, so a raw field is not needed beside it on the embedded backend.

Fields, from the heaviest:

- ``title``: the page title or the organisation's name;
- ``summary``: the summary and the names of the item's taxonomy terms in its language;
- ``body``: StreamField text, lessons learned, outcomes, municipality and region, organisations, material document
  titles, video transcript, chapters and speakers;
- ``shared``: what makes the item findable from other languages when searching across all of them: its English
  translation's title and summary and its taxonomy terms' names in every language.
"""

from wagtail.models import Locale
from wagtail.search import index

from search.engine import text

FIELDS = ("title", "summary", "body", "shared")
# Relations holding taxonomy terms, named as on the page models.
TAXONOMY_RELATIONS = ("themes", "target_groups", "methods")
# What the search API filters by and counts as facets, one keyword field each in a search cluster's index
# (search.facets reads the same values from the database for the embedded backend): the item's model as its label
# ("practices.goodpracticepage"), its country code and its taxonomy terms' slugs. Named by the API's facets.
FACET_FIELDS = {facet: f"search_facet_{facet}" for facet in ("type", "country", "theme", "target_group", "method")}
ENGLISH = "en"
APOSTROPHES = str.maketrans("", "", "'’")
_LOCALE_CODES = {}


def normalise(text_, language):
    """search.engine.text.normalise without apostrophes: the index keeps "don't" as one word, "dont", as queries do."""
    return text.normalise(text_, language).translate(APOSTROPHES)


def language_of(obj):
    """The language an object is written in: its locale's code, or English for objects without a locale."""
    locale_id = getattr(obj, "locale_id", None)
    if locale_id is None:
        return ENGLISH
    if locale_id not in _LOCALE_CODES:
        # Locales are few and never renumbered: read them all once, again only when a new one appears.
        _LOCALE_CODES.update(Locale.objects.values_list("pk", "language_code"))
    return _LOCALE_CODES.get(locale_id, ENGLISH)


def _stream_text(obj, field_name):
    """The searchable text of a StreamField, as Wagtail's own search indexing extracts it."""
    field = obj._meta.get_field(field_name)
    return " ".join(str(text) for text in field.get_searchable_content(getattr(obj, field_name)))


def _terms(obj):
    return [term for relation in TAXONOMY_RELATIONS if hasattr(obj, relation) for term in getattr(obj, relation).all()]


def _organisation_names(obj):
    names = []
    for relation in ("lead_organisation", "authoring_organisation"):
        organisation = getattr(obj, relation, None)
        if organisation is not None:
            names.append(organisation.name)
    if hasattr(obj, "partners"):
        names.extend(partner.organisation.name for partner in obj.partners.all())
    return names


def raw_title(obj):
    return getattr(obj, "title", None) or getattr(obj, "name", "")


def raw_summary(obj):
    return " ".join([getattr(obj, "summary", ""), *(term.name for term in _terms(obj))])


def raw_body(obj):
    """The item's longer text, in reading order; also what search snippets are cut from."""
    parts = []
    for name in ("body", "outcomes", "chapters", "speakers"):
        if hasattr(obj, name):
            parts.append(_stream_text(obj, name))
    if hasattr(obj, "documents"):
        # A material's documents are chosen, not typed: their titles live on the Document, not in the block.
        parts.extend(block.value["document"].title for block in obj.documents if block.value.get("document"))
    for name in ("lessons_learned", "transcript", "municipality", "region", "city"):
        parts.append(getattr(obj, name, "") or "")
    parts.extend(_organisation_names(obj))
    return " ".join(part for part in parts if part)


def snippet_text(obj):
    """What a search result's snippet is cut from: the summary and the item's own prose, read without queries."""
    parts = [getattr(obj, "summary", "")]
    if hasattr(obj, "body"):
        parts.append(_stream_text(obj, "body"))
    parts.extend(getattr(obj, name, "") or "" for name in ("lessons_learned", "transcript"))
    return " ".join(part for part in parts if part)


def shared_text(obj):
    """Normalised text that links the item to other languages (see the module docstring)."""
    texts = []
    terms = _terms(obj)
    if terms:
        term_models = {type(term) for term in terms}
        for model in term_models:
            slugs = [term.slug for term in terms if isinstance(term, model)]
            for name, language in model.objects.filter(slug__in=slugs).values_list("name", "locale__language_code"):
                texts.append(normalise(name, language))
    if language_of(obj) != ENGLISH and getattr(obj, "translation_key", None) is not None:
        english = (
            type(obj)
            .objects.filter(translation_key=obj.translation_key, locale__language_code=ENGLISH)
            .values_list("title", "summary")
            .first()
            if hasattr(obj, "summary")
            else None
        )
        if english is not None:
            texts.append(normalise(" ".join(english), ENGLISH))
    return " ".join(texts)


def search_document(obj):
    """The normalised fields of one object, ``{"title": …, "summary": …, "body": …, "shared": …}``."""
    language = language_of(obj)
    return {
        "title": normalise(raw_title(obj), language),
        "summary": normalise(raw_summary(obj), language),
        "body": normalise(raw_body(obj), language),
        "shared": shared_text(obj),
    }


# The document as modelsearch search fields, for the models' ``search_fields`` (Elasticsearch indexes these).
SEARCH_DOCUMENT_FIELDS = [
    index.SearchField("search_normalised_title", boost=5),
    index.SearchField("search_normalised_summary", boost=2),
    index.SearchField("search_normalised_body"),
    index.SearchField("search_shared_text", boost=0.5),
]
# The facet values as filter fields, for the items' ``search_fields`` (a search cluster filters and aggregates them).
FACET_FILTER_FIELDS = [index.FilterField(name) for name in FACET_FIELDS.values()]


class SearchDocumentFields:
    """Mixin for indexed models: the document's fields as callables that ``index.SearchField`` can name, so that
    every backend indexes the same text."""

    def search_normalised_title(self):
        return normalise(raw_title(self), language_of(self))

    def search_normalised_summary(self):
        return normalise(raw_summary(self), language_of(self))

    def search_normalised_body(self):
        return normalise(raw_body(self), language_of(self))

    def search_shared_text(self):
        return shared_text(self)

    def search_document(self):
        return search_document(self)

    def search_facet_type(self):
        return self._meta.label_lower

    def search_facet_country(self):
        country = getattr(self, "country", "")
        return [str(country)] if country else []

    def search_facet_theme(self):
        return _slugs(self, "themes")

    def search_facet_target_group(self):
        return _slugs(self, "target_groups")

    def search_facet_method(self):
        return _slugs(self, "methods")


def _slugs(obj, relation):
    return [term.slug for term in getattr(obj, relation).all()] if hasattr(obj, relation) else []
