"""Researchers' exports of the feed lists (/api/feed/v1/<resource>/export.csv and .xlsx): rows, columns, filters,
formula defusing, the row maximum, bad parameters, query counts and the OpenAPI schema."""

import csv
import io
import time

import pytest
from openapi_spec_validator import validate
from openpyxl import load_workbook

from practices.models import GoodPracticePage, PracticeIndexPage, Theme
from tests.practices.feed_fixtures import (
    FEED,
    add_page,
    index_of,
    make_image,
    make_organisation,
    make_term,
    publish,
)

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
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_rows(response):
    """The export's rows as dictionaries keyed by the header, read with the csv module."""
    assert response.status_code == 200, response.content
    text = b"".join(response).decode("utf-8")
    assert text.startswith("\ufeff")  # the byte order mark spreadsheet programs need for non-Latin text
    return list(csv.DictReader(io.StringIO(text[1:])))


def xlsx_sheet(response):
    assert response.status_code == 200, response.content
    return load_workbook(io.BytesIO(response.content)).active


def xlsx_rows(response):
    values = list(xlsx_sheet(response).iter_rows(values_only=True))
    header = values[0]
    return [{name: value or "" for name, value in zip(header, row, strict=True)} for row in values[1:]]


def by_slug(rows):
    return {(row["locale"], row["slug"]): row for row in rows}


# --- Rows and columns ------------------------------------------------------------------------------------------
def test_practice_export_has_one_row_per_published_practice(client, feed_content):
    rows = csv_rows(client.get(f"{FEED}practices/export.csv"))

    assert sorted(row["id"] for row in rows) == sorted(
        str(feed_content[name].pk) for name in ("practice", "practice_cs", "practice_bg", "practice_cs_only")
    )
    assert str(feed_content["draft"].pk) not in {row["id"] for row in rows}


def test_practice_row_flattens_the_feed_item(client, feed_content):
    practice = feed_content["practice"]
    row = by_slug(csv_rows(client.get(f"{FEED}practices/export.csv")))[("en", practice.slug)]
    item = client.get(f"{FEED}practices/{practice.pk}/").json()

    assert row["translation_key"] == str(practice.translation_key)
    assert row["translations"] == "cs"
    assert row["title"] == "Youth parliament of Brno"
    assert row["url"] == item["url"] and row["url"].startswith("http://testserver/en/")
    assert row["api_url"] == f"http://testserver{FEED}practices/{practice.pk}/"
    assert row["first_published_at"] == item["first_published_at"]
    assert row["last_published_at"] == item["last_published_at"]
    assert row["themes"] == "Youth" and row["theme_slugs"] == "youth"
    assert row["methods"] == "Future City Game"
    assert row["outcomes"] == "20 youth forums"
    assert row["partners"] == "Partnership Foundation (trainer); Agora CE (evaluator)"
    assert row["lead_organisation"] == "City of Brno"
    assert (row["country"], row["country_name"]) == ("CZ", "Czechia")
    assert (row["latitude"], row["longitude"]) == ("49.19506", "16.606837")
    assert (row["budget_amount"], row["budget_currency"]) == ("125000", "EUR")
    assert (row["start_date"], row["end_date"]) == ("2021-03-01", "2023-06-30")
    assert row["funding_programme"] == "EEA Grants" and row["project_code"] == "CZ-ACTIVE-0042"
    assert row["last_verified_date"] == "2025-05-01"
    assert row["sources"] == "https://brno.cz/forum"
    assert row["related_materials"] == f"http://testserver{FEED}materials/{feed_content['material'].pk}/"
    assert row["body"] == item["body"]["text"] and "How it started" in row["body"]


def test_translation_row_names_terms_in_its_language(client, feed_content):
    row = by_slug(csv_rows(client.get(f"{FEED}practices/export.csv?locale=cs")))[("cs", "parlament-mladeze-brno")]

    assert row["themes"] == "Mládež" and row["theme_slugs"] == "youth"
    assert row["methods"] == "Hra o budoucnost města"
    assert row["country_name"] == "Česko"


