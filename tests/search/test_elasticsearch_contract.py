"""Contract tests of the Elasticsearch backend (search.engine.backends.elasticsearch): the real elasticsearch-py client,
driven by Wagtail's ``update_index`` and ``.search()``, talks to a recording server on 127.0.0.1
(tests/search/elasticsearch_server.py); the tests assert the index settings, mappings, documents and query bodies
it sends. Whether Elasticsearch ranks well with them is for tests/live/."""

import io

import pytest
from django.core.management import call_command
from modelsearch.backends import get_search_backend

from practices.models import GoodPracticePage, PracticeIndexPage
from search.engine.backends.cluster import CROATIAN_STOP_WORDS
from search.engine.backends.elasticsearch import Elasticsearch9SearchBackend
from search.models import SynonymSet
from tests.practices.feed_fixtures import add_page, index_of
from tests.search.elasticsearch_server import ElasticsearchState, start_recording_server

PAGE_INDEX = "hub_wagtailcore_page"


@pytest.fixture
def elasticsearch(settings):
    """The recording server, configured as the default search backend."""
    state = ElasticsearchState()
    server = start_recording_server(state)
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.engine.backends.elasticsearch",
            "URLS": [server.url],
            "INDEX_PREFIX": "hub_",
            "TIMEOUT": 2,
            "ATOMIC_REBUILD": True,
            "INDEX_SETTINGS": {"settings": {"index": {"number_of_replicas": 0}}},
        }
    }
    yield state
    server.shutdown()


@pytest.fixture
def practices(locales):
    croatian = index_of(PracticeIndexPage, locales["hr"])
    czech = index_of(PracticeIndexPage, locales["cs"])
    return {
        "hr": add_page(croatian, GoodPracticePage, "Sudjelovanje mladih u općini", slug="sudjelovanje-mladih"),
        "cs": add_page(czech, GoodPracticePage, "Participace mládeže v obci", slug="participace-mladeze"),
    }


def created_page_index(state):
    """The body of the last index created for pages (named ``hub_wagtailcore_page_<random>`` by the rebuild)."""
    creations = [
        request
        for request in state.recorded("PUT")
        if request.path.startswith(f"/{PAGE_INDEX}_") and request.path.count("/") == 1
    ]
    return creations[-1]


def page_mapping(state, index_name):
    properties = {}
    for mapping in state.indices[index_name]["mappings"]:
        properties.update(mapping["properties"])
    return properties


def test_update_index_creates_index_with_language_analyzers(elasticsearch, practices, locales):
    SynonymSet.objects.all().delete()  # the starter sets, so that the rules below are the whole filter
    SynonymSet.objects.create(locale=locales["en"], terms="NGO\nnon-profit organisations")
    call_command("update_index", stdout=None)
    analysis = created_page_index(elasticsearch).body["settings"]["analysis"]
    assert analysis["analyzer"]["hub_croatian"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase", "hub_croatian_stop", "asciifolding"],
    }
    assert analysis["filter"]["hub_croatian_stop"] == {"type": "stop", "stopwords": CROATIAN_STOP_WORDS}
    assert analysis["analyzer"]["hub_folded_search"]["filter"] == ["lowercase", "asciifolding", "hub_synonyms"]
    # The synonym set as lemmas folded to ASCII, what the folded fields hold.
    assert analysis["filter"]["hub_synonyms"] == {
        "type": "synonym_graph",
        "synonyms": ["ngo, non profit organisation"],
        "lenient": True,
    }
    # modelsearch's own analyzers stay, and the deployment's INDEX_SETTINGS are merged in.
    assert "edgengram_analyzer" in analysis["analyzer"]
    assert created_page_index(elasticsearch).body["settings"]["index"]["number_of_replicas"] == 0


