"""A face for every item (issue 19): cards carry the flag of the item's country, from the flag-icons package (MIT)
that the site serves itself; cards and detail pages show the item's own picture, else its theme's illustration
(practices.site.faces)."""

import pytest
from django.contrib.staticfiles import finders
from django.utils import translation
from wagtail.test.utils import WagtailTestUtils

from practices.models import (
    GoodPracticePage,
    MaterialIndexPage,
    MaterialPage,
    PracticeIndexPage,
    Theme,
    TrainingVideoPage,
)
from practices.site import faces
from tests.practices.feed_fixtures import add_page, index_of, make_term, publish


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


def cards_by_title(client, path):
    soup = WagtailTestUtils.get_soup(client.get(path).content)
    return {card.select_one("h3").get_text(strip=True): card for card in soup.select(".results li.item")}


def test_a_card_shows_the_items_own_picture_sized_lazy_and_described(client, feed_content):
    card = cards_by_title(client, "/en/practices/")["Youth parliament of Brno"]

    picture = card.select_one("img.face")
    # The gallery's first image, cropped to the card's 4:3 and described by its caption.
    assert picture["src"].startswith("/media/images/") and "fill-240x180" in picture["src"]
    assert (picture["width"], picture["height"], picture["loading"], picture["alt"]) == ("120", "90", "lazy", "Voting")
    assert card.select_one(".face--illustration") is None


def test_a_card_without_a_picture_shows_its_themes_illustration_hidden_from_screen_readers(client, feed_content):
    card = cards_by_title(client, "/en/practices/")["NGO network of Kyustendil"]

    tile = card.select_one(".face--illustration")
    assert tile["aria-hidden"] == "true"
    icon = tile.select_one("img")
    # "environment" is not one of the themes faces.THEME_ILLUSTRATIONS knows: the neutral illustration.
    assert icon["src"] == f"/static/vendor/tabler-icons/{faces.DEFAULT_ILLUSTRATION[0]}.svg"
    assert (icon["alt"], icon["width"], icon["height"]) == ("", "48", "48")
    assert card.select_one("img.face") is None


@pytest.mark.parametrize(
    ("themes", "shown"),
    [
        (["public-spaces", "advocacy"], "public-spaces"),
        (["citizen-participation", "advocacy"], "advocacy"),  # the broad theme only when it is the only one
        (["citizen-participation"], "citizen-participation"),
    ],
)
def test_a_card_takes_the_illustration_of_its_most_specific_theme(client, feed_content, locales, themes, shown):
    terms = [make_term(Theme, slug, slug.replace("-", " ").capitalize(), locales["en"]) for slug in themes]
    add_page(
        index_of(PracticeIndexPage, locales["en"]),
        GoodPracticePage,
        "Pocket parks of Plovdiv",
        relations={"themes": terms},
    )

    tile = cards_by_title(client, "/en/practices/")["Pocket parks of Plovdiv"].select_one(".face--illustration")

    icon, colour = faces.THEME_ILLUSTRATIONS[shown]
    assert tile.select_one("img")["src"] == f"/static/vendor/tabler-icons/{icon}.svg"
    assert f"background-color: {colour}" in tile["style"]


def test_a_material_takes_the_first_image_of_its_story(client, feed_content):
    material = feed_content["material"]
    material.body = [{"type": "image", "value": {"image": feed_content["image"].pk, "caption": "The guide"}}]
    publish(material)

    card = cards_by_title(client, "/en/materials/")["Future City Game guide"]

    assert card.select_one("img.face")["alt"] == "The guide"


def test_the_home_pages_cards_have_faces(client, feed_content):
    soup = WagtailTestUtils.get_soup(client.get("/en/").content)

    cards = soup.select("main ul.items li.item")
    assert cards
    assert all(card.select_one("img.face, .face--illustration") for card in cards)


def test_the_detail_page_shows_the_picture_at_its_top_and_the_rest_of_the_gallery_below(client, feed_content):
    soup = WagtailTestUtils.get_soup(client.get(feed_content["practice"].url).content)

    hero = soup.select_one("article figure.hero img")
    assert (hero["width"], hero["height"], hero["alt"]) == ("960", "640", "Voting")
    assert "width-480" in hero["srcset"]
    # The gallery held only that picture: no gallery section repeats it.
    assert soup.select_one("#gallery") is None


def test_a_detail_page_without_a_picture_shows_its_themes_illustration(client, feed_content):
    soup = WagtailTestUtils.get_soup(client.get(feed_content["practice_bg"].url).content)

    tile = soup.select_one("article .hero--illustration")
    assert tile["aria-hidden"] == "true"
    icon = tile.select_one("img")
    assert (icon["alt"], icon["width"], icon["height"]) == ("", "96", "96")


