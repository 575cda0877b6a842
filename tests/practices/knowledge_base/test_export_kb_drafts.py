"""Moving a site loses nothing (issue 21): `export_kb --with-drafts` carries unpublished work, `import_kb` restores
it as the admin showed it (live content with a draft on top, never-published items as drafts), and export → import
→ export is byte-identical, document files and their names included. Run on SQLite and on PostgreSQL."""

import io
import json
import shutil
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry

from practices.knowledge_base.importer import KnowledgeBaseImporter
from practices.models import (
    FundingProgramme,
    GoodPracticePage,
    MaterialPage,
    Method,
    Organisation,
    TargetGroup,
    Theme,
    TrainingVideoPage,
)

RICH_KB = Path(__file__).parents[1] / "data" / "rich_kb.jsonl"
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
OTHER_PDF_BYTES = PDF_BYTES.replace(b"Catalog", b"Catalog /Lang (cs)")
PRACTICE_CS = "future-city-game-v-plzni"
PRACTICE_EN = "future-city-game-in-pilsen"
MATERIAL_CS = "future-city-game-pruvodce"
VIDEO_CS = "jak-usporadat-future-city-game"
# A second material whose document's file has the same name as the first material's: the storage stores it
# under another name, which the export must keep.
SECOND_MATERIAL = {
    "type": "material",
    "slug": "druhy-pruvodce",
    "locale": "cs",
    "live": True,
    "title": "Druhý průvodce",
    "summary": "Pro druhé kolo hry.",
    "material_kind": "guide",
    "documents": [{"title": "Druhý průvodce (PDF)", "language": "cs", "file": "documents/pruvodce.pdf"}],
}
# An item never published, in Czech and in an English translation.
NEVER_PUBLISHED = [
    {
        "type": "practice",
        "slug": "participativni-rozpocet-v-pisku",
        "locale": "cs",
        "live": False,
        "title": "Participativní rozpočet v Písku",
        "summary": "Rozpracováno.",
        "themes": ["youth-participation"],
        "organisation": "cpkp",
    },
    {
        "type": "practice",
        "slug": "participatory-budget-in-pisek",
        "locale": "en",
        "translation_of": "participativni-rozpocet-v-pisku",
        "live": False,
        "title": "Participatory budget in Písek",
        "summary": "Work in progress.",
    },
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def import_lines(folder, lines, **options):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kb.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    report = KnowledgeBaseImporter(**options).import_file(path)
    assert report.errors == []
    return report


def page(model, slug):
    return model.objects.get(slug=slug)


@pytest.fixture
def kb_with_drafts(tmp_path, locales):
    """The rich knowledge base, published, and then worked on as editors do in the admin: drafts saved on live
    items (one of them switching to another document), an item unpublished and edited since, and an item with its
    translation never published, edited after its creation."""
    folder = tmp_path / "kb"
    (folder / "documents").mkdir(parents=True)
    (folder / "documents" / "pruvodce.pdf").write_bytes(PDF_BYTES)
    shutil.copy(RICH_KB, folder / "kb.jsonl")
    assert KnowledgeBaseImporter(publish=True).import_file(folder / "kb.jsonl").errors == []
    other = tmp_path / "other"
    (other / "documents").mkdir(parents=True)
    (other / "documents" / "pruvodce.pdf").write_bytes(OTHER_PDF_BYTES)
    import_lines(other, [SECOND_MATERIAL])
    import_lines(tmp_path / "unpublished", NEVER_PUBLISHED)

    practice = page(GoodPracticePage, PRACTICE_CS)
    practice.title = "Future City Game v Plzni (přepracováno)"
    practice.summary = "Nové shrnutí, zatím neschválené."
    practice.methods = []
    practice.partners = []
    practice.save_revision()
    translation = page(GoodPracticePage, PRACTICE_EN)
    translation.lessons_learned = "Publish what became of the ideas."
    translation.save_revision()
    material = page(MaterialPage, MATERIAL_CS)
    second_document = get_document_model().objects.get(title="Druhý průvodce (PDF)")
    material.documents = [("document", {"document": second_document, "language": "cs"})]
    material.save_revision()
    video = page(TrainingVideoPage, VIDEO_CS)
    video.unpublish()
    video.title = "Jak uspořádat Future City Game (nová verze)"
    video.save_revision()
    never_published = page(GoodPracticePage, "participativni-rozpocet-v-pisku")
    never_published.summary = "Rozpracováno, druhá verze."
    never_published.save_revision()


def export_to(folder, *options):
    folder.mkdir(parents=True, exist_ok=True)
    call_command("export_kb", "--output", str(folder / "kb.jsonl"), *options, stdout=StringIO())
    return folder / "kb.jsonl"


def lines_of(path):
    return {
        (line["type"], line["slug"]): line for line in map(json.loads, path.read_text(encoding="utf-8").splitlines())
    }


def empty_knowledge_base():
    """What a new site has: its sections, no items, terms, organisations or documents (nor their files)."""
    Page.objects.filter(depth__gt=3).delete()
    for model in (Organisation, FundingProgramme, Method, TargetGroup, Theme):
        model.objects.all().delete()
    for document in get_document_model().objects.all():
        document.file.delete(save=False)  # as Wagtail does once the deletion commits
        document.delete()


def files_of(folder):
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted((folder / "documents").rglob("*"))
        if path.is_file()
    }