def test_mapping_has_a_field_per_language_with_its_analyzer(elasticsearch, practices):
    call_command("update_index", stdout=None)
    index_name = elasticsearch.aliases[PAGE_INDEX]
    properties = page_mapping(elasticsearch, index_name)
    expected = {"en": "english", "cs": "czech", "bg": "bulgarian", "nb": "norwegian", "hr": "hub_croatian"}
    for language, analyzer in expected.items():
        for part in ("title", "summary", "body"):
            assert properties[f"hub_{part}_{language}"] == {"type": "text", "analyzer": analyzer}
    normalised = next(value for key, value in properties.items() if key.endswith("search_normalised_title"))
    assert normalised["analyzer"] == "hub_folded"
    assert normalised["search_analyzer"] == "hub_folded_search"


def test_documents_carry_their_language_text_and_lemmas(elasticsearch, practices):
    call_command("update_index", stdout=None)
    documents = elasticsearch.indices[elasticsearch.aliases[PAGE_INDEX]]["documents"]
    croatian = documents[str(practices["hr"].pk)]
    assert croatian["hub_title_hr"] == "Sudjelovanje mladih u općini"
    assert "hub_title_cs" not in croatian
    normalised_title = next(value for key, value in croatian.items() if key.endswith("search_normalised_title"))
    # simplemma's Croatian lemmas, folded: "općini" is indexed as "opcina" too.
    assert "opcina" in normalised_title.split()
    assert documents[str(practices["cs"].pk)]["hub_title_cs"] == "Participace mládeže v obci"


def test_update_index_swaps_the_alias_atomically_and_leaves_no_stale_index(elasticsearch, practices):
    call_command("update_index", stdout=None)
    first = elasticsearch.aliases[PAGE_INDEX]
    elasticsearch.requests.clear()
    progress = io.StringIO()
    call_command("update_index", stdout=progress)
    second = elasticsearch.aliases[PAGE_INDEX]
    assert f"Rebuilding index {PAGE_INDEX}" in progress.getvalue()
    assert "practices.GoodPracticePage" in progress.getvalue()
    assert second != first
    calls = [(request.method, request.path) for request in elasticsearch.requests]
    create = calls.index(("PUT", f"/{second}"))
    swap = calls.index(("PUT", f"/{second}/_alias/{PAGE_INDEX}"))
    drop = calls.index(("DELETE", f"/{first}"))
    # The new index is filled before the alias moves to it, and the old one is dropped only afterwards.
    assert create < calls.index(("PUT", f"/{second}/_bulk")) < swap < drop
    assert not [name for name in elasticsearch.indices if name.startswith(PAGE_INDEX) and name != second]


def test_search_sends_language_fields_with_fuzziness_and_locale_filter(elasticsearch, practices, locales):
    call_command("update_index", stdout=None)
    elasticsearch.requests.clear()
    queryset = GoodPracticePage.objects.live().filter(locale=locales["hr"])
    results = list(get_search_backend().search("općina mladi", queryset, languages=["hr"]))
    assert practices["hr"] in results
    search = elasticsearch.recorded("POST", "/_search")[-1]
    assert search.path == f"/{PAGE_INDEX}/_search"
    query = search.body["query"]["bool"]
    language_match, normalised, phrase, modelsearch_default = query["must"]["bool"]["should"]
    assert language_match == {
        "multi_match": {
            "query": "općina mladi",
            "fields": ["hub_title_hr^5.0", "hub_summary_hr^2.0", "hub_body_hr^1.0"],
            "operator": "or",
            "minimum_should_match": 2,
            "fuzziness": "AUTO",
        }
    }
    # Issue 15: most of the words, which for two words is both.
    assert normalised["bool"]["minimum_should_match"] == 2
    word_queries = normalised["bool"]["should"]
    assert [word["multi_match"]["query"] for word in word_queries] == ["opcina", "mlad mladi"]
    assert all(word["multi_match"]["fuzziness"] == "AUTO" for word in word_queries)
    assert word_queries[0]["multi_match"]["fields"][0].endswith("search_normalised_title^5.0")
    # The dictionary forms as one phrase, where the synonym filter sees multi-word synonyms.
    assert phrase == {
        "multi_match": {
            "query": "opcina mlad",
            "fields": word_queries[0]["multi_match"]["fields"],
            "operator": "and",
            "boost": 6.0,
        }
    }
    assert "_all_text" in str(modelsearch_default)
    filters = query["filter"]
    assert filters == [
        {"match": {"_django_content_type": "practices.GoodPracticePage"}},
        {"bool": {"must": [{"term": {"live_filter": True}}, {"term": {"locale_id_filter": locales["hr"].pk}}]}},
    ]


