"""The Content-Security-Policy as Chromium applies it: the public pages and the admin pages editors use (dashboard,
a practice's editor with rich text and StreamField, the image and snippet choosers, a date picker, the image
library, snippets, wagtail-localize's translation editor) log no violation of the enforced policy, and still work.

Chromium writes each violation to the console ("… violates the following Content Security Policy directive …");
the tests collect every console message and every script error of the tab.
"""

import io
import json
import re
import struct
import zlib

import pytest
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from playwright.sync_api import expect
from wagtail.images.models import Image
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from practices.models import GoodPracticePage, MaterialIndexPage, MaterialPage, Theme
from tests.e2e.conftest import DESKTOP

EDITOR = ("csp-editor", "a-long-password-for-the-csp-test")
IMAGE_TITLE = "Red square for the chooser"
PUBLIC_PAGES = [
    ("home", lambda site: "/en/"),
    ("practices", lambda site: site.section("en", "PracticeIndexPage").path),
    ("practice", lambda site: site.page("en", "future-city-game-community-planning").path),
    ("video", lambda site: site.page("en", "how-to-run-a-future-city-game").path),
    ("map", lambda site: site.section("en", "PracticeIndexPage").path + "map/"),
    ("search", lambda site: "/en/search/?q=youth"),
    ("czech home", lambda site: "/cs/"),
]


