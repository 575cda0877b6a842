"""The search API (/api/feed/v1/search/ and /suggest/): results, snippets, facets that reflect the other filters,
searching across languages, "did you mean", and a 400 naming the parameter for every bad input."""

import copy

import pytest

from practices.models import GoodPracticePage, PracticeIndexPage, Theme
from tests.practices.feed_fixtures import (
    add_page,
    index_of,
    locales_by_code,
    publish,
    young_people_items,
)
from tests.search.api import SEARCH, search

SUGGEST = "/api/feed/v1/search/suggest/"


@pytest.fixture(scope="module")
def shared_knowledge_base(module_content):
    with module_content():
        return young_people_items(locales_by_code())


@pytest.fixture
def knowledge_base(shared_knowledge_base, db):
    return copy.deepcopy(shared_knowledge_base)


def facet(data, name):
    return {entry["value"]: entry["count"] for entry in data["facets"][name]}


def test_results_say_what_and_where_each_item_is(client, knowledge_base):
    data = search(client, q="mládeže", locale="cs")
    assert data["count"] == 3
    assert data["results"][0]["score"] >= data["results"][1]["score"] > 0
    data = search(client, q="parlament mládeže", locale="cs")
    assert data["count"] == 1
    first = data["results"][0]
    page = knowledge_base["parliament"]
    assert first == {
        "id": page.pk,
        "translation_key": str(page.translation_key),
        "slug": "parlament-mladeze",
        "locale": "cs",
        "type": "practice",
        "title": "Parlament mládeže v Brně",
        "url": page.get_full_url(),
        "snippet": "<mark>Parlament</mark> <mark>mládeže</mark> v Brně: a summary. "
        "Zastupitelé poprvé naslouchali studentům z obcí celého kraje.",
        "score": first["score"],
    }
    assert data["did_you_mean"] is None


def test_results_are_filtered_to_the_locale(client, knowledge_base):
    # "youth" finds the Czech items through the thesaurus (mládež), but only the Czech ones.
    czech = search(client, q="youth", locale="cs")["results"]
    assert czech
    assert {item["locale"] for item in czech} == {"cs"}
    assert [item["slug"] for item in search(client, q="youth", locale="en")["results"]] == ["youth-parliament"]


def test_facets_count_the_query_and_the_other_filters(client, knowledge_base):
    data = search(client, q="mladez", locale="cs", theme="youth")
    assert data["count"] == 2
    # The theme facet ignores the theme filter itself; the type facet applies it.
    assert facet(data, "theme") == {"youth": 2, "culture": 1}
    assert facet(data, "type") == {"practice": 1, "material": 1}
    assert facet(data, "target_group") == {"students": 1}
    assert {entry["value"]: entry["label"] for entry in data["facets"]["theme"]} == {
        "youth": "Mládež",
        "culture": "Kultura",
    }
    narrowed = search(client, q="mladez", locale="cs", theme="youth", type="practice")
    assert [item["slug"] for item in narrowed["results"]] == ["parlament-mladeze"]
    assert facet(narrowed, "type") == {"practice": 1, "material": 1}
    assert facet(narrowed, "country") == {"CZ": 1}


def test_facets_follow_a_change_to_the_taxonomy_at_once(client, knowledge_base):
    """The kept facet map (search.facets) is rebuilt after any content write, also one that re-indexes no item:
    a theme renamed by an editor is counted and filtered under its new slug by the next search."""
    assert facet(search(client, q="mladez", locale="cs"), "theme") == {"youth": 2, "culture": 1}
    culture = Theme.objects.get(slug="culture")
    culture.slug = "culture-and-arts"
    culture.save()
    data = search(client, q="mladez", locale="cs", theme="culture-and-arts")
    assert facet(data, "theme") == {"youth": 2, "culture-and-arts": 1}
    assert [item["slug"] for item in data["results"]] == ["festival"]


def test_country_and_several_values_of_one_filter(client, knowledge_base):
    data = search(client, q="mladez", locale="cs", country="sk")
    assert [item["slug"] for item in data["results"]] == ["festival"]
    assert facet(data, "country") == {"CZ": 1, "SK": 1}
    assert search(client, q="mladez", locale="cs", theme="youth,culture")["count"] == 3


