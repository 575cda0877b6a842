"""The partner feed's query parameters: every filter's effect, and every bad parameter's 400 naming it."""

import base64

import pytest

from tests.practices.feed_fixtures import FEED, publish

# The feed's fixtures, bound here so that pytest finds them for this module only.


def titles(client, query, resource="practices"):
    response = client.get(f"{FEED}{resource}/?{query}")
    assert response.status_code == 200, response.content
    return [item.get("title") or item.get("name") for item in response.json()["results"]]


def cursor(raw):
    return base64.b64encode(raw.encode()).decode()


# --- Filters -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("locale=en", {"Youth parliament of Brno", "NGO network of Kyustendil"}),
        ("locale=cs", {"Parlament mládeže Brno", "Pocitové mapy Jihlava"}),
        ("locale=bg", set()),
        ("country=BG", {"NGO network of Kyustendil"}),
        ("country=cz", {"Youth parliament of Brno", "Parlament mládeže Brno", "Pocitové mapy Jihlava"}),
        # The Czech-only practice links the Czech translation of "youth": the slug matches it too.
        ("theme=youth", {"Youth parliament of Brno", "Parlament mládeže Brno", "Pocitové mapy Jihlava"}),
        ("theme=youth&locale=cs", {"Parlament mládeže Brno", "Pocitové mapy Jihlava"}),
        ("theme=environment", {"NGO network of Kyustendil"}),
        ("target_group=young-people", {"Youth parliament of Brno", "Parlament mládeže Brno"}),
        ("method=future-city-game", {"Youth parliament of Brno", "Parlament mládeže Brno"}),
        ("funding_programme=eea-grants", {"Youth parliament of Brno", "Parlament mládeže Brno"}),
        ("status=ongoing", {"NGO network of Kyustendil", "Pocitové mapy Jihlava"}),
        ("status=planned", set()),
        ("status=completed&locale=en&country=CZ", {"Youth parliament of Brno"}),
        (
            "updated_since=2000-01-01",
            {
                "Youth parliament of Brno",
                "Parlament mládeže Brno",
                "NGO network of Kyustendil",
                "Pocitové mapy Jihlava",
            },
        ),
        ("updated_since=2999-01-01T00:00:00Z", set()),
    ],
)
def test_practice_filters(client, feed_content, query, expected):
    assert set(titles(client, query)) == expected


@pytest.mark.parametrize(
    ("resource", "query", "expected"),
    [
        ("materials", "theme=youth", {"Future City Game guide"}),
        ("materials", "theme=environment", set()),
        ("materials", "locale=cs", set()),
        ("videos", "funding_programme=eea-grants", {"Running a round table"}),
        ("videos", "target_group=young-people", set()),
        ("organisations", "country=BG", {"Municipality of Kyustendil"}),
        ("organisations", "locale=cs", {"Statutární město Brno"}),
        ("themes", "locale=cs", {"Mládež"}),
        ("target-groups", "locale=en", {"Young people"}),
        ("methods", "locale=cs", {"Hra o budoucnost města"}),
        ("funding-programmes", "locale=cs", {"Fondy EHP"}),
    ],
)
def test_other_resources_filters(client, feed_content, resource, query, expected):
    assert set(titles(client, query, resource)) == expected


def test_updated_since_compares_with_last_published_at(client, feed_content):
    practice = feed_content["practice_bg"]
    since = feed_content["practice_cs_only"].last_published_at.isoformat()
    assert "NGO network of Kyustendil" not in titles(client, f"updated_since={since.replace('+', '%2B')}")
    publish(practice)
    assert "NGO network of Kyustendil" in titles(client, f"updated_since={since.replace('+', '%2B')}")


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        (
            "title",
            [
                "NGO network of Kyustendil",
                "Parlament mládeže Brno",
                "Pocitové mapy Jihlava",
                "Youth parliament of Brno",
            ],
        ),
        (
            "-title",
            [
                "Youth parliament of Brno",
                "Pocitové mapy Jihlava",
                "Parlament mládeže Brno",
                "NGO network of Kyustendil",
            ],
        ),
        # Publication order of the fixture: the English practice, its translation, Kyustendil, Jihlava.
        (
            "last_published_at",
            [
                "Youth parliament of Brno",
                "Parlament mládeže Brno",
                "NGO network of Kyustendil",
                "Pocitové mapy Jihlava",
            ],
        ),
        (
            "-last_published_at",
            [
                "Pocitové mapy Jihlava",
                "NGO network of Kyustendil",
                "Parlament mládeže Brno",
                "Youth parliament of Brno",
            ],
        ),
    ],
)
def test_ordering(client, feed_content, ordering, expected):
    assert titles(client, f"ordering={ordering}") == expected


