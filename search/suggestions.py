""" "Did you mean": a query's unknown words replaced by the closest words of the knowledge base's vocabulary.

The vocabulary of a language is every word of its published items' titles and summaries, keyed by the word's
normalised forms (so an inflected or diacritic-free query word counts as known) and remembering the spelling
editors used most, which is what the suggestion shows. It is built on demand and cached until the content changes
(the cache key includes the content generation of practices.feed.cache, one read by primary key).
"""

from collections import Counter, defaultdict

from django.core.cache import cache
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from practices.feed.cache import content_generation
from practices.models import ITEM_MODELS
from search.engine.query import safe_forms
from search.engine.text import fold, word_forms, words

CACHE_SECONDS = 600
# Words shorter than this are never corrected: at one or two letters, everything is one edit from something.
MIN_WORD_LENGTH = 4


def vocabulary(language, generation):
    """``{form: Counter({written word: frequency})}`` for one language, as of the content ``generation``."""
    key = f"search-vocabulary:{language}:{generation}"
    known = cache.get(key)
    if known is None:
        known = _build_vocabulary(language)
        cache.set(key, known, CACHE_SECONDS)
    return known


def _build_vocabulary(language):
    known = defaultdict(Counter)
    for model in ITEM_MODELS.values():
        texts = model.objects.live().filter(locale__language_code=language).values_list("title", "summary")
        for title, summary in texts.iterator(chunk_size=2000):
            for word in words(f"{title} {summary}"):
                for form in safe_forms(word_forms(word, language)):
                    known[form][word] += 1
    return dict(known)


def did_you_mean(text, languages):
    """The query with each unknown word replaced by its closest known word, or None when nothing changed."""
    generation = content_generation()
    vocabularies = [vocabulary(language, generation) for language in languages]
    corrected, changed = [], False
    for word in words(text):
        replacement = _correction(word, languages, vocabularies)
        corrected.append(replacement or word)
        changed = changed or replacement is not None
    return " ".join(corrected) if changed else None


def _correction(word, languages, vocabularies):
    if len(word) < MIN_WORD_LENGTH:
        return None
    for language, known in zip(languages, vocabularies, strict=True):
        if safe_forms(word_forms(word, language)) & known.keys():
            return None
    folded = fold(word)
    max_distance = 1 if len(folded) < 8 else 2
    best = None
    for known in vocabularies:
        candidates = process.extract(
            folded, known.keys(), scorer=Levenshtein.distance, score_cutoff=max_distance, limit=5
        )
        for form, distance, _index in candidates:
            written, frequency = known[form].most_common(1)[0]
            rank = (distance, -frequency)
            if best is None or rank < best[0]:
                best = (rank, written)
    return None if best is None else best[1]
