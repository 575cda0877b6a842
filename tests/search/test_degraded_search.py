"""When Elasticsearch is down (a closed port, or a server answering 500) the search API answers from the
database backend with ``degraded: true``, logs the failure, and never returns a 500."""

import socket

import pytest

from practices.models import GoodPracticePage, PracticeIndexPage
from tests.practices.feed_fixtures import add_page, index_of
from tests.search.elasticsearch_server import ElasticsearchState, start_recording_server

SEARCH = "/api/feed/v1/search/"
SUGGEST = "/api/feed/v1/search/suggest/"


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
def closed_port_url():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


@pytest.fixture
def failing_server_url():
    state = ElasticsearchState(failing=True)
    server = start_recording_server(state)
    yield server.url
    server.shutdown()


@pytest.fixture
def practice(locales):
    return add_page(index_of(PracticeIndexPage, locales["cs"]), GoodPracticePage, "Participace mládeže v obci")


@pytest.fixture(params=["closed_port_url", "failing_server_url"])
def elasticsearch_down(request, settings, practice):
    """Elasticsearch configured but down; the item was saved (and indexed by the database backend) before."""
    settings.WAGTAILSEARCH_BACKENDS = backends_setting(request.getfixturevalue(request.param))


def test_search_answers_from_the_database_when_elasticsearch_is_down(client, elasticsearch_down, practice, caplog):
    response = client.get(SEARCH, {"q": "obcí", "locale": "cs"})
    assert response.status_code == 200
    body = response.json()
    assert body["degraded"] is True
    assert [result["slug"] for result in body["results"]] == [practice.slug]
    assert "The search service failed" in caplog.text


def test_suggest_answers_from_the_database_when_elasticsearch_is_down(client, elasticsearch_down, practice):
    response = client.get(SUGGEST, {"q": "partic", "locale": "cs"})
    assert response.status_code == 200
    assert [suggestion["id"] for suggestion in response.json()["suggestions"]] == [practice.pk]


@pytest.mark.parametrize("query", ['"mládež" AND (obec) ~ * : [ ] { } / \\', "x" * 2000, "obec\x00\x07"])
def test_bad_queries_while_degraded_never_return_500(client, elasticsearch_down, query):
    response = client.get(SEARCH, {"q": query, "locale": "cs"})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "q" in response.json()["errors"]


def test_search_is_not_degraded_on_the_database_backend(client, practice):
    body = client.get(SEARCH, {"q": "obcí", "locale": "cs"}).json()
    assert body["degraded"] is False
    assert [result["slug"] for result in body["results"]] == [practice.slug]
