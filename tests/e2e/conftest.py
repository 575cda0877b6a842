"""The public site in a real browser: the demo knowledge base served by a live server on 127.0.0.1 and read by
Debian's Chromium (``/usr/bin/chromium``, ``make browser``) through Playwright, plus the axe-core check.

Playwright's sync API keeps an asyncio loop running on a greenlet of the test thread while the browser is open, and
Django refuses ORM calls from a thread with a running loop (``SynchronousOnlyOperation``), including pytest-django's
own per-test transaction. Nothing runs on that loop while Django works (greenlets switch only inside Playwright
calls), so ``browser`` sets ``DJANGO_ALLOW_ASYNC_UNSAFE`` for exactly as long as it is open and removes it when it
closes: the rest of the suite keeps Django's check. The browser is per package, so the e2e tests (which pytest-django
keeps together) share one Chromium.
"""

import dataclasses
import io
import os
import threading

import pytest
import wagtail_factories
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection, connections
from django.db.backends.base.creation import TEST_DATABASE_PREFIX
from django.test import override_settings
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer
from wagtail.models import Collection, Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SCRIPT = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# What a reader cannot be asked to work around (axe's "serious" and "critical"); minor and moderate ones are
# reported by axe too but do not fail the run.
BLOCKING_IMPACTS = ("serious", "critical")
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@dataclasses.dataclass(frozen=True)
class PageFacts:
    """What a test compares a rendered page with, read from the database once the module's content is loaded."""

    path: str
    title: str
    kind: str
    outcome_labels: tuple = ()


@dataclasses.dataclass(frozen=True)
class PublicSite:
    """The live server's address and the facts of its live pages, keyed by ``(language code, slug)``."""

    url: str
    pages: dict

    def page(self, language_code, slug):
        return self.pages[(language_code, slug)]

    def section(self, language_code, kind):
        """The one page of ``kind`` (e.g. ``"PracticeIndexPage"``) in a language."""
        (facts,) = [
            facts for (code, _slug), facts in self.pages.items() if code == language_code and facts.kind == kind
        ]
        return facts


def collect_page_facts():
    """Every live page of the locales' home pages and below, with its path and, for practices, its outcomes'
    labels."""
    facts = {}
    for page in Page.objects.live().filter(depth__gt=1).specific().select_related("locale"):
        outcomes = getattr(page, "outcomes", None) or []
        facts[(page.locale.language_code, page.slug)] = PageFacts(
            path=page.get_url(),
            title=page.title,
            kind=type(page).__name__,
            outcome_labels=tuple(str(outcome.value["label"]) for outcome in outcomes),
        )
    return facts


def finish_requests_in_flight(timeout=10):
    """Let the server's request threads end (the last test's tab may have left one running) before the server
    stops: on SQLite they share the test thread's connection, which stops being shareable then."""
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout)


class OneRequestAtATimeServer(ThreadedWSGIServer):
    """The live server, answering one request at a time. On SQLite its threads share the test's one connection,
    and two requests at once (a page and the translation editor's jsi18n) misuse it ("bad parameter or other API
    misuse"), which loses the session and signs the account out. Connections are still served by threads, so a
    browser's kept-alive connection never holds up another one; only the application is entered by one at a time."""

    def set_app(self, application):
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                return application(environ, start_response)

        super().set_app(one_at_a_time)


def start_live_server():
    """pytest-django's LiveServer on 127.0.0.1; with OneRequestAtATimeServer on SQLite."""
    server = LiveServer("127.0.0.1", start=False)
    if connection.vendor == "sqlite":
        server.thread.server_class = OneRequestAtATimeServer
    server.start()
    return server


def is_a_test_database():
    if connection.vendor == "sqlite":
        return connection.is_in_memory_db()
    return str(connection.settings_dict["NAME"]).startswith(TEST_DATABASE_PREFIX)


