"""export_kb (docs/import-format.md): the canonical JSON Lines it writes, its filters, the documents it copies, and
the round trip through import_kb without loss."""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Page

from practices.knowledge_base.importer import KnowledgeBaseImporter
from practices.models import FundingProgramme, Method, Organisation, TargetGroup, Theme
from search.models import Concept

RICH_KB = Path(__file__).parents[1] / "data" / "rich_kb.jsonl"
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TAXONOMY_TYPES = ("theme", "target_group", "method", "funding_programme")
PAGE_TYPES = ("practice", "material", "video")
# The keys every exported line of a type carries, with the value written when the item has none.
EMPTY_TAXONOMY = {"description": ""}
EMPTY_ORGANISATION = {"kind": "ngo", "country": "", "city": "", "address": "", "website": "", "email": "", "phone": ""}
EMPTY_ITEM = {
    "translation_of": "",
    "live": True,
    "summary": "",
    "body": [],
    "themes": [],
    "target_groups": [],
    "licence": "cc-by-4.0",
    "last_verified": None,
    "quality_mark": "",
    "translation_origin": "human",
    "funding_programme": "",
    "project_code": "",
    "programme_record_url": "",
}

EXPECTED_MATERIAL = {
    **EMPTY_ITEM,
    "type": "material",
    "slug": "future-city-game-pruvodce",
    "locale": "cs",
    "title": "Future City Game: průvodce pro obce",
    "summary": "Jak hru připravit, vést a co udělat s výsledky.",
    "body": [
        {"type": "paragraph", "value": "<p>Průvodce provede obec přípravou hry.</p><p>Obsahuje kontrolní seznam.</p>"}
    ],
    "themes": ["youth-participation"],
    "target_groups": ["young-people"],
    "material_kind": "guide",
    "documents": [{"title": "Future City Game – průvodce", "language": "cs"}],  # "file" is checked separately
    "publication_date": "2021-03-15",
    "organisation": "cpkp",
}
EXPECTED_VIDEO = {
    **EMPTY_ITEM,
    "type": "video",
    "slug": "jak-usporadat-future-city-game",
    "locale": "cs",
    "title": "Jak uspořádat Future City Game",
    "summary": "Návod krok za krokem.",
    "themes": ["youth-participation"],
    "video_url": "https://www.youtube.com/watch?v=Fq7cG2xLm0A",
    "duration_seconds": 754,
    "spoken_language": "cs",
    "subtitle_languages": ["cs", "en"],
    "transcript": "Dobrý den a vítejte.",
    "chapters": [{"start_seconds": 0, "title": "Co je Future City Game"}, {"start_seconds": 62, "title": "Zadání"}],
    "speakers": [{"name": "Moderátorka", "role": ""}, {"name": "Jan Novák", "role": "facilitátor"}],
    "related_materials": ["future-city-game-pruvodce"],
}
EXPECTED_PRACTICE_CS = {
    **EMPTY_ITEM,
    "type": "practice",
    "slug": "future-city-game-v-plzni",
    "locale": "cs",
    "title": "Future City Game v Plzni",
    "summary": "Mladí lidé navrhli, jak oživit nevyužité nádraží.",
    "body": [
        {"type": "heading", "value": "Proč"},
        {
            "type": "paragraph",
            "value": "<p>Obec chtěla slyšet <strong>mladé lidi</strong>.</p><ul><li>hra</li><li>porota</li></ul>",
        },
    ],
    "themes": ["youth-participation"],
    "target_groups": ["young-people"],  # given by name, written by slug
    "licence": "cc-by-sa-4.0",
    "last_verified": {"date": "2024-05-01", "by": "editor"},
    "quality_mark": "verified",
    "funding_programme": "eea-norway-grants",
    "project_code": "07-23-73",
    "programme_record_url": "https://eeagrants.org/archive/2014-2021/projects/CZ-LOCALDEV-0001",
    "country": "CZ",
    "region": "Plzeňský kraj",
    "municipality": "Plzeň",
    "location": {"lat": "49.7475", "lng": "13.3776"},  # decimals keep every digit as strings
    "organisation": "cpkp",
    "partners": [{"organisation": "plzen", "role": ""}, {"organisation": "british-council", "role": "autor metody"}],
    "budget": {"amount": "1989272.02", "currency": "HRK"},
    "start_date": "2020-08-01",
    "end_date": "2022-08-01",
    "status": "completed",
    "methods": ["future-city-game"],
    "outcomes": [
        {"value": 55, "label": "konzultací s veřejností"},
        {"value": 40, "label": "vyškolených obcí"},
        {"value": "2.5", "label": "dne příprav na tým"},
    ],
    "lessons_learned": "Zveřejněte, co se s nápady stalo.",
    "source_links": [{"url": "https://www.cpkp.cz/future-city-game", "title": "CpKP: Future City Game"}],
    "gallery": [],
    "transfer": {
        "cost_band": "medium",
        "staff_time": "koordinátor na půl úvazku",
        "municipality_size": "any",
        "prerequisites": "Podpora vedení obce.",
    },
    "related_materials": ["future-city-game-pruvodce"],
    "related_videos": ["jak-usporadat-future-city-game"],
}
EXPECTED_PRACTICE_EN = {
    **EMPTY_ITEM,
    "type": "practice",
    "slug": "future-city-game-in-pilsen",
    "locale": "en",
    "translation_of": "future-city-game-v-plzni",
    "title": "Future City Game in Pilsen",
    "summary": "Young people proposed how to bring a disused station back to life.",
    "body": [
        {"type": "heading", "value": "Why"},
        {"type": "paragraph", "value": "<p>The city wanted to hear <em>young people</em>.</p>"},
        {"type": "quote", "value": {"text": "We were heard.", "attribution": "a participant"}},
        {"type": "key_figures", "value": [{"value": "55", "label": "consultations"}]},
    ],
    "themes": ["youth-participation"],
    "target_groups": ["young-people"],
    "licence": "cc-by-sa-4.0",
    "quality_mark": "verified",
    "funding_programme": "eea-norway-grants",
    "country": "CZ",
    "region": "Plzeň Region",
    "municipality": "Pilsen",
    "location": {"lat": "49.7475", "lng": "13.3776"},
    "organisation": "cpkp",
    "partners": [
        {"organisation": "plzen", "role": ""},
        {"organisation": "british-council", "role": "developer of the method"},
    ],
    "budget": {"amount": "1989272.02", "currency": "HRK"},
    "start_date": "2020-08-01",
    "end_date": "2022-08-01",
    "status": "completed",
    "methods": ["future-city-game"],
    "outcomes": [{"value": 55, "label": "public consultations"}, {"value": 40, "label": "municipalities trained"}],
    "lessons_learned": "",
    "source_links": [],
    "gallery": [],
    "transfer": {"cost_band": "", "staff_time": "", "municipality_size": "", "prerequisites": ""},
    "related_materials": [],
    "related_videos": [],
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def rich_kb(tmp_path, locales):
    """Import data/rich_kb.jsonl, published, with its PDF in documents/ beside it, into a site without the seeded
    thesaurus, so that an export is the file's lines (test_export_kb_concepts.py exports concepts)."""
    Concept.objects.all().delete()
    folder = tmp_path / "kb"
    (folder / "documents").mkdir(parents=True)
    (folder / "documents" / "pruvodce.pdf").write_bytes(PDF_BYTES)
    shutil.copy(RICH_KB, folder / "kb.jsonl")
    report = KnowledgeBaseImporter(publish=True).import_file(folder / "kb.jsonl")
    assert report.errors == []
    return folder / "kb.jsonl"


def source_items():
    lines = RICH_KB.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip() and not line.startswith("//")]


