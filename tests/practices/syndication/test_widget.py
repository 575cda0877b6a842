"""The embeddable widget: the iframe page /embed/latest/ (newest practices for a language, theme and country,
framable from anywhere, no cookies) and the script /embed/widget.js with the JSON Feed it reads across origins."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils import translation
from django.utils.translation import gettext
from py_mini_racer import MiniRacer

from practices.models import GoodPracticePage, PracticeIndexPage
from tests.practices.feed_fixtures import add_page, index_of

EMBED = "/embed/latest/"


def listed_titles(response):
    assert response.status_code == 200, response.content
    return re.findall(r'<li>\s*<a href="[^"]+" target="_blank" rel="noopener">([^<]+)</a>', response.content.decode())


# --- The iframe page ---------------------------------------------------------------------------------------------
def test_embed_lists_newest_practices_of_the_chosen_language_theme_and_country(client, feed_content):
    response = client.get(f"{EMBED}?locale=cs&theme=youth&country=CZ")
    html = response.content.decode()

    assert listed_titles(response) == ["Pocitové mapy Jihlava", "Parlament mládeže Brno"]
    assert f'href="http://testserver{feed_content["practice_cs"].url}"' in html
    assert '<html lang="cs">' in html
    assert "Česko" in html


def test_embed_defaults_to_english_and_five_practices(client, feed_content, locales):
    for n in range(5):
        add_page(index_of(PracticeIndexPage, locales["en"]), GoodPracticePage, f"Extra practice {n}")

    titles = listed_titles(client.get(EMBED))

    assert titles == [f"Extra practice {n}" for n in (4, 3, 2, 1, 0)]


def test_embed_limit_and_empty_result(client, feed_content):
    assert listed_titles(client.get(f"{EMBED}?locale=en&limit=1")) == ["NGO network of Kyustendil"]
    empty = client.get(f"{EMBED}?locale=hr")
    assert empty.status_code == 200
    with translation.override("hr"):
        assert gettext("No good practices match yet.") in empty.content.decode()


@pytest.mark.parametrize("logged_in", [False, True])
def test_embed_sets_no_cookie_and_may_be_framed_anywhere(client, admin_client, feed_content, logged_in):
    response = (admin_client if logged_in else client).get(f"{EMBED}?locale=en")

    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    assert "X-Frame-Options" not in response.headers
    assert "public" in response["Cache-Control"]


def test_public_pages_still_refuse_foreign_frames(client, feed_content):
    assert client.get("/en/")["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("locale=xx", "locale", "Unknown locale “xx”; use one of en, cs, bg, hr, nb."),
        ("theme=yuoth", "theme", "Unknown theme “yuoth”."),
        ("country=XX", "country", "Unknown country code “XX”."),
        ("limit=100", "limit", "The limit must be a whole number from 1 to 50."),
        ("type=material", "type", "Unknown parameter; this list accepts locale, theme, country, limit."),
        ("locale=cs&locale=en", "locale", "Give this parameter once."),
    ],
)
def test_embed_rejects_bad_parameters_with_a_message(client, feed_content, query, parameter, message):
    response = client.get(f"{EMBED}?{query}")

    assert response.status_code == 400
    assert f"<code>{parameter}</code>: {message}" in response.content.decode()
    assert not response.cookies


def test_embed_answers_only_reads(client, feed_content):
    assert client.post(f"{EMBED}?locale=en").status_code == 405


EMBED_QUERY_BOUND = 18  # measured: 16


@pytest.mark.parametrize("extra", [1, 10])
def test_embed_query_count_does_not_grow_with_the_limit(
    client, feed_content, locales, django_assert_max_num_queries, extra
):
    for n in range(extra):
        add_page(index_of(PracticeIndexPage, locales["en"]), GoodPracticePage, f"Extra practice {n}")
    client.get(f"{EMBED}?locale=en&limit=50")  # renditions and file sizes are made once, on first use
    with django_assert_max_num_queries(EMBED_QUERY_BOUND):
        response = client.get(f"{EMBED}?locale=en&limit=50")
    assert len(listed_titles(response)) == 2 + extra


# --- The script and the JSON it reads -----------------------------------------------------------------------------
def test_widget_script_has_a_stable_address(client):
    response = client.get("/embed/widget.js")

    assert response.status_code == 302
    assert response["Location"] == "http://testserver/static/practices/widget.js"
    assert "max-age=3600" in response["Cache-Control"]
    assert not response.cookies


# The little of a browser that widget.js uses, for running it in V8 (mini-racer): elements that remember their
# text, style and children, containers with data- attributes, and a fetch that records each request for the test
# to answer from the real server.
BROWSER = """
function Element(tag, attributes) {
  this.tagName = tag; this.attributes = attributes || {}; this.style = {}; this.children = []; this.textContent = "";
}
Element.prototype.appendChild = function (child) { this.children.push(child); return child; };
Element.prototype.replaceChildren = function () { this.children = Array.prototype.slice.call(arguments); };
Element.prototype.getAttribute = function (name) { return name in this.attributes ? this.attributes[name] : null; };
var containers = [];
var requests = [];
var document = {
  currentScript: {src: "http://testserver/embed/widget.js"},
  readyState: "complete",
  createElement: function (tag) { return new Element(tag); },
  querySelectorAll: function (selector) { return selector === "[data-good-practice-hub]" ? containers : []; },
  addEventListener: function () {}
};
function fetch(url, options) {
  return new Promise(function (resolve) { requests.push({url: url, options: options, resolve: resolve}); });
}
"""


def run_widget(client, attributes):
    """Run widget.js on a page with one container, answer its request from the hub, and return what it wrote
    into the container and the request it made."""
    browser = MiniRacer()
    browser.eval(BROWSER)
    browser.eval(f"containers.push(new Element('div', {json.dumps(attributes)}))")
    browser.eval(Path(finders.find("practices/widget.js")).read_text(encoding="utf-8"))
    request = json.loads(browser.eval("JSON.stringify(requests[0])"))
    response = client.get(request["url"].removeprefix("http://testserver"))
    browser.eval(
        f"requests[0].resolve({{ok: {json.dumps(response.status_code < 400)}, status: {response.status_code}, "
        f"json: function () {{ return Promise.resolve({response.content.decode()}); }}}})"
    )
    written = json.loads(browser.eval("JSON.stringify(containers[0].children)"))
    return written, request


def test_widget_script_lists_the_newest_practices_in_the_hosts_fonts(client, feed_content):
    written, request = run_widget(
        client, {"data-good-practice-hub": "", "data-locale": "cs", "data-theme": "youth", "data-country": "CZ"}
    )

    assert request["url"] == "http://testserver/cs/feeds/latest.json?type=practice&limit=5&theme=youth&country=CZ"
    assert request["options"] == {"mode": "cors", "credentials": "omit"}
    [listing] = written
    assert listing["tagName"] == "ul" and listing["style"]["cssText"].startswith("font: inherit;")
    links = [entry["children"][0] for entry in listing["children"]]
    assert [link["textContent"] for link in links] == ["Pocitové mapy Jihlava", "Parlament mládeže Brno"]
    assert links[1]["href"] == f"http://testserver{feed_content['practice_cs'].url}"
    assert all(link["style"]["cssText"].startswith("font: inherit;") for link in links)
    assert listing["children"][1]["children"][1]["textContent"] == "Parlament mládeže Brno: a summary."


def test_widget_script_shows_the_hubs_message_for_a_bad_parameter(client, feed_content):
    written, request = run_widget(client, {"data-good-practice-hub": "", "data-theme": "yuoth", "data-limit": "3"})

    assert request["url"] == "http://testserver/en/feeds/latest.json?type=practice&limit=3&theme=yuoth"
    assert [element["textContent"] for element in written] == ["Good Practice Hub: theme: Unknown theme “yuoth”."]


def test_json_feed_the_widget_reads_is_open_to_other_origins(client, feed_content):
    response = client.get(
        "/cs/feeds/latest.json?type=practice&theme=youth&country=CZ&limit=5",
        HTTP_ORIGIN="https://www.partner-municipality.cz",
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert [item["title"] for item in response.json()["items"]] == ["Pocitové mapy Jihlava", "Parlament mládeže Brno"]
    assert not response.cookies


def test_json_feed_errors_reach_other_origins_too(client, feed_content):
    response = client.get("/cs/feeds/latest.json?theme=nope", HTTP_ORIGIN="https://www.partner-municipality.cz")

    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    with translation.override("cs"):  # the error speaks the language of the feed's URL
        assert response.json() == {"errors": {"theme": [gettext("Unknown theme “%(value)s”.") % {"value": "nope"}]}}