@pytest.mark.parametrize(
    "query",
    ['"participace" AND (mládež OR obec~) NOT [x] {y} / \\ * :', "x" * 2000, "drop table; -- \x00\x07", ""],
)
def test_search_syntax_characters_never_reach_elasticsearch_as_syntax(elasticsearch, practices, query):
    call_command("update_index", stdout=None)
    elasticsearch.requests.clear()
    list(get_search_backend().search(query, GoodPracticePage.objects.live(), languages=["cs"]))
    for search in elasticsearch.recorded("POST", "/_search"):
        serialised = str(search.body)
        # Only match queries are sent (never query_string), and normalised words hold letters and digits only.
        assert "query_string" not in serialised
        normalised = search.body["query"]["bool"]["must"]["bool"]["should"][1]["bool"]["should"]
        assert len(normalised) <= 24
        assert all(part.isalnum() for word in normalised for part in word["multi_match"]["query"].split())


def test_elasticsearch_9_backend_refuses_the_8_client(elasticsearch):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="elasticsearch-py 9"):
        Elasticsearch9SearchBackend({"URLS": ["http://127.0.0.1:9"]})


def test_default_backend_is_ours(elasticsearch):
    assert type(get_search_backend()).__name__ == "ElasticsearchSearchBackend"


def test_search_api_runs_on_elasticsearch(elasticsearch, practices, client):
    call_command("update_index", stdout=None)
    elasticsearch.requests.clear()
    elasticsearch.search_hits = [practices["cs"].pk]
    response = client.get("/api/feed/v1/search/", {"q": "mládež", "locale": "cs"})
    assert response.status_code == 200
    assert response.json()["degraded"] is False
    assert [result["slug"] for result in response.json()["results"]] == ["participace-mladeze"]
    search = elasticsearch.recorded("POST", "/_search")[0]
    # One page of primary keys (and types), the exact count, and every facet as an aggregation over the matches
    # that pass the other filters: the engine counts, not the API.
    assert (search.body["from"], search.body["size"], search.body["stored_fields"], search.body["_source"]) == (
        0,
        20,
        "pk",
        False,
    )
    assert search.body["track_total_hits"] is True
    assert search.body["docvalue_fields"] == ["search_facet_type"]
    assert "post_filter" not in search.body
    assert set(search.body["aggs"]) == {"type", "country", "theme", "target_group", "method"}
    assert search.body["aggs"]["country"] == {
        "filter": {"bool": {"filter": []}},
        "aggs": {"values": {"terms": {"field": "search_facet_country", "size": 50}}},
    }
    assert response.json()["count"] == 1
    assert [(facet["value"], facet["count"]) for facet in response.json()["facets"]["type"]] == [("practice", 1)]


def test_search_api_filters_and_counts_facets_on_elasticsearch(elasticsearch, practices, client):
    call_command("update_index", stdout=None)
    elasticsearch.requests.clear()
    elasticsearch.search_hits = [practices["cs"].pk]
    client.get("/api/feed/v1/search/", {"q": "mládež", "locale": "cs", "type": "practice", "country": "CZ"})
    search = elasticsearch.recorded("POST", "/_search")[0]
    type_filter = {"terms": {"search_facet_type": ["practices.goodpracticepage"]}}
    country_filter = {"terms": {"search_facet_country": ["CZ"]}}
    assert search.body["post_filter"] == {"bool": {"filter": [type_filter, country_filter]}}
    # Each facet counts over the other facets' filters.
    assert search.body["aggs"]["type"]["filter"] == {"bool": {"filter": [country_filter]}}
    assert search.body["aggs"]["country"]["filter"] == {"bool": {"filter": [type_filter]}}
    assert search.body["aggs"]["theme"]["filter"] == {"bool": {"filter": [type_filter, country_filter]}}
