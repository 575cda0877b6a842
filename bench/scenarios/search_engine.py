"""Search on a real OpenSearch beside the embedded backend: the search API's query mix (bench.search_latency,
six queries in each of five languages) against a second site on the same database whose default backend is a
one-node OpenSearch on 127.0.0.1 (bench.run's ``--engine``). The ratio compares the two in the same rounds; above 1
the engine is faster."""

from bench.scenarios import Ratio, Scenario
from bench.scenarios.search import ours
from bench.search_latency import QUERY_MIX

RATIOS = [
    Ratio("engine_vs_embedded_search_p95_ratio", "search_opensearch", "search", concurrency=8, metric="p95_ms"),
    Ratio("engine_vs_embedded_search_throughput_ratio", "search_opensearch", "search", concurrency=8),
]


def scenarios(context):
    engine_site = context.extra.get("engine_site")
    if engine_site is None:
        return []
    mix = [(locale, query) for locale, queries in QUERY_MIX.items() for query in queries]
    return [
        Scenario(
            "search_opensearch",
            "search API on OpenSearch (one node), the same 30 queries",
            [ours(*pair) for pair in mix],
            site=engine_site,
        )
    ]