def restore_database(serialized):
    """Empty the test database and put back what the migrations had written, as Django's ``serialized_rollback``
    does, so the next module starts from the state every other test expects."""
    # Sequences keep counting, as in Django's own serialized rollback: the restored rows keep their ids, and a
    # sequence reset to 1 would hand the next test's insert an id that is taken (PostgreSQL).
    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True, reset_sequences=False)
    connection.creation.deserialize_db_from_string(serialized)


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for all the e2e tests; Django's async-safety check is off only while it is open."""
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
            # The database connections opened while Playwright ran belong to its context, which nothing else closes;
            # left open, PostgreSQL refuses to drop the test database at the end of the run. (Closing an in-memory
            # SQLite test database is a no-op.)
            connections.close_all()
    finally:
        if previous is None:
            del os.environ[ASYNC_UNSAFE]
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture(scope="module")
def public_site(browser, django_db_setup, django_db_blocker, module_media_root):
    """The demo knowledge base (``load_demo``), loaded once per module and served on 127.0.0.1. It is committed,
    since on PostgreSQL the server answers from its own connection, and the module ends by putting the database back
    as the migrations left it. Uploaded files go to the module's media root (``module_media_root``), which every
    test of the module also sets (the autouse ``media_root``), so the server finds them. It starts after
    ``browser``: once Playwright runs, the tests see another connection object than before (Django's per-context
    connections), and on SQLite the server must share the very one the tests use, or their transactions lock each
    other out."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=module_media_root),
    ):
        # The module commits and then empties the database: never do that to a developer's own database, which is
        # what Django is connected to when no test of the run asked pytest-django for one (``db``).
        assert is_a_test_database(), f"not a test database: {connection.settings_dict['NAME']}"
        serialized = connection.creation.serialize_db_to_string()
        cache.clear()
        try:
            call_command("load_demo", stdout=io.StringIO())
            server = start_live_server()
            try:
                yield PublicSite(url=server.url, pages=collect_page_facts())
            finally:
                finish_requests_in_flight()
                server.stop()
        finally:
            restore_database(serialized)
            cache.clear()


@pytest.fixture
def open_tab(browser, public_site, db):
    """Opens fresh tabs (each in its own browser context) with relative URLs resolved against the live server, and
    closes them after the test. ``db`` is what makes pytest-django create the test database; the tests themselves
    only read what ``public_site`` committed."""
    contexts = []

    def open_tab(viewport, **options):
        context = browser.new_context(base_url=public_site.url, viewport=viewport, **options)
        contexts.append(context)
        return context.new_page()

    yield open_tab
    close_tabs(contexts)


def close_tabs(contexts):
    """Close a test's browser contexts before pytest-django rolls the test back (the fixtures that open them ask
    for ``db``, so they end first). On SQLite the server's threads share the test's connection: a request still
    running during the rollback (a closed tab's last request, the beacon by which the page editor releases its
    editing session as it unloads) would run inside it, and leave the connection in a state that every later test
    of the worker fails on. So each page is left first, which sends what it sends as it unloads while the test
    still holds the database, and the requests in flight are waited for."""
    for context in contexts:
        for tab in context.pages:
            tab.goto("about:blank")
        context.close()
    finish_requests_in_flight()


@pytest.fixture
def page(open_tab):
    """A fresh tab at desktop width."""
    return open_tab(DESKTOP)


@pytest.fixture
def axe_page(open_tab):
    """A desktop tab that lets the test inject axe-core: the site's Content-Security-Policy refuses any script it
    did not serve, the injected checker included. The other tests read the pages under the policy."""
    return open_tab(DESKTOP, bypass_csp=True)


def blocking_violations(tab):
    """Run axe-core on the page shown in ``tab`` and return its serious and critical violations as
    ``[{"id", "impact", "help", "helpUrl", "targets"}, …]``."""
    tab.add_script_tag(path=str(AXE_SCRIPT))
    return tab.evaluate(
        """async (impacts) => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations
                .filter((violation) => impacts.includes(violation.impact))
                .map((violation) => ({
                    id: violation.id,
                    impact: violation.impact,
                    help: violation.help,
                    helpUrl: violation.helpUrl,
                    targets: violation.nodes.map((node) => node.target.join(" ")),
                }));
        }""",
        list(BLOCKING_IMPACTS),
    )


def describe_violations(url, violations):
    """A failure message that says what to fix: rule, impact, the elements concerned and the rule's help page."""
    lines = [f"axe-core found {len(violations)} serious or critical violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
        lines.extend(f"    {target}" for target in violation["targets"])
    return "\n".join(lines)


# --- the editorial journeys (test_editorial_journeys.py) ------------------------------------------------------------
ROLE_PASSWORD = "journey-pw-1"  # the test accounts' password; never a superuser among them


@dataclasses.dataclass(frozen=True)
class EditorialSite:
    """The live server's address, the English practice the journeys translate (and a second one for the journey
    whose source changes, so that no journey finds another's translation: on PostgreSQL the live server commits),
    the English practices' section, the terms, image and items the editor's journey chooses on every tab, and one
    account per role."""

    url: str
    practice_id: int
    practice_title: str
    changing_practice_id: int
    changing_practice_title: str
    incoming_id: int
    practice_index_id: int
    choices: dict
    usernames: dict


@pytest.fixture(scope="module")
def editorial_site(browser, django_db_setup, django_db_blocker, module_media_root):
    """A published English practice, another partner's draft under "incoming", what the editor's journey chooses
    (English terms, organisations, a funding programme, an image, a material and a video), and accounts in the
    editorial roles (an editor, a partners' contributor, a reviewer and a translator for each of cs, bg, hr and nb,
    and an English reviewer),
    committed and served on 127.0.0.1; the module ends by putting the database back as the migrations left it (as
    ``public_site`` does). Uploaded images go to the module's media root."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from practices.models import IncomingPracticesPage, PracticeIndexPage
    from tests.practices.factories import GoodPracticePageFactory

    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=module_media_root),
    ):
        assert is_a_test_database(), f"not a test database: {connection.settings_dict['NAME']}"
        serialized = connection.creation.serialize_db_to_string()
        cache.clear()
        try:
            roles = {
                "editor": "editors",
                **{f"reviewer-{code}": f"reviewers-{code}" for code in ("en", *TRANSLATED)},
                "contributor": "partner-contributors-en",
                **{f"translator-{code}": f"translators-{code}" for code in TRANSLATED},
            }
            for username, codename in roles.items():
                user = get_user_model().objects.create_user(
                    username=username, email=f"{username}@example.org", password=ROLE_PASSWORD
                )
                user.groups.add(Group.objects.get(editorial_role__codename=codename))
            practice = GoodPracticePageFactory(
                parent=PracticeIndexPage.objects.get(locale__language_code="en"),
                title="Youth parliament of Brno",
                summary="Pupils advise the city council.",
                with_facts=True,
            )
            practice.save_revision().publish()
            changing = GoodPracticePageFactory(
                parent=PracticeIndexPage.objects.get(locale__language_code="en"),
                title="Youth council of Písek",
                summary="Young people advise the town hall.",
                with_facts=True,
            )
            changing.save_revision().publish()
            # Another partner's contributor's draft, which the journeys' contributor must never see.
            incoming = IncomingPracticesPage.objects.get(locale__language_code="en")
            other = get_user_model().objects.create_user(username="other-partner", password=ROLE_PASSWORD)
            other.groups.add(Group.objects.get(editorial_role__codename="partner-contributors-en"))
            GoodPracticePageFactory(parent=incoming, title="Another partner's draft", live=False, owner=other)
            choices = create_editor_choices()
            server = start_live_server()
            try:
                yield EditorialSite(
                    url=server.url,
                    practice_id=practice.pk,
                    practice_title=practice.title,
                    changing_practice_id=changing.pk,
                    changing_practice_title=changing.title,
                    incoming_id=incoming.pk,
                    practice_index_id=PracticeIndexPage.objects.get(locale__language_code="en").pk,
                    choices=choices,
                    usernames={codename: username for username, codename in roles.items()},
                )
            finally:
                finish_requests_in_flight()
                server.stop()
        finally:
            restore_database(serialized)
            cache.clear()


TRANSLATED = ("cs", "bg", "hr", "nb")


def create_editor_choices():
    """What the editor's journey picks on the practice's tabs, in English, by the names the journey clicks:
    ``{"theme": name, …}``."""
    from tests.practices.factories import (
        FundingProgrammeFactory,
        MaterialPageFactory,
        MethodFactory,
        OrganisationFactory,
        TargetGroupFactory,
        ThemeFactory,
        TrainingVideoPageFactory,
    )

    material = MaterialPageFactory(title="Handbook of participatory budgeting")
    material.save_revision().publish()
    video = TrainingVideoPageFactory(title="Counting the votes of a participatory budget")
    video.save_revision().publish()
    image = wagtail_factories.ImageFactory(
        title="Voting day at the town hall", collection=Collection.get_first_root_node()
    )
    return {
        "theme": ThemeFactory(name="Public budgets").name,
        "target_group": TargetGroupFactory(name="Residents of a town").name,
        "method": MethodFactory(name="Participatory budgeting").name,
        "funding_programme": FundingProgrammeFactory(name="Active Citizens Fund").name,
        "lead_organisation": OrganisationFactory(name="Town of Litomyšl").name,
        "partner": OrganisationFactory(name="Litomyšl Residents' Forum").name,
        "material": material.title,
        "video": video.title,
        "image": image.title,
    }


def sign_in(browser, site, username):
    """A new desktop context signed in as ``username`` through the admin's login form; its tab."""
    tab = browser.new_context(base_url=site.url, viewport=DESKTOP).new_page()
    tab.goto("/admin/login/")
    tab.get_by_label("Username").fill(username)
    tab.get_by_label("Password").fill(ROLE_PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url("**/admin/")
    return tab


@pytest.fixture(scope="module")
def role_sessions(browser, editorial_site, django_db_blocker):
    """``{role codename: browser storage state}``: every account signs in through the admin's login form once,
    before the module's first test. Its session is then committed (a test's own transaction, which the live server
    shares on SQLite, is rolled back with everything done in it), and its cookies are reused for every later tab."""
    states = {}
    with django_db_blocker.unblock():
        for codename, username in editorial_site.usernames.items():
            tab = sign_in(browser, editorial_site, username)
            states[codename] = tab.context.storage_state()
            tab.context.close()
        finish_requests_in_flight()
    return states


@pytest.fixture
def signed_in(browser, editorial_site, role_sessions, db):
    """``signed_in(role codename)``: a fresh desktop tab of that role's account, closed at the test's end.
    ``signed_in.afresh(codename)`` signs in anew, in a session of its own: for what renews the session key
    (Wagtail's account page does), which would sign the kept cookies out."""
    contexts = []

    def open_as(codename):
        context = browser.new_context(
            base_url=editorial_site.url, viewport=DESKTOP, storage_state=role_sessions[codename]
        )
        contexts.append(context)
        return context.new_page()

    def afresh(codename):
        tab = sign_in(browser, editorial_site, editorial_site.usernames[codename])
        contexts.append(tab.context)
        return tab

    open_as.afresh = afresh
    yield open_as
    close_tabs(contexts)
