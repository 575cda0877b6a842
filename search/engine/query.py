"""A practitioner's query, as the embedded backend matches it: normalised words, synonyms, and safe match syntax.

A query becomes a list of clauses, of which an item must match ``required_clauses`` (all of them with
``operator="and"``; with ``"or"``, a share that falls as the query grows, so that a sentence typed in a
practitioner's own words finds the items holding most of it, issue 15). Function words (search.engine.stop_words) are
left out of the clauses unless the query holds nothing else. A clause is a list of
alternatives, any of which may match; an alternative is a sequence of words that must all appear, and each word is
a set of folded forms (search.engine.text.query_terms). A plain word is one clause with one single-word alternative; a
synonym set found in the query replaces the words it covers with one clause holding each synonym as an
alternative. The last word of a query may be matched as a prefix (autocomplete, and a word still being typed).

The query text is never handed to FTS5 or tsquery: only forms made of letters and digits are, each quoted, so
operators, quotes, control characters and very long queries cannot change the match syntax.
"""

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from search.engine.stop_words import is_stop_word
from search.engine.text import query_terms, words

# The words of a query beyond this are ignored: a query of 2,000 characters stays one cheap match.
MAX_QUERY_WORDS = 24
UNSAFE = re.compile(r"[\W_]+")
# The share of a query's clauses an item must match with operator "or": every one up to two, then 75% up to five
# and 60% beyond (issue 15's starting point, kept after measuring on the dev half of the evaluation set).
ALL_UP_TO = 2
SHARE_UP_TO_FIVE = 0.75
SHARE_BEYOND = 0.6
# What a clause matched only through a concept's other labels counts, beside 1 for its own words.
EXPANSION_WEIGHT = 0.5


def required_clauses(count, operator="or"):
    """How many of ``count`` clauses an item must match: all of them with ``operator="and"``."""
    if operator == "and" or count <= ALL_UP_TO:
        return count
    share = SHARE_UP_TO_FIVE if count <= 5 else SHARE_BEYOND
    # Rounded down, as Elasticsearch's "75%" is: three words need two.
    return max(1, math.floor(share * count))


@dataclass(frozen=True)
class Alternative:
    """Words that must all appear; each word is a frozenset of its folded forms. An ``expanded`` alternative is a
    concept's label (``label``, in ``language``) that the query did not write."""

    words: tuple
    prefix: bool = False
    expanded: bool = False
    label: str = field(default="", compare=False)
    language: str = field(default="", compare=False)


def literal(clause):
    """The alternatives of a clause that the query wrote (or its synonyms), without a concept's expansions."""
    return [alternative for alternative in clause if not alternative.expanded]


def is_expanded(clause):
    return any(alternative.expanded for alternative in clause)


def safe_forms(forms):
    """Forms reduced to letters and digits (apostrophes dropped, as the index drops them), without empties."""
    return frozenset(form for form in (UNSAFE.sub("", form) for form in forms) if form)


def expansion_languages(languages, include_shared):
    """The languages whose labels a concept adds (``parse_query``'s ``expand_into``): those searched, or all of them
    when the search also matches every item's shared field (its English translation and taxonomy)."""
    return None if include_shared else list(languages)


def parse_query(text, languages, synonym_sets=(), prefix_last=False, concept_sets=(), expand_into=None):
    """The clauses of ``text`` (see the module docstring). ``synonym_sets`` are lists of synonym phrases in the
    query's languages; ``concept_sets`` are tuples of ``(language, label)`` in any language. A concept is found by
    its label in any language, and adds its labels in ``expand_into`` (the languages of the documents searched; all
    when None): a Czech item is indexed in Czech, so the Norwegian labels of a concept cannot meet it and would only
    make the match slower (a search at 10,000 items took p50 67 ms with them, 49 ms without; docs/performance.md)."""
    query_words = content_words(text, languages)[:MAX_QUERY_WORDS]
    phrases = [[content_words(term, languages) for term in synonyms] for synonyms in synonym_sets]
    concepts, starts = _concept_index(tuple(concept_sets), tuple(languages))
    clauses = []
    position = 0
    while position < len(query_words):
        match = _synonyms_at(query_words, position, phrases)
        concept_length, found = _concepts_at(query_words, position, concepts, starts)
        if match is not None and match[0] >= concept_length:
            length, synonyms = match
            clause = [Alternative(tuple(phrase)) for phrase in synonyms if phrase]
            same = found if concept_length == length else []
            spanned = [_with_expansions(clause, same, query_words[position : position + length], expand_into)]
        else:
            # Each word of a concept's label stays a clause of its own, so that the query requires as many of
            # its words as without the thesaurus; each also matches any other label of the concept.
            length = max(concept_length, 1)
            spanned = []
            for offset in range(length):
                is_last = position + offset == len(query_words) - 1
                clause = [Alternative((query_words[position + offset],), prefix=prefix_last and is_last)]
                spanned.append(_with_expansions(clause, found, query_words[position : position + length], expand_into))
        clauses.extend(spanned)
        position += length
    return clauses


