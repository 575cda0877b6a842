"""The partner feed (/api/feed/v1/): a page of 20 practices with and without filters, a practice's detail, and
both again as conditional requests that a syncing partner repeats (If-None-Match → 304 Not Modified)."""

from urllib.parse import urlencode

from bench.loadgen import Request
from bench.scenarios import Scenario

LIST = "/api/feed/v1/practices/"


def list_path(**filters):
    return f"{LIST}?{urlencode({'page_size': 20, **filters})}"


def scenarios(context):
    practices = context.practices
    # A theme that exists in the data: the newest practice's first one.
    theme = next(item["themes"][0]["slug"] for item in practices if item["themes"])
    details = [f"{LIST}{item['id']}/" for item in practices]
    filtered = [
        list_path(locale="cs"),
        list_path(theme=theme),
        list_path(country="CZ"),
        list_path(locale="cs", country="CZ", theme=theme),
    ]
    return [
        Scenario("feed_list", "feed list, 20 practices", [Request(list_path())]),
        Scenario(
            "feed_list_filtered",
            "feed list, 20 practices, by locale / theme / country / all three",
            [Request(path) for path in filtered],
        ),
        Scenario("feed_detail", "feed practice detail (50 different practices)", [Request(path) for path in details]),
        Scenario(
            "feed_list_304",
            "feed list, If-None-Match → 304",
            context.conditional([list_path(), *filtered]),
            expect=(304,),
        ),
        Scenario("feed_detail_304", "feed detail, If-None-Match → 304", context.conditional(details), expect=(304,)),
    ]