# --- the round trip --------------------------------------------------------------------------------------------
def test_export_with_drafts_import_export_is_byte_identical_file_names_included(kb_with_drafts, tmp_path):
    first = export_to(tmp_path / "first", "--with-drafts")
    empty_knowledge_base()

    call_command("import_kb", str(first), stdout=StringIO())
    second = export_to(tmp_path / "second", "--with-drafts")

    assert second.read_bytes() == first.read_bytes()
    assert files_of(tmp_path / "second") == files_of(tmp_path / "first")
    assert sorted(files_of(tmp_path / "first").values()) == sorted([PDF_BYTES, OTHER_PDF_BYTES])
    assert Page.find_problems() == ([], [], [], [], [])


def test_second_round_trip_names_the_documents_as_the_first(kb_with_drafts, tmp_path):
    """No prefix or suffix grows on file names, however many times a site moves."""
    first = export_to(tmp_path / "first", "--with-drafts")
    for run in ("second", "third"):
        empty_knowledge_base()
        call_command(
            "import_kb", str(first if run == "second" else tmp_path / "second" / "kb.jsonl"), stdout=StringIO()
        )
        export_to(tmp_path / run, "--with-drafts")

    assert (tmp_path / "third" / "kb.jsonl").read_bytes() == first.read_bytes()
    assert list(files_of(tmp_path / "third")) == list(files_of(tmp_path / "first"))


def test_importing_an_export_with_drafts_into_its_own_site_changes_nothing(kb_with_drafts, tmp_path):
    first = export_to(tmp_path / "first", "--with-drafts")

    report = KnowledgeBaseImporter().import_file(first)

    assert report.errors == []
    assert report.created == report.updated == []
    assert export_to(tmp_path / "second", "--with-drafts").read_bytes() == first.read_bytes()


# --- what the export writes ------------------------------------------------------------------------------------
def test_published_item_with_a_draft_carries_it_without_the_items_identity(kb_with_drafts, tmp_path):
    lines = lines_of(export_to(tmp_path / "out", "--with-drafts"))

    line = lines[("practice", PRACTICE_CS)]
    assert (line["live"], line["title"], line["methods"]) == (True, "Future City Game v Plzni", ["future-city-game"])
    draft = line["draft"]
    assert (draft["title"], draft["summary"], draft["methods"], draft["partners"]) == (
        "Future City Game v Plzni (přepracováno)",
        "Nové shrnutí, zatím neschválené.",
        [],
        [],
    )
    assert list(line)[-1] == "draft"
    assert not {"type", "locale", "translation_of", "live", "draft"} & set(draft)
    assert draft["slug"] == PRACTICE_CS
    assert lines[("practice", PRACTICE_EN)]["draft"]["lessons_learned"] == "Publish what became of the ideas."
    assert lines[("material", MATERIAL_CS)]["draft"]["documents"][0]["title"] == "Druhý průvodce (PDF)"
    assert "draft" not in lines[("material", "druhy-pruvodce")]  # published, no unpublished changes


def test_items_that_are_not_live_are_written_as_their_latest_draft(kb_with_drafts, tmp_path):
    lines = lines_of(export_to(tmp_path / "out", "--with-drafts"))

    never_published = lines[("practice", "participativni-rozpocet-v-pisku")]
    assert (never_published["live"], never_published["summary"]) == (False, "Rozpracováno, druhá verze.")
    assert lines[("practice", "participatory-budget-in-pisek")]["translation_of"] == "participativni-rozpocet-v-pisku"
    unpublished = lines[("video", VIDEO_CS)]
    assert (unpublished["live"], unpublished["title"]) == (False, "Jak uspořádat Future City Game (nová verze)")
    assert not any("draft" in line for line in lines.values() if line.get("live") is False)


def test_export_without_drafts_writes_the_published_content_only(kb_with_drafts, tmp_path):
    lines = lines_of(export_to(tmp_path / "out"))

    assert not any("draft" in line for line in lines.values())
    assert lines[("practice", PRACTICE_CS)]["title"] == "Future City Game v Plzni"


# --- what the import restores ----------------------------------------------------------------------------------
def test_import_restores_live_content_with_the_draft_on_top(kb_with_drafts, tmp_path):
    first = export_to(tmp_path / "first", "--with-drafts")
    empty_knowledge_base()

    call_command("import_kb", str(first), stdout=StringIO())

    practice = page(GoodPracticePage, PRACTICE_CS)
    assert (practice.live, practice.has_unpublished_changes) == (True, True)
    assert practice.title == "Future City Game v Plzni"
    assert [method.slug for method in practice.methods.all()] == ["future-city-game"]
    assert practice.live_revision_id != practice.latest_revision_id
    assert practice.live_revision.as_object().title == "Future City Game v Plzni"
    draft = practice.get_latest_revision_as_object()
    assert (draft.title, draft.draft_title) == ("Future City Game v Plzni (přepracováno)",) * 2
    assert list(draft.methods.all()) == list(draft.partners.all()) == []
    assert practice.draft_title == "Future City Game v Plzni (přepracováno)"
    assert [entry.action for entry in PageLogEntry.objects.filter(page=practice).order_by("pk")] == [
        "wagtail.create",
        "wagtail.publish",
        "wagtail.edit",
    ]


