"""Keeping the index right: indexing on publish and removal on unpublish and delete through django-tasks
(search.tasks), retries when Elasticsearch is unreachable, and ``reindex_since`` after an outage. The search
service is the recording Elasticsearch server on 127.0.0.1 (tests/search/elasticsearch_server.py), or a closed
port."""

import io
import socket
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from practices.models import GoodPracticePage, PracticeIndexPage
from search.models import PendingIndexUpdate, SearchDocument
from search.tasks import replay_pending_updates, update_search_entry
from tests.practices.feed_fixtures import add_page, index_of
from tests.search.elasticsearch_server import ElasticsearchState, start_recording_server

PAGE_INDEX = "hub_wagtailcore_page"


def backends_setting(url):
    return {
        "default": {
            "BACKEND": "search.engine.backends.elasticsearch",
            "URLS": [url],
            "INDEX_PREFIX": "hub_",
            "TIMEOUT": 1,
        },
        "fallback": {"BACKEND": "search.engine.backends.embedded"},
    }


@pytest.fixture
def elasticsearch(settings):
    state = ElasticsearchState()
    server = start_recording_server(state)
    settings.WAGTAILSEARCH_BACKENDS = backends_setting(server.url)
    yield state
    server.shutdown()


@pytest.fixture
def closed_port():
    """A port of 127.0.0.1 nothing listens on: connecting is refused, as with a stopped Elasticsearch."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def czech_index(locales):
    return index_of(PracticeIndexPage, locales["cs"])


def stored_documents(state):
    return state.indices[state.aliases[PAGE_INDEX]]["documents"]


def test_publishing_indexes_the_page_in_every_backend(elasticsearch, czech_index):
    call_command("update_index", stdout=None)
    page = add_page(czech_index, GoodPracticePage, "Participace mládeže", slug="participace")
    assert stored_documents(elasticsearch)[str(page.pk)]["hub_title_cs"] == "Participace mládeže"
    assert SearchDocument.objects.filter(object_id=page.pk).exists()


def test_unpublishing_keeps_the_page_for_editors_but_out_of_live_search(elasticsearch, czech_index):
    call_command("update_index", stdout=None)
    page = add_page(czech_index, GoodPracticePage, "Participace mládeže", slug="participace")
    requests_before = len(elasticsearch.requests)
    page.unpublish()
    # Re-sent with its live flag, not deleted: the admin's search still finds the draft.
    assert str(page.pk) in stored_documents(elasticsearch)
    assert ("DELETE", f"/{PAGE_INDEX}/_doc/{page.pk}") not in [(r.method, r.path) for r in elasticsearch.requests]
    assert len(elasticsearch.requests) > requests_before
    with override_settings(WAGTAILSEARCH_BACKENDS={"default": {"BACKEND": "search.engine.backends.embedded"}}):
        assert list(GoodPracticePage.objects.search("mládež")) == [page.specific_deferred]
        assert list(GoodPracticePage.objects.live().search("mládež")) == []


def test_deleting_removes_the_page(elasticsearch, czech_index):
    call_command("update_index", stdout=None)
    page = add_page(czech_index, GoodPracticePage, "Participace mládeže", slug="participace")
    pk = page.pk
    page.delete()
    assert str(pk) not in stored_documents(elasticsearch)
    assert not SearchDocument.objects.filter(object_id=pk).exists()


def test_saving_succeeds_while_elasticsearch_is_unreachable(settings, closed_port, czech_index):
    settings.WAGTAILSEARCH_BACKENDS = backends_setting(f"http://127.0.0.1:{closed_port}")
    page = add_page(czech_index, GoodPracticePage, "Participace mládeže", slug="participace")
    assert GoodPracticePage.objects.get(pk=page.pk).live
    # The database backend, configured beside it, is up to date all the same.
    assert SearchDocument.objects.filter(object_id=page.pk).exists()


def test_database_queue_retries_later_when_elasticsearch_is_unreachable(settings, closed_port, czech_index):
    page = add_page(czech_index, GoodPracticePage, "Participace mládeže", slug="participace")
    settings.WAGTAILSEARCH_BACKENDS = backends_setting(f"http://127.0.0.1:{closed_port}")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    before = timezone.now()
    update_search_entry.call(page._meta.label, page.pk)
    retry = DBTaskResult.objects.get()
    assert retry.task_path == "search.tasks.update_search_entry"
    assert retry.args_kwargs == {
        "args": [page._meta.label, page.pk],
        "kwargs": {"backend_names": ["default"], "attempt": 2},
    }
    assert before + timedelta(seconds=55) < retry.run_after < before + timedelta(seconds=65)


def test_database_queue_gives_up_after_the_last_attempt(settings, closed_port, czech_index):
    page = add_page(czech_index, GoodPracticePage, "Participace mládeže", slug="participace")
    settings.WAGTAILSEARCH_BACKENDS = backends_setting(f"http://127.0.0.1:{closed_port}")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    update_search_entry.call(page._meta.label, page.pk, backend_names=["default"], attempt=6)
    assert not DBTaskResult.objects.exists()


def test_reindex_since_catches_up_after_an_outage(settings, closed_port, czech_index):
    outage_start = timezone.now()
    settings.WAGTAILSEARCH_BACKENDS = backends_setting(f"http://127.0.0.1:{closed_port}")
    kept = add_page(czech_index, GoodPracticePage, "Participace mládeže", slug="participace")
    withdrawn = add_page(czech_index, GoodPracticePage, "Rozpočet obce", slug="rozpocet")
    withdrawn.unpublish()
    state = ElasticsearchState()
    server = start_recording_server(state)
    try:
        settings.WAGTAILSEARCH_BACKENDS = backends_setting(server.url)
        state.indices[PAGE_INDEX] = {"settings": {}, "mappings": [], "documents": {str(withdrawn.pk): {"pk": "x"}}}
        call_command("reindex_since", outage_start.isoformat(), stdout=None)
    finally:
        server.shutdown()
    documents = state.indices[PAGE_INDEX]["documents"]
    assert documents[str(kept.pk)]["live_filter"] is True
    assert documents[str(withdrawn.pk)]["live_filter"] is False  # brought up to date: out of every live search


@pytest.mark.parametrize("since", ["yesterday", "2026-13-45T00:00", ""])
def test_reindex_since_rejects_a_bad_time(db, since):
    with pytest.raises(CommandError, match="since"):
        call_command("reindex_since", since)


def test_a_failed_index_update_waits_and_is_replayed_once_the_service_answers(elasticsearch, czech_index):
    call_command("update_index", stdout=None)
    elasticsearch.failing = True
    page = add_page(czech_index, GoodPracticePage, "Participace mládeže", slug="participace")
    waiting = PendingIndexUpdate.objects.get(backend="default", object_pk=str(page.pk))
    assert str(page.pk) not in stored_documents(elasticsearch)

    # Still failing: the row stays for the next run.
    assert replay_pending_updates() == {"default": 0}
    assert PendingIndexUpdate.objects.filter(pk=waiting.pk).exists()

    elasticsearch.failing = False
    replayed = replay_pending_updates()
    assert replayed["default"] >= 1
    assert not PendingIndexUpdate.objects.exists()
    assert stored_documents(elasticsearch)[str(page.pk)]["hub_title_cs"] == "Participace mládeže"


def test_a_deletion_missed_by_the_service_is_replayed_as_a_removal(elasticsearch, czech_index):
    call_command("update_index", stdout=None)
    page = add_page(czech_index, GoodPracticePage, "Participace mládeže", slug="participace")
    elasticsearch.failing = True
    page.delete()
    elasticsearch.failing = False
    call_command("replay_index_updates", stdout=io.StringIO())
    assert str(page.pk) not in stored_documents(elasticsearch)
    assert not PendingIndexUpdate.objects.exists()
