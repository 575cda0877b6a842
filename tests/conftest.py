"""Fixtures shared by every test module: the five locales' home pages and sections (created by the home app's
migration), an administrator, clients, a media folder per module, and the feed's small knowledge base
(``feed_content``), built once per module."""

import copy
import os
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.test import override_settings
from django.utils import translation
from pytest_django.plugin import blocking_manager_key

from home.models import HomePage
from practices.models import MaterialIndexPage, PracticeIndexPage, VideoIndexPage
from tests.practices.feed_fixtures import build_feed_content, locales_by_code

# Fixtures of accounts in each role, and of a practice with its translations, for every module that asks for them.
pytest_plugins = ["tests.practices.role_fixtures", "tests.practices.translation_fixtures"]
TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Leave out the tests marked ``requires_postgres`` unless DATABASE_URL is PostgreSQL: they run in the
    PostgreSQL suite (``make test-postgres``, which .ci/run runs too) and are reported as deselected, not skipped,
    on SQLite.

    Group the tests for pytest-xdist (``make test`` runs ``--dist loadgroup``): a module's tests stay on one
    worker, so that module-scoped content is built once, except its transactional tests, which form a group of
    their own. A transactional test empties the database when it ends (Django restores the migrations' rows only
    at the start of the next such test), so it must run after every ordinary test of its worker; pytest-django
    orders them last, and a group of their own keeps xdist from running them in the middle of their module's
    ordinary tests.

    Within a module, the tests that use content built once per module (``module_content``) run after the module's
    other tests: that content stays in the database until the module ends, and a test that does not ask for it
    must not find it. pytest-django's reordering (transactional tests last), which runs after this hook, is
    a stable sort and keeps this order."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        deselected = [item for item in items if item.get_closest_marker("requires_postgres")]
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = [item for item in items if not item.get_closest_marker("requires_postgres")]
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        transactional = transactional or bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))
        if transactional and "module_content" in getattr(item, "fixturenames", ()):
            raise pytest.UsageError(f"{item.nodeid}: a transactional test cannot use the module's shared content")
        module = item.nodeid.split("::")[0]
        item.add_marker(pytest.mark.xdist_group(f"{module}::transactional" if transactional else module))
    module_order = {}
    for item in items:
        module_order.setdefault(item.nodeid.split("::")[0], len(module_order))
    items.sort(
        key=lambda item: (
            module_order[item.nodeid.split("::")[0]],
            "module_content" in getattr(item, "fixturenames", ()),
        )
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put the migrations' rows (locales, home pages, sections, groups) back as soon as a transactional test with
    ``serialized_rollback`` has ended. Django empties the database after such a test and restores the rows only at
    the start of the next one, so a test xdist runs after it on the same worker without a marker of its own (a
    schemathesis case, which asks for the database inside the test) would find no locale. After a worker's last
    test nothing follows, and pytest has already dropped the test database (the connection names the real one again).
    """
    yield
    marker = item.get_closest_marker("django_db")
    if nextitem is not None and marker and marker.kwargs.get("serialized_rollback"):
        with item.config.stash[blocking_manager_key].unblock():
            connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


@pytest.fixture(autouse=True)
def default_language():
    """Start every test in English: a request to /cs/ leaves Czech active in the thread (LocaleMiddleware
    activates it and nothing deactivates it), which would translate the next test's messages."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Every test starts with no request counted against the rate limits (all tests come from 127.0.0.1)."""
    caches["throttle"].clear()


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Every test starts with no public page kept (practices.site.page_cache): tests that write nothing share the
    migrations' content generation, and may render the same URL under other settings."""
    caches["default"].clear()


@pytest.fixture(scope="module")
def module_media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def media_root(settings, module_media_root):
    """Stored images and documents go to a folder of the module's, never to var/media: the module's shared content
    (``feed_content``) keeps its files there while its tests run."""
    settings.MEDIA_ROOT = module_media_root
    return module_media_root


@pytest.fixture
def loopback_allowed(settings):
    """Let practices.outgoing reach servers a test runs on 127.0.0.1 (only loopback; private ranges stay refused)."""
    settings.OUTGOING_ALLOW_LOOPBACK = True


@pytest.fixture
def locales(db):
    return locales_by_code()


@pytest.fixture
def home_pages(locales):
    return {code: HomePage.objects.get(locale=locale) for code, locale in locales.items()}


@pytest.fixture
def practice_index(locales):
    return PracticeIndexPage.objects.get(locale=locales["en"])


@pytest.fixture
def material_index(locales):
    return MaterialIndexPage.objects.get(locale=locales["en"])


@pytest.fixture
def video_index(locales):
    return VideoIndexPage.objects.get(locale=locales["en"])


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser(username="editor", email="editor@example.org", password="pw")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture(scope="module")
def module_content(django_db_setup, django_db_blocker, module_media_root):
    """A transaction open while the module's tests run, rolled back after its last test, for content the module
    builds once (Django's ``setUpTestData``): each test's own transaction (pytest-django's ``db``) is a savepoint
    inside it, so what a test writes is still undone after it. Returns the context to build in:

        @pytest.fixture(scope="module")
        def shared_knowledge_base(module_content):
            with module_content():
                return young_people_items(locales_by_code())

    and a function-scoped fixture hands each test deep copies (``copy.deepcopy``, as ``setUpTestData`` does), so
    that a test changing an object it was given does not change the next test's. The tests asking for it run after
    their module's other tests (``pytest_collection_modifyitems``); a transactional test never may."""

    @contextmanager
    def building():
        with (
            django_db_blocker.unblock(),
            override_settings(MEDIA_ROOT=module_media_root),
            translation.override(settings.LANGUAGE_CODE),
        ):
            yield

    outer = transaction.atomic()
    with building():
        if connection.in_atomic_block:
            # Asked for with request.getfixturevalue() inside a test: it would open inside the test's transaction.
            raise pytest.UsageError("module content must be asked for as a fixture argument, before the test's db")
        outer.__enter__()
    yield building
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def shared_feed_content(module_content):
    """The feed's small knowledge base (tests.practices.feed_fixtures.build_feed_content), built once per module:
    building it took one to two seconds, for each of some 550 tests."""
    with module_content():
        return build_feed_content(locales_by_code())


@pytest.fixture
def feed_content(shared_feed_content, db):
    return copy.deepcopy(shared_feed_content)


@pytest.fixture
def live_feed_content(transactional_db):
    """The same knowledge base for a transactional test (a live server reads it from its own thread), built and
    committed in the test: it cannot be kept in the module's transaction."""
    return build_feed_content(locales_by_code())
