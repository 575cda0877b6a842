"""The same practices through Wagtail's content API v2 (/api/v2/pages/), the way a team on stock Wagtail would
serve them to a partner: a list of 20 with three fields, and a detail; with the feed's ratios against it."""

from urllib.parse import urlencode

from bench.loadgen import Request
from bench.scenarios import Ratio, Scenario

PAGES = "/api/v2/pages/"
TYPE = "practices.GoodPracticePage"
# Three fields, as in the stock Wagtail anchor (../shared/ANCHORS.md): list items carry only what is asked for.
FIELDS = "summary,country,last_published_at"

RATIOS = [
    Ratio("feed_list_vs_stock_ratio", "feed_list", "stock_list", concurrency=8),
    Ratio("feed_list_vs_stock_ratio_c1", "feed_list", "stock_list", concurrency=1),
    Ratio("feed_detail_vs_stock_ratio", "feed_detail", "stock_detail", concurrency=8),
    Ratio("feed_list_vs_stock_p95_ratio", "feed_list", "stock_list", concurrency=8, metric="p95_ms"),
]


def list_path(**filters):
    return f"{PAGES}?{urlencode({'type': TYPE, 'fields': FIELDS, 'limit': 20, **filters})}"


def scenarios(context):
    status, _, body = context.site.get(list_path())
    if status == 404:
        # /api/v2/ is not mounted in this checkout: the run reports the ratios as missing rather than failing.
        return []
    if status != 200:
        raise RuntimeError(f"GET {list_path()} answered {status}: {body[:300]!r}")
    details = [f"{PAGES}{item['id']}/" for item in context.practices]
    return [
        Scenario("stock_list", "Wagtail API v2 list, 20 practices, 3 fields", [Request(list_path())]),
        Scenario(
            "stock_list_filtered", "Wagtail API v2 list, 20 practices, locale=cs", [Request(list_path(locale="cs"))]
        ),
        Scenario("stock_detail", "Wagtail API v2 practice detail (50 different)", [Request(p) for p in details]),
    ]