def test_material_and_video_rows(client, feed_content):
    material = csv_rows(client.get(f"{FEED}materials/export.csv"))[0]
    video = csv_rows(client.get(f"{FEED}videos/export.csv"))[0]

    assert material["authoring_organisation"] == "Agora CE"
    assert material["documents"].startswith("http://testserver/documents/")
    assert material["document_languages"] == "en"
    assert video["subtitle_languages"] == "cs; bg"
    assert video["chapters"] == "0 Welcome"
    assert video["speakers"] == "Jana Nováková (Facilitator)"
    assert video["duration_seconds"] == "754"


def test_xlsx_export_holds_the_same_rows_as_text_cells(client, feed_content):
    csv_export = by_slug(csv_rows(client.get(f"{FEED}practices/export.csv")))
    response = client.get(f"{FEED}practices/export.xlsx")

    assert response["Content-Type"] == XLSX_TYPE
    assert by_slug(xlsx_rows(response)) == csv_export
    cells = [cell for row in xlsx_sheet(response).iter_rows() for cell in row if cell.value is not None]
    assert {cell.data_type for cell in cells} == {"s"}  # text, never a number or a formula


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_every_list_exports_as_a_named_attachment(client, feed_content, resource, extension):
    response = client.get(f"{FEED}{resource}/export.{extension}")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv" if extension == "csv" else XLSX_TYPE)
    assert response["Content-Disposition"].startswith(f'attachment; filename="{resource}-')
    assert response["Content-Disposition"].endswith(f'.{extension}"')
    list_ids = {item["id"] for item in client.get(f"{FEED}{resource}/?page_size=100").json()["results"]}
    rows = csv_rows(response) if extension == "csv" else xlsx_rows(response)
    assert {int(row["id"]) for row in rows} == list_ids


def test_csv_export_answers_conditional_requests_like_the_lists(client, feed_content):
    first = client.get(f"{FEED}practices/export.csv?locale=en")
    again = client.get(f"{FEED}practices/export.csv?locale=en", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200 and first["ETag"]
    assert "max-age=60" in first["Cache-Control"]
    assert again.status_code == 304


# --- Filters and ordering ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=bg", {"ngo-network-of-kyustendil"}),
        ("locale=cs&theme=youth", {"parlament-mladeze-brno", "pocitové-mapy-jihlava"}),
        ("status=ongoing", {"ngo-network-of-kyustendil", "pocitové-mapy-jihlava"}),
        ("method=future-city-game&locale=en", {"youth-parliament-of-brno"}),
        ("updated_since=2999-01-01", set()),
    ],
)
def test_export_applies_the_list_filters(client, feed_content, query, expected):
    rows = csv_rows(client.get(f"{FEED}practices/export.csv?{query}"))

    assert {row["slug"] for row in rows} == expected


def test_export_follows_the_ordering(client, feed_content):
    rows = csv_rows(client.get(f"{FEED}practices/export.csv?ordering=-title"))

    titles = [row["title"] for row in rows]
    assert titles == sorted(titles, reverse=True)


def test_organisation_export_filters_by_country(client, feed_content):
    rows = csv_rows(client.get(f"{FEED}organisations/export.csv?country=BG"))

    assert [row["slug"] for row in rows] == ["kyustendil"]


# --- Formulas --------------------------------------------------------------------------------------------------
@pytest.fixture
def formula_practice(locales):
    make_organisation("calc", "@SUM(A1:A9)", locales["en"])
    page = add_page(
        index_of(PracticeIndexPage, locales["en"]),
        GoodPracticePage,
        '=HYPERLINK("https://evil.example/","x")',
        slug="formula",
        municipality="-2+3",
        latitude="-33.868800",
        longitude="151.209300",
        country="AU",
    )
    page.summary = "+cmd|' /C calc'!A0"
    return publish(page)


def test_csv_defuses_cells_that_would_run_as_formulas(client, formula_practice):
    row = csv_rows(client.get(f"{FEED}practices/export.csv"))[0]
    organisation = csv_rows(client.get(f"{FEED}organisations/export.csv"))[0]

    assert row["title"] == '\'=HYPERLINK("https://evil.example/","x")'
    assert row["summary"] == "'+cmd|' /C calc'!A0"
    assert row["municipality"] == "'-2+3"
    assert row["latitude"] == "-33.8688"  # a plain number cannot be a formula and stays as it is
    assert organisation["name"] == "'@SUM(A1:A9)"


