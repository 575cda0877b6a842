"""Language normalisation: an inflected or diacritic-free query word becomes a form that the item's words
also become in the index, in each of the five languages."""

import pytest

from search.engine.text import fold, normalise, query_terms, words


@pytest.mark.parametrize(
    ("query", "language", "indexed_text"),
    [
        ("obcí", "cs", "Spolupráce obce a neziskových organizací"),
        ("mladez", "cs", "Participace mládeže"),
        ("общините", "bg", "Гражданско участие в община Габрово"),
        ("obshtina", "bg", "Гражданско участие в общините"),
        ("opcina", "hr", "Kultura u općini Kravarsko"),
        ("općini", "hr", "Općina Kravarsko"),
        ("kommunene", "nb", "Sunne kommuner"),
        ("municipalities", "en", "A municipality and its citizens"),
    ],
)
def test_a_query_word_meets_the_indexed_word(query, language, indexed_text):
    indexed = set(normalise(indexed_text, language).split())
    [alternatives] = query_terms(query, [language])
    assert alternatives & indexed


def test_an_unrelated_word_does_not_match():
    indexed = set(normalise("Participace mládeže", "cs").split())
    [alternatives] = query_terms("rozpočet", ["cs"])
    assert not alternatives & indexed


def test_fold_transliterates_bulgarian_and_drops_diacritics():
    assert fold("щастие") == "shtastie"
    assert fold("žluťoučký") == "zlutoucky"
    assert fold("đak") == "dak"
    assert fold("blåbærsyltetøy") == "blabaersyltetoy"


def test_words_ignore_punctuation_and_operators():
    assert words('"obec" AND (mládež*) OR -x:y') == ["obec", "and", "mládež", "or", "x", "y"]
    assert query_terms("", ["cs"]) == []
    assert query_terms("  ** ", ["cs"]) == []


def test_unknown_language_keeps_the_written_form():
    assert normalise("Mládeže", "xx") == "mladeze"