def _with_expansions(clause, found, written, expand_into):
    """``clause`` and, after it, the labels of the ``found`` concepts in the languages ``expand_into`` (all when
    None) but the one the query ``written`` holds."""
    seen = {alternative.words for alternative in clause}
    expanded = list(clause)
    for concept in found:
        for language, label, phrase in concept:
            if expand_into is not None and language not in expand_into:
                continue
            is_written = len(phrase) == len(written) and all(map(frozenset.intersection, phrase, written))
            if phrase and not is_written and tuple(phrase) not in seen:
                seen.add(tuple(phrase))
                expanded.append(Alternative(tuple(phrase), expanded=True, label=label, language=language))
    return expanded


@lru_cache(maxsize=65_536)
def _label_phrase(label, language, languages):
    """A label's words as folded forms: in its own language (as the items in that language are indexed) and in
    the query's (so that the query's words meet it)."""
    return tuple(content_words(label, [language, *languages]))


@lru_cache(maxsize=16)
def _concept_index(concept_sets, languages):
    """The concepts' labels as phrases, and the concepts each first form may start: built once for the same
    concepts and languages (a search parses its query two or three times; an edit makes new ``concept_sets``)."""
    concepts = [_concept_phrases(concept, languages) for concept in concept_sets]
    return concepts, _by_first_form(concepts)


def _concept_phrases(concept, languages):
    return [(language, label, _label_phrase(label, language, languages)) for language, label in concept]


def _by_first_form(concepts):
    """``{form: {index of a concept, …}}`` for every form of each label's first word: the concepts a query word
    may start, so that a query looks at a handful of the thousands of labels."""
    starts = {}
    for index, concept in enumerate(concepts):
        for _language, _label, phrase in concept:
            for form in phrase[0] if phrase else ():
                starts.setdefault(form, set()).add(index)
    return starts


def _concepts_at(words, position, concepts, starts):
    """``(length, [concept, …])``: the concepts with the longest label found at ``position``, or ``(0, [])``."""
    best, found = 0, []
    candidates = sorted(set().union(*(starts.get(form, ()) for form in words[position])))
    for concept in (concepts[index] for index in candidates):
        length = max(
            (
                len(phrase)
                for _language, _label, phrase in concept
                if phrase
                and position + len(phrase) <= len(words)
                and all(words[position + offset] & phrase[offset] for offset in range(len(phrase)))
            ),
            default=0,
        )
        if length > best:
            best, found = length, [concept]
        elif length and length == best:
            found.append(concept)
    return best, found


def content_words(text, languages):
    """The folded forms of each word of ``text`` but its function words; all of its words when it has nothing
    else ("to be or not to be" still searches for something)."""
    written = words(text or "")
    terms = query_terms(text, languages)
    content = [forms for word, forms in zip(written, terms, strict=True) if not is_stop_word(word, languages)]
    return [forms for forms in map(safe_forms, content or terms) if forms]


def _synonyms_at(words, position, phrases):
    """The longest synonym phrase starting at ``position``: (its length in words, its set), or None."""
    best = None
    for synonyms in phrases:
        for phrase in synonyms:
            length = len(phrase)
            if not length or position + length > len(words) or (best and best[0] >= length):
                continue
            if all(words[position + offset] & phrase[offset] for offset in range(length)):
                best = (length, synonyms)
    return best


def distinct_alternatives(clauses):
    """The alternatives of all ``clauses`` as one clause, each once: what matches any of them. A concept's labels
    recur in the clause of each word of its label, and a ranking function counts a repeated phrase again."""
    distinct = {}
    for clause in clauses:
        for alternative in clause:
            distinct.setdefault((alternative.words, alternative.prefix), alternative)
    return list(distinct.values())


def all_forms(clauses):
    """Every form a query matches, and the forms matched as prefixes: what a snippet highlights."""
    forms, prefixes = set(), set()
    for clause in clauses:
        for alternative in clause:
            for word in alternative.words:
                (prefixes if alternative.prefix else forms).update(word)
    return forms, prefixes


def fts5_expression(clauses, operator="and", columns=None):
    """An FTS5 MATCH expression: ``{title summary body} : (("obec" OR "obci") AND ("mlad"*))``."""
    expression = _boolean_expression(clauses, operator, " AND ", " OR ", lambda form, star: f'"{form}"{star}')
    if columns:
        return "{" + " ".join(columns) + "} : (" + expression + ")"
    return expression


def tsquery_expression(clauses, operator="and", weights="ABCD"):
    """A PostgreSQL tsquery: ``('obec':ABC | 'obci':ABC) & ('mlad':*ABC)``, weights restricting the fields."""
    return _boolean_expression(clauses, operator, " & ", " | ", lambda form, star: f"'{form}':{star}{weights}")


def _boolean_expression(clauses, operator, conjunction, disjunction, term):
    """``clauses`` in a query language's syntax (FTS5 and tsquery differ only in their operators and terms): the
    clauses joined by ``operator``, each an OR of its alternatives, each alternative an AND of its words, each word
    an OR of its forms, each form written by ``term(form, star)`` (``star`` is ``"*"`` for a prefix, else empty)."""

    def group(parts, joiner):
        return "(" + joiner.join(parts) + ")"

    def alternative(alt):
        star = "*" if alt.prefix else ""
        words = (group((term(form, star) for form in sorted(word)), disjunction) for word in alt.words)
        return group(words, conjunction)

    joiner = disjunction if operator == "or" else conjunction
    return joiner.join(group((alternative(alt) for alt in clause), disjunction) for clause in clauses)