def test_facet_size_is_configurable(client, knowledge_base, settings):
    settings.SEARCH_FACET_SIZE = 1
    assert facet(search(client, q="mladez", locale="cs"), "theme") == {"youth": 2}


def test_all_locales_find_items_through_their_english_translation(client, knowledge_base):
    data = search(client, q="parliament", locale="all")
    assert {(item["slug"], item["locale"]) for item in data["results"]} == {
        ("youth-parliament", "en"),
        ("parlament-mladeze", "cs"),
    }
    assert data["results"][0]["locale"] == "en"


def test_all_locales_find_items_through_shared_taxonomy(client, knowledge_base):
    slugs = {item["slug"] for item in search(client, q="youth", locale="all")["results"]}
    assert {"parlament-mladeze", "prirucka", "youth-parliament"} <= slugs


def test_a_typo_gets_did_you_mean_and_its_results(client, knowledge_base):
    data = search(client, q="festivql", locale="cs")
    assert data["did_you_mean"] == "festival"
    assert data["searched_for"] == "festival"
    assert [item["slug"] for item in data["results"]] == ["festival"]


def test_did_you_mean_knows_a_title_as_soon_as_it_is_published(client, knowledge_base):
    """The vocabulary is cached per content generation, so a publication is in it for the next search."""
    assert search(client, q="karnevl", locale="cs")["did_you_mean"] is None
    festival = knowledge_base["festival"]
    festival.title = "Karneval v obci"
    publish(festival)
    data = search(client, q="karnevl", locale="cs")
    assert data["did_you_mean"] == "karneval"
    assert [item["slug"] for item in data["results"]] == ["festival"]


def test_pages_of_results(client, knowledge_base, settings):
    settings.SEARCH_PAGE_SIZE = 2
    assert len(search(client, q="mladez", locale="cs")["results"]) == 2
    second = search(client, q="mladez", locale="cs", page=2)
    assert second["count"] == 3
    assert len(second["results"]) == 1
    assert search(client, q="mladez", locale="cs", page=50)["results"] == []


def test_a_query_nothing_holds_most_of_is_relaxed_and_says_so(client, knowledge_base):
    """Issue 15: never an empty page for a reasonable query; "festival" alone is in the knowledge base."""
    strict = search(client, q="parlament mládeže brno", locale="cs")
    assert (strict["relaxed"], [item["slug"] for item in strict["results"]]) == (False, ["parlament-mladeze"])
    relaxed = search(client, q="festival kosmonautů xylofonistů", locale="cs")
    assert relaxed["relaxed"] is True
    assert [item["slug"] for item in relaxed["results"]] == ["festival"]


def test_few_matches_in_the_locale_bring_the_other_languages_best_items(client, knowledge_base):
    data = search(client, q="youth parliament", locale="cs")
    assert data["count"] < 3
    [english] = data["other_languages"]
    parliament = knowledge_base["parliament"]
    assert (english["slug"], english["locale"]) == ("youth-parliament", "en")
    assert english["translation"] == {
        "id": parliament.pk,
        "title": "Parlament mládeže v Brně",
        "url": parliament.get_full_url(),
    }
    # Enough matches in the locale: nothing else.
    assert search(client, q="mladez", locale="cs")["other_languages"] == []


def test_a_relaxed_answer_brings_the_other_languages_best_items_too(client, knowledge_base, settings):
    settings.SEARCH_OTHER_LANGUAGES_BELOW = 1  # so that only the relaxing can bring them
    data = search(client, q="youth parliament kosmonautů xylofonistů", locale="cs")
    assert (data["relaxed"], data["results"][0]["slug"]) == (True, "parlament-mladeze")
    assert [(item["slug"], item["locale"]) for item in data["other_languages"]] == [("youth-parliament", "en")]
    # The same one match, found strictly: the language holds what was asked for.
    strict = search(client, q="parlament mládeže", locale="cs")
    assert (strict["relaxed"], strict["other_languages"]) == (False, [])


def test_page_size_chooses_how_many_results_a_page_holds(client, knowledge_base):
    first = search(client, q="mladez", locale="cs", page_size=2)
    second = search(client, q="mladez", locale="cs", page_size=2, page=2)
    assert (first["count"], len(first["results"]), len(second["results"])) == (3, 2, 1)
    assert {item["slug"] for item in first["results"] + second["results"]} == {
        "parlament-mladeze",
        "festival",
        "prirucka",
    }


