"""The public site: a practice's page and the Czech practice listing (its first page and a later one)."""

from bench.loadgen import Request
from bench.scenarios import Scenario


def scenarios(context):
    listing = (
        context.public_paths(
            [item for item in context.practices if item["locale"] == "cs"][:1] or context.practices[:1]
        )[0].rsplit("/", 2)[0]
        + "/"
    )
    return [
        Scenario(
            "page_practice",
            "public practice page (50 different)",
            [Request(path) for path in context.public_paths(context.practices)],
        ),
        Scenario("page_listing", "public practice listing, first page", [Request(listing)]),
        Scenario("page_listing_later", "public practice listing, page 5", [Request(f"{listing}?page=5")]),
    ]
