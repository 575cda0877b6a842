"""The places a practitioner's query names, and which languages hold items from them (issue 15, language fallback).

A query that names a place is about what was done there: "rada seniorů v Bergenu" asks for Bergen's council for
older people, and "romske meklere i bulgarske skoler" for Bulgarian schools. When no item of the locale is from that
place but items of other languages are, the locale's own matches are only near misses, and the search shows the
other languages first (search.knowledge_search). This holds with or without search by meaning: a named place is
read from the words.

A place is a practice's municipality or region, or its country (named in any of the content languages, as
django-countries translates it). Each is known by a key that does not depend on the language it is written in:
``"country:NO"``, or the folded words of the name (``"bergen"``, ``"sliven"`` for "Сливен"). A query word names a
place word when one of its forms (search.engine.text.word_forms) is that word, or is that word followed by a short
inflectional ending ("Bergenu", "Liberecu"); a country is also named by a word sharing its name's first
``COUNTRY_STEM`` letters ("bulgarske", "Norveškoj"). Only a query's content words count, so a function word that is
also a town's name ("most" in English) names nothing.

The places of every live practice are read in one query and kept per content generation, as the thesaurus is
(search.kept): a practice's new place applies to the next search.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django_countries import countries

from practices.models import GoodPracticePage
from search.engine.query import content_words
from search.engine.text import fold, words
from search.kept import per_content_generation

# Letters an inflected place name may add to the name ("Bergen" → "Bergenu", "Liberec" → "Liberecu").
INFLECTION = 2
# Place words shorter than this are matched only exactly.
SHORTEST_STEM = 5
# Letters of a country's name that an adjective of it keeps ("Bulgaria" → "bulgarske", "Norveška" → "norveški").
COUNTRY_STEM = 6


@dataclass(frozen=True)
class Gazetteer:
    """``names``: ``[(key, (word forms, …)), …]``, each place's name(s) as the forms of their words;
    ``languages``: ``{key: {language, …}}``, the languages holding live practices from each place."""

    names: tuple
    languages: dict


def keys_of(page):
    """The place keys of an item: its country, region and municipality (none for an item without a place)."""
    keys = set()
    if getattr(page, "country", None):
        keys.add(f"country:{page.country}")
    for name in (getattr(page, "region", ""), getattr(page, "municipality", "")):
        if key := _name_key(name):
            keys.add(key)
    return keys


def name_of(page, keys):
    """The name ``page`` gives the first of the places ``keys`` it is from: its municipality, else its region, else its
    country in the active language ("Bergen", "Vestland", "Bugarska"); "" when it is from none of them."""
    for name in (getattr(page, "municipality", ""), getattr(page, "region", "")):
        if _name_key(name) in keys:
            return name
    if getattr(page, "country", None) and f"country:{page.country}" in keys:
        return str(countries.name(page.country.code))
    return ""


def named_elsewhere(text, locale):
    """The keys of the places ``text`` (written in ``locale``) names that no live item of ``locale`` is from and
    some item of another language is."""
    gazetteer = _gazetteer()
    named = _named(text, locale, gazetteer.names)
    return {key for key in named if locale not in gazetteer.languages[key] and gazetteer.languages[key] - {locale}}


def warm_up():
    """Read the places of the practices now, before a worker's first search needs them
    (search.knowledge_search.warm_up)."""
    _gazetteer()


def _named(text, language, names):
    query_words = content_words(text, [language])
    return {key for key, place_words in names if _names_place(query_words, place_words, key)}


def _names_place(query_words, place_words, key):
    """Whether every word of a place's name is named by some word of the query."""
    stem = COUNTRY_STEM if key.startswith("country:") else None
    return all(any(_names_word(query_forms, forms, stem) for query_forms in query_words) for forms in place_words)


def _names_word(query_forms, place_forms, stem):
    for form in query_forms:
        for place_form in place_forms:
            if form == place_form:
                return True
            inflected = form.startswith(place_form) and len(form) - len(place_form) <= INFLECTION
            if inflected and len(place_form) >= SHORTEST_STEM:
                return True
            if stem and len(place_form) >= stem and len(form) >= stem and form[:stem] == place_form[:stem]:
                return True
    return False


@per_content_generation
def _gazetteer():
    languages = defaultdict(set)
    names = {}
    rows = GoodPracticePage.objects.live().values_list("locale__language_code", "country", "region", "municipality")
    for language, country, region, municipality in rows:
        if country:
            languages[f"country:{country}"].add(language)
        for name in (region, municipality):
            if key := _name_key(name):
                languages[key].add(language)
                names.setdefault((key, _forms(name, language)), None)
    for key in [key for key in languages if key.startswith("country:")]:
        for name, language in _country_names(key.removeprefix("country:")):
            names.setdefault((key, _forms(name, language)), None)
    return Gazetteer(names=tuple(names), languages=dict(languages))


def _country_names(code):
    """A country's name in each content language, with the language it is written in."""
    found = []
    for language, _label in settings.WAGTAIL_CONTENT_LANGUAGES:
        with translation.override(language):
            found.append((str(countries.name(code)), language))
    return found


def _forms(name, language):
    """The forms of each content word of a name ("City of Zagreb" is named by "Zagreb" and "city")."""
    return tuple(frozenset(forms) for forms in content_words(name, [language]))


def _name_key(name):
    return " ".join(fold(word) for word in words(name or ""))