def test_suggest_completes_titles(client, knowledge_base):
    response = client.get(SUGGEST, {"q": "Parlament ml", "locale": "cs"})
    assert response.status_code == 200
    assert [entry["title"] for entry in response.json()["suggestions"]] == ["Parlament mládeže v Brně"]
    assert client.get(SUGGEST, {"q": "Parlament ml", "locale": "en"}).json() == {"suggestions": []}


@pytest.mark.parametrize(
    "query",
    [
        "mládež AND OR NOT",
        '"mládež',
        "mládež* ~ : ( ) [ ] { } / \\",
        "NEAR(mládež obec)",
        "title:mládež",
        "-mládež +obec",
        "'; DROP TABLE hub_search_searchdocument; --",
        "mládež " * 60,
    ],
)
def test_operators_and_control_characters_are_searched_as_words(client, knowledge_base, query):
    data = search(client, q=query, locale="cs")
    assert {item["slug"] for item in data["results"]} <= {"parlament-mladeze", "festival", "prirucka"}


@pytest.mark.parametrize(
    ("parameters", "parameter"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "   "}, "q"),
        ({"q": '" * ~ : ( ) [ ] { } / \\'}, "q"),
        ({"q": "x" * 2000}, "q"),
        ({"q": "mládež\x00"}, "q"),
        ({"q": "\x01\x1bmládež\x7f"}, "q"),  # control characters, as NUL (practices.parameters)
        ({"q": "mládež", "locale": "de"}, "locale"),
        ({"q": "mládež", "type": "blog"}, "type"),
        ({"q": "mládež", "type": "practice,blog"}, "type"),
        ({"q": "mládež", "country": "XX"}, "country"),
        ({"q": "mládež", "theme": "no-such-theme"}, "theme"),
        ({"q": "mládež", "target_group": "pensioners"}, "target_group"),
        ({"q": "mládež", "method": "telepathy"}, "method"),
        ({"q": "mládež", "page": "0"}, "page"),
        ({"q": "mládež", "page": "two"}, "page"),
        ({"q": "mládež", "page": "1001"}, "page"),
        ({"q": "mládež", "sort": "date"}, "sort"),
        ({"q": "mládež", "page_size": "0"}, "page_size"),
        ({"q": "mládež", "page_size": "51"}, "page_size"),
        ({"q": "mládež", "page_size": "ten"}, "page_size"),
        ({"q": ["mládež", "obec"]}, "q"),
        ({"q": "mládež", "page_size": ["5", "10"]}, "page_size"),
        ({"q": "mládež", "locale": ["cs", "cs"]}, "locale"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, knowledge_base, parameters, parameter):
    response = client.get(SEARCH, parameters)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [parameter]


@pytest.mark.parametrize(
    ("parameters", "parameter"),
    [({}, "q"), ({"q": "x" * 2000}, "q"), ({"q": "a", "locale": "xx"}, "locale"), ({"q": "a", "page": "2"}, "page")],
)
def test_suggest_bad_input_is_a_400_naming_the_parameter(client, db, parameters, parameter):
    response = client.get(SUGGEST, parameters)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [parameter]


def test_search_queries_do_not_grow_with_the_matches(client, knowledge_base, django_assert_max_num_queries):
    """A search reads its matches' facets from the kept map (search.facets) and loads only the page of results
    shown, one query per item type, and the concepts of the thesaurus and the taxonomy (two): 15 queries for 3
    matches as for 7 (docs/performance.md)."""
    search(client, q="mladez", locale="cs")  # reads the facet map once, as the first search after indexing does
    with django_assert_max_num_queries(15):
        few = search(client, q="mladez", locale="cs")
    czech = index_of(PracticeIndexPage, knowledge_base["festival"].locale)
    for number in range(4):
        add_page(czech, GoodPracticePage, f"Mládež obce {number}", slug=f"mladez-{number}", country="CZ")
    search(client, q="mladez", locale="cs")
    with django_assert_max_num_queries(15):
        many = search(client, q="mladez", locale="cs")
    assert (few["count"], many["count"]) == (3, 7)
