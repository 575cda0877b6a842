"""The Elasticsearch 8 and 9 backends: the hub's index definition (search.engine.backends.cluster) on modelsearch's
Elasticsearch 8 classes. Selected by cms/settings.py when ``ELASTICSEARCH_URL`` is set, after
``ELASTICSEARCH_VERSION``; checked against recorded requests of the real client (tests/search), while the same
definition meets a real engine through the OpenSearch backend (tests/live)."""

import elasticsearch
from django.core.exceptions import ImproperlyConfigured
from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Index,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
    Elasticsearch8SearchResults,
)

from search.engine.backends.cluster import (
    HubAutocompleteQueryCompilerMixin,
    HubIndexMixin,
    HubMappingMixin,
    HubSearchQueryCompilerMixin,
    HubSearchResultsMixin,
    cluster_settings,
)
from search.engine.backends.options import CompilerOptionsMixin


class ElasticsearchMapping(HubMappingMixin, Elasticsearch8Mapping):
    pass


class ElasticsearchIndex(HubIndexMixin, Elasticsearch8Index):
    def create(self, body):
        self.es.indices.create(index=self.name, **body)


class ElasticsearchSearchQueryCompiler(HubSearchQueryCompilerMixin, Elasticsearch8SearchQueryCompiler):
    mapping_class = ElasticsearchMapping


class ElasticsearchAutocompleteQueryCompiler(
    HubAutocompleteQueryCompilerMixin, Elasticsearch8AutocompleteQueryCompiler
):
    mapping_class = ElasticsearchMapping


class ElasticsearchSearchResults(HubSearchResultsMixin, Elasticsearch8SearchResults):
    pass


class ElasticsearchSearchBackend(CompilerOptionsMixin, Elasticsearch8SearchBackend):
    """For Elasticsearch 8 with the elasticsearch-py 8 client."""

    client_major_version = 8
    mapping_class = ElasticsearchMapping
    index_class = ElasticsearchIndex
    query_compiler_class = ElasticsearchSearchQueryCompiler
    autocomplete_query_compiler_class = ElasticsearchAutocompleteQueryCompiler
    results_class = ElasticsearchSearchResults
    settings = cluster_settings(Elasticsearch8SearchBackend.settings)

    def __init__(self, params):
        # The client speaks only to servers of its own major version (ES 9 refuses an 8 client's media type).
        if elasticsearch.__versionstr__.split(".")[0] != str(self.client_major_version):
            raise ImproperlyConfigured(
                f"{type(self).__name__} needs the elasticsearch-py {self.client_major_version} client; "
                f"{elasticsearch.__versionstr__} is installed (ELASTICSEARCH_VERSION, docs/search.md)."
            )
        super().__init__(params)


class Elasticsearch9SearchBackend(ElasticsearchSearchBackend):
    """For Elasticsearch 9 with the elasticsearch-py 9 client; modelsearch's 9 backend differs from its 8 one only
    by that client."""

    client_major_version = 9


SearchBackend = ElasticsearchSearchBackend
