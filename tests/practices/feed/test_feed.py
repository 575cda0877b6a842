"""Contract tests of the partner feed (/api/feed/v1/): resources, item shape, caching, access, schema, query counts
and cursor stability. Filters and bad parameters are in test_feed_filters.py."""

from email.utils import parsedate_to_datetime

import pytest
from openapi_spec_validator import validate

from practices.models import GoodPracticePage, PracticeIndexPage, Theme
from tests.practices.feed_fixtures import (
    FEED,
    add_page,
    index_of,
    make_document,
    make_image,
    make_organisation,
    make_term,
    practice_body,
    publish,
)

# The feed's fixtures, bound here so that pytest finds them for this module only.

RESOURCES = [
    "practices",
    "materials",
    "videos",
    "organisations",
    "themes",
    "target-groups",
    "methods",
    "funding-programmes",
]


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def by_title(items):
    return {item.get("title") or item.get("name"): item for item in items}


# --- Resources ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("resource", RESOURCES)
def test_feed_lists_every_resource_with_identity(client, feed_content, resource):
    items = results(client.get(f"{FEED}{resource}/"))
    assert items
    for item in items:
        assert {"id", "translation_key", "locale", "translations", "api_url"} <= item.keys()
        detail = client.get(item["api_url"])
        assert detail.status_code == 200
        assert detail.json() == item


@pytest.mark.parametrize(
    ("resource", "slug"),
    [
        ("themes", "youth"),
        ("organisations", "brno"),
        ("funding-programmes", "eea-grants"),
        ("methods", "future-city-game"),
    ],
)
def test_feed_finds_snippet_by_locale_and_slug(client, feed_content, resource, slug):
    item = client.get(f"{FEED}{resource}/cs/{slug}/").json()
    assert (item["locale"], item["slug"]) == ("cs", slug)
    assert set(item["translations"]) == {"en"}


def test_feed_finds_practice_by_locale_and_slug(client, feed_content):
    response = client.get(f"{FEED}practices/cs/parlament-mladeze-brno/")
    assert response.status_code == 200
    assert response.json()["id"] == feed_content["practice_cs"].pk


