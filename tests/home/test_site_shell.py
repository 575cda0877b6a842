"""The frame of every public page (issue 19): the header's navigation, the footer's information pages, the
breadcrumbs with their BreadcrumbList JSON-LD, the page title, the story's sub-headings and the demo's information
pages in the five languages."""

import io
import json

import pytest
from django.core.management import call_command
from wagtail.test.utils import WagtailTestUtils

from home.models import InformationPage
from tests.practices.factories import GoodPracticePageFactory

LOCALE_CODES = ["en", "cs", "bg", "hr", "nb"]


def soup_of(response):
    return WagtailTestUtils.get_soup(response.content)


def breadcrumb_list(soup):
    (data,) = [
        json.loads(script.string)
        for script in soup.select('script[type="application/ld+json"]')
        if json.loads(script.string)["@type"] == "BreadcrumbList"
    ]
    return data


@pytest.fixture
def site_pages(home_pages):
    """The demo's About, Contact, Privacy and Accessibility pages under every home page."""
    call_command("load_site_pages", stdout=io.StringIO())
    return home_pages


@pytest.mark.parametrize("code", LOCALE_CODES)
def test_header_leads_to_the_sections_map_and_about_in_the_readers_language(client, site_pages, code):
    soup = soup_of(client.get(f"/{code}/"))

    links = [(link.get_text(), link["href"]) for link in soup.select("header nav.site-nav a")]
    practices, materials, videos = site_pages[code].get_children().live().order_by("path")[:3]
    about = InformationPage.objects.child_of(site_pages[code]).order_by("path").first()
    assert [href for _title, href in links] == [
        practices.url,
        materials.url,
        videos.url,
        f"{practices.url}map/",
        about.url,
    ]
    assert [title for title, _href in links] == [
        practices.title,
        materials.title,
        videos.title,
        links[3][0],
        about.title,
    ]


@pytest.mark.parametrize("code", LOCALE_CODES)
def test_footer_lists_the_four_information_pages_of_the_language(client, site_pages, code):
    soup = soup_of(client.get(f"/{code}/"))

    footer = [link["href"] for link in soup.select("footer a")]
    pages = InformationPage.objects.child_of(site_pages[code]).live().order_by("path")
    assert footer == [page.url for page in pages]
    assert len(footer) == 4


def test_information_pages_are_translations_of_each_other(site_pages):
    english = InformationPage.objects.child_of(site_pages["en"]).get(slug="accessibility")

    translations = InformationPage.objects.filter(translation_key=english.translation_key).live()
    assert sorted(page.locale.language_code for page in translations) == sorted(LOCALE_CODES)


def test_loading_the_information_pages_twice_keeps_the_editors_changes(site_pages):
    about = InformationPage.objects.child_of(site_pages["cs"]).get(slug="o-portalu")
    about.title = "O nás"
    about.save_revision().publish()

    call_command("load_site_pages", stdout=io.StringIO())

    assert InformationPage.objects.child_of(site_pages["cs"]).count() == 4
    assert InformationPage.objects.child_of(site_pages["cs"]).get(slug="o-portalu").title == "O nás"


@pytest.mark.parametrize("code", ["cs", "bg"])
def test_brand_in_the_header_is_the_home_pages_heading(client, home_pages, code):
    soup = soup_of(client.get(f"/{code}/"))

    assert soup.select_one("header .brand").get_text() == soup.h1.get_text() == home_pages[code].title
    assert soup.title.get_text() == home_pages[code].title


def test_page_title_names_the_page_then_the_brand_once(client, practice_index):
    practice = GoodPracticePageFactory(parent=practice_index, title="Future City Game")

    soup = soup_of(client.get(practice.url))

    assert soup.title.get_text() == "Future City Game · Good Practice Hub"


def test_breadcrumbs_lead_from_home_to_the_practice_with_json_ld(client, practice_index):
    practice = GoodPracticePageFactory(parent=practice_index, title="Future City Game")

    soup = soup_of(client.get(practice.url))

    trail = soup.select("nav.breadcrumbs li")
    assert [item.get_text() for item in trail] == ["Good Practice Hub", practice_index.title, "Future City Game"]
    assert trail[-1].select_one("[aria-current=page]") is not None
    data = breadcrumb_list(soup)
    assert [(item["position"], item["name"]) for item in data["itemListElement"]] == [
        (1, "Good Practice Hub"),
        (2, practice_index.title),
        (3, "Future City Game"),
    ]
    assert data["itemListElement"][-1]["item"].endswith(practice.url)
    assert data["itemListElement"][-1]["item"].startswith("http")


def test_map_breadcrumbs_end_with_the_map_below_the_practices(client, practice_index):
    soup = soup_of(client.get(f"{practice_index.url}map/"))

    assert [item.get_text() for item in soup.select("nav.breadcrumbs li")] == [
        "Good Practice Hub",
        practice_index.title,
        "Map",
    ]
    assert soup.h1.get_text() == "Map of good practices"


def test_home_page_has_no_breadcrumbs(client, home_pages):
    soup = soup_of(client.get("/en/"))

    assert soup.select("nav.breadcrumbs") == []
    assert not [s for s in soup.select('script[type="application/ld+json"]') if "BreadcrumbList" in s.string]


def test_story_headings_are_h3_below_the_storys_h2(client, practice_index):
    practice = GoodPracticePageFactory(
        parent=practice_index,
        body=[("heading", "Why it works"), ("paragraph", "<p>Because people came.</p>")],
    )

    soup = soup_of(client.get(practice.url))

    story = soup.select_one("section.story")
    assert [(heading.name, heading.get_text()) for heading in story.select("h2, h3")] == [
        ("h2", "The story"),
        ("h3", "Why it works"),
    ]


def test_czech_search_button_is_a_verb(client, home_pages):
    soup = soup_of(client.get("/cs/dobra-praxe/"))

    assert soup.select_one("header form[role=search] button").get_text() == "Hledat"


def test_filters_fold_behind_a_disclosure(client, practice_index):
    GoodPracticePageFactory(parent=practice_index, country="CZ")

    soup = soup_of(client.get(practice_index.url))

    disclosure = soup.select_one("aside.filters details")
    assert disclosure is not None and not disclosure.has_attr("open")
    assert disclosure.select_one("summary h2").get_text() == "Filters"
