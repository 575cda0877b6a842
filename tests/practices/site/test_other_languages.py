"""No language silo (practices.site.other_languages): sections, listings and the home page offer the best items of other
languages that the reader's language lacks, labelled with their language and a translation in progress; readers
may ask for their own language only; the canonical URL stays the section's."""

import pytest
from django.utils import translation
from wagtail.test.utils import WagtailTestUtils

from home.models import HomePage
from practices.models import GoodPracticePage, MaterialIndexPage, MaterialPage, PracticeIndexPage
from tests.practices import feed_fixtures


def soup_of(response):
    assert response.status_code == 200
    return WagtailTestUtils.get_soup(response.content)


def offered(soup):
    """{title: labels} of the items offered from other languages."""
    return {
        item.select_one("h3").get_text(strip=True): item.select_one(".item__meta").get_text(" ", strip=True)
        for item in soup.select(".other-language-items li")
    }


def in_czech(message):
    with translation.override("cs"):
        return translation.gettext(message)


def section_url(model, code):
    return model.objects.get(locale__language_code=code).url


def test_empty_czech_section_offers_the_english_material(client, feed_content):
    soup = soup_of(client.get(section_url(MaterialIndexPage, "cs")))

    assert offered(soup) == {"Future City Game guide": in_czech("in English")}
    link = soup.select_one(".other-language-items h3 a")
    assert link["hreflang"] == "en"
    assert link["href"] == MaterialPage.objects.get(title="Future City Game guide").url


def test_a_draft_translation_is_announced_as_in_progress(client, feed_content, locales):
    material = MaterialPage.objects.get(title="Future City Game guide")
    material.copy_for_translation(locales["cs"], copy_parents=True, alias=False)  # a draft, not published

    soup = soup_of(client.get(section_url(MaterialIndexPage, "cs")))

    label = offered(soup)["Future City Game guide"]
    assert label == f"{in_czech('in English')} · {in_czech('translation in progress')}"


def test_items_published_in_the_readers_language_are_not_offered_again(client, feed_content):
    soup = soup_of(client.get(section_url(PracticeIndexPage, "cs")))

    # The Brno practice has a Czech translation, listed above; the Bulgarian one exists in English only.
    assert "Parlament mládeže Brno" in soup.select_one(".results ul.items").get_text()
    assert set(offered(soup)) == {"NGO network of Kyustendil"}


def test_featured_items_are_offered_first(client, feed_content):
    kyustendil = GoodPracticePage.objects.get(title="NGO network of Kyustendil")
    draft = GoodPracticePage.objects.get(title="Unpublished draft")
    draft.quality_mark = "featured"
    feed_fixtures.publish(draft)
    kyustendil.quality_mark = "verified"
    feed_fixtures.publish(kyustendil)

    soup = soup_of(client.get(section_url(PracticeIndexPage, "cs")))

    assert list(offered(soup)) == ["Unpublished draft", "NGO network of Kyustendil"]


@pytest.mark.parametrize(
    ("section", "query"),
    [
        pytest.param(MaterialIndexPage, "?only_my_language=1", id="only-my-language"),
        # Filters name terms of the reader's language: nothing of other languages matches them.
        pytest.param(PracticeIndexPage, "?theme=youth", id="filtered"),
    ],
)
def test_no_offer_when_the_reader_asks_for_their_language_or_filters(client, feed_content, section, query):
    soup = soup_of(client.get(section_url(section, "cs") + query))

    assert offered(soup) == {}


def test_reader_can_switch_between_only_their_language_and_all(client, feed_content):
    url = section_url(MaterialIndexPage, "cs")
    all_languages = soup_of(client.get(url))
    switch = all_languages.select_one(".language-choice a")
    assert switch.get_text(strip=True) == in_czech("Only my language")

    own = soup_of(client.get(url + switch["href"]))
    back = own.select_one(".language-choice a")
    assert back.get_text(strip=True) == in_czech("Show items in other languages too")
    assert offered(soup_of(client.get(url + back["href"])))
    # The choice is a view of the same section: its canonical URL is the section's own.
    assert own.select_one('link[rel="canonical"]')["href"].endswith(url)


def test_home_shows_featured_and_newest_of_every_type(client, feed_content):
    soup = soup_of(client.get(HomePage.objects.get(locale__language_code="en").url))

    assert [a.get_text(strip=True) for a in soup.select("#featured + ul.items h3 a")] == ["Youth parliament of Brno"]
    assert [a.get_text(strip=True) for a in soup.select("#newest-materials + ul.items h3 a")] == [
        "Future City Game guide"
    ]
    assert [a.get_text(strip=True) for a in soup.select("#newest-videos + ul.items h3 a")] == ["Running a round table"]


def test_czech_home_offers_the_practices_czech_lacks(client, feed_content):
    soup = soup_of(client.get(HomePage.objects.get(locale__language_code="cs").url))

    assert offered(soup) == {"NGO network of Kyustendil": in_czech("in English")}
