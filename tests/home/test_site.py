"""The public site in its five languages (home pages, sections, language alternates) and the admin's front door."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils

from practices.models import GoodPracticePage, PracticeIndexPage
from tests.practices.factories import GoodPracticePageFactory

# (language code, home page title, section slugs: practices, materials, videos), as the home app's migration creates.
HOME_PAGES = [
    pytest.param("en", "Good Practice Hub", ["practices", "materials", "videos"], id="en"),
    pytest.param("cs", "Databáze dobré praxe", ["dobra-praxe", "materialy", "videa"], id="cs"),
    pytest.param("bg", "Център за добри практики", ["dobri-praktiki", "materiali", "video"], id="bg"),
    pytest.param("hr", "Baza dobre prakse", ["dobra-praksa", "materijali", "videozapisi"], id="hr"),
    pytest.param("nb", "Eksempelbank for god praksis", ["god-praksis", "materiell", "videoer"], id="nb"),
]
LOCALE_CODES = ["en", "cs", "bg", "hr", "nb"]


def soup_of(response):
    return WagtailTestUtils.get_soup(response.content)


def alternates(response):
    """{hreflang: href} of the page's <link rel="alternate"> elements."""
    return {link["hreflang"]: link["href"] for link in soup_of(response).select('link[rel="alternate"][hreflang]')}


# --- Home pages ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "title", "section_slugs"), HOME_PAGES)
def test_home_page_is_served_in_its_language(client, home_pages, code, title, section_slugs):
    response = client.get(f"/{code}/")

    assert response.status_code == 200
    assert response.context["page"].specific == home_pages[code]
    soup = soup_of(response)
    assert soup.html["lang"] == code
    assert [h1.get_text(strip=True) for h1 in soup.find_all("h1")] == [title]


@pytest.mark.parametrize(("code", "title", "section_slugs"), HOME_PAGES)
def test_home_page_leads_to_its_practice_material_and_video_sections(client, locales, code, title, section_slugs):
    response = client.get(f"/{code}/")

    links = [a["href"] for a in soup_of(response).select("ul.sections a")]
    assert links == [f"/{code}/{slug}/" for slug in section_slugs]
    for link in links:
        assert client.get(link).status_code == 200, link


def test_root_redirects_to_english_home(client, locales):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_root_redirects_to_the_browser_language(client, locales):
    response = client.get("/", headers={"accept-language": "hr,en;q=0.5"})

    assert response.status_code == 302
    assert response["Location"] == "/hr/"


@pytest.mark.parametrize("code", LOCALE_CODES)
def test_home_page_links_its_translations_as_hreflang_alternates(client, home_pages, code):
    response = client.get(f"/{code}/")

    site_root = home_pages["en"].get_site().root_url
    assert alternates(response) == {other: f"{site_root}/{other}/" for other in LOCALE_CODES if other != code}


def newest_and_offered(response):
    """The titles under "Newest good practices", and those offered from other languages with their labels."""
    soup = BeautifulSoup(response.content, "html.parser")
    newest = [link.get_text() for link in soup.select('section[aria-labelledby="newest"] h3 a')]
    offered = {
        item.select_one("h3 a").get_text(): item.select_one(".item__language").get_text()
        for item in soup.select(".offered-items .offered-item")
    }
    return newest, offered


def test_home_page_lists_newest_practices_of_its_own_language(client, locales):
    GoodPracticePageFactory(title="Youth parliament of Brno")
    GoodPracticePageFactory(title="Dětský parlament Zlín", parent=PracticeIndexPage.objects.get(locale=locales["cs"]))

    english_newest, english_offered = newest_and_offered(client.get("/en/"))
    czech_newest, czech_offered = newest_and_offered(client.get("/cs/"))

    assert english_newest == ["Youth parliament of Brno"]
    assert czech_newest == ["Dětský parlament Zlín"]
    # The other language's practice is offered apart, labelled with its language, never among the newest.
    assert english_offered == {"Dětský parlament Zlín": "in Czech"}
    assert czech_offered == {"Youth parliament of Brno": "v angličtině"}


# --- Item pages in several languages ------------------------------------------------------------------------------


def test_practice_lists_only_its_published_translations_as_alternates(client, locales):
    english = GoodPracticePageFactory(title="Round tables", slug="round-tables")
    czech = english.copy_for_translation(locales["cs"])
    czech.title = "Kulaté stoly"
    czech.save_revision().publish()
    english.copy_for_translation(locales["bg"])  # a draft translation is not yet an alternate

    response = client.get("/en/practices/round-tables/")

    assert response.status_code == 200
    czech.refresh_from_db()
    assert alternates(response) == {"cs": czech.get_full_url()}
    assert czech.get_full_url().endswith("/cs/dobra-praxe/round-tables/")
    assert client.get("/cs/dobra-praxe/round-tables/").status_code == 200


def test_unpublished_practice_is_not_served(client, locales):
    practice = GoodPracticePageFactory(title="Not yet public", slug="not-yet-public")
    practice.unpublish()

    assert client.get("/en/practices/not-yet-public/").status_code == 404
    assert not GoodPracticePage.objects.live().filter(slug="not-yet-public").exists()


# --- Admin --------------------------------------------------------------------------------------------------------


def test_admin_dashboard_responds_for_administrator(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200


def test_page_explorer_shows_the_five_home_pages(admin_client, home_pages):
    response = admin_client.get(reverse("wagtailadmin_explore_root"))

    assert response.status_code == 200
    html = response.content.decode()
    for home in home_pages.values():
        assert home.title in html


@pytest.mark.parametrize("code", LOCALE_CODES)
def test_page_explorer_shows_sections_of_each_home_page(admin_client, home_pages, code):
    home = home_pages[code]

    response = admin_client.get(reverse("wagtailadmin_explore", args=(home.pk,)))

    assert response.status_code == 200
    html = response.content.decode()
    for section in home.get_children():
        assert section.title in html


def test_page_explorer_lists_practices_of_a_section(admin_client, practice_index):
    practice = GoodPracticePageFactory(parent=practice_index, title="Emotional maps of Zadar")

    response = admin_client.get(reverse("wagtailadmin_explore", args=(practice_index.pk,)))

    assert response.status_code == 200
    assert practice.title in response.content.decode()


def test_anonymous_visitor_is_sent_to_login_from_admin(client, locales):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('wagtailadmin_login')}?next=/admin/"


def test_anonymous_visitor_cannot_open_page_editor(client, practice_index):
    response = client.get(reverse("wagtailadmin_pages:edit", args=(practice_index.pk,)))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