def export_to(path, *options):
    """Run `export_kb --output path`; return the decoded lines and the command's message."""
    path.parent.mkdir(parents=True, exist_ok=True)
    stdout = StringIO()
    call_command("export_kb", "--output", str(path), *options, stdout=stdout)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()], stdout.getvalue()


def identities(lines):
    return [(line["type"], line["slug"], line["locale"]) for line in lines]


def without_files(line):
    """The line with each document's file reference removed (it names the copied file)."""
    if "documents" not in line:
        return line
    return {**line, "documents": [{k: v for k, v in doc.items() if k != "file"} for doc in line["documents"]]}


def with_file_contents(lines, folder):
    """Replace each document's file reference by the bytes of the file it names, to compare two exports."""
    return [
        {
            **line,
            "documents": [{**doc, "file": (folder / doc["file"]).read_bytes()} for doc in line["documents"]],
        }
        if "documents" in line
        else line
        for line in lines
    ]


# --- the canonical form ----------------------------------------------------------------------------------------
def test_export_writes_taxonomy_and_organisations_first_then_materials_videos_and_practices(rich_kb, tmp_path):
    lines, message = export_to(tmp_path / "out" / "kb.jsonl")

    assert message == f"18 lines written to {tmp_path / 'out' / 'kb.jsonl'}\n"
    source = identities(source_items())
    assert identities(lines) == source  # the rich file is already in the export's order


