"""The broken-link check (practices.editorial.link_checks, the ``check_links`` task and command) against a real HTTP
server on 127.0.0.1 that answers 200, a redirect, 404, 500, refuses HEAD, and answers too slowly; the dashboard panel
and the "Broken links" report that show the outcome."""

import contextlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.rich_text import RichText

from practices.models import LinkCheck
from tests.practices.factories import GoodPracticePageFactory, MaterialPageFactory, TrainingVideoPageFactory

pytestmark = pytest.mark.django_db

SLOW_ANSWER_SECONDS = 3


class LinkedSite:
    """An outside site the knowledge base links to; records each request's method, path and User-Agent."""

    def __init__(self):
        self.requests = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def answer(self, with_body):
                site.requests.append((self.command, self.path, self.headers.get("User-Agent", "")))
                if self.path == "/slow":
                    time.sleep(SLOW_ANSWER_SECONDS)
                status, headers = {
                    "/ok": (200, {}),
                    "/moved": (301, {"Location": "/ok"}),
                    "/missing": (404, {}),
                    "/broken": (500, {}),
                    "/no-head": (405 if self.command == "HEAD" else 200, {}),
                    "/slow": (200, {}),
                }.get(self.path, (404, {}))
                body = b"<html>page</html>" if with_body else b""
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)  # the checker reads the status line and headers only

            def do_HEAD(self):
                self.answer(with_body=False)

            def do_GET(self):
                self.answer(with_body=True)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.base = f"http://127.0.0.1:{self.server.server_port}"

    def url(self, path):
        return self.base + path


@pytest.fixture
def site(settings, loopback_allowed):
    settings.LINK_CHECK_TIMEOUT = 1
    settings.LINK_CHECK_HOST_INTERVAL = 0
    site = LinkedSite()
    thread = threading.Thread(target=site.server.serve_forever, daemon=True)
    thread.start()
    yield site
    site.server.shutdown()
    site.server.server_close()


def published(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def linked_items(site, home_pages):
    practice = published(
        GoodPracticePageFactory(
            title="Youth parliament of Brno",
            source_links=[
                ("link", {"url": site.url("/ok"), "title": "Project page"}),
                ("link", {"url": site.url("/missing"), "title": "Final report"}),
            ],
            programme_record_url=site.url("/moved"),
        )
    )
    video = published(TrainingVideoPageFactory(title="Running a round table", video_url=site.url("/no-head")))
    material = published(
        MaterialPageFactory(
            title="Participatory budgeting handbook",
            body=[("paragraph", RichText(f'<p>See <a href="{site.url("/broken")}">the annex</a>.</p>'))],
            programme_record_url=site.url("/slow"),
        )
    )
    GoodPracticePageFactory(title="Unpublished draft", programme_record_url=site.url("/draft-only"), live=False)
    return {"practice": practice, "video": video, "material": material}


def outcomes():
    return {
        check.url.rsplit("/", 1)[1]: (check.status, check.error, check.is_broken) for check in LinkCheck.objects.all()
    }


def test_check_links_stores_each_urls_outcome(site, linked_items):
    call_command("check_links")
    assert outcomes() == {
        "ok": (200, "", False),
        "moved": (200, "", False),
        "missing": (404, "", True),
        "broken": (500, "", True),
        "no-head": (200, "", False),
        "slow": (None, "timeout", True),
    }
    moved = LinkCheck.objects.get(url=site.url("/moved"))
    assert moved.final_url == site.url("/ok")
    assert list(moved.pages.all()) == [linked_items["practice"].page_ptr]
    assert [page.pk for page in LinkCheck.objects.get(url=site.url("/broken")).pages.all()] == [
        linked_items["material"].pk
    ]

    methods = [(method, path) for method, path, _agent in site.requests]
    assert ("HEAD", "/no-head") in methods and ("GET", "/no-head") in methods  # HEAD refused, GET decides
    assert ("GET", "/ok") not in methods  # a HEAD that succeeds is enough
    assert all(agent.startswith("GoodPracticeHub-LinkChecker/") for _method, _path, agent in site.requests)
    assert "/draft-only" not in {path for _method, path, _agent in site.requests}


def test_a_link_no_live_item_uses_any_more_is_forgotten(site, linked_items):
    call_command("check_links")
    practice = linked_items["practice"]
    practice.source_links = [("link", {"url": site.url("/ok"), "title": "Project page"})]
    published(practice)
    call_command("check_links")
    assert "missing" not in outcomes()


def test_dashboard_lists_broken_links_with_the_items_to_edit(site, linked_items, reviewer_client):
    home = reverse("wagtailadmin_home")
    assert "The links have not been checked yet." in reviewer_client.get(home).content.decode()
    call_command("check_links")
    html = reviewer_client.get(home).content.decode()
    assert 'id="kb-broken-links-section"' in html
    assert "3 broken links at the last check" in html
    assert site.url("/missing") in html and site.url("/ok") not in html
    edit_practice = reverse("wagtailadmin_pages:edit", args=(linked_items["practice"].pk,))
    assert f'href="{edit_practice}"' in html
    assert reverse("kb_link_checks:broken") in html


def test_report_lists_every_broken_link_and_downloads(site, linked_items, reviewer_client):
    call_command("check_links")
    report = reviewer_client.get(reverse("kb_link_checks:broken"))
    assert report.status_code == 200
    assert {check.url for check in report.context["object_list"]} == {
        site.url("/missing"),
        site.url("/broken"),
        site.url("/slow"),
    }
    content = b"".join(reviewer_client.get(reverse("kb_link_checks:broken"), {"export": "csv"}).streaming_content)
    assert "Youth parliament of Brno (en)" in content.decode("utf-8-sig")


def test_contributors_see_neither_panel_nor_report(site, linked_items, contributor_client):
    call_command("check_links")
    assert 'id="kb-broken-links-section"' not in contributor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert contributor_client.get(reverse("kb_link_checks:broken")).status_code in (302, 403)
