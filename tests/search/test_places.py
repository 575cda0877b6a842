"""A query that names a place no item of its locale is from, but items of other languages are (search.places):
the other languages come first, by words alone (the test settings search without meaning)."""

import copy

import pytest
from bs4 import BeautifulSoup

from practices.models import GoodPracticePage, PracticeIndexPage
from search import places
from tests.practices.feed_fixtures import add_page, index_of, locales_by_code, publish
from tests.search.api import search

ELSEWHERE_FIRST = "rada seniorů v Bergenu"


@pytest.fixture(scope="module")
def shared_places(module_content):
    with module_content():
        locales = locales_by_code()

        def practice(code, title, **fields):
            return add_page(index_of(PracticeIndexPage, locales[code]), GoodPracticePage, title, **fields)

        bergen = practice(
            "nb",
            "Eldrerådet i Bergen",
            slug="eldreradet-bergen",
            summary="Eldrerådet gir bystyret råd om alt som angår eldre.",
            country="NO",
            region="Vestland",
            municipality="Bergen",
        )
        return {
            "bergen": bergen,
            "bergen-en": practice(
                "en",
                "Council for older people in Bergen",
                source=bergen,
                slug="older-people-bergen",
                summary="The council advises the city on everything that concerns older people.",
                country="NO",
                region="Vestland",
                municipality="Bergen",
            ),
            "jablonec": practice(
                "cs",
                "Rada seniorů v Jablonci",
                slug="rada-senioru-jablonec",
                summary="Senioři radí městu, jak upravit chodníky a zastávky.",
                country="CZ",
                region="Liberecký kraj",
                municipality="Jablonec nad Nisou",
            ),
            "most": practice(
                "cs",
                "Komunitní zahrada v Mostě",
                slug="zahrada-most",
                summary="Sousedé pěstují zeleninu na střeše garáží.",
                country="CZ",
                municipality="Most",
            ),
            "skopje": practice(
                "bg",
                "Ромски медиатори в Скопие",
                slug="romski-mediatori-skopie",
                summary="Ромски медиатори, ромски медиатори навсякъде: медиаторите помагат на семействата.",
                country="MK",
                municipality="Скопие",
            ),
            "sliven": practice(
                "bg",
                "Ромски училищни медиатори в Сливен",
                slug="romski-mediatori-sliven",
                summary="Медиатори от общността помагат на децата да ходят редовно на училище.",
                country="BG",
                municipality="Сливен",
            ),
        }


@pytest.fixture
def items(shared_places, db):
    return copy.deepcopy(shared_places)


def test_a_town_only_other_languages_hold_brings_them_first(client, items):
    data = search(client, q=ELSEWHERE_FIRST, locale="cs")
    assert (data["other_languages_first"], data["named_place"]) == (True, "Bergen")
    assert {item["slug"] for item in data["other_languages"][:2]} == {"eldreradet-bergen", "older-people-bergen"}
    # The locale's own match stays among the results, after them.
    assert [item["slug"] for item in data["results"]] == ["rada-senioru-jablonec"]
    page = BeautifulSoup(client.get("/cs/search/", {"q": ELSEWHERE_FIRST}).content, "html.parser")
    offered = page.select_one(".other-language-items")
    assert offered is not None
    assert offered.find_next(class_="results__total") is not None, "the other languages come before the results"
    assert offered.h2.get_text(strip=True) == "Místo: Bergen – v jiných jazycích"


def test_a_place_the_locale_has_items_from_keeps_the_locale_first(client, items):
    data = search(client, q="eldreråd i Bergen", locale="nb")
    assert (data["other_languages_first"], data["named_place"]) == (False, None)
    assert data["results"][0]["slug"] == "eldreradet-bergen"
    # The same words without a place: the locale's own council, and nothing put first.
    assert search(client, q="rada seniorů", locale="cs")["other_languages_first"] is False


def test_a_country_named_by_its_adjective_in_the_query_language(client, items):
    assert places.named_elsewhere("romski medijatori u Bugarskoj", "hr") == {"country:BG"}
    assert places.named_elsewhere("romske meklere i bulgarske skoler", "nb") == {"country:BG"}
    data = search(client, q="romski medijatori u Bugarskoj", locale="hr")
    # The mediators of Sliven come first, before those of Skopje, whose words match more often.
    slugs = [item["slug"] for item in data["other_languages"]]
    assert slugs == ["romski-mediatori-sliven", "romski-mediatori-skopie"]
    assert data["other_languages_first"] is True
    # Named in the language searched, whatever language the item is written in.
    assert data["named_place"] == "Bugarska"


def test_an_inflected_town_and_a_region_are_named_but_a_function_word_is_not(items):
    assert places.named_elsewhere("Eldrerådet i Bergenu", "cs") == {"bergen"}
    assert places.named_elsewhere("senioři ve Vestlandu", "cs") == {"vestland"}
    # "most" is a Czech town and an English function word: an English query with it names no place.
    assert places.named_elsewhere("the most active gardens", "en") == set()
    assert places.named_elsewhere("vrt Most", "hr") == {"most"}
    # Short names are matched only as written: "Mostar" is not "Most".
    assert places.named_elsewhere("vrt Mostar", "hr") == set()


def test_a_practice_moved_to_the_named_town_applies_to_the_next_search(client, items):
    assert search(client, q=ELSEWHERE_FIRST, locale="cs")["other_languages_first"] is True
    jablonec = items["jablonec"]
    jablonec.municipality = "Bergen"
    publish(jablonec)
    # Now the locale has an item from Bergen: its own results come first.
    assert places.named_elsewhere(ELSEWHERE_FIRST, "cs") == set()
    assert search(client, q=ELSEWHERE_FIRST, locale="cs")["other_languages_first"] is False
