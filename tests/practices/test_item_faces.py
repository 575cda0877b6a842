"""A face for every item (issue 19): cards carry the flag of the item's country, from the flag-icons package (MIT)
that the site serves itself."""

from django.contrib.staticfiles import finders
from wagtail.test.utils import WagtailTestUtils

from tests.practices import feed_fixtures

empty_cache = feed_fixtures.empty_cache
media_root = feed_fixtures.media_root
feed_content = feed_fixtures.feed_content


def test_listing_cards_show_their_countrys_flag(client, feed_content):
    soup = WagtailTestUtils.get_soup(client.get("/en/practices/").content)

    flags = {
        card.select_one("h3").get_text(strip=True): card.select_one(".item__meta img.flag")
        for card in soup.select(".results li.item")
    }

    assert flags["Youth parliament of Brno"]["src"] == "/static/vendor/flag-icons/4x3/cz.svg"
    assert flags["NGO network of Kyustendil"]["src"] == "/static/vendor/flag-icons/4x3/bg.svg"
    # Decorative: the country's name follows it; the size is fixed so nothing shifts as it loads.
    flag = flags["Youth parliament of Brno"]
    assert (flag["alt"], flag["width"], flag["height"]) == ("", "20", "15")
    assert finders.find("vendor/flag-icons/4x3/cz.svg")
