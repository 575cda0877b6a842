"""Language normalisation shared by indexing and querying, on every backend.

Practitioners type words as they speak them: inflected ("obcí", "общините", "općini", "kommunene") and often
without diacritics ("mladez", "opcina"). Each word of an item is therefore indexed twice over: as its dictionary
form (simplemma, which knows Czech, Bulgarian, Croatian as "hbs", Bokmål and English) and as it is written, both
folded to lower-case ASCII. Bulgarian Cyrillic is folded by the official Streamlined System transliteration, so a
query typed "obshtina" finds "община". A query goes through the same steps, so whatever an item's words become in
the index, the words of a query become the same.
"""

import re
import unicodedata
from functools import lru_cache

import simplemma

# simplemma's name for each of our locales' languages.
SIMPLEMMA_LANGUAGES = {"en": "en", "cs": "cs", "bg": "bg", "hr": "hbs", "nb": "nb"}

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

# Bulgarian Cyrillic → Latin, the Streamlined System (Transliteration Act 2009), used on Bulgarian road signs and
# in passports, hence the spelling people type on a Latin keyboard.
BULGARIAN_LATIN = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i", "й": "y",
        "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
        "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya",
        "ѝ": "i",
    }
)  # fmt: skip

# Letters that Unicode decomposition leaves alone.
UNDECOMPOSED = str.maketrans({"đ": "d", "ø": "o", "æ": "ae", "ß": "ss", "ł": "l", "œ": "oe", "ı": "i"})


def words(text):
    """The words of a text, lower-cased, in order."""
    return WORD.findall(text.lower())


def fold(word):
    """A lower-case word in plain ASCII letters: Cyrillic transliterated, diacritics dropped."""
    word = word.translate(BULGARIAN_LATIN).translate(UNDECOMPOSED)
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=262_144)
def lemma(word, language):
    """The dictionary form of a lower-case word in a language; the word itself when the language or word is
    unknown to simplemma."""
    simplemma_language = SIMPLEMMA_LANGUAGES.get(language)
    if simplemma_language is None:
        return word
    return simplemma.lemmatize(word, lang=simplemma_language).lower()


@lru_cache(maxsize=262_144)
def word_forms(word, language):
    """The folded forms a word is indexed under: its dictionary form, and its written form when that differs."""
    lemma_form = fold(lemma(word, language))
    written_form = fold(word)
    return (lemma_form,) if written_form == lemma_form else (lemma_form, written_form)


def normalise(text, language):
    """The text an index stores for ``text`` written in ``language``: every word's forms, space-separated."""
    return " ".join(form for word in words(text or "") for form in word_forms(word, language))


def query_terms(text, languages):
    """A query as a list of alternatives per word: ``[{"obec", "obci"}, …]``. A document matches a word when it
    holds any of its alternatives. ``languages`` are the languages the query may be written in (one locale's, or
    all of them when searching across languages)."""
    terms = []
    for word in words(text or ""):
        alternatives = {form for language in languages for form in word_forms(word, language)}
        terms.append(alternatives)
    return terms
