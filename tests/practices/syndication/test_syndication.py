"""Syndication feeds of the newest items per language (/<locale>/feeds/latest.atom, .rss, .json): parsed with
feedparser as news readers parse them, JSON Feed 1.1's required fields, stable entry ids, filters, bad parameters,
query counts and the links in public pages' heads."""

import re

import feedparser
import pytest
from wagtail.models import Page

from practices.models import GoodPracticePage, PracticeIndexPage, Theme
from tests.practices.feed_fixtures import add_page, index_of, make_organisation, make_term, publish

TAG_ID = re.compile(r"tag:testserver,2026:(practice|material|video)/[0-9a-f-]{36}/(en|cs|bg|hr|nb)")


def parsed(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def entry_id(page):
    return f"tag:testserver,2026:{page_type(page)}/{page.translation_key}/{page.locale.language_code}"


def page_type(page):
    return {"goodpracticepage": "practice", "materialpage": "material", "trainingvideopage": "video"}[
        page._meta.model_name
    ]


# --- Atom and RSS ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("extension", ["atom", "rss"])
def test_feed_lists_the_languages_published_items_newest_first(client, feed_content, extension):
    feed = parsed(client, f"/en/feeds/latest.{extension}")

    expected = [feed_content[name] for name in ("practice_bg", "practice", "video", "material")]
    assert [entry.id for entry in feed.entries] == [entry_id(page) for page in expected]
    assert feed.feed.title == "Good Practice Hub: newest practices, materials and videos"
    assert feed.feed.link == "http://testserver/en/"


@pytest.mark.parametrize("extension", ["atom", "rss"])
def test_entry_carries_title_summary_link_dates_author_and_themes(client, feed_content, extension):
    practice = feed_content["practice"]
    entry = next(e for e in parsed(client, f"/en/feeds/latest.{extension}").entries if e.id == entry_id(practice))

    assert entry.title == "Youth parliament of Brno"
    assert entry.summary == "Youth parliament of Brno: a summary."
    assert entry.link == f"http://testserver{practice.url}"
    assert entry.author == "City of Brno"
    assert [tag.term for tag in entry.tags] == ["Youth"]
    assert entry.published_parsed[:6] == practice.first_published_at.utctimetuple()[:6]
    if extension == "atom":
        assert entry.updated_parsed[:6] == practice.last_published_at.utctimetuple()[:6]
        assert "<h2>How it started</h2>" in entry.content[0].value
        assert "<script>" not in entry.content[0].value
    else:
        assert entry.guidislink is False


HOSTILE = "<img src=x onerror=alert(1)> & <b>bold</b>"


@pytest.fixture
def hostile_practice(feed_content, locales):
    """A practice whose plain-text summary and title hold markup, and whose body holds an event handler."""
    page = add_page(
        index_of(PracticeIndexPage, locales["en"]),
        GoodPracticePage,
        "Hostile <b>title</b>",
        live=False,
        slug="hostile",
        body=[{"type": "paragraph", "value": f"<p>Body {HOSTILE}</p>"}],
    )
    page.summary = HOSTILE
    return publish(page)


@pytest.mark.parametrize("extension", ["atom", "rss"])
def test_plain_text_stays_text_and_the_body_carries_no_script(client, hostile_practice, extension):
    response = client.get(f"/en/feeds/latest.{extension}")
    # Parsed without feedparser's own sanitising, as a reader that trusts the feed would read it.
    feed = feedparser.parse(response.content, sanitize_html=False)
    assert not feed.bozo, feed.get("bozo_exception")
    entry = next(entry for entry in feed.entries if entry.id == entry_id(hostile_practice))

    assert entry.title == "Hostile <b>title</b>"
    if extension == "atom":
        assert entry.summary_detail.type == "text/plain"
        assert entry.summary == HOSTILE  # the characters, to be shown as they are
        (content,) = entry.content
        assert content.type == "text/html"
        assert "<b>bold</b>" in content.value and "onerror" not in content.value
    else:
        # RSS descriptions are HTML: the summary arrives escaped, so a reader shows its characters.
        assert entry.summary == "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
        assert "<img" not in entry.summary


def test_json_feed_body_is_sanitised_and_summary_is_text(client, hostile_practice):
    item = next(
        item for item in client.get("/en/feeds/latest.json").json()["items"] if item["id"] == entry_id(hostile_practice)
    )
    assert item["summary"] == HOSTILE
    assert "<b>bold</b>" in item["content_html"] and "onerror" not in item["content_html"]


def test_czech_feed_shows_czech_items_and_term_names(client, feed_content):
    feed = parsed(client, "/cs/feeds/latest.atom")

    assert {entry.id for entry in feed.entries} == {
        entry_id(feed_content["practice_cs"]),
        entry_id(feed_content["practice_cs_only"]),
    }
    assert feed.feed.language == "cs"
    translation = next(e for e in feed.entries if e.id == entry_id(feed_content["practice_cs"]))
    assert [tag.term for tag in translation.tags] == ["Mládež"]
    assert translation.author == "Statutární město Brno"


def test_entry_id_stays_the_same_when_the_item_is_edited(client, feed_content):
    practice = feed_content["practice"]
    before = parsed(client, "/en/feeds/latest.atom?type=practice")
    practice.title = "Brno youth parliament"
    practice.slug = "brno-youth-parliament"
    publish(practice)
    after = parsed(client, "/en/feeds/latest.atom?type=practice")

    old = next(e for e in before.entries if e.id == entry_id(practice))
    new = next(e for e in after.entries if e.id == entry_id(practice))
    assert TAG_ID.fullmatch(new.id)
    assert (old.title, new.title) == ("Youth parliament of Brno", "Brno youth parliament")
    assert new.link.endswith("/brno-youth-parliament/")
    assert new.updated_parsed[:6] == Page.objects.get(pk=practice.pk).last_published_at.utctimetuple()[:6]
    assert new.published_parsed == old.published_parsed


# --- Filters and bad parameters ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=material", ["material"]),
        ("type=video", ["video"]),
        ("theme=youth", ["practice", "material"]),
        ("country=bg", ["practice_bg"]),
        ("country=CZ&type=material", []),
        ("limit=2", ["practice_bg", "practice"]),
        ("type=practice&theme=environment", ["practice_bg"]),
    ],
)
def test_feed_filters(client, feed_content, query, expected):
    feed = parsed(client, f"/en/feeds/latest.atom?{query}")

    assert [entry.id for entry in feed.entries] == [entry_id(feed_content[name]) for name in expected]


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("type=article", "type", "Unknown type “article”; use one of practice, material, video."),
        ("theme=yuoth", "theme", "Unknown theme “yuoth”."),
        ("country=XX", "country", "Unknown country code “XX”."),
        ("limit=0", "limit", "The limit must be a whole number from 1 to 50."),
        ("limit=51", "limit", "The limit must be a whole number from 1 to 50."),
        ("limit=ten", "limit", "The limit must be a whole number from 1 to 50."),
        ("type=video&type=material", "type", "Give this parameter once."),
        ("page_size=5", "page_size", "Unknown parameter; this list accepts type, theme, country, limit."),
    ],
)
@pytest.mark.parametrize("extension", ["atom", "rss", "json"])
def test_feed_rejects_bad_parameters(client, feed_content, query, parameter, message, extension):
    response = client.get(f"/en/feeds/latest.{extension}?{query}")

    assert response.status_code == 400
    assert response.json() == {"errors": {parameter: [message]}}


