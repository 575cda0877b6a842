"""One public address: with ``SITE_BASE_URL=https://hub.example.org``, every absolute URL the site writes — pages,
sitemap, robots.txt, feeds, the partner feed, the content API v2 and v3, oEmbed, the widget, citations and the
reuse kit — names that address, whatever host the request came in by; and the Wagtail Site record follows the
setting (``sync_site``, ``migrate``) with a system check when it does not."""

import io
import re
import zipfile
from collections import deque
from urllib.parse import quote, urlsplit

import pytest
from django.core.management import call_command
from wagtail.models import Site

from home.site_record import check_site_matches_base_url

BASE = "https://hub.example.org"
ABSOLUTE_URL = re.compile(r"""https?://[^\s"'<>)\]},;\\]+""")  # ends where HTML, JSON, CSV or BibTeX go on
# Identifiers that are written as http:// URLs by their standards and name no resource of ours: XML namespaces.
NAMESPACES = {"www.w3.org", "www.sitemaps.org", "purl.org"}
CRAWL_LIMIT = 200


@pytest.fixture
def public_address(settings):
    """SITE_BASE_URL as an operator sets it, with what cms.settings derives from it, and the Site synced."""
    settings.SITE_BASE_URL = settings.WAGTAILAPI_BASE_URL = settings.WAGTAILADMIN_BASE_URL = BASE
    call_command("sync_site", stdout=io.StringIO())
    return BASE


def seeds(content):
    practice, document = content["practice"], content["document"]
    practice_url = f"{BASE}{practice.url}"
    return [
        *(f"/{code}/" for code in ("en", "cs", "bg", "hr", "nb")),
        "/sitemap.xml",
        "/robots.txt",
        "/en/search/?q=youth",
        "/en/feeds/latest.atom",
        "/en/feeds/latest.rss",
        "/cs/feeds/latest.json",
        "/en/feeds/search.atom?q=youth",
        "/en/feeds/search.json?q=youth",
        "/en/feeds/listing/practice.atom",
        "/en/feeds/listing/material.json",
        f"{practice.url}citation.bib",
        f"{practice.url}citation.ris",
        f"{practice.url}reuse-kit.zip",
        "/api/v2/pages/",
        f"/api/v2/pages/{practice.pk}/",
        "/api/v2/images/",
        "/api/v2/documents/",
        f"/api/v2/documents/{document.pk}/",
        "/api/v3/pages/",
        f"/api/v3/pages/{practice.pk}/",
        *(
            f"/api/feed/v1/{resource}/?page_size=1"
            for resource in ("practices", "materials", "videos", "organisations", "themes")
        ),
        f"/api/feed/v1/practices/{practice.pk}/",
        "/api/feed/v1/changes/?limit=1",
        "/api/feed/v1/search/?q=youth",
        "/api/feed/v1/practices/export.csv",
        f"/api/oembed/?url={quote(practice_url)}",
        f"/embed/item/{practice.pk}/",
        "/embed/latest/?locale=cs",
        "/embed/widget.js",
    ]


def texts_of(response):
    """The response's text, and each text file inside a ZIP (the reuse kit)."""
    if response["Content-Type"] == "application/zip":
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        return [archive.read(name).decode() for name in archive.namelist() if name.endswith((".txt", ".bib", ".ris"))]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return [content.decode()]


def test_every_absolute_url_names_the_public_address(client, feed_content, public_address):
    queue, seen, visited, found = deque(seeds(feed_content)), set(), [], set()
    while queue and len(visited) < CRAWL_LIMIT:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code in {301, 302}:
            found.add(response["Location"])
            continue
        assert response.status_code == 200, path
        visited.append(path)
        for text in texts_of(response):
            for url in (match.rstrip(".") for match in ABSOLUTE_URL.findall(text)):  # a sentence's full stop
                found.add(url)
                # Follow the public pages (not each filter combination of a listing, not the API's links, which
                # the seeds cover) to reach every page type.
                parts = urlsplit(url)
                if url.startswith(BASE) and not parts.query and re.match(r"/[a-z]{2}/", parts.path):
                    queue.append(parts.path)

    ours = {url for url in found if urlsplit(url).hostname not in NAMESPACES or url.startswith("https://")}
    assert not [url for url in found if re.search(r"localhost|127\.0\.0\.1|testserver", url)]
    assert not [url for url in ours if url.startswith("http://")]
    assert not [url for url in ours if urlsplit(url).hostname == "hub.example.org" and not url.startswith(BASE)]
    # Every page type was reached: home, section index, practice, material, video, and the search page.
    for page in ("practice", "material", "video", "practice_cs"):
        assert feed_content[page].url in visited
    assert {"/en/practices/", "/en/materials/", "/en/videos/"} <= set(visited)


def test_pages_full_urls_come_from_the_synced_site(feed_content, public_address):
    assert feed_content["practice"].get_full_url() == f"{BASE}/en/practices/youth-parliament-of-brno/"


def test_sync_site_sets_the_default_site_from_the_setting(locales, settings):
    settings.SITE_BASE_URL = "http://hub.internal:8080"
    out = io.StringIO()

    call_command("sync_site", stdout=out)
    call_command("sync_site", stdout=out)

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("hub.internal", 8080, "http://hub.internal:8080")
    assert out.getvalue().splitlines() == [
        "The default site now answers at http://hub.internal:8080.",
        "The default site already answers at http://hub.internal:8080.",
    ]


def test_migrate_leaves_the_site_at_the_setting(locales, settings):
    settings.SITE_BASE_URL = BASE
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)

    call_command("migrate", verbosity=0)

    assert Site.objects.get(is_default_site=True).root_url == BASE


def test_check_warns_when_the_site_and_the_setting_disagree(locales, settings):
    assert check_site_matches_base_url(None, databases=["default"]) == []

    settings.SITE_BASE_URL = BASE
    [warning] = check_site_matches_base_url(None, databases=["default"])

    assert warning.id == "home.W001"
    assert warning.msg == (
        "The default Wagtail site's address is http://testserver, but SITE_BASE_URL is https://hub.example.org."
    )
