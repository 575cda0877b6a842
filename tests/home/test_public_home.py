"""The practitioners' home page in each language: introduction, search box, newest practices, themes and
countries with counts of the locale's live practices, the language switcher and the head's alternates."""

import pytest
from wagtail.test.utils import WagtailTestUtils

from tests.practices import feed_fixtures
from tests.practices.factories import GoodPracticePageFactory, ThemeFactory

LOCALE_CODES = ["en", "cs", "bg", "hr", "nb"]


def soup_of(response):
    return WagtailTestUtils.get_soup(response.content)


def counted_links(soup, section_id):
    """{link text: (href, count shown)} of a home page's counts section."""
    return {
        item.a.get_text(strip=True): (item.a["href"], item.select_one(".count").get_text(strip=True))
        for item in soup.select(f"section[aria-labelledby={section_id}] li")
    }


def switcher(response):
    """{language code: href} of the header's language switcher."""
    return {link["lang"]: link["href"] for link in soup_of(response).select("header nav ul.languages a")}


@pytest.mark.parametrize("code", LOCALE_CODES)
def test_each_locale_home_renders_with_landmarks_search_box_and_intro(client, feed_content, code):
    response = client.get(f"/{code}/")

    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.select_one("a.skip-link")["href"] == "#main"
    assert soup.select_one("header") and soup.select_one("main#main") and soup.select_one("footer")
    form = soup.select_one("form[role=search]")
    assert form["method"] == "get"
    assert form["action"] == f"/{code}/search/"
    assert soup.select_one(f"label[for={form.input['id']}]")
    assert soup.select_one("p.lead").get_text(strip=True)


def test_english_home_counts_themes_and_countries_of_live_english_practices(client, feed_content):
    soup = soup_of(client.get("/en/"))

    assert counted_links(soup, "themes") == {
        "Environment": ("/en/practices/?theme=environment", "1"),
        "Youth": ("/en/practices/?theme=youth", "1"),
    }
    assert counted_links(soup, "countries") == {
        "Bulgaria": ("/en/practices/?country=BG", "1"),
        "Czechia": ("/en/practices/?country=CZ", "1"),
    }
    newest = [link.get_text(strip=True) for link in soup.select("section[aria-labelledby=newest] h3 a")]
    assert sorted(newest) == ["NGO network of Kyustendil", "Youth parliament of Brno"]


def test_czech_home_counts_czech_practices_with_czech_names(client, feed_content):
    soup = soup_of(client.get("/cs/"))

    assert counted_links(soup, "themes") == {"Mládež": ("/cs/dobra-praxe/?theme=youth", "2")}
    assert counted_links(soup, "countries") == {"Česko": ("/cs/dobra-praxe/?country=CZ", "2")}


def test_home_of_a_locale_without_practices_says_so(client, feed_content):
    soup = soup_of(client.get("/nb/"))

    assert counted_links(soup, "themes") == {}
    assert counted_links(soup, "countries") == {}
    assert soup.select_one("section[aria-labelledby=themes] p").get_text(strip=True)
    assert soup.select_one("section[aria-labelledby=newest] p").get_text(strip=True)


def test_language_switcher_on_a_home_page_targets_every_home_page(client, home_pages):
    response = client.get("/cs/")

    assert switcher(response) == {code: f"/{code}/" for code in LOCALE_CODES}
    assert soup_of(response).select_one('ul.languages a[aria-current="true"]')["lang"] == "cs"


def test_language_switcher_goes_to_the_translation_or_the_home_page_with_a_notice(client, feed_content):
    response = client.get("/en/practices/youth-parliament-of-brno/")

    targets = switcher(response)
    assert targets["en"] == "/en/practices/youth-parliament-of-brno/"
    assert targets["cs"] == "/cs/dobra-praxe/parlament-mladeze-brno/"
    assert targets["bg"] == "/bg/?untranslated=1"
    fallback = client.get(targets["bg"])
    assert fallback.status_code == 200
    assert soup_of(fallback).select_one("p.notice[role=status]")
    assert not soup_of(client.get("/bg/")).select_one("p.notice")


def test_head_has_canonical_url_and_hreflang_of_live_translations_only(client, feed_content):
    soup = soup_of(client.get("/en/practices/youth-parliament-of-brno/"))

    assert (
        soup.select_one('link[rel="canonical"]')["href"] == "http://testserver/en/practices/youth-parliament-of-brno/"
    )
    alternates = {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')}
    assert alternates == {"cs": "http://testserver/cs/dobra-praxe/parlament-mladeze-brno/"}


@pytest.mark.parametrize("count", [5, 50])
def test_home_query_count_does_not_grow_with_practices(client, practice_index, count, django_assert_max_num_queries):
    themes = [ThemeFactory(), ThemeFactory()]
    image = feed_fixtures.make_image("Town hall")
    for number in range(count):
        page = GoodPracticePageFactory(parent=practice_index, country=["CZ", "BG", "HR", "NO"][number % 4])
        page.themes.set(themes)
        page.gallery = [{"type": "image", "value": {"image": image.pk, "caption": f"Town hall {number}"}}]
        page.save()
    # Warm Wagtail's per-site caches and make the cards' rendition, as a running server has, at another address:
    # the page cache (practices.site.page_cache) would answer the same one without rendering it.
    client.get("/en/", {"warm": "1"})

    # 25 for the page (sections, newest and featured items, other languages' items, theme and country counts, the
    # cards' themes) with the header's navigation and footer (site_shell), and 2 for the cards' pictures and their
    # renditions (practices.site.faces), whatever the number of items.
    with django_assert_max_num_queries(27):
        response = client.get("/en/")

    assert len(soup_of(response).select("main ul.items li.item img.face")) == min(count, 6)

    assert sum(int(count) for _href, count in counted_links(soup_of(response), "countries").values()) == count
