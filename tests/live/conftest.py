"""Live tests against a real Elasticsearch cluster: collected always, run only when ``ELASTICSEARCH_URL`` is set
(docs/search.md says how to start one with docker). Each test session writes to indices of its own prefix and
deletes them afterwards, so a shared development cluster is safe."""

import os
import uuid

import pytest
from django.conf import settings as django_settings

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")


def pytest_collection_modifyitems(config, items):
    # The one skip the project allows: no cluster can run on the development machines (issue 4).
    skip = pytest.mark.skip(reason="ELASTICSEARCH_URL is not set: no Elasticsearch cluster to test against")
    for item in items:
        if "elasticsearch_live" in item.keywords and not ELASTICSEARCH_URL:
            item.add_marker(skip)


@pytest.fixture
def live_elasticsearch(settings):
    """The real cluster as the default backend, under a prefix of this test's own; its indices are removed."""
    prefix = f"hub_test_{uuid.uuid4().hex[:8]}_"
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": {
                8: "search.backends.elasticsearch.ElasticsearchSearchBackend",
                9: "search.backends.elasticsearch.Elasticsearch9SearchBackend",
            }[django_settings.ELASTICSEARCH_VERSION],
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": prefix,
            "INDEX_SETTINGS": {"settings": {"index": {"number_of_replicas": 0}}},
        },
        "fallback": {"BACKEND": "search.backends.embedded"},
    }
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    yield backend
    backend.es.indices.delete(index=f"{prefix}*", ignore_unavailable=True)