def test_default_order_is_last_published_first_to_last(client, feed_content):
    assert titles(client, "") == titles(client, "ordering=last_published_at")


def test_page_size_limits_the_page(client, feed_content):
    body = client.get(f"{FEED}practices/?page_size=3").json()
    assert len(body["results"]) == 3
    assert body["next"].startswith(f"http://testserver{FEED}practices/?cursor=")
    assert len(client.get(f"{FEED}practices/?page_size=100").json()["results"]) == 4


# --- Bad parameters ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("resource", "query", "parameter", "message"),
    [
        ("practices", "search=youth", "search", "Unknown parameter; this list accepts locale, "),
        ("practices", "locale=de", "locale", "Unknown locale “de”; use one of en, cs, bg, hr, nb."),
        ("practices", "locale=", "locale", "Unknown locale “”"),
        ("practices", "locale=en&locale=cs", "locale", "Give this parameter once."),
        ("practices", "country=XX", "country", "Unknown country code “XX”."),
        ("practices", "theme=yuoth", "theme", "Unknown theme “yuoth”."),
        ("practices", "target_group=nobody", "target_group", "Unknown target group “nobody”."),
        ("practices", "method=magic", "method", "Unknown method “magic”."),
        ("practices", "funding_programme=lottery", "funding_programme", "Unknown funding programme “lottery”."),
        ("practices", "status=done", "status", "Unknown status “done”; use one of planned, ongoing, completed."),
        ("practices", "updated_since=yesterday", "updated_since", "“yesterday” is not an ISO 8601 date or date-time"),
        ("practices", "updated_since=2025-13-01", "updated_since", "“2025-13-01” is not an ISO 8601 date"),
        ("practices", "updated_since=2025-02-30T10:00", "updated_since", "“2025-02-30T10:00” is not an ISO 8601"),
        ("practices", "ordering=id", "ordering", "Unknown ordering “id”; use one of last_published_at, "),
        ("practices", "page_size=101", "page_size", "The largest page size is 100."),
        ("practices", "page_size=0", "page_size", "The page size must be a positive whole number."),
        ("practices", "page_size=-5", "page_size", "The page size must be a positive whole number."),
        ("practices", "page_size=ten", "page_size", "The page size must be a positive whole number."),
        ("practices", "cursor=%%%", "cursor", "This cursor is not valid; start again from page 1."),
        ("practices", "cursor=bm90IGEgY3Vyc29y", "cursor", "This cursor is not valid"),
        ("practices", f"cursor={cursor('p=not-a-date')}", "cursor", "This cursor is not valid"),
        ("practices", f"cursor={cursor('o=-1')}", "cursor", "This cursor is not valid"),
        ("practices", f"cursor={cursor('o=x&p=2025-01-01')}", "cursor", "This cursor is not valid"),
        ("practices", f"cursor={cursor('r=yes&p=2025-01-01')}", "cursor", "This cursor is not valid"),
        ("practices", f"cursor={cursor('o=99999999')}", "cursor", "This cursor is not valid"),
        # A position from the title ordering does not fit the default ordering by publication time.
        ("practices", f"cursor={cursor('p=Youth parliament')}", "cursor", "This cursor is not valid"),
        ("practices", "page_size=1.5", "page_size", "The page size must be a positive whole number."),
        ("materials", "country=CZ", "country", "Unknown parameter; this list accepts "),
        ("materials", "method=future-city-game", "method", "Unknown parameter"),
        ("videos", "status=ongoing", "status", "Unknown parameter"),
        ("themes", "theme=youth", "theme", "Unknown parameter; this list accepts locale, cursor, page_size."),
        ("themes", "ordering=title", "ordering", "Unknown parameter"),
        ("themes", f"cursor={cursor('p=abc')}", "cursor", "This cursor is not valid"),
        ("organisations", "country=ZZ", "country", "Unknown country code “ZZ”."),
        ("funding-programmes", "page_size=1000", "page_size", "The largest page size is 100."),
    ],
)
def test_feed_rejects_bad_parameter(client, feed_content, resource, query, parameter, message):
    response = client.get(f"{FEED}{resource}/?{query}")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [parameter]
    assert errors[parameter][0].startswith(message)


def test_feed_reports_every_bad_parameter_at_once(client, feed_content):
    response = client.get(f"{FEED}practices/?locale=de&status=done&colour=red")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"locale", "status", "colour"}
