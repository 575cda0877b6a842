"""The admin import's options and help (practices.knowledge_base.admin_import): "Skip invalid rows", "Create new
terms and organisations", terms named loosely or not at all, Editors importing into drafts, the sample files and
the served format page."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practices.knowledge_base.samples import SAMPLE_RECORDS, SAMPLES
from practices.models import GoodPracticePage, ImportRun, Organisation, Theme
from practices.models.imports import ImportStatus

THEME = {"type": "theme", "slug": "good-governance", "locale": "en", "name": "Good local governance"}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KB_IMPORT_PENDING_ROOT = tmp_path / "pending"


def practice(slug, **values):
    return {"type": "practice", "slug": slug, "locale": "en", "title": slug, "summary": "Summary.", **values}


def jsonl_file(records, name="kb.jsonl"):
    content = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    return SimpleUploadedFile(name, content.encode("utf-8"))


def upload(client, records, **options):
    return client.post(reverse("kb_import:index"), {"file": jsonl_file(records), **options})


def confirm(client, response, **options):
    run = response.context["run"]
    return client.post(reverse("kb_import:confirm", args=[run.pk]), options)


def test_a_loosely_named_theme_is_found_and_a_truly_unknown_one_is_refused_with_the_suggestion(
    admin_client, home_pages
):
    loose = upload(admin_client, [THEME, practice("a", themes=["GOOD GOVERNANCE"]), practice("b", themes=["x"])])
    assert [(row["row"], row["field"]) for row in loose.context["rejected"]] == [("line 3", "themes")]
    message = loose.context["rejected"][0]["message"]
    assert message.startswith("no theme “x” in English.")
    assert loose.context["run"].status == ImportStatus.REJECTED

    unknown = upload(admin_client, [THEME, practice("a", themes=["good governence"])])

    assert unknown.context["run"].status == ImportStatus.REJECTED
    page = unknown.content.decode()
    assert "no theme “good governence” in English; did you mean “Good local governance” (good-governance)?" in page
    assert not Theme.objects.exists()


def test_skip_invalid_rows_imports_the_valid_rows_and_lists_the_others(admin_client, home_pages):
    records = [THEME, practice("a", themes=["good governance"]), practice("b", organisation="nobody")]

    preview = upload(admin_client, records, skip_invalid="on")

    assert preview.context["run"].status == ImportStatus.PREVIEWED
    assert [row["row"] for row in preview.context["rejected"]] == ["line 3"]
    assert "will be skipped" in preview.content.decode()
    assert 'name="skip_invalid" value="on"' in preview.content.decode()
    confirmed = confirm(admin_client, preview, skip_invalid="on")
    assert confirmed.status_code == 302
    assert list(GoodPracticePage.objects.values_list("slug", flat=True)) == ["a"]
    run = ImportRun.objects.get()
    assert (run.status, run.created_count, run.rejected_count) == (ImportStatus.IMPORTED, 2, 1)


def test_create_terms_creates_the_unknown_theme_and_organisation_on_confirmation(admin_client, home_pages):
    records = [practice("a", themes=["Beekeeping"], organisation="Friends of the Park")]

    preview = upload(admin_client, records, create_terms="on")

    assert preview.context["rejected"] == []
    assert "Beekeeping" in preview.content.decode() and not Theme.objects.exists()
    confirm(admin_client, preview, create_terms="on")
    page = GoodPracticePage.objects.get(slug="a")
    assert [theme.slug for theme in page.themes.all()] == ["beekeeping"]
    assert page.lead_organisation == Organisation.objects.get(slug="friends-of-the-park")


def test_an_editor_imports_into_drafts_whatever_the_file_says(editor_client, editor, home_pages):
    assert reverse("kb_import:index") in editor_client.get(reverse("wagtailadmin_home")).content.decode()

    preview = upload(editor_client, [THEME, practice("a", themes=["good-governance"], live=True)])

    assert "You may not publish" in preview.content.decode()
    confirm(editor_client, preview)
    page = GoodPracticePage.objects.get(slug="a")
    assert not page.live and page.has_unpublished_changes
    assert page.latest_revision.user == editor


def test_a_reviewer_may_publish_through_an_import(reviewer_client, home_pages):
    preview = upload(reviewer_client, [THEME, practice("a", themes=["good-governance"], live=True)])

    confirm(reviewer_client, preview)

    assert GoodPracticePage.objects.get(slug="a").live


@pytest.mark.parametrize("extension", list(SAMPLES))
def test_each_sample_file_downloads_and_imports_as_it_is(admin_client, home_pages, extension):
    response = admin_client.get(reverse("kb_import:sample", args=[extension]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="sample.{extension}"'

    preview = admin_client.post(
        reverse("kb_import:index"), {"file": SimpleUploadedFile(f"sample.{extension}", response.content)}
    )

    assert preview.context["rejected"] == []
    assert preview.context["run"].created_count == len(SAMPLE_RECORDS)
    confirm(admin_client, preview)
    translation = GoodPracticePage.objects.get(slug="example-parlament-mladych")
    assert translation.translation_key == GoodPracticePage.objects.get(slug="example-youth-parliament").translation_key


def test_an_unknown_sample_format_is_not_found(admin_client):
    assert admin_client.get(reverse("kb_import:sample", args=["pdf"])).status_code == 404


def test_the_format_page_serves_the_import_format_with_links_to_the_samples(editor_client, home_pages):
    response = editor_client.get(reverse("kb_import:format"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<h2>Spreadsheets (CSV, XLSX) and the admin's import</h2>" in page.replace("&#x27;", "'")
    assert "<table>" in page
    assert reverse("kb_import:sample", args=["xlsx"]) in page
    assert reverse("kb_import:format") in editor_client.get(reverse("kb_import:index")).content.decode()


def test_samples_and_format_need_the_import_permission(contributor_client, home_pages):
    assert contributor_client.get(reverse("kb_import:format")).status_code in (302, 403)
    assert contributor_client.get(reverse("kb_import:sample", args=["csv"])).status_code in (302, 403)
