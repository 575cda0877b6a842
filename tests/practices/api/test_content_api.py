"""Wagtail's content API for a headless front end: API v2 at /api/v2/ (pages, images, documents) and the v3 preview
at /api/v3/, against a small knowledge base built with the partner feed's fixtures."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.dateparse import parse_datetime

from home.models import HomePage
from practices.models import (
    GoodPracticePage,
    MaterialIndexPage,
    MaterialPage,
    PracticeIndexPage,
    Theme,
    TrainingVideoPage,
    VideoIndexPage,
)
from tests.practices.feed_fixtures import (
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

V2 = "/api/v2/"
V3 = "/api/v3/"
PRACTICES = f"{V2}pages/?type=practices.GoodPracticePage&fields=*"
SIZES = {"thumbnail": (320, 240), "medium": (800, 533), "large": (1200, 800)}  # of the 1200×800 test image
PAGE_MODELS = [
    HomePage,
    PracticeIndexPage,
    MaterialIndexPage,
    VideoIndexPage,
    GoodPracticePage,
    MaterialPage,
    TrainingVideoPage,
]


def ok(response):
    assert response.status_code == 200, response.content
    return response.json()


def by_id(items):
    return {item["id"]: item for item in items}


def api_field_names(model):
    return [field.name for field in model.api_fields]


def assert_rendition_set(image):
    assert {"id", "title", "alt", "width", "height", "renditions"} <= image.keys()
    assert set(image["renditions"]) == set(SIZES)
    for size, (width, height) in SIZES.items():
        rendition = image["renditions"][size]
        assert (rendition["width"], rendition["height"]) == (width, height)
        assert rendition["url"].startswith("/media/images/")
        assert rendition["full_url"].startswith("http")


def assert_download_link(client, document, expected_title):
    assert document["title"] == expected_title
    assert document["file_type"] == "pdf"
    assert document["download_url"].startswith("http://")
    assert client.get(document["download_url"]).status_code == 200


# --- Pages: every page type and its fields ------------------------------------------------------------------------
@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model.__name__)
def test_every_page_type_serialises_its_api_fields(client, feed_content, model):
    page = model.objects.live().filter(locale__language_code="en").first()
    detail = ok(client.get(f"{V2}pages/{page.pk}/"))
    assert detail["meta"]["type"] == model._meta.label
    assert set(api_field_names(model)) <= detail.keys()
    listing = ok(client.get(f"{V2}pages/?type={model._meta.label}&fields=*"))
    item = by_id(listing["items"])[page.pk]
    assert {name: item[name] for name in api_field_names(model)} == {
        name: detail[name] for name in api_field_names(model)
    }


def test_practice_gives_structured_fields_taxonomy_and_organisations(client, feed_content):
    practice = by_id(ok(client.get(PRACTICES))["items"])[feed_content["practice"].pk]
    assert practice["summary"] == "Youth parliament of Brno: a summary."
    assert practice["themes"] == [{"slug": "youth", "name": "Youth"}]
    assert practice["target_groups"] == [{"slug": "young-people", "name": "Young people"}]
    assert practice["methods"] == [{"slug": "future-city-game", "name": "Future City Game"}]
    assert practice["funding_programme"] == {
        "slug": "eea-grants",
        "name": "EEA Grants",
        "url": "https://eeagrants.org/",
    }
    assert practice["country"] == {"code": "CZ", "name": "Czechia"}
    assert practice["lead_organisation"]["slug"] == "brno"
    assert practice["lead_organisation"]["kind"] == "municipality"
    assert [(partner["slug"], partner["role"]) for partner in practice["partners"]] == [
        ("partnerstvi", "trainer"),
        ("agora", "evaluator"),
    ]
    assert practice["outcomes"][0]["value"] == {"value": "20", "label": "youth forums"}
    assert (practice["budget_amount"], practice["budget_currency"]) == ("125000.00", "EUR")
    assert (practice["start_date"], practice["end_date"], practice["status"]) == (
        "2021-03-01",
        "2023-06-30",
        "completed",
    )
    assert practice["source_links"][0]["value"] == {"url": "https://brno.cz/forum", "title": "Forum"}
    assert practice["related_materials"] == [
        {
            "id": feed_content["material"].pk,
            "title": "Future City Game guide",
            "url": "http://testserver/en/materials/future-city-game-guide/",
        }
    ]
    assert [video["id"] for video in practice["related_videos"]] == [feed_content["video"].pk]
    assert practice["quality_mark"] == "verified"
    assert practice["last_published_at"]


def test_czech_practice_shows_taxonomy_and_country_in_czech(client, feed_content):
    """The Czech translation links the English terms; the API shows their Czech translations, slugs unchanged."""
    practice = ok(client.get(f"{V2}pages/{feed_content['practice_cs'].pk}/"))
    assert practice["themes"] == [{"slug": "youth", "name": "Mládež"}]
    assert practice["methods"] == [{"slug": "future-city-game", "name": "Hra o budoucnost města"}]
    assert practice["funding_programme"]["name"] == "Fondy EHP"
    assert practice["lead_organisation"]["name"] == "Statutární město Brno"
    assert practice["country"] == {"code": "CZ", "name": "Česko"}


def test_body_blocks_give_renditions_download_urls_and_expanded_links(client, feed_content):
    practice = ok(client.get(f"{V2}pages/{feed_content['practice'].pk}/"))
    blocks = {block["type"]: block["value"] for block in practice["body"]}
    assert blocks["heading"] == "How it started"
    paragraph = blocks["paragraph"]
    assert 'href="http://testserver/en/materials/future-city-game-guide/"' in paragraph
    assert "linktype" not in paragraph
    assert "<script>" not in paragraph
    assert blocks["quote"] == {"text": "We were heard.", "attribution": "A student"}
    assert blocks["key_figures"] == [{"value": "55", "label": "consultations"}]
    assert blocks["image"]["caption"] == "The first forum"
    assert_rendition_set(blocks["image"]["image"])
    assert blocks["document"]["label"] == "Download the guide"
    assert_download_link(client, blocks["document"]["document"], "Future City Game guide")
    assert_rendition_set(practice["gallery"][0]["value"]["image"])


def test_rich_text_document_link_is_expanded_to_its_download_url(client, feed_content, locales):
    document = feed_content["document"]
    body = [{"type": "paragraph", "value": f'<p>Get <a linktype="document" id="{document.pk}">the guide</a>.</p>'}]
    page = add_page(index_of(PracticeIndexPage, locales["en"]), GoodPracticePage, "Document link", body=body)
    paragraph = ok(client.get(f"{V2}pages/{page.pk}/"))["body"][0]["value"]
    assert f'href="http://testserver/documents/{document.pk}/guide.pdf"' in paragraph


def test_rich_text_link_leads_to_the_linked_pages_translation_in_the_items_language(client, feed_content, locales):
    cs = locales["cs"]
    material = feed_content["material"]
    material_cs = add_page(
        index_of(MaterialIndexPage, cs),
        MaterialPage,
        "Průvodce hrou",
        slug="pruvodce-hrou",
        source=material,
        material_kind="guide",
    )
    body = [{"type": "paragraph", "value": f'<p>Viz <a linktype="page" id="{material.pk}">průvodce</a>.</p>'}]
    practice = add_page(index_of(PracticeIndexPage, cs), GoodPracticePage, "Odkaz", slug="odkaz", body=body)
    paragraph = ok(client.get(f"{V2}pages/{practice.pk}/"))["body"][0]["value"]
    assert f'href="{material_cs.get_full_url()}"' in paragraph
    assert "/cs/" in material_cs.get_full_url()


def test_rich_text_format_parameter_still_gives_wagtails_formats(client, feed_content):
    practice = ok(client.get(f"{V2}pages/{feed_content['practice'].pk}/?rich_text_format=db_html"))
    paragraph = next(block["value"] for block in practice["body"] if block["type"] == "paragraph")
    assert f'linktype="page" id="{feed_content["material"].pk}"' in paragraph


def test_material_documents_have_download_urls(client, feed_content):
    material = ok(client.get(f"{V2}pages/{feed_content['material'].pk}/"))
    assert material["material_kind"] == "guide"
    assert material["publication_date"] == "2024-09-01"
    assert material["authoring_organisation"]["slug"] == "agora"
    document = material["documents"][0]["value"]
    assert document["language"] == "en"
    assert_download_link(client, document["document"], "Future City Game guide")


def test_video_gives_its_fields_and_file_download_url(client, feed_content, locales):
    video = ok(client.get(f"{V2}pages/{feed_content['video'].pk}/"))
    assert video["video_url"] == "https://www.youtube.com/watch?v=round-table"
    assert video["video_file"] is None
    assert (video["duration_seconds"], video["spoken_language"]) == (754, "en")
    assert video["subtitle_languages"] == ["cs", "bg"]
    assert video["chapters"][0]["value"] == {"start_seconds": 0, "title": "Welcome"}
    assert video["speakers"][0]["value"] == {"name": "Jana Nováková", "role": "Facilitator"}
    uploaded = add_page(
        index_of(VideoIndexPage, locales["en"]),
        TrainingVideoPage,
        "Uploaded video",
        video_file=make_document("Round table recording", name="recording.pdf"),
    )
    video_file = ok(client.get(f"{V2}pages/{uploaded.pk}/"))["video_file"]
    assert_download_link(client, video_file, "Round table recording")
    assert ok(client.get(f"{V3}pages/{uploaded.pk}/"))["video_file"] == video_file


def test_organisation_logo_comes_as_renditions(client, feed_content, locales):
    logo_owner = make_organisation("logo-org", "Logo NGO", locales["en"], logo=make_image("Logo"))
    page = add_page(
        index_of(PracticeIndexPage, locales["en"]), GoodPracticePage, "With logo", lead_organisation=logo_owner
    )
    assert_rendition_set(ok(client.get(f"{V2}pages/{page.pk}/"))["lead_organisation"]["logo"])


# --- Translations and the locale filter ---------------------------------------------------------------------------
def test_translations_list_the_other_published_language_versions(client, feed_content, locales):
    practice, practice_cs = feed_content["practice"], feed_content["practice_cs"]
    add_page(
        index_of(PracticeIndexPage, locales["bg"]),
        GoodPracticePage,
        "Draft in Bulgarian",
        slug="draft-bg",
        source=practice,
        live=False,
    )
    items = by_id(ok(client.get(PRACTICES))["items"])
    expected_cs = {"locale": "cs", "id": practice_cs.pk, "url": practice_cs.get_full_url()}
    assert items[practice.pk]["translations"] == [expected_cs]
    assert ok(client.get(f"{V2}pages/{practice.pk}/"))["translations"] == [expected_cs]
    assert items[practice_cs.pk]["translations"] == [
        {"locale": "en", "id": practice.pk, "url": practice.get_full_url()}
    ]
    assert items[feed_content["practice_bg"].pk]["translations"] == []


def test_home_pages_list_each_other_as_translations(client, home_pages):
    home = ok(client.get(f"{V2}pages/{home_pages['en'].pk}/"))
    assert [translation["locale"] for translation in home["translations"]] == ["bg", "cs", "hr", "nb"]
    assert {translation["id"] for translation in home["translations"]} == {
        home_pages[code].pk for code in ("bg", "cs", "hr", "nb")
    }


def test_locale_filter_keeps_one_language(client, feed_content):
    items = ok(client.get(f"{PRACTICES}&locale=cs"))["items"]
    assert {item["id"] for item in items} == {feed_content["practice_cs"].pk, feed_content["practice_cs_only"].pk}
    assert {item["meta"]["locale"] for item in items} == {"cs"}


def test_search_with_fields_finds_the_practice(client, feed_content):
    items = ok(client.get(f"{PRACTICES}&search=Kyustendil"))["items"]
    assert [item["id"] for item in items] == [feed_content["practice_bg"].pk]
    assert items[0]["lead_organisation"]["slug"] == "kyustendil"


@pytest.fixture
def stock_search(settings):
    """The content API's ``?search=`` through stock Wagtail's database backend, as the benchmark sets it up."""
    settings.WAGTAILAPI_SEARCH_BACKEND = "stock"
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "stock": {"BACKEND": "modelsearch.backends.database", "AUTO_UPDATE": False},
    }


def test_search_goes_through_the_configured_backend(client, feed_content, stock_search):
    path = f"{V2}pages/?type=practices.GoodPracticePage&search=Kyustendil"
    # The stock backend is filled by update_index alone, so until then it finds nothing where ours finds the practice.
    assert ok(client.get(path))["items"] == []

    call_command("update_index", backend_name="stock", verbosity=0)

    assert [item["id"] for item in ok(client.get(path))["items"]] == [feed_content["practice_bg"].pk]


def test_search_through_the_stock_backend_names_a_filter_it_cannot_apply(client, feed_content, stock_search):
    response = client.get(f"{V2}pages/?type=practices.GoodPracticePage&search=Kyustendil&slug=anything")

    assert response.status_code == 400
    assert "search" in response.json()["message"]


def test_drafts_are_not_served(client, feed_content):
    draft = feed_content["draft"]
    assert draft.pk not in by_id(ok(client.get(PRACTICES))["items"])
    assert client.get(f"{V2}pages/{draft.pk}/").status_code == 404


# --- Bad input and missing things ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("locale=xx", "locale"),
        ("locale=", "locale"),
        ("type=practices.NoSuchPage", "type"),
        ("type=practices.Theme", "type"),
        ("fields=no_such_field", "fields"),
        ("fields=title(", "fields"),
        ("limit=many", "limit"),
        ("limit=1000", "limit"),
        ("offset=-1", "offset"),
        ("order=no_such_field", "order"),
        ("rich_text_format=pdf", "rich_text_format"),
        ("child_of=home", "child_of"),
        ("child_of=99999999", "child_of"),
        ("descendant_of=99999999", "descendant_of"),
        ("ancestor_of=99999999", "ancestor_of"),
        ("translation_of=abc", "translation_of"),
        ("translation_of=99999999", "translation_of"),
        ("colour=blue", "colour"),
    ],
)
def test_pages_reject_bad_parameter_with_400_naming_it(client, feed_content, query, parameter):
    response = client.get(f"{V2}pages/?type=practices.GoodPracticePage&{query}")
    assert response.status_code == 400, response.content
    assert parameter in response.json()["message"]


@pytest.mark.parametrize(
    "path",
    [
        "v2/pages/99999999/",
        "v2/images/99999999/",
        "v2/documents/99999999/",
        "v2/pages/find/?html_path=/en/no-such-page/",
        "v2/no-such-endpoint/",
        "v3/pages/99999999/",
        "v3/no-such-endpoint/",
    ],
)
def test_missing_things_are_json_404s_not_redirects(client, feed_content, path):
    response = client.get(f"/api/{path}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith(("application/json", "application/problem+json"))
    assert response.json()


# --- Images and documents -----------------------------------------------------------------------------------------
def test_images_endpoint_gives_renditions_at_fixed_sizes(client, feed_content):
    image = feed_content["image"]
    listing = ok(client.get(f"{V2}images/?fields=renditions"))
    assert set(listing["items"][0]["renditions"]) == set(SIZES)
    detail = ok(client.get(f"{V2}images/{image.pk}/"))
    assert (detail["title"], detail["width"], detail["height"]) == ("Youth forum", 1200, 800)
    for size, (width, height) in SIZES.items():
        assert (detail["renditions"][size]["width"], detail["renditions"][size]["height"]) == (width, height)


def test_documents_endpoint_gives_absolute_download_urls(client, feed_content):
    document = feed_content["document"]
    listing = by_id(ok(client.get(f"{V2}documents/"))["items"])
    assert listing[document.pk]["meta"]["download_url"] == f"http://testserver/documents/{document.pk}/guide.pdf"
    detail = ok(client.get(f"{V2}documents/{document.pk}/"))
    assert client.get(detail["meta"]["download_url"]).status_code == 200


# --- API v3 -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model.__name__)
def test_v3_serialises_every_page_type_as_v2_does(client, feed_content, model):
    page = model.objects.live().filter(locale__language_code="en").first()
    v2 = ok(client.get(f"{V2}pages/{page.pk}/"))
    v3 = ok(client.get(f"{V3}pages/{page.pk}/"))
    assert v3["meta"]["type"] == model._meta.label
    # v3 writes times to the millisecond, v2 to the microsecond.
    times = {name for name in api_field_names(model) if name.endswith("_published_at")}
    for name in times:
        assert abs(parse_datetime(v3[name]) - parse_datetime(v2[name])) < timedelta(milliseconds=1)
    fields = [name for name in api_field_names(model) if name not in times]
    assert {name: v3[name] for name in fields} == {name: v2[name] for name in fields}


def test_v3_shows_taxonomy_in_the_pages_language(client, feed_content):
    practice = ok(client.get(f"{V3}pages/{feed_content['practice_cs'].pk}/"))
    assert practice["themes"] == [{"slug": "youth", "name": "Mládež"}]
    assert practice["country"] == {"code": "CZ", "name": "Česko"}


def test_v3_lists_pages_filtered_by_type_and_locale(client, feed_content):
    body = ok(client.get(f"{V3}pages/?type=practices.GoodPracticePage&locale=cs"))
    assert {item["id"] for item in body["items"]} == {
        feed_content["practice_cs"].pk,
        feed_content["practice_cs_only"].pk,
    }
    assert body["count"] == 2


@pytest.mark.parametrize("query", ["locale=xx", "type=practices.GoodPracticePage&locale=", "locale=english"])
def test_v3_rejects_unknown_locale_with_400_naming_it(client, feed_content, query):
    response = client.get(f"{V3}pages/?{query}")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("locale:")


@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model.__name__)
def test_v3_openapi_schema_describes_every_page_types_fields(client, db, model):
    schemas = ok(client.get(f"{V3}openapi.json"))["components"]["schemas"]
    assert set(api_field_names(model)) <= set(schemas[f"{model.__name__}Schema"]["properties"])


# --- Query counts -------------------------------------------------------------------------------------------------
@pytest.fixture
def many_practices(feed_content, locales):
    """Twenty more published practices, each with themes, partners, a gallery image and a body with an image, a
    document and a page link, so that every field and block the API serialises is exercised."""
    en = locales["en"]
    themes = [make_term(Theme, f"theme-{n}", f"Theme {n}", en) for n in range(3)]
    organisations = [make_organisation(f"organisation-{n}", f"Organisation {n}", en) for n in range(3)]
    index = index_of(PracticeIndexPage, en)
    for n in range(20):
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


def count_queries(client, url):
    client.get(url)  # renditions and file sizes are made once, on first use
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# Measured on SQLite and PostgreSQL, with 20+ practices that each have partners, themes, a gallery and a body with
# an image, a document and a link to a page:
#   ?fields=* limit=5: 28 queries, limit=20: 73 — the growth is 3 queries per rich-text paragraph that links a
#   page (Wagtail's expand_db_html: the linked pages, their specific rows, the active locale);
#   ?fields= with the relation fields (below): 14 queries at any limit;
#   default fields: 5 queries at any limit.
@pytest.mark.parametrize(
    ("fields", "at_limit_5", "per_more_item"),
    [
        ("*", 28, 3),
        ("title,themes,target_groups,methods,partners,lead_organisation,funding_programme,translations,gallery", 14, 0),
        (None, 5, 0),
    ],
)
def test_practice_list_query_count_is_bounded(
    client, many_practices, django_assert_max_num_queries, fields, at_limit_5, per_more_item
):
    url = f"{V2}pages/?type=practices.GoodPracticePage" + (f"&fields={fields}" if fields else "")
    small = count_queries(client, f"{url}&limit=5")
    large = count_queries(client, f"{url}&limit=20")
    assert large - small <= per_more_item * 15
    with django_assert_max_num_queries(at_limit_5):
        client.get(f"{url}&limit=5")