def test_xlsx_keeps_formula_like_values_as_text(client, formula_practice):
    sheet = xlsx_sheet(client.get(f"{FEED}practices/export.xlsx"))
    header = [cell.value for cell in sheet[1]]
    title = sheet.cell(row=2, column=header.index("title") + 1)

    assert title.value == '=HYPERLINK("https://evil.example/","x")'
    assert title.data_type == "s"


# --- Bad input ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("cursor=abc", "cursor", "An export holds the whole filtered list; it takes no cursor."),
        ("page_size=10", "page_size", "An export holds the whole filtered list; it takes no page_size."),
        ("theme=yuoth", "theme", "Unknown theme “yuoth”."),
        ("updated_since=yesterday", "updated_since", "“yesterday” is not an ISO 8601 date or date-time"),
        ("country=XX", "country", "Unknown country code “XX”."),
        ("search=youth", "search", "Unknown parameter"),
        ("locale=cs&locale=en", "locale", "Give this parameter once."),
    ],
)
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_export_rejects_bad_parameters(client, feed_content, query, parameter, message, extension):
    response = client.get(f"{FEED}practices/export.{extension}?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"][parameter][0].startswith(message)


def test_export_past_the_row_maximum_is_refused(client, feed_content, settings):
    settings.FEED_EXPORT_MAX_ROWS = 3

    refused = client.get(f"{FEED}practices/export.csv")
    narrowed = client.get(f"{FEED}practices/export.csv?locale=cs")

    assert refused.status_code == 400
    assert refused.json()["errors"]["export"] == [
        "This export would have 4 rows; the most is 3. Narrow it with a filter, such as locale or updated_since."
    ]
    assert len(csv_rows(narrowed)) == 2


# --- Queries and schema ----------------------------------------------------------------------------------------
QUERY_BOUND = 24  # measured: 22, as for one page of the list


@pytest.mark.parametrize("extra", [1, 15])
def test_export_query_count_does_not_grow_with_the_rows(
    client, feed_content, locales, django_assert_max_num_queries, extra
):
    en = locales["en"]
    theme = make_term(Theme, "mapping", "Mapping", en)
    organisation = make_organisation("mappers", "Mappers", en)
    for n in range(extra):
        add_page(
            index_of(PracticeIndexPage, en),
            GoodPracticePage,
            f"Extra practice {n}",
            lead_organisation=organisation,
            gallery=[{"type": "image", "value": {"image": make_image(f"Map {n}").pk, "caption": ""}}],
            relations={"themes": [theme]},
        )
    client.get(f"{FEED}practices/export.xlsx")  # renditions and file sizes are made once, on first use
    with django_assert_max_num_queries(QUERY_BOUND):
        response = client.get(f"{FEED}practices/export.xlsx")
    assert len(xlsx_rows(response)) == 4 + extra


def test_schema_documents_the_exports_and_validates(client):
    response = client.get(f"{FEED}schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = response.json()

    validate(schema)
    operation = schema["paths"]["/api/feed/v1/practices/export.xlsx"]["get"]
    assert XLSX_TYPE in operation["responses"]["200"]["content"]
    assert {parameter["name"] for parameter in operation["parameters"]} >= {"locale", "country", "theme"}
    assert "text/csv" in schema["paths"]["/api/feed/v1/themes/export.csv"]["get"]["responses"]["200"]["content"]


def test_xlsx_export_is_the_same_file_for_the_same_rows_and_answers_304(client, feed_content):
    first = client.get(f"{FEED}practices/export.xlsx")
    time.sleep(1.1)  # into the next second: a timestamp in the file would change its bytes

    second = client.get(f"{FEED}practices/export.xlsx")

    assert first.content == second.content and first["ETag"] == second["ETag"]
    again = client.get(f"{FEED}practices/export.xlsx", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