def test_feed_of_unknown_language_is_not_found(client, feed_content):
    assert client.get("/xx/feeds/latest.atom").status_code == 404


# --- JSON Feed ---------------------------------------------------------------------------------------------------
def test_json_feed_has_the_required_fields_of_version_1_1(client, feed_content):
    response = client.get("/en/feeds/latest.json", HTTP_ORIGIN="https://partner.example.org")
    feed = response.json()

    assert response["Content-Type"] == "application/feed+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "Good Practice Hub: newest practices, materials and videos"
    assert feed["home_page_url"] == "http://testserver/en/"
    assert feed["feed_url"] == "http://testserver/en/feeds/latest.json"
    assert feed["language"] == "en"
    for item in feed["items"]:
        assert TAG_ID.fullmatch(item["id"])
        assert item["url"].startswith("http://testserver/en/")
        assert item.get("content_html") or item.get("content_text")
        assert item["date_published"] <= item["date_modified"]
    assert len({item["id"] for item in feed["items"]}) == len(feed["items"]) == 4


def test_json_feed_item_mirrors_the_partner_feed(client, feed_content):
    practice = feed_content["practice"]
    feed = client.get("/en/feeds/latest.json?type=practice").json()
    item = next(i for i in feed["items"] if i["id"] == entry_id(practice))
    partner_item = client.get(f"/api/feed/v1/practices/{practice.pk}/").json()

    assert item["title"] == partner_item["title"]
    assert item["url"] == partner_item["url"]
    assert item["content_html"] == partner_item["body"]["html"]
    assert item["date_published"] == partner_item["first_published_at"]
    assert item["authors"] == [{"name": "City of Brno"}]
    assert item["tags"] == ["Youth"]
    assert item["_good_practice_hub"] == {
        "type": "practice",
        "translation_key": str(practice.translation_key),
        "api_url": partner_item["api_url"],
        "country": {"code": "CZ", "name": "Czechia"},
    }


