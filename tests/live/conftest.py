"""Live tests against a real OpenSearch cluster on 127.0.0.1 (``make search-engine``).

The cluster is the one at ``OPENSEARCH_TEST_URL`` (default http://127.0.0.1:9200); when nothing answers there,
the session starts it itself (bench.search_cluster, from Maven Central artifacts), so ``pytest tests/live`` needs
no preparation and nothing is ever skipped. Each test writes to indices of its own prefix and deletes them
afterwards, so a shared development cluster is safe; content that a module builds and indexes once, for tests that
only search it, has indices of the module's prefix, deleted after its last test.
"""

import os
import uuid

import pytest
from django.test import override_settings
from wagtail.search.backends import get_search_backend

from bench.search_cluster import SearchCluster
from tests.practices.feed_fixtures import locales_by_code

OPENSEARCH_TEST_URL = os.environ.get("OPENSEARCH_TEST_URL", "http://127.0.0.1:9200")


@pytest.fixture(scope="session")
def opensearch_url():
    cluster = SearchCluster()
    if cluster.health(OPENSEARCH_TEST_URL) is None:
        cluster.start(quiet=True)
    return OPENSEARCH_TEST_URL


def opensearch_backends(url, prefix):
    """WAGTAILSEARCH_BACKENDS as cms/settings.py builds them for ``OPENSEARCH_URL``, on one node (no replicas)."""
    return {
        "default": {
            "BACKEND": "search.engine.backends.opensearch",
            "URLS": [url],
            "INDEX_PREFIX": prefix,
            "TIMEOUT": 10,
            "ATOMIC_REBUILD": True,
            "INDEX_SETTINGS": {"settings": {"index": {"number_of_replicas": 0}}},
        },
        "fallback": {"BACKEND": "search.engine.backends.embedded"},
    }


@pytest.fixture
def live_opensearch(settings, opensearch_url):
    """The real cluster as the default backend, under a prefix of this test's own; its indices are removed."""
    prefix = f"hub_test_{uuid.uuid4().hex[:8]}_"
    settings.WAGTAILSEARCH_BACKENDS = opensearch_backends(opensearch_url, prefix)
    backend = get_search_backend()
    yield backend
    backend.es.indices.delete(index=f"{prefix}*", ignore_unavailable=True)


@pytest.fixture(scope="module")
def module_opensearch_backends(opensearch_url):
    """The real cluster's backends for content a module builds and indexes once (``indexed_once``), under a prefix
    of the module's own; its indices are removed after the module's last test."""
    prefix = f"hub_test_{uuid.uuid4().hex[:8]}_"
    backends = opensearch_backends(opensearch_url, prefix)
    yield backends
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        get_search_backend().es.indices.delete(index=f"{prefix}*", ignore_unavailable=True)


@pytest.fixture
def module_opensearch(module_opensearch_backends, settings):
    """The module's indices on the real cluster as this test's default backend."""
    settings.WAGTAILSEARCH_BACKENDS = module_opensearch_backends
    return get_search_backend()


@pytest.fixture(scope="module")
def indexed_once(module_content, module_opensearch_backends):
    """``indexed_once(build)``: the module's content, built once by ``build(locales)`` in the module's transaction
    (``module_content``) and indexed on the module's indices, for tests that only search it (with
    ``module_opensearch``)."""

    def built(build):
        with module_content(), override_settings(WAGTAILSEARCH_BACKENDS=module_opensearch_backends):
            return build(locales_by_code())

    return built
