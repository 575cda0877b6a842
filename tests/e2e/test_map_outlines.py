"""The practice map without a tile server (the default), in headless Chromium over the demo knowledge base: the
markers stand on Natural Earth's country outlines, which the site serves itself, and the page asks no other host for
anything."""

from urllib.parse import urlsplit

from playwright.sync_api import expect

from practices.models import PracticeIndexPage
from tests.e2e.conftest import SCREENSHOTS

# world-atlas's countries-110m.json outlines 177 countries; Europe alone is drawn with more than this many shapes.
SOME_COUNTRIES = 100


def test_map_draws_country_outlines_from_the_site_when_no_tile_server_is_configured(page, public_site, settings):
    settings.MAP_TILE_URL = ""
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    index = PracticeIndexPage.objects.get(locale__language_code="en")

    page.goto(f"{index.url}map/")

    expect(page.locator("#practice-map .leaflet-marker-icon").first).to_be_visible()
    expect(page.locator("#practice-map .leaflet-overlay-pane path").nth(SOME_COUNTRIES)).to_be_attached()
    expect(page.locator("#practice-map .leaflet-control-attribution")).to_contain_text("Natural Earth")
    assert hosts == {urlsplit(public_site.url).netloc}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#practice-map").screenshot(path=SCREENSHOTS / "map-outlines-en-desktop.png")
