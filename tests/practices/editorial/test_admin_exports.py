"""Downloads of the admin's listings (practices.editorial.admin_exports): every listing offers CSV, XLSX and JSON Lines
with its current filters, defuses spreadsheet formulas, gives a translator only what they may see, and refuses an
export above the row cap with a message."""

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from practices.models import ImportRun, Partner, PracticeIndexPage, Webhook
from practices.models.imports import ImportStatus
from search.models import SynonymSet
from search.statistics import record_search
from tests.practices.factories import GoodPracticePageFactory, ThemeFactory

pytestmark = pytest.mark.django_db

THEMES = reverse("wagtailsnippets_practices_theme:list")
FORMULA = '=HYPERLINK("http://evil.example/","click")'


def csv_rows(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith("\ufeff".encode())  # spreadsheet programs need the mark to read UTF-8
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def jsonl_rows(response):
    content = b"".join(response.streaming_content)
    return [json.loads(line) for line in content.decode().splitlines()]


def xlsx_sheet(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(content)).active


@pytest.fixture
def themes(locales):
    english = ThemeFactory(name="Youth participation", slug="youth")
    return {
        "en": english,
        "cs": ThemeFactory(name=FORMULA, slug="youth", locale=locales["cs"], translation_key=english.translation_key),
        "bg": ThemeFactory(name="Младежко участие", slug="youth", locale=locales["bg"],
                           translation_key=english.translation_key),
    }  # fmt: skip


def test_snippet_listing_offers_the_three_downloads_with_its_filters(admin_client, themes):
    listing = admin_client.get(THEMES, {"locale": "cs"})
    html = listing.content.decode()
    for export_format in ("csv", "xlsx", "jsonl"):
        assert f"locale=cs&amp;export={export_format}" in html

    rows = csv_rows(admin_client.get(THEMES, {"locale": "cs", "export": "csv"}))
    assert [(row["Name"], row["Locale"]) for row in rows] == [("'" + FORMULA, "cs")]

    rows = jsonl_rows(admin_client.get(THEMES, {"locale": "bg", "export": "jsonl"}))
    assert rows == [
        {
            "name": "Младежко участие",
            "slug": "youth",
            "locale.language_code": "bg",
            "description": "",
            "translation_key": str(themes["en"].translation_key),
        }
    ]


def test_xlsx_download_stores_a_formula_as_text(admin_client, themes):
    response = admin_client.get(THEMES, {"locale": "cs", "export": "xlsx"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = xlsx_sheet(response)
    name = sheet.cell(row=2, column=1)
    assert (name.value, name.data_type) == (FORMULA, "s")


def test_translator_downloads_only_their_locales_snippets(bg_translator_client, themes):
    listing = bg_translator_client.get(THEMES)
    assert listing.status_code == 200
    rows = jsonl_rows(bg_translator_client.get(THEMES, {"export": "jsonl"}))
    assert [row["locale.language_code"] for row in rows] == ["bg"]


def test_explorer_of_a_section_downloads_its_items_with_the_filters(admin_client, admin_user, practice_index):
    mine = GoodPracticePageFactory(title="Youth parliament of Brno", owner=admin_user)
    GoodPracticePageFactory(title="Participatory budget of Osijek")
    url = reverse("wagtailadmin_explore", args=(practice_index.pk,))
    assert "export=jsonl" in admin_client.get(url).content.decode()

    rows = jsonl_rows(admin_client.get(url, {"export": "jsonl"}))
    assert {row["title"] for row in rows} >= {"Youth parliament of Brno", "Participatory budget of Osijek"}

    rows = csv_rows(admin_client.get(url, {"owner": admin_user.pk, "export": "csv"}))
    assert [(row["Title"], row["ID"], row["Locale"]) for row in rows] == [(mine.title, str(mine.pk), "en")]


def test_translator_gets_no_download_of_another_locales_section(bg_translator_client, locales):
    GoodPracticePageFactory(title="Parlament mladých", parent=PracticeIndexPage.objects.get(locale=locales["cs"]),
                            locale=locales["cs"])  # fmt: skip
    czech_index = PracticeIndexPage.objects.get(locale=locales["cs"])
    response = bg_translator_client.get(reverse("wagtailadmin_explore", args=(czech_index.pk,)), {"export": "csv"})
    assert response.status_code == 302  # to the translator's own part of the tree, not a file
    assert "Parlament mladých" not in response.content.decode()


def test_export_above_the_row_cap_is_refused_with_a_message(admin_client, themes, settings):
    settings.ADMIN_EXPORT_MAX_ROWS = 2
    response = admin_client.get(THEMES, {"export": "csv"}, follow=True)
    assert response.redirect_chain[-1][0] == THEMES
    assert "This listing has 3 rows; at most 2 can be downloaded at once." in response.content.decode()
    assert admin_client.get(THEMES, {"locale": "cs", "export": "csv"}).status_code == 200


def test_partner_and_webhook_downloads_leave_out_keys_and_secrets(admin_client):
    partner = Partner(name="Obec Brno", contact_email="it@brno.example")
    key = partner.issue_key()
    partner.save()
    webhook = Webhook.objects.create(partner=partner, url="https://brno.example/hook")
    partners = csv_rows(admin_client.get(reverse("partners:index"), {"export": "csv"}))
    assert partners[0]["Name"] == "Obec Brno"
    hooks = jsonl_rows(admin_client.get(reverse("webhooks:index"), {"export": "jsonl"}))
    assert hooks[0]["url"] == "https://brno.example/hook"
    assert hooks[0]["partner"] == "Obec Brno"
    for response in (
        admin_client.get(reverse("partners:index"), {"export": "jsonl"}),
        admin_client.get(reverse("webhooks:index"), {"export": "jsonl"}),
        admin_client.get(reverse("webhook_deliveries:index"), {"export": "jsonl"}),
    ):
        content = b"".join(response.streaming_content).decode()
        assert partner.key_hash not in content and key not in content and webhook.secret not in content


def test_import_history_downloads_and_is_read_only(admin_client, admin_user):
    ImportRun.objects.create(user=admin_user, file_name="batch.csv", format="csv", status=ImportStatus.IMPORTED,
                             created_count=3)  # fmt: skip
    ImportRun.objects.create(user=admin_user, file_name="bad.xlsx", format="xlsx", status=ImportStatus.REJECTED)
    history = reverse("kb_import_history:index")
    assert history in admin_client.get(reverse("kb_import:index")).content.decode()
    rows = jsonl_rows(admin_client.get(history, {"status": "imported", "export": "jsonl"}))
    assert [(row["file_name"], row["status"], row["created_count"]) for row in rows] == [("batch.csv", "imported", 3)]
    assert admin_client.get(reverse("kb_import_history:add")).status_code in (302, 403)


def test_translation_overview_downloads_the_filtered_grid(admin_client, practice_index, locales):
    english = GoodPracticePageFactory(title="Youth parliament of Brno")
    english.save_revision().publish()
    GoodPracticePageFactory(title="Draft practice", live=False)
    url = reverse("translation_overview")
    assert "export=jsonl" in admin_client.get(url).content.decode()
    rows = jsonl_rows(admin_client.get(url, {"locale": "en", "state": "published", "export": "jsonl"}))
    assert [(row["title"], row["en"], row["cs"]) for row in rows] == [("Youth parliament of Brno", "published",
                                                                        "missing")]  # fmt: skip
    sheet = xlsx_sheet(admin_client.get(url, {"export": "xlsx"}))
    assert [cell.value for cell in sheet[1]] == ["Translation key", "Item", "Type", "en", "cs", "bg", "hr", "nb"]
    assert sheet.max_row == 3


def test_searches_without_results_report_downloads_jsonl(admin_client, db):
    for query in ["qqqzzz", "wwwyyy", "wwwyyy"]:
        record_search(query, 0)
    rows = jsonl_rows(admin_client.get(reverse("hub_search_reports:unanswered"), {"export": "jsonl"}))
    assert [(row["query_string"], row["_hits"]) for row in rows] == [("wwwyyy", 2), ("qqqzzz", 1)]


def test_synonym_sets_download_with_their_terms(admin_client, locales):
    SynonymSet.objects.create(locale=locales["cs"], terms="NNO\nneziskovka")
    rows = jsonl_rows(admin_client.get(reverse("wagtailsnippets_hub_search_synonymset:list"), {"export": "jsonl"}))
    assert {"locale.language_code": "cs", "term_list": ["NNO", "neziskovka"]} in rows