def test_import_keeps_never_published_items_and_translations_as_drafts(kb_with_drafts, tmp_path):
    first = export_to(tmp_path / "first", "--with-drafts")
    empty_knowledge_base()

    call_command("import_kb", str(first), stdout=StringIO())

    source = page(GoodPracticePage, "participativni-rozpocet-v-pisku")
    translation = page(GoodPracticePage, "participatory-budget-in-pisek")
    assert (source.live, translation.live) == (False, False)
    assert source.get_latest_revision_as_object().summary == "Rozpracováno, druhá verze."
    assert translation.translation_key == source.translation_key
    assert page(TrainingVideoPage, VIDEO_CS).live is False


# --- the admin's download ----------------------------------------------------------------------------------------
def test_import_page_offers_the_knowledge_base_with_or_without_drafts(admin_client, home_pages):
    response = admin_client.get(reverse("kb_import:index"))

    assert response.status_code == 200
    page_html = response.content.decode()
    assert f'action="{reverse("kb_import:export")}"' in page_html
    assert 'name="with_drafts"' in page_html
    assert "Include drafts" in page_html


@pytest.mark.parametrize("options", [[], ["--with-drafts"]], ids=["published", "with-drafts"])
def test_admin_download_is_what_export_kb_writes_with_the_documents(admin_client, kb_with_drafts, tmp_path, options):
    query = {"with_drafts": "on"} if options else {}
    expected = export_to(tmp_path / "command", *options)

    response = admin_client.get(reverse("kb_import:export"), query)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].endswith(f'{"-with-drafts" if options else ""}.zip"')
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.read("knowledge-base.jsonl") == expected.read_bytes()
    documents = {name: archive.read(name) for name in archive.namelist() if name.startswith("documents/")}
    assert documents == files_of(tmp_path / "command")


def test_admin_download_needs_the_import_permission(contributor_client, home_pages):
    assert contributor_client.get(reverse("kb_import:export")).status_code in (302, 403)


# --- validation --------------------------------------------------------------------------------------------------
LIVE_PRACTICE = {
    "type": "practice",
    "slug": "nova-praxe",
    "locale": "cs",
    "live": True,
    "title": "Nová praxe",
    "summary": "Shrnutí.",
}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ({**LIVE_PRACTICE, "draft": []}, 'line 1: field "draft": expected a JSON object'),
        (
            {**LIVE_PRACTICE, "live": False, "draft": {"title": "Koncept"}},
            'line 1: field "draft": only a published item (“live”: true) has a draft; the line of an unpublished '
            "item is its draft",
        ),
        (
            {**LIVE_PRACTICE, "draft": {"locale": "en"}},
            'line 1: field "draft.locale": unknown key for a line of type “practice”',
        ),
        (
            {**LIVE_PRACTICE, "draft": {"draft": {}}},
            'line 1: field "draft.draft": unknown key for a line of type “practice”',
        ),
        ({**LIVE_PRACTICE, "draft": {"title": ""}}, 'line 1: field "draft.title": this key is required'),
        (
            {**LIVE_PRACTICE, "draft": {"slug": "Nová"}},
            'line 1: field "draft.slug": expected lower-case letters, '
            "digits and single hyphens, at most 100 characters",
        ),
        (
            {**LIVE_PRACTICE, "draft": {"start_date": "1. 5. 2024"}},
            'line 1: field "draft.start_date": “1. 5. 2024” is not a date as YYYY-MM-DD',
        ),
        (
            {**LIVE_PRACTICE, "draft": {"themes": ["beekeeping"]}},
            'line 1: field "draft.themes": no theme “beekeeping” in Czech',
        ),
        (
            {**LIVE_PRACTICE, "draft": {"start_date": "2024-05-01", "end_date": "2024-01-01"}},
            'line 1: field "draft.end_date": ',
        ),
    ],
    ids=["not-an-object", "not-live", "identity-key", "nested", "required", "slug", "date", "unknown-term", "rule"],
)
def test_a_bad_draft_is_reported_with_line_and_key_and_nothing_is_written(tmp_path, locales, line, expected):
    path = tmp_path / "kb.jsonl"
    valid = {**LIVE_PRACTICE, "slug": "platna-praxe"}
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n" + json.dumps(valid) + "\n", encoding="utf-8")
    stderr = StringIO()

    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_kb", str(path), stdout=StringIO(), stderr=stderr)

    assert stderr.getvalue().startswith(expected), stderr.getvalue()
    assert not GoodPracticePage.objects.exists()
