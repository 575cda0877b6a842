"""The public site: a practice's page, the Czech practice listing (its first page and a later one) and the Czech home
page, each from the full-page cache (practices.site.page_cache) and rendered, side by side.

The rendered figures come from the same server in the same rounds: the request carries a session cookie (of no
session), which the cache passes by as it does for an editor, so the page is rendered as before the cache existed —
the way stock Wagtail serves every request.
"""

from bench.loadgen import Request
from bench.scenarios import Ratio, Scenario

# Any value will do: the cache passes by whatever carries the cookie, and no session of that key exists.
UNCACHED = {"Cookie": "sessionid=bench-rendered"}

RATIOS = [
    Ratio("page_practice_cached_vs_rendered_ratio", "page_practice", "page_practice_uncached"),
    Ratio("page_listing_cached_vs_rendered_ratio", "page_listing", "page_listing_uncached"),
    Ratio("page_home_cached_vs_rendered_ratio", "page_home", "page_home_uncached"),
    Ratio("page_practice_cached_vs_rendered_p95_ratio", "page_practice", "page_practice_uncached", metric="p95_ms"),
]


def scenarios(context):
    listing = (
        context.public_paths(
            [item for item in context.practices if item["locale"] == "cs"][:1] or context.practices[:1]
        )[0].rsplit("/", 2)[0]
        + "/"
    )
    home = "/" + listing.strip("/").split("/")[0] + "/"
    practices = context.public_paths(context.practices)
    return [
        Scenario("page_practice", "public practice page (50 different), cached", [Request(path) for path in practices]),
        Scenario(
            "page_practice_uncached",
            "public practice page (50 different), rendered",
            [Request(path, UNCACHED) for path in practices],
        ),
        Scenario("page_listing", "public practice listing, first page, cached", [Request(listing)]),
        Scenario(
            "page_listing_uncached", "public practice listing, first page, rendered", [Request(listing, UNCACHED)]
        ),
        Scenario("page_listing_later", "public practice listing, page 5, cached", [Request(f"{listing}?page=5")]),
        Scenario("page_home", "public home page, cached", [Request(home)]),
        Scenario("page_home_uncached", "public home page, rendered", [Request(home, UNCACHED)]),
    ]