@pytest.mark.parametrize("kind", [*TAXONOMY_TYPES, "organisation"])
def test_exported_term_and_organisation_lines_are_the_source_lines_with_every_key(rich_kb, tmp_path, kind):
    lines, _message = export_to(tmp_path / "out" / "kb.jsonl", "--type", kind)

    empty = EMPTY_ORGANISATION if kind == "organisation" else EMPTY_TAXONOMY
    if kind == "funding_programme":
        empty = {**empty, "url": ""}
    expected = [{**empty, **line} for line in source_items() if line["type"] == kind]
    assert lines == expected
    assert all(list(line)[:4] == ["type", "slug", "locale", "name"] for line in lines)


@pytest.mark.parametrize(
    "expected",
    [EXPECTED_MATERIAL, EXPECTED_VIDEO, EXPECTED_PRACTICE_CS, EXPECTED_PRACTICE_EN],
    ids=["material", "video", "practice", "translation"],
)
def test_exported_item_line_is_the_canonical_form_of_its_source_line(rich_kb, tmp_path, expected):
    lines, _message = export_to(tmp_path / "out" / "kb.jsonl")

    [line] = [line for line in lines if line["slug"] == expected["slug"]]
    assert without_files(line) == expected
    assert list(line)[:5] == ["type", "slug", "locale", "translation_of", "live"]


def test_exported_lines_never_refer_to_a_later_line(rich_kb, tmp_path):
    lines, _message = export_to(tmp_path / "out" / "kb.jsonl")

    seen = set()
    for line in lines:
        kind, locale = line["type"], line["locale"]
        if kind in PAGE_TYPES:
            if line["translation_of"]:
                assert any(key[:2] == (kind, line["translation_of"]) for key in seen)
            references = [("theme", slug) for slug in line["themes"]]
            references += [("target_group", slug) for slug in line["target_groups"]]
            references += [("method", slug) for slug in line.get("methods", [])]
            references += [("material", slug) for slug in line.get("related_materials", [])]
            references += [("video", slug) for slug in line.get("related_videos", [])]
            references += [("organisation", p["organisation"]) for p in line.get("partners", [])]
            references += [("organisation", line["organisation"])] if line.get("organisation") else []
            references += [("funding_programme", line["funding_programme"])] if line["funding_programme"] else []
            for reference in references:
                assert (*reference, locale) in seen, f"{line['slug']} refers to {reference} before it is written"
        seen.add((kind, line["slug"], locale))


# --- round trips -----------------------------------------------------------------------------------------------
def test_exported_file_imports_back_without_any_change(rich_kb, tmp_path):
    export_to(tmp_path / "out" / "kb.jsonl")

    report = KnowledgeBaseImporter().import_file(tmp_path / "out" / "kb.jsonl")

    assert report.errors == []
    assert report.created == report.updated == []
    assert report.unchanged == identities(source_items())


def test_export_imported_into_an_emptied_database_exports_the_same_lines(rich_kb, tmp_path):
    first, _message = export_to(tmp_path / "first" / "kb.jsonl")
    Page.objects.filter(depth__gt=3).delete()
    for model in (Organisation, FundingProgramme, Method, TargetGroup, Theme):
        model.objects.all().delete()
    get_document_model().objects.all().delete()

    report = KnowledgeBaseImporter().import_file(tmp_path / "first" / "kb.jsonl")
    second, _message = export_to(tmp_path / "second" / "kb.jsonl")

    assert report.errors == []
    assert len(report.created) == 18
    assert with_file_contents(second, tmp_path / "second") == with_file_contents(first, tmp_path / "first")
    assert Page.find_problems() == ([], [], [], [], [])


