"""oEmbed for single items (practices.syndication.oembed, docs/api.md): the endpoint's oEmbed 1.0 responses and errors,
discovery from the item pages' head, and the framable, cookie-free card its iframes show."""

import re
from html import unescape
from urllib.parse import urlsplit

import pytest

from tests.practices.feed_fixtures import FEED

OEMBED = "/api/oembed/"

pytestmark = pytest.mark.django_db


def feed_url(client, resource, page):
    """The item's public URL as the feed states it."""
    return client.get(f"{FEED}{resource}/{page.pk}/").json()["url"]


def iframe_src(html):
    return urlsplit(unescape(re.search(r'<iframe src="([^"]+)"', html).group(1))).path


def test_practice_url_gives_a_rich_oembed_of_its_card(client, feed_content):
    practice = feed_content["practice"]
    response = client.get(OEMBED, {"url": feed_url(client, "practices", practice), "format": "json"})

    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert {key: data[key] for key in ("version", "type", "title", "provider_name", "author_name")} == {
        "version": "1.0",
        "type": "rich",
        "title": "Youth parliament of Brno",
        "provider_name": "Good Practice Hub",
        "author_name": "City of Brno",
    }
    assert data["provider_url"] == "http://testserver/"
    assert (data["width"], data["height"]) == (480, 360)
    assert iframe_src(data["html"]) == f"/embed/item/{practice.pk}/"
    assert 'width="480" height="360"' in data["html"]
    assert data["thumbnail_url"].startswith("http://testserver/") and "fill-320x240" in data["thumbnail_url"]
    assert (data["thumbnail_width"], data["thumbnail_height"]) == (320, 240)


def test_translation_is_embedded_with_its_own_card_and_localised_author(client, feed_content):
    czech = feed_content["practice_cs"]
    data = client.get(OEMBED, {"url": feed_url(client, "practices", czech)}).json()

    assert data["title"] == "Parlament mládeže Brno"
    assert data["author_name"] == "Statutární město Brno"
    assert iframe_src(data["html"]) == f"/embed/item/{czech.pk}/"
    assert "thumbnail_url" not in data  # its gallery and body are empty


def test_material_and_video_urls_are_items_too(client, feed_content):
    material = client.get(OEMBED, {"url": feed_url(client, "materials", feed_content["material"])}).json()
    video = client.get(OEMBED, {"url": feed_url(client, "videos", feed_content["video"])}).json()

    assert (material["title"], material["author_name"]) == ("Future City Game guide", "Agora CE")
    assert material["author_url"] == "https://agora.example.org/"
    assert video["title"] == "Running a round table"
    assert "author_name" not in video


@pytest.mark.parametrize(
    ("maxwidth", "maxheight", "size", "thumbnail"),
    [("300", None, (300, 360), False), (None, "200", (480, 200), False), ("1000", "1000", (480, 360), True)],
)
def test_response_fits_within_maxwidth_and_maxheight(client, feed_content, maxwidth, maxheight, size, thumbnail):
    query = {"url": feed_url(client, "practices", feed_content["practice"])}
    query.update({key: value for key, value in (("maxwidth", maxwidth), ("maxheight", maxheight)) if value})

    data = client.get(OEMBED, query).json()

    assert (data["width"], data["height"]) == size
    assert f'width="{size[0]}" height="{size[1]}"' in data["html"]
    assert ("thumbnail_url" in data) is thumbnail


def test_xml_format_is_not_implemented(client, feed_content):
    response = client.get(OEMBED, {"url": feed_url(client, "practices", feed_content["practice"]), "format": "xml"})

    assert response.status_code == 501
    assert "detail" in response.json()


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({}, "url"),
        ({"url": ""}, "url"),
        ({"url": "not a url"}, "url"),
        ({"url": "/en/practices/youth-parliament-of-brno/"}, "url"),
        ({"url": "ftp://testserver/en/practices/x/"}, "url"),
        ({"url": "http://testserver:port/en/"}, "url"),
        ({"url": "http://testserver/en/ x/"}, "url"),
        ({"url": ["http://testserver/en/", "http://testserver/cs/"]}, "url"),
        ({"url": "http://testserver/en/", "format": "yaml"}, "format"),
        ({"url": "http://testserver/en/", "maxwidth": "wide"}, "maxwidth"),
        ({"url": "http://testserver/en/", "maxheight": "0"}, "maxheight"),
        ({"url": "http://testserver/en/", "maxwidth": "-5"}, "maxwidth"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(client, locales, query, parameter):
    response = client.get(OEMBED, query)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [parameter]


@pytest.mark.parametrize(
    "url",
    [
        "http://testserver/en/practices/unpublished-draft/",
        "http://testserver/en/practices/",
        "http://testserver/en/",
        "http://testserver/en/no-such-page/",
        "http://testserver/api/feed/v1/practices/",
        "https://elsewhere.example.org/en/practices/youth-parliament-of-brno/",
    ],
    ids=["draft", "index-page", "home-page", "unknown-path", "not-a-page", "other-host"],
)
def test_urls_that_are_not_a_published_item_are_a_404(client, feed_content, url):
    response = client.get(OEMBED, {"url": url})

    assert response.status_code == 404
    assert "detail" in response.json()


def test_item_page_announces_its_oembed_url_in_its_head(client, feed_content):
    practice_url = feed_url(client, "practices", feed_content["practice"])
    page = client.get(urlsplit(practice_url).path).content.decode()

    head = page.split("</head>")[0]
    link = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', head)
    assert link is not None
    oembed = urlsplit(unescape(link.group(1)))
    assert oembed.path == OEMBED
    data = client.get(f"{oembed.path}?{oembed.query}").json()
    assert data["title"] == "Youth parliament of Brno"


def test_card_is_framable_cookie_free_and_in_the_items_language(client, feed_content):
    czech = feed_content["practice_cs"]
    response = client.get(f"/embed/item/{czech.pk}/")

    assert response.status_code == 200
    assert not response.has_header("X-Frame-Options")
    assert not response.cookies
    html = response.content.decode()
    assert '<html lang="cs">' in html
    assert "Parlament mládeže Brno" in html
    assert client.get(feed_url(client, "practices", czech))["X-Frame-Options"] == "SAMEORIGIN"


def test_card_of_an_unpublished_or_unknown_page_is_a_404(client, feed_content):
    assert client.get(f"/embed/item/{feed_content['draft'].pk}/").status_code == 404
    assert client.get(f"/embed/item/{feed_content['practice'].get_parent().pk}/").status_code == 404
