"""Synonym sets: the starter set of each language, query-time expansion, and editing them in the admin."""

import pytest
from django.urls import reverse
from wagtail.search.backends import get_search_backend

from practices.models import GoodPracticePage, PracticeIndexPage
from search.engine.query import Alternative, parse_query
from search.models import SynonymSet
from tests.practices.feed_fixtures import add_page, index_of


def test_every_language_has_a_starter_set(locales):
    for code, locale in locales.items():
        assert SynonymSet.objects.filter(locale=locale).count() >= 5, code
    ngo = SynonymSet.objects.get(locale=locales["en"], terms__startswith="NGO")
    assert "non-profit organisation" in ngo.term_list()


def test_a_synonym_phrase_becomes_one_clause_of_alternatives():
    sets = [["mayor", "head of the municipality"]]
    [before, synonyms] = parse_query("elected head of the municipalities", ["en"], sets)
    assert before == [Alternative((frozenset({"elect", "elected"}),), prefix=False)]
    assert Alternative((frozenset({"mayor"}),)) in synonyms
    assert len(synonyms) == 2


@pytest.fixture
def czech_practices(locales):
    czech = index_of(PracticeIndexPage, locales["cs"])
    return [
        add_page(czech, GoodPracticePage, "Nezisková organizace radí obcím", slug="neziskovka"),
        add_page(czech, GoodPracticePage, "Hřiště pro děti", slug="hriste"),
    ]


def czech_search(query, locales):
    pages = GoodPracticePage.objects.live().filter(locale=locales["cs"])
    return [page.slug for page in get_search_backend().search(query, pages, languages=["cs"])]


def test_starter_synonym_finds_the_other_words(czech_practices, locales):
    assert czech_search("NNO", locales) == ["neziskovka"]
    assert czech_search("nevládní organizace", locales) == ["neziskovka"]


def test_a_new_synonym_set_applies_to_the_next_query(czech_practices, locales):
    assert czech_search("hřiště", locales) == ["hriste"]
    assert czech_search("pískoviště", locales) == []
    SynonymSet.objects.create(locale=locales["cs"], terms="hřiště\npískoviště")
    assert czech_search("pískoviště", locales) == ["hriste"]


def test_editors_add_synonym_sets_in_the_admin(admin_client, locales):
    url = reverse("wagtailsnippets_hub_search_synonymset:add")
    response = admin_client.post(url, {"locale": locales["hr"].pk, "terms": "volonter\ndobrovoljac"})
    assert response.status_code == 302
    assert SynonymSet.objects.filter(locale=locales["hr"], terms="volonter\ndobrovoljac").exists()
    assert admin_client.get(reverse("wagtailsnippets_hub_search_synonymset:list")).status_code == 200


def test_a_set_needs_two_synonyms(admin_client, locales):
    url = reverse("wagtailsnippets_hub_search_synonymset:add")
    response = admin_client.post(url, {"locale": locales["hr"].pk, "terms": "volonter"})
    assert response.status_code == 200
    assert "at least two synonyms" in response.content.decode()