def test_the_site_serves_the_illustrations_icons_and_no_other_icon_of_the_set():
    for icon, _colour in (*faces.THEME_ILLUSTRATIONS.values(), faces.DEFAULT_ILLUSTRATION):
        assert finders.find(f"vendor/tabler-icons/{icon}.svg"), icon
    assert finders.find("vendor/tabler-icons/zoom.svg") is None
    # What collectstatic copies: those icons, under the prefix the pages name.
    listed = {f"{storage.prefix}/{path}" for path, storage in faces.IllustrationFinder().list([])}
    assert listed == {
        f"vendor/tabler-icons/{icon}.svg"
        for icon, _colour in (*faces.THEME_ILLUSTRATIONS.values(), faces.DEFAULT_ILLUSTRATION)
    }


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("public-spaces", faces.THEME_ILLUSTRATIONS["public-spaces"]),
        ("no-such-theme", faces.DEFAULT_ILLUSTRATION),
        (None, faces.DEFAULT_ILLUSTRATION),
    ],
)
def test_illustration_for_falls_back_to_the_neutral_one(slug, expected):
    illustration = faces.illustration_for(slug)

    assert (illustration.icon, illustration.colour) == expected


def test_faces_take_a_fixed_number_of_queries(feed_content, locales, django_assert_max_num_queries):
    items = [
        *GoodPracticePage.objects.live().order_by("pk"),
        *MaterialPage.objects.live(),
        *TrainingVideoPage.objects.live(),
    ]
    faces.attach_faces(items[:1])  # the card's rendition exists from here on

    # One query per kind of item for the themes, two for the pictures and their renditions.
    with django_assert_max_num_queries(5):
        faces.attach_faces(items)

    assert all(isinstance(item.face, faces.Face) for item in items)


def test_items_offered_from_other_languages_have_faces_too(client, feed_content):
    czech_materials = index_of(MaterialIndexPage, feed_content["practice_cs"].locale).url
    soup = WagtailTestUtils.get_soup(client.get(czech_materials).content)

    offered = soup.select_one(".offered-items li.offered-item")
    # The English guide, whose theme ("youth") has no illustration of its own.
    assert offered.select_one("h3").get_text(strip=True) == "Future City Game guide"
    icon = offered.select_one(".face--illustration img")
    assert icon["src"] == f"/static/vendor/tabler-icons/{faces.DEFAULT_ILLUSTRATION[0]}.svg"


def test_the_first_card_of_a_list_loads_its_picture_at_once_and_the_others_lazily(client, feed_content, locales):
    add_page(
        index_of(PracticeIndexPage, locales["en"]),
        GoodPracticePage,
        "Pocket parks of Plovdiv",
        gallery=[{"type": "image", "value": {"image": feed_content["image"].pk, "caption": "A park"}}],
    )

    soup = WagtailTestUtils.get_soup(client.get("/en/practices/").content)

    pictures = [card.select_one("img.face") for card in soup.select(".results ul.items li.item")]
    # Newest first: the new practice's card is above the fold, the Brno parliament's further down.
    assert pictures[0]["alt"] == "A park" and not pictures[0].has_attr("loading")
    assert all(picture["loading"] == "lazy" for picture in pictures[1:] if picture)


def related_cards(client, path, anchor):
    soup = WagtailTestUtils.get_soup(client.get(path).content)
    return {
        card.select_one("h3").get_text(strip=True): card
        for card in soup.select(f"section[aria-labelledby={anchor}] ul.cards li.card")
    }


def test_related_items_show_their_picture_or_their_themes_illustration(client, feed_content):
    practice = related_cards(client, feed_content["material"].url, "related-practices")["Youth parliament of Brno"]
    guide = related_cards(client, feed_content["practice"].url, "related-materials")["Future City Game guide"]

    # The same card as a listing's (practices/includes/card.html): sized, lazy and described picture.
    picture = practice.select_one("img.face")
    assert "fill-240x180" in picture["src"]
    assert (picture["width"], picture["height"], picture["loading"], picture["alt"]) == ("120", "90", "lazy", "Voting")
    assert guide.select_one(".face--illustration")["aria-hidden"] == "true"
    assert guide.select_one("img.face") is None


def test_a_related_item_in_another_language_is_labelled_with_it(client, feed_content):
    practice_cs = feed_content["practice_cs"]
    practice_cs.related_videos.set([feed_content["video"]])
    publish(practice_cs)

    card = related_cards(client, practice_cs.url, "related-videos")["Running a round table"]

    assert card.select_one("h3 a")["lang"] == card.select_one("h3 a")["hreflang"] == "en"
    with translation.override("cs"):
        label = translation.gettext("In %(language)s") % {"language": translation.gettext("English")}
    assert card.select_one(".item__language").get_text() == label != "In English"
    assert card.select_one(".face--illustration img")


@pytest.mark.parametrize(
    ("query", "title", "face"),
    [
        ("parliament", "Youth parliament of Brno", "img.face"),
        ("Kyustendil", "NGO network of Kyustendil", ".face--illustration img"),
    ],
)
def test_search_results_have_faces(client, feed_content, query, title, face):
    soup = WagtailTestUtils.get_soup(client.get("/en/search/", {"q": query}).content)

    # The matched words are marked in the titles: the text of the whole heading, spaces and all.
    cards = {
        " ".join(card.select_one("h3").get_text().split()): card for card in soup.select(".search-results li.item")
    }

    shown = cards[title].select_one(face)
    assert (shown["width"], shown["height"]) in {("120", "90"), ("48", "48")}
    # The first result is above the fold: its picture is not lazy.
    assert not shown.has_attr("loading")
