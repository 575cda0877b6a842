"""The concept thesaurus on a real OpenSearch cluster (tests/live/conftest.py): a concept's other labels are found
at a lower weight than the query's own words, in the query's language and across languages, through the search
API as through the backend."""

import copy
import io

import pytest
from django.core.management import call_command

from practices.models import GoodPracticePage, PracticeIndexPage
from search.engine.backends import ranked_matches
from search.thesaurus import concept_sets
from tests.practices.feed_fixtures import add_page, index_of

SEARCH = "/api/feed/v1/search/"


@pytest.fixture(scope="module")
def shared_knowledge_base(indexed_once):
    """Built and indexed once: every test of the module only searches it."""
    return indexed_once(build_knowledge_base)


@pytest.fixture
def knowledge_base(shared_knowledge_base, module_opensearch, db):
    return copy.deepcopy(shared_knowledge_base)


def build_knowledge_base(locales):
    pages = {}
    for language, title, slug in [
        ("en", "Citizens' assembly on the lake", "assembly"),
        ("en", "Mini-public on the lake", "mini-public"),
        ("cs", "Časová banka v Brně", "casova-banka"),
        ("hr", "Banka vremena u Zagrebu", "banka-vremena"),
    ]:
        pages[slug] = add_page(index_of(PracticeIndexPage, locales[language]), GoodPracticePage, title, slug=slug)
    call_command("update_index", stdout=io.StringIO())
    return pages


def found(query, locale, locales):
    queryset = GoodPracticePage.objects.live().filter(locale=locales[locale])
    ranked, degraded = ranked_matches(query, queryset, languages=[locale], concepts=concept_sets())
    assert not degraded
    slugs = dict(GoodPracticePage.objects.filter(pk__in=[pk for pk, _ in ranked]).values_list("pk", "slug"))
    return [slugs[pk] for pk, _score in ranked]


def test_a_term_of_a_concept_finds_items_using_another_term_on_the_engine(knowledge_base, locales):
    assert set(found("deliberative panel", "en", locales)) == {"assembly", "mini-public"}


def test_literal_matches_outrank_expanded_ones_on_the_engine(knowledge_base, locales):
    assert found("mini-public", "en", locales) == ["mini-public", "assembly"]
    assert found("citizens assembly", "en", locales) == ["assembly", "mini-public"]


@pytest.mark.parametrize(
    "locale, query, slug",
    [("cs", "time bank", "casova-banka"), ("hr", "časová banka", "banka-vremena"), ("cs", "tidsbank", "casova-banka")],
)
def test_a_concept_in_another_language_finds_items_on_the_engine(knowledge_base, locales, locale, query, slug):
    assert found(query, locale, locales) == [slug]


def test_without_concepts_the_engine_finds_only_the_words(knowledge_base, locales):
    queryset = GoodPracticePage.objects.live().filter(locale=locales["cs"])
    ranked, _degraded = ranked_matches("time bank", queryset, languages=["cs"])
    assert ranked == []


def test_the_search_api_says_what_was_also_searched_on_the_engine(knowledge_base, client):
    response = client.get(SEARCH, {"q": "time bank", "locale": "cs"})
    assert response.status_code == 200
    data = response.json()
    assert not data["degraded"]
    assert [item["slug"] for item in data["results"]] == ["casova-banka"]
    assert "časová banka" in data["also_searched"]
