"""Bulk import in the admin (practices.knowledge_base.admin_import): the same content as JSON Lines, CSV and XLSX
makes the same knowledge base, every bad upload is refused with its message and writes nothing, and every run is
kept in the history."""

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from openpyxl import Workbook

from practices.knowledge_base.exporter import iter_export
from practices.models import GoodPracticePage, ImportRun, Organisation, Theme, TrainingVideoPage
from practices.models.imports import ImportStatus

RECORDS = [
    {"type": "theme", "slug": "youth-participation", "locale": "en", "name": "Youth participation"},
    {"type": "theme", "slug": "youth-participation", "locale": "cs", "name": "Participace mladých"},
    {"type": "target_group", "slug": "young-people", "locale": "en", "name": "Young people"},
    {
        "type": "organisation",
        "slug": "cpkp",
        "locale": "en",
        "name": "Centre for Community Organising",
        "kind": "ngo",
        "country": "CZ",
        "city": "Plzeň",
        "website": "https://www.cpkp.cz/",
    },
    {
        "type": "organisation",
        "slug": "plzen",
        "locale": "en",
        "name": "City of Plzeň",
        "kind": "municipality",
        "country": "CZ",
    },
    {
        "type": "practice",
        "slug": "youth-parliament",
        "locale": "en",
        "title": "Youth parliament of Plzeň",
        "summary": "Students advise the city council.",
        "body": "First paragraph.\n\nSecond paragraph.",
        "themes": ["youth-participation"],
        "target_groups": ["young-people"],
        "organisation": "cpkp",
        "partners": [{"organisation": "plzen", "role": "host"}],
        "budget": {"amount": "12000.50", "currency": "EUR"},
        "location": {"lat": 49.74, "lng": 13.37},
        "start_date": "2019-01-01",
        "end_date": "2021-06-30",
        "status": "completed",
        "outcomes": [{"value": 20, "label": "youth forums"}],
        "country": "CZ",
        "live": True,
        "last_verified": {"date": "2025-01-10", "by": "editor"},
    },
    {
        "type": "practice",
        "slug": "parlament-mladych",
        "locale": "cs",
        "title": "Parlament mladých Plzně",
        "summary": "Studenti radí zastupitelstvu.",
        "translation_of": "youth-parliament",
        "themes": ["youth-participation"],
        "live": False,
    },
    {
        "type": "video",
        "slug": "how-to-run-a-forum",
        "locale": "en",
        "title": "How to run a youth forum",
        "summary": "A twelve-minute walk-through.",
        "video_url": "https://www.youtube.com/watch?v=abc123",
        "duration_seconds": 720,
        "subtitle_languages": ["cs", "en"],
        "chapters": [{"start_seconds": 0, "title": "Preparing"}],
        "live": True,
    },
]
LIST_KEYS = {"themes", "target_groups", "subtitle_languages"}
pytestmark = pytest.mark.usefixtures("kb_import_folders")


def jsonl_file(records=RECORDS, name="kb.jsonl"):
    content = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    return SimpleUploadedFile(name, content.encode("utf-8"))


def cell(key, value):
    """The spreadsheet rule of docs/import-format.md: lists of slugs separated by ";", other structures as JSON."""
    if key in LIST_KEYS:
        return "; ".join(value)
    if isinstance(value, dict | list | bool):
        return json.dumps(value, ensure_ascii=False)
    return value


def flatten(record):
    """Budget as two flattened columns, to exercise the dotted-column rule."""
    row = {key: cell(key, value) for key, value in record.items() if key != "budget"}
    for member, value in record.get("budget", {}).items():
        row[f"budget.{member}"] = value
    return row


def csv_file(records=RECORDS, name="kb.csv", encoding="utf-8"):
    rows = [flatten(record) for record in records]
    columns = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(encoding))


