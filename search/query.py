"""A practitioner's query, as the embedded backend matches it: normalised words, synonyms, and safe match syntax.

A query becomes a list of clauses that must all match (or any, with ``operator="or"``). A clause is a list of
alternatives, any of which may match; an alternative is a sequence of words that must all appear, and each word is
a set of folded forms (search.text.query_terms). A plain word is one clause with one single-word alternative; a
synonym set found in the query replaces the words it covers with one clause holding each synonym as an
alternative. The last word of a query may be matched as a prefix (autocomplete, and a word still being typed).

The query text is never handed to FTS5 or tsquery: only forms made of letters and digits are, each quoted, so
operators, quotes, control characters and very long queries cannot change the match syntax.
"""

import re
from dataclasses import dataclass

from search.text import query_terms

# The words of a query beyond this are ignored: a query of 2,000 characters stays one cheap match.
MAX_QUERY_WORDS = 24
UNSAFE = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Alternative:
    """Words that must all appear; each word is a frozenset of its folded forms."""

    words: tuple
    prefix: bool = False


def safe_forms(forms):
    """Forms reduced to letters and digits (apostrophes dropped, as the index drops them), without empties."""
    return frozenset(form for form in (UNSAFE.sub("", form) for form in forms) if form)


def parse_query(text, languages, synonym_sets=(), prefix_last=False):
    """The clauses of ``text`` (see the module docstring). ``synonym_sets`` are lists of synonym phrases in the
    query's languages."""
    words = [forms for forms in (safe_forms(forms) for forms in query_terms(text, languages)) if forms]
    words = words[:MAX_QUERY_WORDS]
    phrases = [
        [[safe_forms(forms) for forms in query_terms(term, languages)] for term in synonyms]
        for synonyms in synonym_sets
    ]
    clauses = []
    position = 0
    while position < len(words):
        match = _synonyms_at(words, position, phrases)
        if match is None:
            is_last = position == len(words) - 1
            clauses.append([Alternative((words[position],), prefix=prefix_last and is_last)])
            position += 1
        else:
            length, synonyms = match
            clauses.append([Alternative(tuple(phrase)) for phrase in synonyms if phrase])
            position += length
    return clauses


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
    joiner = " OR " if operator == "or" else " AND "
    expression = joiner.join(_fts5_clause(clause) for clause in clauses)
    if columns:
        return "{" + " ".join(columns) + "} : (" + expression + ")"
    return expression


def _fts5_clause(clause):
    return "(" + " OR ".join(_fts5_alternative(alternative) for alternative in clause) + ")"


def _fts5_alternative(alternative):
    star = "*" if alternative.prefix else ""
    return (
        "("
        + " AND ".join(
            "(" + " OR ".join(f'"{form}"{star}' for form in sorted(word)) + ")" for word in alternative.words
        )
        + ")"
    )


def tsquery_expression(clauses, operator="and", weights="ABCD"):
    """A PostgreSQL tsquery: ``('obec':ABC | 'obci':ABC) & ('mlad':*ABC)``, weights restricting the fields."""
    joiner = " | " if operator == "or" else " & "
    return joiner.join(_tsquery_clause(clause, weights) for clause in clauses)


def _tsquery_clause(clause, weights):
    return "(" + " | ".join(_tsquery_alternative(alternative, weights) for alternative in clause) + ")"


def _tsquery_alternative(alternative, weights):
    star = "*" if alternative.prefix else ""
    return (
        "("
        + " & ".join(
            "(" + " | ".join(f"'{form}':{star}{weights}" for form in sorted(word)) + ")" for word in alternative.words
        )
        + ")"
    )
