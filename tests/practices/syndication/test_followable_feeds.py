"""Feeds that follow one search (/<locale>/feeds/search.atom, .json) or one filtered listing
(/<locale>/feeds/listing/<type>.atom, .json): parsed with feedparser as news readers parse them, they list exactly
the items the search page or the listing shows, newest first; a bad parameter is a 400 naming it; and the pages
link them ("Follow this search", <link rel="alternate">)."""

import copy
import datetime

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.utils import timezone, translation
from django.utils.translation import gettext

from practices.models import GoodPracticePage, MaterialIndexPage, PracticeIndexPage
from tests.practices.feed_fixtures import (
    add_page,
    index_of,
    locales_by_code,
    young_people_items,
)


@pytest.fixture(scope="module")
def shared_knowledge_base(module_content):
    """Czech items about young people, published one day apart (the festival newest), and an English practice."""
    with module_content():
        items = young_people_items(
            locales_by_code(),
            parliament={"start_date": datetime.date(2023, 3, 1)},
            festival={"start_date": datetime.date(2024, 5, 1)},
        )
        now = timezone.now()
        for age, name in enumerate(["festival", "guide", "parliament", "english"]):
            # Published a day apart, so "newest first" is not the order of relevance or of creation.
            type(items[name]).objects.filter(pk=items[name].pk).update(
                first_published_at=now - datetime.timedelta(days=age)
            )
    return items


@pytest.fixture
def knowledge_base(shared_knowledge_base, db):
    return copy.deepcopy(shared_knowledge_base)


def parsed(client, url, **parameters):
    response = client.get(url, parameters)
    assert response.status_code == 200, response.content
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def html(client, url, **parameters):
    response = client.get(url, parameters)
    assert response.status_code == 200, response.content[:2000]
    return BeautifulSoup(response.content, "html.parser")


def entry_paths(feed):
    return [entry.link.removeprefix("http://testserver") for entry in feed.entries]


def search_page_paths(client, **parameters):
    soup = html(client, "/cs/search/", **parameters)
    return {link["href"] for link in soup.select(".search-results .item h3 a")}


def follow_link(soup, kind):
    return soup.select_one(f"link[rel=alternate][type='{kind}']:not([href*='latest'])")["href"]


# --- Following a search -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "parameters",
    [
        {"q": "mladez"},
        {"q": "mladez", "theme": "youth"},
        {"q": "mladez", "type": "practice", "country": "sk"},
        {"q": "mladez", "target_group": "students"},
        {"q": "festivql"},
        {"q": "parliament", "locale": "all"},
        {"q": "mladez", "theme": "culture", "target_group": "students"},
    ],
)
def test_search_feed_lists_the_items_the_search_page_finds(client, knowledge_base, parameters):
    soup = html(client, "/cs/search/", **parameters)
    found = {link["href"] for link in soup.select(".search-results .item h3 a")}
    atom = parsed(client, follow_link(soup, "application/atom+xml"))
    assert set(entry_paths(atom)) == found
    feed = client.get(follow_link(soup, "application/feed+json")).json()
    assert {item["url"].removeprefix("http://testserver") for item in feed["items"]} == found


def test_search_feed_is_newest_first(client, knowledge_base):
    feed = parsed(client, "/cs/feeds/search.atom", q="mladez")
    assert entry_paths(feed) == [knowledge_base[name].url for name in ("festival", "guide", "parliament")]
    with translation.override("cs"):
        assert feed.feed.title == gettext("Good Practice Hub: search for “%(query)s”") % {"query": "mladez"}
    json_feed = client.get("/cs/feeds/search.json", {"q": "mladez", "limit": "2"}).json()
    assert [item["title"] for item in json_feed["items"]] == ["Festival v obci", "Příručka pro práci s mládeží"]
    assert json_feed["version"] == "https://jsonfeed.org/version/1.1"


def test_search_page_offers_to_follow_the_search(client, knowledge_base):
    soup = html(client, "/cs/search/", q="mladez", theme="youth")
    follow = soup.select_one("a.follow__link")["href"]
    assert follow == "/cs/feeds/search.atom?q=mladez&theme=youth"
    assert follow_link(soup, "application/atom+xml") == follow
    assert follow_link(soup, "application/feed+json") == "/cs/feeds/search.json?q=mladez&theme=youth"


