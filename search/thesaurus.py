"""The concepts a practitioner's query is expanded with (issue 15), and what the results say was also searched.

Two sources make one list of concepts, each a tuple of ``(language, label)`` with each language's preferred label
first, as search.engine.query.parse_query takes them (``concept_sets``):

- the thesaurus of the participation domain (search.models.Concept), edited in the admin and seeded by migration
  0010 from search/data/concepts.json;
- the taxonomy: the translations of one theme, method or target group (one ``translation_key``) are one concept,
  so "youth" also finds the Czech items of the theme "mládež".

Reading and grouping them took 6–7 ms of every search at 10,000 items (docs/performance.md), so each process keeps
the concepts of the latest content generation (search.kept; the token is one query by primary key):
every write to a concept, a label or a taxonomy term replaces that token in the same transaction, so an editor's
change applies to the next query, and a cached list is never one of an older state. Before the first write has
given the content a token, they are read every time. The search engine never reads them itself; the knowledge-base
search hands them down (search.knowledge_search).
"""

from itertools import groupby

from practices.models import Method, TargetGroup, Theme
from search.engine.query import literal
from search.kept import per_content_generation
from search.models import ConceptLabel

TAXONOMY_CONCEPTS = (Theme, Method, TargetGroup)


@per_content_generation
def concept_sets():
    """Every concept as ``(("en", "time bank"), ("en", "community exchange"), ("cs", "časová banka"), …)``."""
    labels = ConceptLabel.objects.order_by("concept_id", "sort_order", "pk").values_list(
        "concept_id", "language", "text"
    )
    concepts = [
        tuple((language, text) for _concept, language, text in rows)
        for _concept, rows in groupby(labels, key=lambda row: row[0])
    ]
    # One query for the three taxonomies, each term's translations grouped by the key they share.
    first, *others = (
        model.objects.order_by().values_list("translation_key", "locale__language_code", "name")
        for model in TAXONOMY_CONCEPTS
    )
    names = sorted(first.union(*others, all=True), key=lambda row: (str(row[0]), row[1] != "en", row[1]))
    for _key, rows in groupby(names, key=lambda row: row[0]):
        concept = tuple((language, name) for _key, language, name in rows)
        # A term named in one language only expands nothing.
        if len({name.lower() for _language, name in concept}) > 1:
            concepts.append(concept)
    return tuple(concepts)


def also_searched(clauses, languages):
    """The labels a query was expanded with, as the results show them: ``["mini-public", "deliberative panel"]``.

    Those in the query's ``languages`` come first; a concept with no other label in them is shown by its preferred
    label in each other language it has. Labels that the query or a synonym already holds are not repeated."""
    shown = []
    for clause in clauses:
        written = {alternative.words for alternative in literal(clause)}
        expansions = [
            alternative for alternative in clause if alternative.expanded and alternative.words not in written
        ]
        own = [alternative.label for alternative in expansions if alternative.language in languages]
        if not own:
            first = {}
            for alternative in expansions:
                first.setdefault(alternative.language, alternative.label)
            own = list(first.values())
        for label in own:
            if label.lower() not in {shown_label.lower() for shown_label in shown}:
                shown.append(label)
    return shown
