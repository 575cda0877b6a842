"""The OpenSearch backend (OpenSearch 2.x and 3.x, opensearch-py): the hub's index definition
(search.engine.backends.cluster) on modelsearch's OpenSearch classes. Selected by cms/settings.py when
``OPENSEARCH_URL`` is set; tests/live runs it against a real cluster (``make search-engine``)."""

from modelsearch.backends.opensearch3 import (
    OpenSearch3AutocompleteQueryCompiler,
    OpenSearch3Index,
    OpenSearch3Mapping,
    OpenSearch3SearchBackend,
    OpenSearch3SearchQueryCompiler,
    OpenSearch3SearchResults,
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


class OpenSearchMapping(HubMappingMixin, OpenSearch3Mapping):
    pass


class OpenSearchIndex(HubIndexMixin, OpenSearch3Index):
    def create(self, body):
        self.es.indices.create(index=self.name, body=body)


class OpenSearchSearchQueryCompiler(HubSearchQueryCompilerMixin, OpenSearch3SearchQueryCompiler):
    mapping_class = OpenSearchMapping


class OpenSearchAutocompleteQueryCompiler(HubAutocompleteQueryCompilerMixin, OpenSearch3AutocompleteQueryCompiler):
    mapping_class = OpenSearchMapping


class OpenSearchSearchResults(HubSearchResultsMixin, OpenSearch3SearchResults):
    pass


class OpenSearchSearchBackend(CompilerOptionsMixin, OpenSearch3SearchBackend):
    """For OpenSearch 2.x and 3.x: both speak the same REST API for everything the hub asks."""

    mapping_class = OpenSearchMapping
    index_class = OpenSearchIndex
    query_compiler_class = OpenSearchSearchQueryCompiler
    autocomplete_query_compiler_class = OpenSearchAutocompleteQueryCompiler
    results_class = OpenSearchSearchResults
    settings = cluster_settings(OpenSearch3SearchBackend.settings)


SearchBackend = OpenSearchSearchBackend