@pytest.mark.parametrize(
    ("parameters", "parameter"),
    [
        ({}, "q"),
        ({"q": "x" * 2000}, "q"),
        ({"q": "mladez", "theme": "no-such-theme"}, "theme"),
        ({"q": "mladez", "type": "blog"}, "type"),
        ({"q": "mladez", "locale": "de"}, "locale"),
        ({"q": "mladez", "limit": "0"}, "limit"),
        ({"q": "mladez", "limit": "51"}, "limit"),
        ({"q": "mladez", "page": "2"}, "page"),
        ({"q": "mladez", "sort": "title"}, "sort"),
    ],
)
@pytest.mark.parametrize("extension", ["atom", "json"])
def test_search_feed_rejects_bad_parameters_naming_them(client, knowledge_base, parameters, parameter, extension):
    response = client.get(f"/cs/feeds/search.{extension}", parameters)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [parameter]


def test_search_feed_queries_do_not_depend_on_the_number_of_entries(
    client, knowledge_base, locales, django_assert_max_num_queries
):
    parsed(client, "/cs/feeds/search.atom", q="mladez")  # fills the per-process facet map
    czech = index_of(PracticeIndexPage, locales["cs"])
    for number in range(10):
        add_page(czech, GoodPracticePage, f"Mládež a obec {number}", slug=f"mladez-{number}")
    with django_assert_max_num_queries(40):
        feed = parsed(client, "/cs/feeds/search.atom", q="mladez")
    assert len(feed.entries) == 13


# --- Following a filtered listing ------------------------------------------------------------------------------
def listing_paths(soup):
    return [link["href"] for link in soup.select(".results .items h3 a")]


@pytest.mark.parametrize(
    "parameters",
    [{}, {"theme": "youth"}, {"country": "SK"}, {"target_group": "students", "theme": "youth"}, {"year": "2024"}],
)
def test_listing_feed_lists_the_items_the_listing_shows_newest_first(client, knowledge_base, locales, parameters):
    soup = html(client, index_of(PracticeIndexPage, locales["cs"]).url, **parameters)
    shown = listing_paths(soup)
    assert shown
    atom = parsed(client, soup.select_one("a.follow__link")["href"])
    assert entry_paths(atom) == shown
    json_feed = client.get(follow_link(soup, "application/feed+json")).json()
    assert [item["url"].removeprefix("http://testserver") for item in json_feed["items"]] == shown


def test_listing_feed_link_keeps_the_filters_but_not_sort_or_page(client, knowledge_base, locales):
    soup = html(client, index_of(PracticeIndexPage, locales["cs"]).url, theme="youth", sort="title", page="1")
    assert soup.select_one("a.follow__link")["href"] == "/cs/feeds/listing/practice.atom?theme=youth"
    assert follow_link(soup, "application/atom+xml") == "/cs/feeds/listing/practice.atom?theme=youth"


def test_material_listing_has_its_own_feed(client, knowledge_base, locales):
    soup = html(client, index_of(MaterialIndexPage, locales["cs"]).url)
    assert entry_paths(parsed(client, soup.select_one("a.follow__link")["href"])) == [knowledge_base["guide"].url]


@pytest.mark.parametrize(
    ("parameters", "parameter"),
    [
        ({"theme": "no-such-theme"}, "theme"),
        ({"country": "XX"}, "country"),
        ({"year": "last"}, "year"),
        ({"sort": "title"}, "sort"),
        ({"limit": "0"}, "limit"),
        ({"theme": "youth\x00"}, "theme"),
    ],
)
@pytest.mark.parametrize("extension", ["atom", "json"])
def test_listing_feed_rejects_bad_parameters_naming_them(client, knowledge_base, parameters, parameter, extension):
    response = client.get(f"/cs/feeds/listing/practice.{extension}", parameters)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [parameter]


def test_listing_feed_of_an_unknown_type_is_not_found(client, knowledge_base):
    assert client.get("/cs/feeds/listing/blog.atom").status_code == 404
