"""A story's embedded media (practices.blocks.ConsentEmbedBlock): a YouTube or Vimeo video waits behind "Load the
video" as a training video's player does, any other URL is a link, and rendering a page asks no provider for its
oEmbed HTML. The button itself is clicked in tests/e2e/test_csp.py."""

import json

import pytest
from django.utils import translation
from wagtail.embeds.models import Embed
from wagtail.test.utils import WagtailTestUtils

from practices.models import MaterialIndexPage, MaterialPage
from tests.practices.feed_fixtures import add_page, index_of

YOUTUBE = "https://www.youtube.com/watch?v=Fq7cG2xLm0A"
VIMEO = "https://vimeo.com/76979871"
SLIDES = "https://www.slideshare.net/hub/participatory-budgeting"


def add_material(locale, title, *urls):
    return add_page(index_of(MaterialIndexPage, locale), MaterialPage, title, body=story(*urls), material_kind="guide")


def story(*urls):
    """A body of a paragraph and one embed block per URL, as the editor stores it."""
    blocks = [{"type": "paragraph", "value": "<p>Watch how it went.</p>"}]
    return json.dumps(blocks + [{"type": "embed", "value": url} for url in urls])


@pytest.fixture
def material_with_media(feed_content, locales):
    return add_material(locales["en"], "Budgeting in pictures", YOUTUBE, VIMEO, SLIDES)


def soup_of(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return WagtailTestUtils.get_soup(response.content)


def test_story_videos_wait_for_the_reader_and_other_media_are_links(client, material_with_media):
    soup = soup_of(client, material_with_media.url)

    assert not soup.select("iframe")
    players = soup.select(".story .player--story .player-consent")
    assert [player["data-embed-url"] for player in players] == [
        "https://www.youtube-nocookie.com/embed/Fq7cG2xLm0A",
        "https://player.vimeo.com/video/76979871?dnt=1",
    ]
    assert players[0]["data-title"] == "Video: Budgeting in pictures"
    assert "www.youtube.com" in players[0].p.get_text() and "vimeo.com" in players[1].p.get_text()
    assert [button.get_text(strip=True) for button in soup.select(".story button.player-load")] == [
        "Load the video"
    ] * 2
    link = soup.select_one(".story .embedded-link a")
    assert (link["href"], link.get_text()) == (SLIDES, "View on www.slideshare.net")
    assert soup.select('script[src$="practices/player.js"]')
    # Nothing was asked of YouTube, Vimeo or SlideShare to render the page: no oEmbed answer was fetched or stored.
    assert Embed.objects.count() == 0


def test_a_story_without_videos_loads_no_player_script(client, locales, feed_content):
    page = add_material(locales["en"], "Slides only", SLIDES)
    soup = soup_of(client, page.url)

    assert soup.select_one(".story .embedded-link a")["href"] == SLIDES
    assert not soup.select(".player-consent")
    assert not soup.select('script[src$="practices/player.js"]')


def test_the_placeholder_and_the_link_speak_the_readers_language(client, locales, feed_content):
    page = add_material(locales["cs"], "Rozpočet v obrazech", YOUTUBE, SLIDES)
    with translation.override("cs"):
        soup = soup_of(client, page.url)

    assert soup.select_one(".story button.player-load").get_text(strip=True) == "Načíst video"
    assert soup.select_one(".story .embedded-link a").get_text() == "Zobrazit na www.slideshare.net"


def test_the_api_still_carries_the_embed_url(client, material_with_media):
    response = client.get(f"/api/v2/pages/{material_with_media.pk}/")
    assert response.status_code == 200, response.status_code
    embeds = [block["value"] for block in response.json()["body"] if block["type"] == "embed"]
    assert embeds == [YOUTUBE, VIMEO, SLIDES]
