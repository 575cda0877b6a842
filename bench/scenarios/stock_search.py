"""Our search against stock Wagtail's search of the same data: Wagtail's own database backend, set up for the
benchmark only as a second backend (``WAGTAILAPI_SEARCH_BACKEND`` in cms/settings.py, indexed by the build's
``update_index --backend stock``) and asked through the content API's ``/api/v2/pages/?search=``, as a site on stock
Wagtail would be.

Stock gets the first two queries of each language of bench.search_latency's mix, at concurrency 1 only: at 10,000
items one of its queries takes up to a minute (../shared/ANCHORS.md), so a run at concurrency 8 would measure the
queue in front of two workers, not the search. The ratios compare ours and stock on those same ten queries. A group
of its own so that a run at 100,000 items, where stock's queries take many minutes each, can leave it out
(``--only search,search_engine``).
"""

from urllib.parse import urlencode

from bench.loadgen import Request
from bench.scenarios import Ratio, Scenario
from bench.scenarios.search import ours
from bench.search_latency import QUERY_MIX

SERVER_ENVIRONMENT = {"WAGTAILAPI_SEARCH_BACKEND": "stock"}
STOCK_QUERIES_PER_LANGUAGE = 2

RATIOS = [
    Ratio("search_vs_stock_ratio", "search_same_queries", "stock_search", concurrency=1, metric="p50_ms"),
    Ratio("search_vs_stock_p95_ratio", "search_same_queries", "stock_search", concurrency=1, metric="p95_ms"),
    Ratio("search_vs_stock_throughput_ratio", "search_same_queries", "stock_search", concurrency=1),
]


def stock(locale, query):
    return Request(f"/api/v2/pages/?{urlencode({'search': query, 'locale': locale})}")


def scenarios(context):
    compared = [
        (locale, query) for locale, queries in QUERY_MIX.items() for query in queries[:STOCK_QUERIES_PER_LANGUAGE]
    ]
    return [
        Scenario(
            "search_same_queries",
            "search API, the 10 queries stock is asked",
            [ours(*pair) for pair in compared],
            concurrency=(1,),
        ),
        Scenario(
            "stock_search",
            "stock Wagtail search, /api/v2/pages/?search= (database backend), 10 queries",
            [stock(*pair) for pair in compared],
            concurrency=(1,),
        ),
    ]
