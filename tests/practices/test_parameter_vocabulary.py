"""One parameter vocabulary (practices.filtering): the same filter value gets the same answer wherever it is taken.
Every API and feed reads it strictly (a 400 naming the parameter, in the partner feed's words; a repeated parameter
refused), every page forgivingly (a notice on the page, the value dropped, the page still shown)."""

import pytest
from bs4 import BeautifulSoup
from django.http import QueryDict
from rest_framework.exceptions import ValidationError

from practices.filtering.fronts import read_forgiving, read_forgiving_lists, read_strict
from practices.filtering.vocabulary import (
    CountryParameter,
    ItemTypeParameter,
    LocaleParameter,
    PageSizeParameter,
    StatusParameter,
    YearParameter,
)
from practices.parameters import ParameterError
from tests.practices.feed_fixtures import *  # noqa: F403  (feed_content and the media root)

# Each strict endpoint that takes ``theme``, with the rest of a valid query.
STRICT_ENDPOINTS = [
    pytest.param("/api/feed/v1/practices/", "", id="feed-practices"),
    pytest.param("/api/feed/v1/materials/", "", id="feed-materials"),
    pytest.param("/api/feed/v1/practices/export.csv", "", id="feed-export"),
    pytest.param("/api/feed/v1/search/", "q=youth&", id="search-api"),
    pytest.param("/en/feeds/latest.json", "", id="latest-feed"),
    pytest.param("/en/feeds/listing/practice.json", "", id="listing-feed"),
    pytest.param("/en/feeds/search.json", "q=youth&", id="search-feed"),
    pytest.param("/en/practices/map/geojson/", "", id="map-geojson"),
]
# Each page that takes ``theme``.
FORGIVING_PAGES = [
    pytest.param("/en/practices/", "", id="practice-listing"),
    pytest.param("/en/materials/", "", id="material-listing"),
    pytest.param("/en/practices/map/", "", id="practice-map"),
    pytest.param("/en/search/", "q=youth&", id="search-page"),
]


@pytest.mark.parametrize(("path", "query"), STRICT_ENDPOINTS)
def test_an_unknown_theme_is_a_400_naming_theme_on_every_api(client, feed_content, path, query):
    response = client.get(f"{path}?{query}theme=yuoth")
    assert response.status_code == 400, response.content[:300]
    assert response.json()["errors"]["theme"] == ["Unknown theme “yuoth”."]


@pytest.mark.parametrize(("path", "query"), STRICT_ENDPOINTS)
def test_a_repeated_theme_is_a_400_naming_theme_on_every_api(client, feed_content, path, query):
    response = client.get(f"{path}?{query}theme=youth&theme=environment")
    assert response.status_code == 400, response.content[:300]
    assert response.json()["errors"]["theme"] == ["Give this parameter once."]


@pytest.mark.parametrize(("path", "query"), STRICT_ENDPOINTS)
def test_an_unknown_parameter_is_a_400_naming_it_on_every_api(client, feed_content, path, query):
    response = client.get(f"{path}?{query}colour=blue")
    assert response.status_code == 400, response.content[:300]
    assert response.json()["errors"]["colour"][0].startswith("Unknown parameter; this list accepts ")


@pytest.mark.parametrize(("path", "query"), FORGIVING_PAGES)
def test_an_unknown_theme_is_a_notice_on_every_page(client, feed_content, path, query):
    response = client.get(f"{path}?{query}theme=yuoth")
    assert response.status_code == 200, response.content[:300]
    notices = [notice.get_text() for notice in BeautifulSoup(response.content, "html.parser").select(".notice")]
    assert "Unknown theme “yuoth”; the filter was ignored." in notices


@pytest.mark.parametrize(
    ("parameter", "raw", "value"),
    [
        (LocaleParameter(), "cs", "cs"),
        (LocaleParameter(["en", "all"]), "all", "all"),
        (ItemTypeParameter(), "video", "video"),
        (CountryParameter(), "cz", "CZ"),
        (StatusParameter(), "ongoing", "ongoing"),
        (YearParameter(), "2024", 2024),
        (PageSizeParameter(50), "50", 50),
    ],
)
def test_a_parameter_reads_a_good_value(parameter, raw, value):
    assert parameter.parse(raw) == value


@pytest.mark.parametrize(
    ("parameter", "raw", "message", "notice"),
    [
        (
            LocaleParameter(),
            "de",
            "Unknown locale “de”; use one of en, cs, bg, hr, nb.",
            "Unknown language “de”; the filter was ignored.",
        ),
        (
            ItemTypeParameter(),
            "blog",
            "Unknown type “blog”; use one of practice, material, video.",
            "Unknown type “blog”; the filter was ignored.",
        ),
        (CountryParameter(), "XX", "Unknown country code “XX”.", "Unknown country “XX”; the filter was ignored."),
        (
            StatusParameter(),
            "paused",
            "Unknown status “paused”; use one of planned, ongoing, completed.",
            "Unknown status “paused”; the filter was ignored.",
        ),
        (
            YearParameter(),
            "20x1",
            "Expected a whole number from 1000 to 9999, written with the digits 0-9.",
            "“20x1” is not a year; the filter was ignored.",
        ),
        (
            CountryParameter(),
            "C\x00",
            "Unknown country code “C\\x00”.",
            "Unknown country “C\\x00”; the filter was ignored.",
        ),
        (PageSizeParameter(50), "51", "The largest page size is 50.", None),
        (PageSizeParameter(50), "²", "The page size must be a positive whole number.", None),
    ],
)
def test_a_parameter_names_itself_and_says_what_would_be_right(parameter, raw, message, notice):
    with pytest.raises(ParameterError) as caught:
        parameter.parse(raw)
    assert (caught.value.parameter, str(caught.value.message)) == (parameter.parameter, message)
    if notice is not None:
        assert parameter.notice(raw) == notice


def test_the_strict_front_names_every_bad_parameter_at_once():
    query = QueryDict("country=XX&status=ongoing&status=planned&sort=title&year=2024")
    with pytest.raises(ValidationError) as caught:
        read_strict(query, [CountryParameter(), StatusParameter(), YearParameter()])
    assert caught.value.detail == {
        "country": ["Unknown country code “XX”."],
        "status": ["Give this parameter once."],
        "sort": ["Unknown parameter; this list accepts country, status, year."],
    }


def test_the_forgiving_front_drops_the_bad_value_with_a_notice():
    query = QueryDict("country=XX&status=ongoing&status=planned&sort=title&year=2024")
    values, notices = read_forgiving(query, [CountryParameter(), StatusParameter(), YearParameter()])
    assert values == {"status": "planned", "year": 2024}
    assert notices == {"country": "Unknown country “XX”; the filter was ignored."}


def test_the_forgiving_front_of_lists_keeps_the_good_values():
    kept, notices = read_forgiving_lists(
        {"type": "practice,blog", "country": "XX", "q": "youth"},
        [
            ItemTypeParameter(),
            CountryParameter(),
        ],
    )
    assert kept == {"type": "practice", "q": "youth"}
    assert notices == ["Unknown type “blog”; the filter was ignored.", "Unknown country “XX”; the filter was ignored."]
