"""The feed keeps the contract it serves: every answer of every /api/feed/v1/ endpoint — successes on content full
of nulls, and each documented error, 304 and 429 — validates against /api/feed/v1/schema/ with its headers."""

import datetime

import pytest

from practices.api.preview import issue_preview_token
from practices.feed import contract
from practices.models import GoodPracticePage
from tests.practices.feed_contract.conftest import ServedContract, served_document
from tests.practices.feed_fixtures import FEED

RESOURCES = (
    "practices", "materials", "videos", "organisations", "themes", "target-groups", "methods", "funding-programmes",
)  # fmt: skip


def follow(client, contract, url):
    """Every page of a list, each checked against the schema; the items of all of them."""
    items = []
    while url:
        page = contract.check(url, client.get(url))
        items.extend(page["results"])
        url = page["next"]
    return items


def test_every_list_page_and_item_matches_the_served_schema(client, served_contract, sparse_content):
    for resource in RESOURCES:
        items = follow(client, served_contract, f"{FEED}{resource}/?page_size=2")

        assert items, resource
        for item in items:
            path = item["api_url"].removeprefix("http://testserver")
            assert served_contract.check(path, client.get(path)) == item
            by_slug = f"{FEED}{resource}/{item['locale']}/{item['slug']}/"
            assert served_contract.check(by_slug, client.get(by_slug)) == item


def test_items_with_empty_fields_are_served_as_null_and_validate(client, served_contract, sparse_content):
    practice = served_contract.check(
        f"{FEED}practices/{sparse_content['bare_practice'].pk}/",
        client.get(f"{FEED}practices/{sparse_content['bare_practice'].pk}/"),
    )
    material = served_contract.check(
        f"{FEED}materials/{sparse_content['bare_material'].pk}/",
        client.get(f"{FEED}materials/{sparse_content['bare_material'].pk}/"),
    )
    video = served_contract.check(
        f"{FEED}videos/{sparse_content['video'].pk}/", client.get(f"{FEED}videos/{sparse_content['video'].pk}/")
    )

    for field in ("country", "location", "lead_organisation", "budget", "start_date", "end_date", "last_verified"):
        assert practice[field] is None, field
    assert material["publication_date"] is None and material["authoring_organisation"] is None
    assert video["video_file"] is None


@pytest.mark.parametrize(
    "path",
    [
        "changes/?since=0",
        "changes/?since=0&limit=2",
        "changes/head/",
        "search/?q=youth",
        "search/?q=youth&locale=all&type=practice",
        "search/suggest/?q=you",
        "practices/export.csv",
        "practices/export.xlsx?locale=en",
        "organisations/export.csv",
    ],
)
def test_log_search_and_exports_match_the_served_schema(client, served_contract, sparse_content, path):
    response = client.get(f"{FEED}{path}")

    assert response.status_code == 200
    served_contract.check(f"{FEED}{path.split('?')[0]}", response)


def test_change_log_is_an_object_with_a_next_link(client, served_contract, sparse_content):
    page = served_contract.check(f"{FEED}changes/", client.get(f"{FEED}changes/?since=0"))

    assert isinstance(page, dict) and page["results"] and page["next"].startswith("http://testserver/api/feed/v1/")


def test_preview_of_a_draft_matches_the_served_schema(client, served_contract, sparse_content):
    draft = GoodPracticePage.objects.get(pk=sparse_content["bare_practice"].pk)
    draft.title = "Bare practice, revised"
    revision = draft.save_revision()

    body = served_contract.check(
        f"{FEED}preview/", client.get(f"{FEED}preview/", {"token": issue_preview_token(draft, revision)})
    )

    assert body["title"] == "Bare practice, revised"


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("practices/?colour=red", {}, 400),
        ("practices/?page_size=1000", {}, 400),
        ("changes/?since=x", {}, 400),
        ("changes/head/?since=1", {}, 400),
        ("search/?q=", {}, 400),
        ("search/suggest/?q=a&locale=xx", {}, 400),
        ("practices/export.csv?cursor=x", {}, 400),
        ("practices/999999999/?locale=cs", {}, 400),
        ("preview/", {}, 400),
        ("practices/", {"HTTP_AUTHORIZATION": "Bearer unknown"}, 401),
        ("search/?q=youth", {"HTTP_X_API_KEY": "unknown"}, 401),
        ("preview/?token=forged", {}, 403),
        ("practices/999999999/", {}, 404),
        ("themes/cs/no-such-theme/", {}, 404),
    ],
)
def test_errors_match_the_served_schema(client, served_contract, sparse_content, path, headers, status):
    response = client.get(f"{FEED}{path}", **headers)

    assert response.status_code == status
    served_contract.check(f"{FEED}{path.split('?')[0]}", response)