def test_json_feed_item_without_body_offers_its_summary(client, feed_content):
    feed = client.get("/en/feeds/latest.json?country=BG").json()

    assert feed["items"][0]["content_text"] == "NGO network of Kyustendil: a summary."


# --- Page heads, caching and queries -------------------------------------------------------------------------------
@pytest.mark.parametrize("locale", ["en", "cs", "nb"])
def test_public_pages_link_their_languages_feeds(client, feed_content, locale):
    html = client.get(f"/{locale}/").content.decode()

    links = dict(re.findall(r'<link rel="alternate" type="([^"]+)" title="[^"]+" href="([^"]+)"', html))
    assert links == {
        "application/atom+xml": f"/{locale}/feeds/latest.atom",
        "application/rss+xml": f"/{locale}/feeds/latest.rss",
        "application/feed+json": f"/{locale}/feeds/latest.json",
    }
    for url in links.values():
        assert client.get(url).status_code == 200


def test_item_pages_link_the_feeds_too(client, feed_content):
    html = client.get(feed_content["practice"].url).content.decode()

    assert '<link rel="alternate" type="application/atom+xml"' in html


@pytest.mark.parametrize("extension", ["atom", "rss", "json"])
def test_feeds_may_be_cached_and_set_no_cookie(client, feed_content, extension):
    response = client.get(f"/en/feeds/latest.{extension}")

    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert not response.cookies


QUERY_BOUND = 30  # measured: 28 (three item types)


@pytest.mark.parametrize("extra", [1, 15])
def test_feed_query_count_does_not_grow_with_the_items(
    client, feed_content, locales, django_assert_max_num_queries, extra
):
    en = locales["en"]
    theme = make_term(Theme, "mapping", "Mapping", en)
    organisation = make_organisation("mappers", "Mappers", en)
    for n in range(extra):
        add_page(
            index_of(PracticeIndexPage, en),
            GoodPracticePage,
            f"Extra practice {n}",
            lead_organisation=organisation,
            relations={"themes": [theme]},
        )
    client.get("/en/feeds/latest.json")  # renditions and file sizes are made once, on first use
    with django_assert_max_num_queries(QUERY_BOUND):
        response = client.get("/en/feeds/latest.atom")
    assert len(feedparser.parse(response.content).entries) == min(4 + extra, 20)
