"""Search result snippets: a short passage of the item with the words that matched the query marked.

A word is marked when one of its normalised forms is one the query matched (search.engine.query.all_forms), so
"obcí" is marked for the query "obec" and "mládeže" for "mladez", as the index matched them.

Only the words up to the first match and the passage shown are normalised: at 10,000 items, normalising every
word of every result's text was a fifth of the search API's time (docs/performance.md, search).
"""

from functools import lru_cache

from django.utils.html import escape

from search.engine.query import safe_forms
from search.engine.text import WORD, word_forms

WORDS_BEFORE = 8
SNIPPET_WORDS = 30


def highlight(text, language, forms, prefixes):
    """About ``SNIPPET_WORDS`` words of ``text`` around the first match, HTML-escaped, matches in ``<mark>``."""
    tokens = list(WORD.finditer(text or ""))
    if not tokens:
        return ""
    prefixes = tuple(prefixes)
    first = next(
        (index for index, token in enumerate(tokens) if _matches(token.group().lower(), language, forms, prefixes)),
        0,
    )
    start = max(first - WORDS_BEFORE, 0)
    end = min(start + SNIPPET_WORDS, len(tokens))
    parts = ["…"] if start else []
    position = tokens[start].start()
    # The text between two marked words is escaped in one piece: escaping word by word cost more than the rest.
    for token in tokens[start:end]:
        if _matches(token.group().lower(), language, forms, prefixes):
            parts.append(escape(text[position : token.start()]))
            parts.append(f"<mark>{escape(token.group())}</mark>")
            position = token.end()
    if end < len(tokens):
        parts.extend([escape(text[position : tokens[end - 1].end()]), " …"])
    else:
        parts.append(escape(text[position:]))
    return "".join(parts).strip()


@lru_cache(maxsize=262_144)
def _variants(word, language):
    """The index forms of one written word; cached, as the same words recur in every result's text."""
    return safe_forms(word_forms(word, language))


def _matches(word, language, forms, prefixes):
    """Whether a written word is one the query matched; ``prefixes`` is a tuple (str.startswith takes it whole)."""
    word_variants = _variants(word, language)
    if word_variants & forms:
        return True
    return any(variant.startswith(prefixes) for variant in word_variants)