def test_feed_lists_only_published_pages(client, feed_content):
    titles = {item["title"] for item in results(client.get(f"{FEED}practices/"))}
    assert titles == {
        "Youth parliament of Brno",
        "Parlament mládeže Brno",
        "NGO network of Kyustendil",
        "Pocitové mapy Jihlava",
    }
    assert client.get(f"{FEED}practices/{feed_content['draft'].pk}/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "practices/999999/",
        "practices/cs/no-such-slug/",
        "practices/de/parlament-mladeze-brno/",
        "themes/en/nope/",
        "videos/abc/",
        "no-such-resource/",
    ],
)
def test_feed_answers_json_404_for_missing_items(client, feed_content, path):
    response = client.get(f"{FEED}{path}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_feed_rejects_parameters_on_a_detail(client, feed_content):
    response = client.get(f"{FEED}practices/{feed_content['practice'].pk}/?locale=en")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["locale"]


# --- Item shape --------------------------------------------------------------------------------------------------
def test_practice_carries_every_structured_field(client, feed_content):
    practice = feed_content["practice"]
    item = client.get(f"{FEED}practices/{practice.pk}/").json()
    assert item["type"] == "practice"
    assert item["translation_key"] == str(practice.translation_key)
    assert item["locale"] == "en"
    assert item["translations"] == {"cs": f"http://testserver{FEED}practices/{feed_content['practice_cs'].pk}/"}
    assert item["url"] == "http://testserver/en/practices/youth-parliament-of-brno/"
    assert item["first_published_at"] and item["last_published_at"] >= item["first_published_at"]
    assert item["country"] == {"code": "CZ", "name": "Czechia"}
    assert (item["region"], item["municipality"]) == ("South Moravian Region", "Brno")
    assert item["location"] == {"lat": "49.19506", "lng": "16.606837"}
    assert item["lead_organisation"] == {
        "slug": "brno",
        "name": "City of Brno",
        "kind": "municipality",
        "country": "CZ",
        "website": "https://brno.example.org/",
    }
    assert [(p["slug"], p["role"]) for p in item["partners"]] == [("partnerstvi", "trainer"), ("agora", "evaluator")]
    assert item["budget"] == {"amount": "125000", "currency": "EUR"}
    assert (item["start_date"], item["end_date"], item["status"]) == ("2021-03-01", "2023-06-30", "completed")
    assert item["themes"] == [{"slug": "youth", "name": "Youth"}]
    assert item["target_groups"] == [{"slug": "young-people", "name": "Young people"}]
    assert item["methods"] == [{"slug": "future-city-game", "name": "Future City Game"}]
    assert item["outcomes"] == [{"value": "20", "label": "youth forums"}]
    assert item["lessons_learned"].startswith("Start with the school parliament")
    assert item["sources"] == [{"url": "https://brno.cz/forum", "title": "Forum"}]
    assert item["transfer"] == {
        "cost_band": "low",
        "staff_time": "one coordinator half-time",
        "municipality_size": "large",
        "prerequisites": "A council that listens.",
    }
    assert (item["licence"], item["quality_mark"]) == ("cc-by-4.0", "verified")
    assert item["completeness"] in {"partial", "complete"}
    assert item["last_verified"] == {"date": "2025-05-01", "by": "Jana"}
    assert item["funding"] == {
        "programme": {"slug": "eea-grants", "name": "EEA Grants", "url": "https://eeagrants.org/"},
        "project_code": "CZ-ACTIVE-0042",
        "record_url": "https://eeagrants.org/project/cz-0042",
    }
    assert [ref["id"] for ref in item["related_materials"]] == [feed_content["material"].pk]
    assert [ref["id"] for ref in item["related_videos"]] == [feed_content["video"].pk]
    gallery = item["gallery"][0]
    assert gallery["caption"] == "Voting"
    assert set(gallery["image"]["renditions"]) == {"thumbnail", "medium", "large"}
    assert gallery["image"]["renditions"]["thumbnail"] == {
        "url": gallery["image"]["renditions"]["thumbnail"]["url"],
        "width": 320,
        "height": 240,
    }
    assert gallery["image"]["renditions"]["thumbnail"]["url"].startswith("http://testserver/media/images/")


def test_translation_shows_terms_and_organisations_in_its_language(client, feed_content):
    item = client.get(f"{FEED}practices/{feed_content['practice_cs'].pk}/").json()
    assert item["locale"] == "cs"
    assert item["themes"] == [{"slug": "youth", "name": "Mládež"}]
    assert item["methods"] == [{"slug": "future-city-game", "name": "Hra o budoucnost města"}]
    assert item["target_groups"] == [{"slug": "young-people", "name": "Mladí lidé"}]
    assert item["lead_organisation"]["name"] == "Statutární město Brno"
    assert item["funding"]["programme"]["name"] == "Fondy EHP"
    assert item["country"] == {"code": "CZ", "name": "Česko"}
    assert item["url"] == "http://testserver/cs/dobra-praxe/parlament-mladeze-brno/"
    assert item["translation_key"] == str(feed_content["practice"].translation_key)
    assert list(item["translations"]) == ["en"]


def test_body_is_served_as_blocks_sanitised_html_and_text(client, feed_content):
    body = client.get(f"{FEED}practices/{feed_content['practice'].pk}/").json()["body"]
    assert [block["type"] for block in body["blocks"]] == [
        "heading",
        "paragraph",
        "quote",
        "key_figures",
        "embed",
        "image",
        "document",
    ]
    values = {block["type"]: block["value"] for block in body["blocks"]}
    material_url = "http://testserver/en/materials/future-city-game-guide/"
    assert f'<a href="{material_url}"' in values["paragraph"]
    assert values["quote"] == {"text": "We were heard.", "attribution": "A student"}
    assert values["key_figures"] == [{"value": "55", "label": "consultations"}]
    assert values["embed"] == {"url": "https://www.youtube.com/watch?v=abc123", "provider": "www.youtube.com"}
    assert values["image"]["caption"] == "The first forum"
    assert values["image"]["image"]["renditions"]["medium"]["width"] == 800
    document = feed_content["document"]
    assert values["document"]["document"] == {
        "title": "Future City Game guide",
        "file_type": "pdf",
        "size": len(b"%PDF-1.4 guide"),
        "download_url": f"http://testserver/documents/{document.pk}/guide.pdf",
    }
    assert "<script" not in body["html"] and "alert" not in body["html"]
    assert body["html"].startswith("<h2>How it started</h2>")
    assert f'href="{material_url}"' in body["html"]
    assert "<" not in body["text"] and "alert" not in body["text"]
    assert body["text"].startswith("How it started\n\nRead the guide first.")
    assert "“We were heard.” — A student" in body["text"]


def test_material_lists_its_documents_with_download_links(client, feed_content):
    item = client.get(f"{FEED}materials/{feed_content['material'].pk}/").json()
    assert item["type"] == "material"
    assert (item["material_kind"], item["publication_date"]) == ("guide", "2024-09-01")
    assert item["authoring_organisation"]["slug"] == "agora"
    assert item["themes"] == [{"slug": "youth", "name": "Youth"}]
    assert item["documents"] == [
        {
            "title": "Future City Game guide",
            "language": "en",
            "file_type": "pdf",
            "size": len(b"%PDF-1.4 guide"),
            "download_url": f"http://testserver/documents/{feed_content['document'].pk}/guide.pdf",
        }
    ]


def test_video_carries_its_video_data(client, feed_content):
    item = client.get(f"{FEED}videos/{feed_content['video'].pk}/").json()
    assert item["type"] == "video"
    assert item["video_url"] == "https://www.youtube.com/watch?v=round-table"
    assert item["video_file"] is None
    assert (item["duration_seconds"], item["spoken_language"]) == (754, "en")
    assert item["subtitle_languages"] == ["cs", "bg"]
    assert item["chapters"] == [{"start_seconds": 0, "title": "Welcome"}]
    assert item["speakers"] == [{"name": "Jana Nováková", "role": "Facilitator"}]
    assert item["transcript"] == "Welcome to the round table."
    assert item["funding"]["programme"]["slug"] == "eea-grants"


def test_organisation_and_terms_carry_their_fields(client, feed_content):
    organisation = client.get(f"{FEED}organisations/cs/brno/").json()
    assert organisation["name"] == "Statutární město Brno"
    assert organisation["kind"] == "municipality"
    assert organisation["country"] == {"code": "CZ", "name": "Česko"}
    assert organisation["logo"] is None
    programme = client.get(f"{FEED}funding-programmes/en/eea-grants/").json()
    assert (programme["name"], programme["url"]) == ("EEA Grants", "https://eeagrants.org/")
    theme = client.get(f"{FEED}themes/en/youth/").json()
    assert {"slug", "name", "description"} <= theme.keys()


# --- HTTP caching ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["practices/", "practices/cs/parlament-mladeze-brno/", "themes/"])
def test_feed_answers_304_to_a_matching_etag(client, feed_content, path):
    response = client.get(f"{FEED}{path}")
    assert response["Cache-Control"] in {"public, max-age=60", "max-age=60, public"}
    etag = response["ETag"]
    assert etag.startswith('"')
    again = client.get(f"{FEED}{path}", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_feed_sends_last_modified_and_answers_if_modified_since(client, feed_content):
    response = client.get(f"{FEED}practices/")
    newest = max(item["last_published_at"] for item in response.json()["results"])
    last_modified = response["Last-Modified"]
    assert parsedate_to_datetime(last_modified).replace(microsecond=0).isoformat()[:19] == newest[:19]
    assert client.get(f"{FEED}practices/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert client.get(f"{FEED}practices/", HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2024 00:00:00 GMT").status_code == 200


def test_publishing_changes_the_etag(client, feed_content):
    etag = client.get(f"{FEED}practices/")["ETag"]
    practice = feed_content["practice_bg"]
    practice.title = "NGO network of Kyustendil, second phase"
    publish(practice)
    response = client.get(f"{FEED}practices/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_etag_differs_between_filtered_lists(client, feed_content):
    assert client.get(f"{FEED}practices/?locale=en")["ETag"] != client.get(f"{FEED}practices/?locale=cs")["ETag"]


# --- Access ------------------------------------------------------------------------------------------------------
def test_feed_allows_any_origin_to_read(client, feed_content):
    response = client.get(f"{FEED}practices/", HTTP_ORIGIN="https://partner.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_feed_throttles_anonymous_clients_with_retry_after(client, feed_content, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/min"}}
    statuses = [client.get(f"{FEED}themes/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(f"{FEED}themes/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60


def test_default_anonymous_rate_is_documented():
    from django.conf import settings

    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"] == "120/min"


# --- OpenAPI -----------------------------------------------------------------------------------------------------
def test_schema_is_valid_openapi_and_covers_every_resource(client, db):
    response = client.get(f"{FEED}schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    for resource in RESOURCES:
        assert f"{FEED}{resource}/" in schema["paths"]
        assert f"{FEED}{resource}/{{id}}/" in schema["paths"]
        assert f"{FEED}{resource}/{{locale}}/{{slug}}/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"][f"{FEED}practices/"]["get"]["parameters"]}
    assert {"locale", "country", "theme", "target_group", "method", "funding_programme", "status"} <= parameters
    assert {"updated_since", "ordering", "cursor", "page_size"} <= parameters


def test_docs_are_served_without_a_cdn(client, db):
    response = client.get(f"{FEED}docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist" in html
    assert "cdn" not in html.lower()


# --- Query counts ------------------------------------------------------------------------------------------------
@pytest.fixture
def many_practices(feed_content, locales):
    """Twelve more published practices, each with themes, partners, a gallery image and a body with an image and a
    document, so that every relation the serializer reads is exercised."""
    en = locales["en"]
    themes = [make_term(Theme, f"theme-{n}", f"Theme {n}", en) for n in range(3)]
    organisations = [make_organisation(f"organisation-{n}", f"Organisation {n}", en) for n in range(3)]
    index = index_of(PracticeIndexPage, en)
    for n in range(12):
        image, document = make_image(f"Image {n}"), make_document(f"Document {n}", name=f"d{n}.pdf")
        page = add_page(
            index,
            GoodPracticePage,
            f"Practice {n}",
            lead_organisation=organisations[n % 3],
            body=practice_body(image, document, feed_content["material"]),
            gallery=[{"type": "image", "value": {"image": image.pk, "caption": ""}}],
            relations={"themes": themes, "related_materials": [feed_content["material"]]},
        )
        page.partners.create(organisation=organisations[(n + 1) % 3], role="partner")
        publish(page)


# Measured: 20 queries for page_size=5 and for page_size=50 (SQLite and PostgreSQL); a little headroom.
QUERY_BOUND = 22


@pytest.mark.parametrize("page_size", [5, 50])
def test_list_query_count_does_not_grow_with_page_size(
    client, many_practices, django_assert_max_num_queries, page_size
):
    client.get(f"{FEED}practices/?page_size={page_size}")  # renditions and file sizes are made once, on first use
    with django_assert_max_num_queries(QUERY_BOUND):
        response = client.get(f"{FEED}practices/?page_size={page_size}")
    assert len(response.json()["results"]) == min(page_size, 16)


# --- Cursor pagination ---------------------------------------------------------------------------------------------
def collect_pages(client, url, publish_after_first=None):
    """Follow ``next`` from ``url``; after the first page, publish ``publish_after_first()`` when given."""
    ids, pages = [], 0
    while url:
        body = client.get(url).json()
        ids += [item["id"] for item in body["results"]]
        url = body["next"]
        pages += 1
        if pages == 1 and publish_after_first:
            publish_after_first()
    return ids, pages


@pytest.mark.parametrize("ordering", ["last_published_at", "-last_published_at", "title", "-title"])
def test_cursor_pages_neither_skip_nor_repeat_while_editors_publish(client, feed_content, locales, ordering):
    before = [item["id"] for item in results(client.get(f"{FEED}practices/?page_size=100&ordering={ordering}"))]
    new = {}

    def publish_new_practice():
        new["page"] = add_page(index_of(PracticeIndexPage, locales["en"]), GoodPracticePage, "Aardvark forum")

    ids, pages = collect_pages(
        client, f"{FEED}practices/?page_size=1&ordering={ordering}", publish_after_first=publish_new_practice
    )
    assert pages >= len(before)
    assert len(ids) == len(set(ids))
    assert set(before) <= set(ids)
    assert set(ids) <= {*before, new["page"].pk}


def test_cursor_pages_reach_a_page_published_meanwhile_in_sync_order(client, feed_content, locales):
    ids, _pages = collect_pages(
        client,
        f"{FEED}practices/?page_size=2",
        publish_after_first=lambda: add_page(
            index_of(PracticeIndexPage, locales["en"]), GoodPracticePage, "Published meanwhile"
        ),
    )
    newest = GoodPracticePage.objects.get(slug="published-meanwhile")
    assert ids[-1] == newest.pk
    assert len(ids) == len(set(ids)) == 5


def test_previous_link_walks_back(client, feed_content):
    first = client.get(f"{FEED}practices/?page_size=2").json()
    second = client.get(first["next"]).json()
    back = client.get(second["previous"]).json()
    assert [item["id"] for item in back["results"]] == [item["id"] for item in first["results"]]
