"""``/sitemap.xml`` (every live, public page in the five locales, with lastmod and hreflang alternates; an index
past the per-file limit) and ``/robots.txt``."""

import pytest
from defusedxml import ElementTree as ET  # installed with Wagtail (Willow)
from wagtail.models import Page, PageViewRestriction

from practices.models import GoodPracticePage, PracticeIndexPage
from practices.site.sitemaps import KnowledgeBaseSitemap
from tests.practices.factories import GoodPracticePageFactory, MaterialPageFactory

NAMESPACES = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
ROOT = "http://testserver"  # SITE_BASE_URL in the tests (cms/settings_test.py); the default site follows it
LOCALE_CODES = ["en", "cs", "bg", "hr", "nb"]
SECTIONS = {
    "en": ["practices", "materials", "videos"],
    "cs": ["dobra-praxe", "materialy", "videa"],
    "bg": ["dobri-praktiki", "materiali", "video"],
    "hr": ["dobra-praksa", "materijali", "videozapisi"],
    "nb": ["god-praksis", "materiell", "videoer"],
}


def sitemap_urls(response):
    """{location: {"lastmod": …, "alternates": {hreflang: href}}} of a sitemap response."""
    assert response["Content-Type"] == "application/xml"
    urls = {}
    for url in ET.fromstring(response.content).findall("sm:url", NAMESPACES):
        lastmod = url.find("sm:lastmod", NAMESPACES)
        urls[url.find("sm:loc", NAMESPACES).text] = {
            "lastmod": None if lastmod is None else lastmod.text,
            "alternates": {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NAMESPACES)},
        }
    return urls


def translate(page, locale, parent, title, slug):
    """A live translation of ``page`` under ``parent`` in ``locale``."""
    translation = page.copy_for_translation(locale)
    translation.title = title
    translation.slug = slug
    translation.save_revision().publish()
    translation = type(translation).objects.get(pk=translation.pk)
    assert translation.get_parent().pk == parent.pk
    return translation


@pytest.fixture
def practice_in_two_languages(locales):
    english = GoodPracticePageFactory(title="Youth parliament of Brno", slug="youth-parliament")
    english.save_revision().publish()
    czech_index = PracticeIndexPage.objects.get(locale=locales["cs"])
    czech = translate(english, locales["cs"], czech_index, "Parlament mládeže Brno", "parlament-mladeze")
    return english, czech


def test_sitemap_lists_every_locales_home_and_sections(client, locales):
    urls = sitemap_urls(client.get("/sitemap.xml"))

    expected = set()
    for code in LOCALE_CODES:
        expected.add(f"{ROOT}/{code}/")
        expected.update(f"{ROOT}/{code}/{slug}/" for slug in SECTIONS[code])
    assert set(urls) == expected
    assert all(url["lastmod"] for url in urls.values())


def test_sitemap_gives_each_translation_its_alternates_and_itself(client, practice_in_two_languages):
    english, czech = practice_in_two_languages

    urls = sitemap_urls(client.get("/sitemap.xml"))

    both = {"en": f"{ROOT}/en/practices/youth-parliament/", "cs": f"{ROOT}/cs/dobra-praxe/parlament-mladeze/"}
    assert urls[both["en"]]["alternates"] == both
    assert urls[both["cs"]]["alternates"] == both
    assert urls[both["cs"]]["lastmod"] == czech.last_published_at.date().isoformat()
    home_alternates = urls[f"{ROOT}/en/"]["alternates"]
    assert home_alternates == {code: f"{ROOT}/{code}/" for code in LOCALE_CODES}


def test_sitemap_leaves_out_drafts_private_pages_and_unpublished_translations(client, practice_in_two_languages):
    english, czech = practice_in_two_languages
    GoodPracticePageFactory(title="Draft", slug="draft", live=False)
    private = GoodPracticePageFactory(title="Members only", slug="members-only")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    material = MaterialPageFactory(title="Guide", slug="guide")
    hidden_section = MaterialPageFactory._meta.model.objects.get(pk=material.pk).get_parent()
    PageViewRestriction.objects.create(page=hidden_section, restriction_type=PageViewRestriction.PASSWORD, password="x")
    czech.unpublish()

    urls = sitemap_urls(client.get("/sitemap.xml"))

    assert f"{ROOT}/en/practices/youth-parliament/" in urls
    assert urls[f"{ROOT}/en/practices/youth-parliament/"]["alternates"] == {}
    assert f"{ROOT}/cs/dobra-praxe/parlament-mladeze/" not in urls
    assert f"{ROOT}/en/practices/draft/" not in urls
    assert f"{ROOT}/en/practices/members-only/" not in urls
    assert f"{ROOT}/en/materials/" not in urls
    assert f"{ROOT}/en/materials/guide/" not in urls


def test_sitemap_queries_do_not_grow_with_pages(client, locales, django_assert_max_num_queries):
    for number in range(36):
        GoodPracticePageFactory(title=f"Practice {number}", slug=f"practice-{number}")
    client.get("/en/")  # warm Wagtail's per-site caches, as a running server has them

    with django_assert_max_num_queries(8):
        response = client.get("/sitemap.xml")

    assert len(sitemap_urls(response)) == 20 + 36
    assert GoodPracticePage.objects.live().count() == 36


def test_sitemap_becomes_an_index_past_the_limit_of_one_file(client, locales, monkeypatch):
    monkeypatch.setattr(KnowledgeBaseSitemap, "limit", 8)
    total = Page.objects.live().filter(depth__gt=1).count()

    index = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NAMESPACES)]

    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    pages = -(-total // 8)
    assert locations == [
        "http://testserver/sitemap-pages.xml",
        *(f"http://testserver/sitemap-pages.xml?p={number}" for number in range(2, pages + 1)),
    ]
    listed = set()
    for location in locations:
        listed.update(sitemap_urls(client.get(location.removeprefix("http://testserver"))))
    assert len(listed) == total
    assert client.get(f"/sitemap-pages.xml?p={pages + 1}").status_code == 404
    assert client.get("/sitemap-other.xml").status_code == 404


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_admin_and_search(client, locales):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert {f"Disallow: /{code}/search/" for code in LOCALE_CODES} <= set(lines)
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert not any(line.startswith("Disallow: /en/practices") for line in lines)
