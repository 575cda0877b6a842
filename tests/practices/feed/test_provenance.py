"""Translation provenance in feed items (practices.feed.provenance, docs/api.md): source locale, who translated,
when the translation was last synced by wagtail-localize and whether its source changed since; and the
``translation_origin`` key of the import format."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail_localize.models import Translation, TranslationLog, TranslationSource
from wagtail_localize.operations import TranslationCreator

from practices.models import GoodPracticePage, PracticeIndexPage
from tests.practices.feed_fixtures import FEED, add_page, index_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_practice(locales):
    return add_page(index_of(PracticeIndexPage, locales["en"]), GoodPracticePage, "Youth parliament", country="CZ")


def translate(page, *locales, user=None, on_commit=None):
    """Submit ``page`` for translation with wagtail-localize, as the admin's "Translate" action does; the
    translations start as drafts and are published here, as a reviewer would."""
    with on_commit(execute=True):
        TranslationCreator(user, list(locales)).create_translations(page)
    for locale in locales:
        with on_commit(execute=True):
            page.get_translation(locale).get_latest_revision().publish()
    return {locale.language_code: page.get_translation(locale).specific for locale in locales}


def sync(page, locale, on_commit):
    """Update the source from the page and re-sync one translation, as the admin's "Sync translated pages" does."""
    source = TranslationSource.objects.get_for_instance(page)
    source.update_from_db()
    with on_commit(execute=True):
        Translation.objects.get(source=source, target_locale=locale).save_target(publish=True)


def republish(page, title):
    page.title = title
    page.save_revision().publish()


def provenance(client, page):
    response = client.get(f"{FEED}practices/{page.pk}/")
    assert response.status_code == 200, response.content
    return response.json()["translation"]


def last_sync_time(page):
    log = TranslationLog.objects.filter(locale=page.locale).latest("created_at")
    return log.created_at.isoformat().replace("+00:00", "Z")


def test_item_that_is_its_own_source_says_so(client, english_practice):
    assert provenance(client, english_practice) == {
        "source_locale": "en",
        "origin": "human",
        "synced_at": None,
        "source_changed_since_sync": False,
    }


def test_translation_made_with_wagtail_localize_names_its_source_and_sync_time(
    client, locales, english_practice, django_capture_on_commit_callbacks
):
    czech = translate(english_practice, locales["cs"], on_commit=django_capture_on_commit_callbacks)["cs"]
    GoodPracticePage.objects.filter(pk=czech.pk).update(translation_origin="machine-reviewed")

    assert provenance(client, czech) == {
        "source_locale": "en",
        "origin": "machine-reviewed",
        "synced_at": last_sync_time(czech),
        "source_changed_since_sync": False,
    }
    assert provenance(client, english_practice)["source_locale"] == "en"


def test_source_published_after_the_sync_marks_the_translation_until_it_is_synced_again(
    client, locales, english_practice, django_capture_on_commit_callbacks
):
    czech = translate(english_practice, locales["cs"], on_commit=django_capture_on_commit_callbacks)["cs"]
    first_sync = last_sync_time(czech)

    republish(english_practice, "Youth parliament of Brno")
    changed = provenance(client, czech)
    assert (changed["synced_at"], changed["source_changed_since_sync"]) == (first_sync, True)
    assert provenance(client, english_practice)["source_changed_since_sync"] is False

    sync(english_practice, locales["cs"], django_capture_on_commit_callbacks)
    synced = provenance(client, czech)
    assert synced["source_changed_since_sync"] is False
    assert synced["synced_at"] == last_sync_time(czech) > first_sync


def test_source_extracted_again_for_another_language_marks_the_translation_not_synced(
    client, locales, english_practice, django_capture_on_commit_callbacks
):
    on_commit = django_capture_on_commit_callbacks
    versions = translate(english_practice, locales["cs"], locales["bg"], on_commit=on_commit)
    GoodPracticePage.objects.filter(pk=english_practice.pk).update(summary="A summary changed without publishing.")

    sync(english_practice, locales["bg"], on_commit)

    assert provenance(client, versions["bg"])["source_changed_since_sync"] is False
    assert provenance(client, versions["cs"])["source_changed_since_sync"] is True


def test_translation_made_without_wagtail_localize_names_the_oldest_version_and_no_sync(
    client, locales, english_practice
):
    czech = add_page(
        index_of(PracticeIndexPage, locales["cs"]),
        GoodPracticePage,
        "Dětský parlament",
        source=english_practice,
        translation_origin="machine",
    )
    assert provenance(client, czech) == {
        "source_locale": "en",
        "origin": "machine",
        "synced_at": None,
        "source_changed_since_sync": None,
    }


def test_list_items_carry_provenance_with_a_number_of_queries_independent_of_the_page_size(
    client, locales, django_capture_on_commit_callbacks
):
    index = index_of(PracticeIndexPage, locales["en"])
    sources = [add_page(index, GoodPracticePage, f"Practice {number}", country="CZ") for number in range(6)]
    for source in sources:
        translate(source, locales["cs"], on_commit=django_capture_on_commit_callbacks)

    # One request first fills what any first request of a process loads once (the site root paths, the locales).
    client.get(f"{FEED}practices/", {"page_size": 1})
    counts = {}
    for page_size in (2, 12):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{FEED}practices/", {"page_size": page_size})
        results = response.json()["results"]
        assert len(results) == page_size
        assert {item["translation"]["source_locale"] for item in results} == {"en"}
        counts[page_size] = len(queries)
    assert counts[2] == counts[12]


def test_import_sets_translation_origin_and_export_writes_it(tmp_path, locales):
    lines = [
        {"type": "practice", "slug": "youth-parliament", "locale": "en", "title": "Youth parliament", "summary": "S."},
        {
            "type": "practice",
            "slug": "detsky-parlament",
            "locale": "cs",
            "translation_of": "youth-parliament",
            "title": "Dětský parlament",
            "summary": "S.",
            "translation_origin": "machine",
        },
    ]
    path = tmp_path / "kb.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    call_command("import_kb", str(path), "--no-progress", stdout=StringIO(), stderr=StringIO())

    origins = dict(GoodPracticePage.objects.values_list("slug", "translation_origin"))
    assert origins == {"youth-parliament": "human", "detsky-parlament": "machine"}
    output = tmp_path / "out.jsonl"
    call_command("export_kb", "-o", str(output), "--type", "practice", stdout=StringIO())
    exported = {line["slug"]: line["translation_origin"] for line in map(json.loads, output.read_text().splitlines())}
    assert exported == origins


def test_import_rejects_an_unknown_translation_origin_naming_the_key(tmp_path, locales):
    line = {"type": "practice", "slug": "x", "locale": "en", "title": "X", "summary": "S.", "translation_origin": "ai"}
    path = tmp_path / "kb.jsonl"
    path.write_text(json.dumps(line) + "\n")
    stderr = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_kb", str(path), "--no-progress", stdout=StringIO(), stderr=stderr)
    assert "translation_origin" in stderr.getvalue()
    assert not GoodPracticePage.objects.exists()
