"""Search result snippets: a short passage of the item with the words that matched the query marked.

A word is marked when one of its normalised forms is one the query matched (search.query.all_forms), so
"obcí" is marked for the query "obec" and "mládeže" for "mladez", as the index matched them.
"""

from django.utils.html import escape

from search.query import safe_forms
from search.text import WORD, word_forms

WORDS_BEFORE = 8
SNIPPET_WORDS = 30


def highlight(text, language, forms, prefixes):
    """About ``SNIPPET_WORDS`` words of ``text`` around the first match, HTML-escaped, matches in ``<mark>``."""
    tokens = list(WORD.finditer(text or ""))
    if not tokens:
        return ""
    matched = [_matches(token.group().lower(), language, forms, prefixes) for token in tokens]
    first = matched.index(True) if True in matched else 0
    start = max(first - WORDS_BEFORE, 0)
    end = min(start + SNIPPET_WORDS, len(tokens))
    parts = ["…"] if start else []
    position = tokens[start].start()
    for index in range(start, end):
        token = tokens[index]
        parts.append(escape(text[position : token.start()]))
        word = escape(token.group())
        parts.append(f"<mark>{word}</mark>" if matched[index] else word)
        position = token.end()
    parts.append(" …" if end < len(tokens) else escape(text[position:]))
    return "".join(parts).strip()


def _matches(word, language, forms, prefixes):
    word_variants = safe_forms(word_forms(word, language))
    if word_variants & forms:
        return True
    return any(variant.startswith(prefix) for variant in word_variants for prefix in prefixes)