@pytest.mark.parametrize("path", ["practices/", "organisations/", "changes/", "changes/head/"])
def test_not_modified_matches_the_served_schema(client, served_contract, sparse_content, path):
    etag = client.get(f"{FEED}{path}")["ETag"]

    response = client.get(f"{FEED}{path}", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    served_contract.check(f"{FEED}{path}", response)


def test_throttled_answer_matches_the_served_schema(client, served_contract, sparse_content, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "1/min"}}
    client.get(f"{FEED}themes/")

    response = client.get(f"{FEED}themes/")

    assert response.status_code == 429
    served_contract.check(f"{FEED}themes/", response)


def test_a_deprecated_operation_announces_its_sunset_in_headers_and_schema(client, sparse_content, monkeypatch):
    sunset = datetime.datetime(2027, 6, 30, tzinfo=datetime.UTC)
    announced = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
    monkeypatch.setattr(
        contract, "DEPRECATIONS", (contract.Deprecation("practice-list", "practices_list", announced, sunset),)
    )
    served = ServedContract(served_document(client))

    response = client.get(f"{FEED}practices/")

    served.check(f"{FEED}practices/", response)
    assert response["Deprecation"] == f"@{int(announced.timestamp())}"
    assert response["Sunset"] == "Wed, 30 Jun 2027 00:00:00 GMT"
    assert 'rel="deprecation"' in response["Link"]
    assert served.document["paths"][f"{FEED}practices/"]["get"]["deprecated"] is True
    assert "deprecated" not in served.document["paths"][f"{FEED}materials/"]["get"]
    assert not client.get(f"{FEED}materials/").has_header("Deprecation")


def link_header(response):
    """The ``Link`` header of ``response`` as {rel: url} (RFC 8288, the feed's URLs hold no commas)."""
    links = {}
    for value in filter(None, response.get("Link", "").split(",")):
        url, rel = value.strip().split(";", 1)
        links[rel.strip().removeprefix('rel="').removesuffix('"')] = url.strip().removeprefix("<").removesuffix(">")
    return links


@pytest.mark.parametrize("resource", RESOURCES)
def test_list_pages_name_their_neighbours_in_a_link_header(client, served_contract, sparse_content, resource):
    url, pages = f"{FEED}{resource}/?page_size=1", 0
    while url:
        response = client.get(url)
        page = served_contract.check(url, response)

        expected = {rel: page[key] for key, rel in (("next", "next"), ("previous", "prev")) if page[key]}
        assert link_header(response) == expected
        url, pages = link_header(response).get("next"), pages + 1
    assert pages == len(client.get(f"{FEED}{resource}/?page_size=100").json()["results"]), resource


def test_a_single_page_has_no_link_header(client, served_contract, sparse_content):
    response = client.get(f"{FEED}themes/?page_size=100")

    assert served_contract.check(f"{FEED}themes/", response)["next"] is None
    assert not response.has_header("Link")


def test_a_cached_page_and_the_change_log_keep_their_link_header(client, sparse_content):
    first = client.get(f"{FEED}practices/?page_size=1")
    cached = client.get(f"{FEED}practices/?page_size=1")
    changes = client.get(f"{FEED}changes/?since=0&limit=1")

    assert link_header(cached) == link_header(first) == {"next": first.json()["next"]}
    assert link_header(changes) == {"next": changes.json()["next"]}


def test_link_headers_are_documented_for_every_page(served_contract):
    for path, item in served_contract.document["paths"].items():
        operation_id = item["get"]["operationId"]
        headers = item["get"]["responses"]["200"].get("headers", {})
        assert ("Link" in headers) == operation_id.endswith("_list"), path


def test_a_deprecated_list_sends_its_page_links_and_deprecation_link_in_one_header(client, sparse_content, monkeypatch):
    day = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
    monkeypatch.setattr(contract, "DEPRECATIONS", (contract.Deprecation("practice-list", "practices_list", day, day),))

    response = client.get(f"{FEED}practices/?page_size=1")

    assert link_header(response) == {"deprecation": contract.CHANGELOG_URL, "next": response.json()["next"]}