def xlsx_file(records=RECORDS, name="kb.xlsx", formula=False):
    """One sheet per type, named after it, without a type column."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for kind in dict.fromkeys(record["type"] for record in records):
        rows = [
            flatten({k: v for k, v in record.items() if k != "type"}) for record in records if record["type"] == kind
        ]
        columns = list(dict.fromkeys(key for row in rows for key in row))
        sheet = workbook.create_sheet(kind)
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(column) for column in columns])
        if formula and kind == "practice":
            sheet["B2"] = "=UPPER(A2)"
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def upload(client, file):
    return client.post(reverse("kb_import:index"), {"file": file})


def import_and_export(client, file):
    response = upload(client, file)
    assert response.status_code == 200
    assert not response.context["rejected"], response.context["rejected"]
    run = response.context["run"]
    confirmed = client.post(reverse("kb_import:confirm", args=[run.pk]))
    assert confirmed.status_code == 302
    # What the file wrote: the site's thesaurus (seeded by a migration) is exported too, and no file here names it.
    return [line for line in iter_export() if line["type"] != "concept"]


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("make_file", [csv_file, xlsx_file], ids=["csv", "xlsx"])
def test_csv_and_xlsx_import_the_same_knowledge_base_as_jsonl(admin_client, home_pages, make_file):
    with transaction.atomic():
        from_jsonl = import_and_export(admin_client, jsonl_file())
        transaction.set_rollback(True)
    assert not GoodPracticePage.objects.exists()
    from_table = import_and_export(admin_client, make_file())
    assert from_table == from_jsonl
    practice = GoodPracticePage.objects.get(slug="youth-parliament")
    assert practice.live and str(practice.budget_amount) == "12000.50"
    assert practice.partners.get().organisation.slug == "plzen"
    assert GoodPracticePage.objects.get(slug="parlament-mladych").translation_key == practice.translation_key
    assert TrainingVideoPage.objects.get().duration_seconds == 720
    assert len(from_table) == len(RECORDS)


def test_preview_writes_nothing_and_confirm_imports_and_records_the_run(admin_client, admin_user, home_pages):
    response = upload(admin_client, csv_file(name="partners-batch.csv"))
    assert response.status_code == 200
    report = response.context["report"]
    assert {slug for _kind, slug, _locale in report.created} >= {"youth-parliament", "cpkp", "how-to-run-a-forum"}
    assert not Theme.objects.exists() and not GoodPracticePage.objects.exists()
    run = ImportRun.objects.get()
    assert (run.status, run.format, run.file_name, run.user) == ("previewed", "csv", "partners-batch.csv", admin_user)
    assert run.created_count == len(RECORDS) and run.file

    admin_client.post(reverse("kb_import:confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportStatus.IMPORTED and run.finished_at and not run.file
    assert GoodPracticePage.objects.count() == 2
    # A run is imported once; confirming again finds nothing to confirm.
    refused = admin_client.post(reverse("kb_import:confirm", args=[run.pk]), follow=True)
    assert "it was imported already or is not yours" in refused.content.decode()
    assert GoodPracticePage.objects.count() == 2

    again = upload(admin_client, csv_file())
    assert again.context["run"].unchanged_count == len(RECORDS)
    # Uploading another file instead of confirming supersedes the earlier preview and drops its kept file.
    kept = again.context["run"].file.path
    latest = upload(admin_client, jsonl_file())
    superseded = ImportRun.objects.get(pk=again.context["run"].pk)
    assert superseded.status == ImportStatus.SUPERSEDED and not superseded.file
    assert not Path(kept).exists() and latest.context["run"].status == ImportStatus.PREVIEWED
    history = admin_client.get(reverse("kb_import:index"))
    assert [item.pk for item in history.context["history"]] == [latest.context["run"].pk, superseded.pk, run.pk]
    assert "partners-batch.csv" in history.content.decode()


def test_another_users_preview_cannot_be_confirmed(admin_client, client, django_user_model, home_pages):
    run = upload(admin_client, jsonl_file()).context["run"]
    other = django_user_model.objects.create_superuser(username="other", email="o@example.org", password="pw")
    client.force_login(other)
    refused = client.post(reverse("kb_import:confirm", args=[run.pk]), follow=True)
    assert "it was imported already or is not yours" in refused.content.decode()
    assert not GoodPracticePage.objects.exists()


def test_import_needs_the_permission(client, django_user_model, home_pages):
    user = django_user_model.objects.create_user(username="reader", password="pw")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("kb_import:index")).status_code == 302
    assert reverse("kb_import:index") not in client.get(reverse("wagtailadmin_home")).content.decode()


def unknown_organisation():
    return [*RECORDS[:5], {**RECORDS[5], "organisation": "no-such-ngo"}]


def duplicate_slug():
    return [*RECORDS, {**RECORDS[5], "title": "Again"}]


def png_named_csv():
    return SimpleUploadedFile("kb.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def latin1_csv():
    return csv_file(encoding="latin-1", records=[{**RECORDS[3], "city": "Plzeň"[:4] + "é"}])


def csv_without_summary():
    records = [{key: value for key, value in RECORDS[5].items() if key != "summary"}]
    return csv_file(records=records)


def fifty_megabytes():
    return SimpleUploadedFile("big.jsonl", b"{" + b" " * (50 * 1024 * 1024))


def zip_bomb():
    """A real workbook with one more part: 20 MB of one repeated character, about 20 KB compressed."""
    out = io.BytesIO(xlsx_file().read())
    with (
        zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet99.xml", "w") as part,
    ):
        for _ in range(20):
            part.write(b"<" * 1024 * 1024)
    return SimpleUploadedFile("bomb.xlsx", out.getvalue())


def many_parts():
    out = io.BytesIO(xlsx_file().read())
    with zipfile.ZipFile(out, "a") as archive:
        for number in range(600):
            archive.writestr(f"xl/media/part{number}.xml", b"<x/>")
    return SimpleUploadedFile("parts.xlsx", out.getvalue())


def rows_csv(count, name="kb.csv"):
    lines = ["type,slug,locale,name"] + [f"theme,theme-{n},en,Theme {n}" for n in range(count)]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode())


# Whole-file refusals: a form error, and no run is recorded.
@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (png_named_csv, "is named .csv but is not a text file"),
        (lambda: SimpleUploadedFile("kb.pdf", b"%PDF-1.4"), "is not a .jsonl, .csv or .xlsx file"),
        (lambda: SimpleUploadedFile("kb.xlsx", b"type,slug\n"), "is named .xlsx but is not an Excel workbook"),
        (latin1_csv, "the file is not in UTF-8 (byte"),
        (fifty_megabytes, "files up to 10.0\xa0MB can be imported"),
        (lambda: xlsx_file(formula=True), "sheet “practice”, cell B2 holds a formula"),
        (csv_without_summary, "the file lacks the column(s): summary"),
        (lambda: SimpleUploadedFile("kb.csv", b"slug,locale\nx,en\n"), "lacks the column(s): type"),
        (zip_bomb, "the workbook would unpack to 20 MB of data"),
        (many_parts, "the workbook would unpack to"),
        (lambda: rows_csv(10_000), "the file has more than 10000 rows"),
        (lambda: SimpleUploadedFile("kb.jsonl", b'{"type": "theme"}\n' * 10_001), "more than 10000 rows"),
        (lambda: SimpleUploadedFile("kb.csv", b"type," + b"x," * 300 + b"\n"), "more than 200 columns"),
    ],
    ids=[
        "wrong-type",
        "wrong-extension",
        "fake-xlsx",
        "encoding",
        "50-mb",
        "formula",
        "missing-summary",
        "missing-type",
        "zip-bomb",
        "zip-of-many-parts",
        "too-many-csv-rows",
        "too-many-jsonl-lines",
        "too-many-columns",
    ],
)
def test_bad_upload_is_refused_with_its_message(admin_client, home_pages, make_file, message):
    response = upload(admin_client, make_file())
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["file"])
    assert message in response.content.decode()
    assert not ImportRun.objects.exists()
    assert not Organisation.objects.exists() and not GoodPracticePage.objects.exists()


# Row refusals: the preview names the row and field; nothing is written and nothing can be confirmed.
@pytest.mark.parametrize(
    ("make_file", "row", "field", "message"),
    [
        (lambda: csv_file(records=unknown_organisation()), "row 7", "organisation", "no organisation “no-such-ngo”"),
        (
            lambda: xlsx_file(records=unknown_organisation()),
            "sheet “practice”, row 2",
            "organisation",
            "no organisation",
        ),
        (lambda: jsonl_file(records=unknown_organisation()), "line 6", "organisation", "no organisation"),
        (lambda: csv_file(records=duplicate_slug()), "row 10", "slug", "repeats the slug and locale of line 7"),
        (lambda: jsonl_file(records=duplicate_slug()), "line 9", "slug", "repeats the slug and locale of line 6"),
        (
            lambda: SimpleUploadedFile("kb.csv", b"type,slug,locale,name,partners\norganisation,a,en,A,{oops\n"),
            "row 2",
            "partners",
            "not valid JSON",
        ),
        (
            lambda: SimpleUploadedFile("kb.jsonl", b'{"type": "theme", "slug": "a", "n": 1' + b"0" * 5000 + b"}\n"),
            "line 1",
            "n",
            "a number of more than 30 digits",
        ),
        (
            lambda: SimpleUploadedFile("kb.jsonl", b'{"type": "theme", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
            "line 1",
            "line",
            "nested more than 16 levels deep",
        ),
        (
            lambda: SimpleUploadedFile("kb.csv", b"type,slug,locale,name,partners\norganisation,a,en,A,[1e999]\n"),
            "row 2",
            "partners[0]",
            "a number too large",
        ),
    ],
    ids=[
        "organisation-csv",
        "organisation-xlsx",
        "organisation-jsonl",
        "duplicate-csv",
        "duplicate-jsonl",
        "bad-json-cell",
        "number-of-5000-digits",
        "deep-nesting",
        "infinite-number-in-a-cell",
    ],
)
def test_bad_rows_are_listed_in_the_preview_and_nothing_is_written(
    admin_client, home_pages, make_file, row, field, message
):
    response = upload(admin_client, make_file())
    rejected = response.context["rejected"]
    assert any(item["row"] == row and item["field"] == field and message in item["message"] for item in rejected), (
        rejected
    )
    assert "The file has errors; nothing has been written" in response.content.decode()
    assert reverse("kb_import:confirm", args=[response.context["run"].pk]) not in response.content.decode()
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.REJECTED and run.rejected_count >= 1 and not run.file
    refused = admin_client.post(reverse("kb_import:confirm", args=[run.pk]), follow=True)
    assert "it was imported already or is not yours" in refused.content.decode()
    assert not Organisation.objects.exists() and not GoodPracticePage.objects.exists()


def test_pending_upload_waits_outside_the_media_tree_under_a_random_name(admin_client, home_pages, settings):
    first = upload(admin_client, rows_csv(3, name="first.csv")).context["run"]
    second = upload(admin_client, rows_csv(3, name="first.csv")).context["run"]
    pending = Path(settings.KB_IMPORT_PENDING_ROOT).resolve()
    path = Path(second.file.path)
    assert path.parent == pending and path.is_file()
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert path.name != "first.csv" and path.suffix == ".csv" and len(path.stem) == 32
    first.refresh_from_db()
    assert not first.file and list(pending.iterdir()) == [path]  # the superseded preview's file is gone
    admin_client.post(reverse("kb_import:confirm", args=[second.pk]))
    assert list(pending.iterdir()) == []


def test_an_uploaded_file_cannot_bring_a_file_of_the_server(admin_client, home_pages):
    material = {
        "type": "material",
        "slug": "guide",
        "locale": "en",
        "title": "Guide",
        "summary": "A guide.",
        "material_kind": "guide",
        "documents": [{"title": "Requirements", "language": "en", "file": "good_practice_hub.egg-info/requires.txt"}],
    }
    response = upload(admin_client, jsonl_file(records=[material]))
    (rejected,) = response.context["rejected"]
    assert (rejected["row"], rejected["field"]) == ("line 1", "documents[0].file")
    assert "an uploaded file cannot bring documents" in rejected["message"]
    assert "pyproject" not in rejected["message"]


def test_a_long_preview_shows_its_first_rows_and_counts_the_rest(admin_client, home_pages):
    response = upload(admin_client, rows_csv(250))
    assert response.context["run"].created_count == 250
    assert len(response.context["outcomes"]) == 200
    assert "50 more rows are not shown." in response.content.decode()
