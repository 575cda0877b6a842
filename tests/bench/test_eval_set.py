"""The shape of the search evaluation set (bench/eval/, issue 15): enough items and queries in every language, the
promised mix of query kinds, dev and test halves with the same mix, judgements that name real items, and
paraphrases that really share no content word with the items they are meant to find. No database: the items'
import through import_kb is exercised by the harness's own test."""

from collections import Counter, defaultdict

import pytest

from bench import eval_set

ITEMS = eval_set.load_items()
QUERIES = eval_set.load_queries()
STOP_WORDS = eval_set.load_stop_words()


def content_words(text, language):
    return set(eval_set.tokenise(text)) - STOP_WORDS[language]


def test_at_least_150_items_in_every_language_and_type():
    assert len(ITEMS) >= 150
    per_language = Counter(item.locale for item in ITEMS.values())
    assert set(per_language) == set(eval_set.LANGUAGES)
    assert min(per_language.values()) >= 28, per_language
    for language in eval_set.LANGUAGES:
        types = {item.type for item in ITEMS.values() if item.locale == language}
        assert types == set(eval_set.PAGE_TYPES), (language, types)


@pytest.mark.parametrize("item", ITEMS.values(), ids=lambda item: item.slug)
def test_items_are_written_out_not_keyword_lists(item):
    assert item.title and len(item.summary.split()) >= 12
    assert item.body.count("<p>") >= 2
    assert len(eval_set.tokenise(item.body)) >= 40


def test_translations_name_an_item_of_the_same_type_in_another_language():
    translations = [item for item in ITEMS.values() if item.translation_of]
    assert len(translations) >= 25
    for item in translations:
        source = ITEMS[item.translation_of]
        assert source.type == item.type and source.locale != item.locale and not source.translation_of, item.slug


def test_at_least_250_queries_and_40_in_every_language():
    assert len(QUERIES) >= 250
    assert len({query.id for query in QUERIES}) == len(QUERIES)
    per_language = Counter(query.language for query in QUERIES)
    assert set(per_language) == set(eval_set.LANGUAGES)
    assert min(per_language.values()) >= 40, per_language


def test_the_kinds_are_mixed_as_the_issue_asks():
    kinds = Counter(query.kind for query in QUERIES)
    assert set(kinds) == set(eval_set.KINDS)
    assert kinds["natural"] / len(QUERIES) >= 0.40
    assert kinds["paraphrase"] / len(QUERIES) >= 0.15
    for language in eval_set.LANGUAGES:
        language_kinds = {query.kind for query in QUERIES if query.language == language}
        expected = set(eval_set.KINDS) - {"transliterated" if language != "bg" else "no_diacritics"}
        if language == "en":
            expected = expected - {"transliterated"}
        assert language_kinds == expected, language


def test_dev_and_test_halves_have_the_same_mix():
    halves = defaultdict(Counter)
    for query in QUERIES:
        assert query.split in eval_set.SPLITS, query.id
        halves[(query.language, query.kind)][query.split] += 1
    for group, counts in halves.items():
        assert abs(counts["dev"] - counts["test"]) <= 1, (group, counts)
    totals = Counter(query.split for query in QUERIES)
    assert abs(totals["dev"] - totals["test"]) <= 1, totals


@pytest.mark.parametrize("query", QUERIES, ids=lambda query: query.id)
def test_judgements_name_existing_items_with_grades_1_to_3(query):
    assert query.judgements, query.id
    assert set(query.judgements) <= set(ITEMS), set(query.judgements) - set(ITEMS)
    assert set(query.judgements.values()) <= {1, 2, 3}
    assert max(query.judgements.values()) == 3
    grade_3_locales = {ITEMS[slug].locale for slug, grade in query.judgements.items() if grade == 3}
    if query.kind == "cross_language":
        assert query.language not in grade_3_locales, "a cross-language query's best items are in other languages"
    else:
        assert grade_3_locales == {query.language}


@pytest.mark.parametrize("query", [q for q in QUERIES if q.kind == "natural"], ids=lambda query: query.id)
def test_natural_queries_are_4_to_10_words_with_function_words(query):
    words = eval_set.tokenise(query.text)
    assert 4 <= len(words) <= 10, words
    assert set(words) & STOP_WORDS[query.language], "no function word"


@pytest.mark.parametrize("query", [q for q in QUERIES if q.kind == "paraphrase"], ids=lambda query: query.id)
def test_paraphrases_share_no_content_word_with_their_grade_3_items_nor_their_terms(query):
    words = content_words(query.text, query.language)
    assert words
    for slug, grade in query.judgements.items():
        if grade == 3:
            item = ITEMS[slug]
            text = " ".join([item.title, item.summary, item.body, *item.terms])
            shared = words & content_words(text, query.language)
            assert not shared, (slug, shared)


@pytest.mark.parametrize(
    "query", [q for q in QUERIES if q.kind in ("no_diacritics", "transliterated")], ids=lambda query: query.id
)
def test_diacritic_free_and_transliterated_queries_are_plain_ascii(query):
    assert query.text.isascii()
    if query.kind == "transliterated":
        assert query.language == "bg"