def png(width=8, height=8):
    """A small red PNG, written here so that the image library has a real image to choose."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = (b"\x00" + b"\xff\x00\x00" * width) * height
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


class ConsoleWatch:
    """The policy violations and script errors a tab has logged so far."""

    def __init__(self, tab):
        self.violations = []
        self.errors = []
        tab.on("console", self.read_console)
        tab.on("pageerror", lambda error: self.errors.append(f"{tab.url}: {error}"))
        self.tab = tab

    def read_console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.violations.append(f"{self.tab.url}: {message.text}")


@pytest.fixture(scope="module")
def editorial_content(public_site, django_db_blocker):
    """A superuser, an image in the library, and a draft Czech translation made by wagtail-localize (committed
    beside the demo content; the module's end puts the database back)."""
    with django_db_blocker.unblock():
        get_user_model().objects.create_superuser(EDITOR[0], "csp-editor@example.org", EDITOR[1])
        Image.objects.create(title=IMAGE_TITLE, file=ImageFile(io.BytesIO(png()), name="red-square.png"))
        practice = GoodPracticePage.objects.get(locale__language_code="en", slug="future-city-game-community-planning")
        english = Locale.objects.get(language_code="en")
        untranslated = next(
            page
            for page in GoodPracticePage.objects.filter(locale=english).order_by("path")
            if not page.has_translation(Locale.objects.get(language_code="nb"))
        )
        source, _created = TranslationSource.get_or_create_from_instance(untranslated)
        translation = Translation.objects.create(source=source, target_locale=Locale.objects.get(language_code="nb"))
        translation.save_target(publish=False)
        return {
            "practice": practice.pk,
            "theme": Theme.objects.filter(locale=english).order_by("pk").first().pk,
            "translation": untranslated.get_translation(translation.target_locale).pk,
        }


@pytest.fixture
def editor_tab(open_tab, editorial_content):
    """A desktop tab signed in to the admin through its login form, watched from the first request on."""
    tab = open_tab(DESKTOP)
    watch = ConsoleWatch(tab)
    tab.goto("/admin/login/")
    tab.get_by_label("Username").fill(EDITOR[0])
    tab.get_by_label("Password").fill(EDITOR[1])
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url("**/admin/")
    return tab, watch


def assert_clean(watch):
    assert watch.violations == [], "\n".join(watch.violations)
    assert watch.errors == [], "\n".join(watch.errors)


@pytest.mark.parametrize(("name", "path_of"), PUBLIC_PAGES, ids=[name for name, _path in PUBLIC_PAGES])
def test_public_pages_log_no_policy_violation(page, public_site, name, path_of):
    watch = ConsoleWatch(page)
    response = page.goto(path_of(public_site))
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    assert watch.violations == [], "\n".join(watch.violations)


def test_admin_lists_log_no_policy_violation(editor_tab, editorial_content):
    tab, watch = editor_tab
    for path in ["/admin/", "/admin/pages/", "/admin/images/", "/admin/documents/", "/admin/snippets/practices/theme/"]:
        response = tab.goto(path)
        assert response.status == 200
        assert "script-src 'self'" in response.headers["content-security-policy"]
        tab.wait_for_load_state("networkidle")
    tab.goto(f"/admin/snippets/practices/theme/edit/{editorial_content['theme']}/")
    expect(tab.locator("input#id_name")).to_be_visible()
    tab.wait_for_load_state("networkidle")
    assert_clean(watch)


def test_practice_editor_works_under_the_policy(editor_tab, editorial_content):
    tab, watch = editor_tab
    tab.goto(f"/admin/pages/{editorial_content['practice']}/edit/")
    expect(tab.locator(".Draftail-Editor").first).to_be_visible()
    modal = tab.locator(".modal-dialog")

    # The gallery's StreamField gets an image block whose chooser lists the library's image.
    gallery = tab.locator("[data-contentpath=gallery]")
    gallery.get_by_role("button", name="Insert a block").last.click()
    gallery.get_by_role("button", name="Choose an image").last.click()
    modal.get_by_text(IMAGE_TITLE).click()
    expect(modal).to_be_hidden()
    expect(gallery.get_by_text(IMAGE_TITLE)).to_be_visible()

    # The "Facts" tab: a date picker, a snippet chooser and an inline panel, each started by an inline initialiser
    # that the policy lets through with its nonce.
    tab.get_by_role("tab", name="Facts").click()
    tab.locator("#id_start_date").click()
    expect(tab.locator(".xdsoft_datetimepicker:visible")).to_have_count(1)
    tab.keyboard.press("Escape")
    tab.locator("#id_lead_organisation-chooser").get_by_role("button", name="Actions").click()
    tab.locator("[data-chooser-action-choose]:visible").first.click()
    expect(modal.locator("table tbody tr").first).to_be_visible()
    modal.get_by_role("button", name="Close").click()
    expect(modal).to_be_hidden()
    partners = tab.locator("#id_partners-FORMS > :not(.deleted)")
    before = partners.count()
    tab.get_by_role("button", name="Add partner organisations").click()
    expect(partners).to_have_count(before + 1)
    tab.wait_for_load_state("networkidle")
    assert_clean(watch)


def test_translation_editor_works_under_the_policy(editor_tab, editorial_content):
    tab, watch = editor_tab
    tab.goto(f"/admin/pages/{editorial_content['translation']}/edit/")
    expect(tab.locator(".js-translation-editor textarea, .js-translation-editor li").first).to_be_visible()
    tab.wait_for_load_state("networkidle")
    assert_clean(watch)


def test_video_player_is_requested_only_after_the_reader_asks(page, public_site):
    platform_requests = []
    page.on("request", lambda request: "youtube" in request.url and platform_requests.append(request.url))
    watch = ConsoleWatch(page)
    page.goto(public_site.page("en", "how-to-run-a-future-city-game").path)
    page.wait_for_load_state("networkidle")
    assert platform_requests == []

    page.get_by_role("button", name="Load the video").click()
    player = page.locator(".player iframe#player")
    expect(player).to_have_attribute("src", re.compile(r"^https://www\.youtube-nocookie\.com/embed/"))
    expect(player).to_be_focused()
    assert watch.violations == [], "\n".join(watch.violations)


@pytest.fixture(scope="module")
def story_with_video(public_site, django_db_blocker):
    """An English material whose story embeds a YouTube video (committed beside the demo; the module's end puts
    the database back): its path."""
    with django_db_blocker.unblock():
        index = MaterialIndexPage.objects.get(locale__language_code="en")
        body = [
            {"type": "paragraph", "value": "<p>Watch the first evening of the game.</p>"},
            {"type": "embed", "value": "https://www.youtube.com/watch?v=Fq7cG2xLm0A"},
        ]
        material = MaterialPage(
            title="The game on film",
            slug="the-game-on-film",
            summary="An evening of the game, filmed.",
            material_kind="guide",
            body=json.dumps(body),
        )
        index.add_child(instance=material)
        material.save_revision().publish()
        return material.url


def test_a_video_in_a_story_is_requested_only_after_the_reader_asks(page, story_with_video):
    platform_requests = []
    page.on("request", lambda request: "youtube" in request.url and platform_requests.append(request.url))
    watch = ConsoleWatch(page)
    page.goto(story_with_video)
    page.wait_for_load_state("networkidle")
    assert platform_requests == []

    page.get_by_role("button", name="Load the video").click()
    player = page.locator(".story .player--story iframe")
    expect(player).to_have_attribute("src", "https://www.youtube-nocookie.com/embed/Fq7cG2xLm0A")
    expect(player).to_have_attribute("title", "Video: The game on film")
    expect(player).to_be_focused()
    # Only a training video's own player is #player, the frame its chapter links drive.
    assert page.locator("#player").count() == 0
    assert watch.violations == [], "\n".join(watch.violations)
