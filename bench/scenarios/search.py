"""Search over HTTP: our search API (every match ranked, facets, snippets) with bench.search_latency's fixed mix,
six queries in each of the five languages, at each concurrency. Stock Wagtail's search of the same data is the group
bench/scenarios/stock_search.py, and the same queries on a real OpenSearch are bench/scenarios/search_engine.py."""

from urllib.parse import urlencode

from bench.loadgen import Request
from bench.scenarios import Scenario
from bench.search_latency import QUERY_MIX


def ours(locale, query):
    return Request(f"/api/feed/v1/search/?{urlencode({'q': query, 'locale': locale})}")


def scenarios(context):
    mix = [(locale, query) for locale, queries in QUERY_MIX.items() for query in queries]
    return [Scenario("search", "search API, 30 queries in five languages", [ours(*pair) for pair in mix])]