def test_export_import_export_is_byte_identical_file_names_included(rich_kb, tmp_path):
    export_to(tmp_path / "first" / "kb.jsonl")
    Page.objects.filter(depth__gt=3).delete()
    for model in (Organisation, FundingProgramme, Method, TargetGroup, Theme):
        model.objects.all().delete()
    for document in get_document_model().objects.all():
        document.file.delete(save=False)  # as Wagtail does once the deletion commits
        document.delete()

    KnowledgeBaseImporter().import_file(tmp_path / "first" / "kb.jsonl")
    export_to(tmp_path / "second" / "kb.jsonl")

    first, second = ((tmp_path / run / "kb.jsonl").read_bytes() for run in ("first", "second"))
    assert second == first
    assert sorted(path.name for path in (tmp_path / "second" / "documents").iterdir()) == sorted(
        path.name for path in (tmp_path / "first" / "documents").iterdir()
    )


# --- filters and output ----------------------------------------------------------------------------------------
def test_locale_filter_exports_only_that_language(rich_kb, tmp_path):
    lines, _message = export_to(tmp_path / "out" / "kb.jsonl", "--locale", "cs")

    assert identities(lines) == [key for key in identities(source_items()) if key[2] == "cs"]


def test_type_filter_exports_only_that_type(rich_kb, tmp_path):
    lines, _message = export_to(tmp_path / "out" / "kb.jsonl", "--type", "practice")

    assert identities(lines) == [
        ("practice", "future-city-game-v-plzni", "cs"),
        ("practice", "future-city-game-in-pilsen", "en"),
    ]


def test_repeated_type_filter_exports_each_type_in_the_order_given(rich_kb, tmp_path):
    lines, _message = export_to(tmp_path / "out" / "kb.jsonl", "--type", "organisation", "--type", "theme")

    assert [line["type"] for line in lines] == ["organisation"] * 6 + ["theme"] * 2


def test_locale_and_type_filters_combine(rich_kb, tmp_path):
    lines, _message = export_to(tmp_path / "out" / "kb.jsonl", "--locale", "en", "--type", "practice")

    assert identities(lines) == [("practice", "future-city-game-in-pilsen", "en")]


def test_output_copies_documents_beside_the_file_and_lines_name_them(rich_kb, tmp_path):
    lines, _message = export_to(tmp_path / "out" / "kb.jsonl")

    [material] = [line for line in lines if line["type"] == "material"]
    [document] = material["documents"]
    assert document["file"].startswith("documents/")
    assert (tmp_path / "out" / document["file"]).read_bytes() == PDF_BYTES
    assert [path.name for path in (tmp_path / "out" / "documents").iterdir()] == [Path(document["file"]).name]


def test_export_to_standard_output_is_one_json_object_per_line(rich_kb, capsys):
    call_command("export_kb")

    output = capsys.readouterr().out
    lines = [json.loads(text) for text in output.splitlines()]
    assert all(isinstance(line, dict) for line in lines)
    assert identities(lines) == identities(source_items())
    assert "Plzeň" in output  # written as UTF-8, not as \\u escapes
    # Without --output there is no folder to copy documents to, so the lines name them by title only.
    [material] = [line for line in lines if line["type"] == "material"]
    assert material["documents"] == [{"title": "Future City Game – průvodce", "language": "cs"}]


def test_export_without_output_writes_to_the_commands_stdout(rich_kb):
    """call_command(stdout=...) is how callers and tests capture a command's output."""
    stdout = StringIO()

    call_command("export_kb", "--type", "theme", stdout=stdout)

    assert [json.loads(text)["slug"] for text in stdout.getvalue().splitlines()] == ["youth-participation"] * 2


def test_export_of_an_empty_knowledge_base_writes_only_the_seeded_thesaurus(locales, tmp_path):
    lines, message = export_to(tmp_path / "out" / "kb.jsonl")

    assert {line["type"] for line in lines} == {"concept"}
    assert len(lines) == Concept.objects.count() > 150
    assert message.startswith(f"{len(lines)} lines written to ")
