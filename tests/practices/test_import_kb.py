"""import_kb and KnowledgeBaseImporter (docs/import-format.md): what a JSON Lines file creates, updates, leaves
alone and rejects, run on the real database.

Most tests import ``data/rich_kb.jsonl``: taxonomy and organisations in Czech and English, a Czech material with a
PDF, a Czech video, and a Czech practice with its English translation (18 items after a comment and a blank line).
"""

import json
import re
import shutil
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry, Revision

from practices.knowledge_base.importer import KnowledgeBaseImporter
from practices.models import (
    FundingProgramme,
    GoodPracticePage,
    MaterialIndexPage,
    MaterialPage,
    Method,
    Organisation,
    PracticeIndexPage,
    TargetGroup,
    Theme,
    TrainingVideoPage,
    VideoIndexPage,
)

RICH_KB = Path(__file__).parent / "data" / "rich_kb.jsonl"
RICH_KB_ITEMS = 18
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SUMMARY_RE = re.compile(r"(\d+) created, (\d+) updated, (\d+) unchanged, (\d+) rejected")
PRACTICE_CS = "future-city-game-v-plzni"
PRACTICE_EN = "future-city-game-in-pilsen"
MATERIAL_CS = "future-city-game-pruvodce"
VIDEO_CS = "jak-usporadat-future-city-game"
ITEM_MODELS = (GoodPracticePage, MaterialPage, TrainingVideoPage)
SNIPPET_MODELS = (Theme, TargetGroup, Method, FundingProgramme, Organisation)


# --- helpers ---------------------------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Stored documents go to a folder of this test, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def kb_dir(tmp_path):
    """The folder holding the import file, with the material's PDF in documents/."""
    folder = tmp_path / "kb"
    (folder / "documents").mkdir(parents=True)
    for name in ("pruvodce.pdf", "guide.pdf"):
        (folder / "documents" / name).write_bytes(PDF_BYTES)
    return folder


@pytest.fixture
def rich_file(kb_dir, locales):
    path = kb_dir / "kb.jsonl"
    shutil.copy(RICH_KB, path)
    return path


def rich_items():
    """The rich file's items as dicts, in file order (without the comment and the blank line)."""
    lines = RICH_KB.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip() and not line.startswith("//")]


def item(items, slug, locale):
    return next(line for line in items if line["slug"] == slug and line["locale"] == locale)


def write_jsonl(path, lines):
    """Write dicts as JSON lines; strings are written as they are (to test broken lines)."""
    text = "".join((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n" for line in lines)
    path.write_text(text, encoding="utf-8")
    return path


def import_kb(path, *options):
    """Run `manage.py import_kb`; return what it wrote to stdout and stderr."""
    stdout, stderr = StringIO(), StringIO()
    call_command("import_kb", str(path), "--no-progress", *options, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def summary(output):
    """The counts of the command's summary line: (created, updated, unchanged, rejected)."""
    match = SUMMARY_RE.search(output)
    assert match, f"no summary in {output!r}"
    return tuple(int(number) for number in match.groups())


def stored_files(media_root):
    return sorted(path for path in Path(media_root).rglob("*") if path.is_file())


def knowledge_base_counts():
    """How many items, terms, organisations and documents the database holds."""
    counts = {model.__name__: model.objects.count() for model in (*ITEM_MODELS, *SNIPPET_MODELS)}
    counts["Document"] = get_document_model().objects.count()
    return counts


def assert_nothing_written(media_root):
    assert knowledge_base_counts() == dict.fromkeys(knowledge_base_counts(), 0)
    assert not Revision.objects.exists()
    assert not PageLogEntry.objects.exists()
    assert stored_files(media_root) == []


def index_of(model, code):
    return model.objects.get(locale__language_code=code)


def bare_practice(slug, locale="en", **values):
    """A practice line with only the keys the model requires."""
    return {"type": "practice", "slug": slug, "locale": locale, "title": slug.title(), "summary": "Summary.", **values}


# --- a valid file ----------------------------------------------------------------------------------------------
def test_import_creates_every_item_of_the_file(rich_file):
    stdout, stderr = import_kb(rich_file, "--publish")

    assert stderr == ""
    assert summary(stdout) == (RICH_KB_ITEMS, 0, 0, 0)
    assert knowledge_base_counts() == {
        "GoodPracticePage": 2,
        "MaterialPage": 1,
        "TrainingVideoPage": 1,
        "Theme": 2,
        "TargetGroup": 2,
        "Method": 2,
        "FundingProgramme": 2,
        "Organisation": 6,
        "Document": 1,
    }


def test_importer_reports_each_created_item_by_type_slug_and_locale(rich_file):
    report = KnowledgeBaseImporter(publish=True).import_file(rich_file)

    assert report.errors == []
    assert report.created == [(line["type"], line["slug"], line["locale"]) for line in rich_items()]
    assert report.updated == report.unchanged == report.new_terms == []
    assert report.written is True


def test_published_items_are_live_under_the_index_page_of_their_locale(rich_file):
    import_kb(rich_file, "--publish")

    for model, slug, index_model, code in [
        (GoodPracticePage, PRACTICE_CS, PracticeIndexPage, "cs"),
        (GoodPracticePage, PRACTICE_EN, PracticeIndexPage, "en"),
        (MaterialPage, MATERIAL_CS, MaterialIndexPage, "cs"),
        (TrainingVideoPage, VIDEO_CS, VideoIndexPage, "cs"),
    ]:
        page = model.objects.get(slug=slug)
        index = index_of(index_model, code)
        assert page.live
        assert not page.has_unpublished_changes
        assert page.first_published_at is not None
        assert page.locale.language_code == code
        assert page.get_parent().specific == index
        assert page.url_path == f"{index.url_path}{slug}/"


def test_items_without_live_or_publish_are_drafts_with_a_revision(rich_file):
    import_kb(rich_file)

    for model in ITEM_MODELS:
        for page in model.objects.all():
            assert not page.live
            assert page.latest_revision is not None
            assert page.live_revision is None
            assert list(PageLogEntry.objects.filter(page=page).values_list("action", flat=True)) == ["wagtail.create"]


def test_draft_items_are_not_served_on_the_public_site(rich_file, client):
    import_kb(rich_file)

    practice = GoodPracticePage.objects.get(slug=PRACTICE_CS)
    assert not GoodPracticePage.objects.live().exists()
    assert client.get(practice.get_url()).status_code == 404


def test_live_true_on_a_line_publishes_that_item_only(kb_dir, locales):
    write_jsonl(kb_dir / "kb.jsonl", [bare_practice("published", live=True), bare_practice("draft")])

    import_kb(kb_dir / "kb.jsonl")

    assert GoodPracticePage.objects.get(slug="published").live
    assert not GoodPracticePage.objects.get(slug="draft").live


def test_translation_shares_the_translation_key_of_its_source(rich_file):
    import_kb(rich_file, "--publish")

    source = GoodPracticePage.objects.get(slug=PRACTICE_CS)
    translation = GoodPracticePage.objects.get(slug=PRACTICE_EN)
    assert translation.translation_key == source.translation_key
    assert translation.get_translation(source.locale) == source
    assert {page.slug for page in source.get_translations(inclusive=True)} == {PRACTICE_CS, PRACTICE_EN}


@pytest.mark.parametrize(
    ("model", "slug"),
    [
        (Theme, "youth-participation"),
        (TargetGroup, "young-people"),
        (Method, "future-city-game"),
        (FundingProgramme, "eea-norway-grants"),
        (Organisation, "cpkp"),
        (Organisation, "british-council"),
    ],
)
def test_translations_of_a_term_or_organisation_share_slug_and_translation_key(rich_file, model, slug):
    import_kb(rich_file, "--publish")

    translations = model.objects.filter(slug=slug)
    assert {obj.locale.language_code for obj in translations} == {"cs", "en"}
    assert len({obj.translation_key for obj in translations}) == 1


def test_practice_values_are_stored_exactly(rich_file):
    import_kb(rich_file, "--publish")

    page = GoodPracticePage.objects.get(slug=PRACTICE_CS)
    assert page.title == "Future City Game v Plzni"
    assert page.summary == "Mladí lidé navrhli, jak oživit nevyužité nádraží."
    assert page.budget_amount == Decimal("1989272.02")
    assert str(page.budget_amount) == "1989272.02"
    assert page.budget_currency == "HRK"
    assert (page.start_date.isoformat(), page.end_date.isoformat()) == ("2020-08-01", "2022-08-01")
    assert page.status == "completed"
    assert (page.country.code, page.region, page.municipality) == ("CZ", "Plzeňský kraj", "Plzeň")
    assert (page.latitude, page.longitude) == (Decimal("49.7475"), Decimal("13.3776"))
    assert page.lead_organisation.name == "Centrum pro komunitní práci západní Čechy"
    assert page.lead_organisation.locale.language_code == "cs"
    assert [(partner.organisation.slug, partner.role) for partner in page.partners.all()] == [
        ("plzen", ""),
        ("british-council", "autor metody"),
    ]
    assert [(outcome.value["value"], outcome.value["label"]) for outcome in page.outcomes] == [
        (Decimal("55"), "konzultací s veřejností"),
        (Decimal("40"), "vyškolených obcí"),
        (Decimal("2.5"), "dne příprav na tým"),
    ]
    # Terms given by name in the item's language are found like terms given by slug.
    assert [term.name for term in page.themes.all()] == ["Participace mladých"]
    assert [term.name for term in page.target_groups.all()] == ["Mladí lidé"]
    assert [term.name for term in page.methods.all()] == ["Future City Game (hra o budoucnosti města)"]
    assert page.funding_programme.name == "Fondy EHP a Norska"
    assert (page.project_code, page.licence, page.quality_mark) == ("07-23-73", "cc-by-sa-4.0", "verified")
    assert (page.last_verified_at.isoformat(), page.last_verified_by) == ("2024-05-01", "editor")
    assert page.lessons_learned == "Zveřejněte, co se s nápady stalo."
    assert [(link.value["url"], link.value["title"]) for link in page.source_links] == [
        ("https://www.cpkp.cz/future-city-game", "CpKP: Future City Game")
    ]
    assert (page.transfer_cost_band, page.transfer_municipality_size) == ("medium", "any")
    assert [material.slug for material in page.related_materials.all()] == [MATERIAL_CS]
    assert [video.slug for video in page.related_videos.all()] == [VIDEO_CS]
    # An HTML string body is split into a heading block and a rich-text block.
    assert [
        (block.block_type, block.value if block.block_type == "heading" else block.value.source) for block in page.body
    ] == [
        ("heading", "Proč"),
        ("paragraph", "<p>Obec chtěla slyšet <strong>mladé lidi</strong>.</p><ul><li>hra</li><li>porota</li></ul>"),
    ]


def test_translated_practice_uses_the_terms_and_organisations_of_its_own_language(rich_file):
    import_kb(rich_file, "--publish")

    page = GoodPracticePage.objects.get(slug=PRACTICE_EN)
    assert page.lead_organisation.name == "Centre for Community Organising West Bohemia"
    assert [(partner.organisation.name, partner.role) for partner in page.partners.all()] == [
        ("City of Pilsen", ""),
        ("British Council", "developer of the method"),
    ]
    assert [term.name for term in page.themes.all()] == ["Youth participation"]
    assert page.funding_programme.name == "EEA and Norway Grants"  # given by name
    assert [block.block_type for block in page.body] == ["heading", "paragraph", "quote", "key_figures"]


def test_material_document_is_stored_from_the_folder_of_the_import_file(rich_file, media_root):
    import_kb(rich_file, "--publish")

    material = MaterialPage.objects.get(slug=MATERIAL_CS)
    [block] = material.documents
    document = block.value["document"]
    assert document.title == "Future City Game – průvodce"
    assert block.value["language"] == "cs"
    with document.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES
    assert Path(document.file.path).is_relative_to(media_root)
    assert material.material_kind == "guide"
    assert material.publication_date.isoformat() == "2021-03-15"
    assert material.authoring_organisation.slug == "cpkp"


def test_video_values_are_stored(rich_file):
    import_kb(rich_file, "--publish")

    video = TrainingVideoPage.objects.get(slug=VIDEO_CS)
    assert video.video_url == "https://www.youtube.com/watch?v=Fq7cG2xLm0A"
    assert video.duration_seconds == 754
    assert video.spoken_language == "cs"
    assert video.subtitle_languages == ["cs", "en"]
    assert [(chapter.value["start_seconds"], chapter.value["title"]) for chapter in video.chapters] == [
        (0, "Co je Future City Game"),
        (62, "Zadání"),
    ]
    assert [(speaker.value["name"], speaker.value["role"]) for speaker in video.speakers] == [
        ("Moderátorka", ""),
        ("Jan Novák", "facilitátor"),
    ]
    assert [material.slug for material in video.related_materials.all()] == [MATERIAL_CS]


def test_page_tree_is_valid_after_import(rich_file):
    import_kb(rich_file, "--publish")

    assert Page.find_problems() == ([], [], [], [], [])
    indexes = {
        (model, code): index_of(model, code)
        for model in (PracticeIndexPage, MaterialIndexPage, VideoIndexPage)
        for code in ("cs", "en", "bg", "hr", "nb")
    }
    # Each practice index also holds its locale's "incoming" section (migration 0006_roles_and_workflow).
    expected = {
        **dict.fromkeys(indexes, 0),
        **{(PracticeIndexPage, code): 1 for code in ("cs", "en", "bg", "hr", "nb")},
        (PracticeIndexPage, "cs"): 2,
        (PracticeIndexPage, "en"): 2,
        (MaterialIndexPage, "cs"): 1,
        (VideoIndexPage, "cs"): 1,
    }
    assert {key: index.numchild for key, index in indexes.items()} == expected
    assert {key: index.get_children().count() for key, index in indexes.items()} == expected


def test_import_appends_after_existing_items_and_keeps_the_tree_valid(rich_file, kb_dir):
    import_kb(rich_file, "--publish")
    write_jsonl(kb_dir / "more.jsonl", [bare_practice(f"dalsi-{n}", "cs", organisation="cpkp") for n in range(3)])

    import_kb(kb_dir / "more.jsonl", "--publish")

    index = index_of(PracticeIndexPage, "cs")
    assert Page.find_problems() == ([], [], [], [], [])
    assert index.numchild == 5  # with the "incoming" section, the first child
    assert [page.slug for page in index.get_children().order_by("path")] == [
        "prichozi",
        PRACTICE_CS,
        "dalsi-0",
        "dalsi-1",
        "dalsi-2",
    ]


def test_each_imported_page_has_a_revision_and_create_and_publish_log_entries(rich_file):
    import_kb(rich_file, "--publish")

    for model in ITEM_MODELS:
        for page in model.objects.all():
            assert page.latest_revision is not None
            assert page.live_revision == page.latest_revision
            assert page.revisions.count() == 1
            assert page.latest_revision.as_object().title == page.title
            actions = PageLogEntry.objects.filter(page=page).values_list("action", flat=True)
            assert sorted(actions) == ["wagtail.create", "wagtail.publish"]


# --- importing again -------------------------------------------------------------------------------------------
def test_reimporting_the_same_file_changes_nothing(rich_file, media_root):
    import_kb(rich_file, "--publish")
    before = (knowledge_base_counts(), Revision.objects.count(), PageLogEntry.objects.count(), stored_files(media_root))
    latest = {page.slug: page.latest_revision_id for page in GoodPracticePage.objects.all()}

    stdout, _stderr = import_kb(rich_file, "--publish")

    assert summary(stdout) == (0, 0, RICH_KB_ITEMS, 0)
    after = (knowledge_base_counts(), Revision.objects.count(), PageLogEntry.objects.count(), stored_files(media_root))
    assert after == before
    assert {page.slug: page.latest_revision_id for page in GoodPracticePage.objects.all()} == latest


def test_reimport_reports_every_item_unchanged_and_writes_nothing(rich_file):
    KnowledgeBaseImporter(publish=True).import_file(rich_file)

    report = KnowledgeBaseImporter(publish=True).import_file(rich_file)

    assert report.created == report.updated == report.errors == []
    assert len(report.unchanged) == RICH_KB_ITEMS
    assert report.written is False


def _change_practice_title(items):
    item(items, PRACTICE_CS, "cs")["title"] = "Future City Game v Plzni 2020"


def _change_organisation_city(items):
    item(items, "cpkp", "en")["city"] = "Plzen"


def _reverse_partners(items):
    line = item(items, PRACTICE_EN, "en")
    line["partners"] = line["partners"][::-1]


def _change_outcome(items):
    item(items, PRACTICE_EN, "en")["outcomes"][0]["value"] = 56


def _change_theme_name(items):
    item(items, "youth-participation", "cs")["name"] = "Participace mládeže"


def _change_video_chapter(items):
    item(items, VIDEO_CS, "cs")["chapters"][1]["start_seconds"] = 63


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_change_practice_title, ("practice", PRACTICE_CS, "cs")),
        (_change_organisation_city, ("organisation", "cpkp", "en")),
        (_reverse_partners, ("practice", PRACTICE_EN, "en")),
        (_change_outcome, ("practice", PRACTICE_EN, "en")),
        (_change_theme_name, ("theme", "youth-participation", "cs")),
        (_change_video_chapter, ("video", VIDEO_CS, "cs")),
    ],
)
def test_changing_one_field_on_one_line_updates_exactly_that_item(rich_file, kb_dir, change, expected):
    import_kb(rich_file, "--publish")
    items = rich_items()
    change(items)

    report = KnowledgeBaseImporter(publish=True).import_file(write_jsonl(kb_dir / "changed.jsonl", items))

    assert report.errors == []
    assert report.created == []
    assert report.updated == [expected]
    assert len(report.unchanged) == RICH_KB_ITEMS - 1


def test_updated_page_gets_a_new_revision_and_edit_and_publish_log_entries(rich_file, kb_dir):
    import_kb(rich_file, "--publish")
    items = rich_items()
    _change_practice_title(items)

    stdout, _stderr = import_kb(write_jsonl(kb_dir / "changed.jsonl", items), "--publish")

    assert summary(stdout) == (0, 1, RICH_KB_ITEMS - 1, 0)
    page = GoodPracticePage.objects.get(slug=PRACTICE_CS)
    assert page.title == "Future City Game v Plzni 2020"
    assert page.revisions.count() == 2
    assert page.live_revision == page.latest_revision
    assert page.latest_revision.as_object().title == "Future City Game v Plzni 2020"
    actions = PageLogEntry.objects.filter(page=page).values_list("action", flat=True)
    assert sorted(actions) == ["wagtail.create", "wagtail.edit", "wagtail.publish", "wagtail.publish"]
    # Partners and other relations are rewritten, not duplicated.
    assert [partner.organisation.slug for partner in page.partners.all()] == ["plzen", "british-council"]
    assert Page.find_problems() == ([], [], [], [], [])


def test_reordering_partners_stores_the_new_order(rich_file, kb_dir):
    import_kb(rich_file, "--publish")
    items = rich_items()
    _reverse_partners(items)

    import_kb(write_jsonl(kb_dir / "changed.jsonl", items), "--publish")

    page = GoodPracticePage.objects.get(slug=PRACTICE_EN)
    assert [partner.organisation.slug for partner in page.partners.all()] == ["british-council", "plzen"]


def test_update_of_a_published_item_without_publishing_is_kept_as_a_draft(rich_file, kb_dir):
    """Without --publish or "live", a line is a draft (docs/import-format.md): the published page keeps its
    content and the change waits in the latest revision."""
    import_kb(rich_file, "--publish")
    items = rich_items()
    _change_practice_title(items)

    import_kb(write_jsonl(kb_dir / "changed.jsonl", items))

    page = GoodPracticePage.objects.get(slug=PRACTICE_CS)
    assert page.live
    assert page.has_unpublished_changes
    assert page.latest_revision.as_object().title == "Future City Game v Plzni 2020"
    assert page.live_revision.as_object().title == "Future City Game v Plzni"
    assert page.title == "Future City Game v Plzni"  # what the public site serves


def test_reimporting_a_draft_change_of_a_published_item_changes_nothing(rich_file, kb_dir):
    import_kb(rich_file, "--publish")
    items = rich_items()
    _change_practice_title(items)
    changed = write_jsonl(kb_dir / "changed.jsonl", items)
    import_kb(changed)
    revisions = Revision.objects.count()

    stdout, _stderr = import_kb(changed)

    assert summary(stdout) == (0, 0, RICH_KB_ITEMS, 0)
    assert Revision.objects.count() == revisions
    assert GoodPracticePage.objects.get(slug=PRACTICE_CS).title == "Future City Game v Plzni"


def test_live_false_unpublishes_a_published_item_as_the_admin_would(rich_file, kb_dir):
    import_kb(rich_file, "--publish")
    items = rich_items()
    item(items, PRACTICE_CS, "cs")["live"] = False

    stdout, _stderr = import_kb(write_jsonl(kb_dir / "unpublish.jsonl", items))

    assert summary(stdout) == (0, 1, RICH_KB_ITEMS - 1, 0)
    page = GoodPracticePage.objects.get(slug=PRACTICE_CS)
    assert not page.live
    assert page.live_revision is None
    assert PageLogEntry.objects.filter(page=page, action="wagtail.unpublish").count() == 1


def test_reimporting_a_translation_linked_through_another_translation_changes_nothing(kb_dir, locales):
    """A Norwegian line may name the Czech translation as its source; the second import of the same file must
    accept it again."""
    path = write_jsonl(
        kb_dir / "chain.jsonl",
        [
            bare_practice("youth-forum", "en", live=True),
            bare_practice("forum-mladych", "cs", live=True, translation_of="youth-forum"),
            bare_practice("ungdomsforum", "nb", live=True, translation_of="forum-mladych"),
        ],
    )
    first = KnowledgeBaseImporter().import_file(path)
    assert (first.errors, len(first.created)) == ([], 3)

    second = KnowledgeBaseImporter().import_file(path)

    assert second.errors == []
    assert len(second.unchanged) == 3
    assert len({page.translation_key for page in GoodPracticePage.objects.all()}) == 1


def test_existing_document_of_the_same_title_is_reused(rich_file, kb_dir):
    import_kb(rich_file, "--publish")
    translation = {
        "type": "material",
        "slug": "future-city-game-guide",
        "locale": "en",
        "translation_of": MATERIAL_CS,
        "title": "Future City Game: a guide for municipalities",
        "summary": "How to prepare and run the game.",
        "material_kind": "guide",
        "documents": [{"title": "Future City Game – průvodce", "language": "cs"}],
    }

    import_kb(write_jsonl(kb_dir / "translation.jsonl", [translation]), "--publish")

    assert get_document_model().objects.count() == 1
    guide = MaterialPage.objects.get(slug="future-city-game-guide")
    original = MaterialPage.objects.get(slug=MATERIAL_CS)
    assert guide.documents[0].value["document"] == original.documents[0].value["document"]
    assert guide.translation_key == original.translation_key


def test_second_translation_in_the_same_language_is_rejected(rich_file, kb_dir):
    import_kb(rich_file, "--publish")
    second = {**item(rich_items(), PRACTICE_EN, "en"), "slug": "another-english-translation"}

    report = KnowledgeBaseImporter().import_file(write_jsonl(kb_dir / "second.jsonl", [second]))

    assert [(error.line, error.field) for error in report.errors] == [(1, "translation_of")]
    assert not GoodPracticePage.objects.filter(slug="another-english-translation").exists()


def test_existing_item_cannot_be_linked_to_another_source(rich_file, kb_dir):
    import_kb(rich_file, "--publish")
    other = bare_practice("jina-praxe", "cs")
    relinked = {**item(rich_items(), PRACTICE_EN, "en"), "translation_of": "jina-praxe"}

    report = KnowledgeBaseImporter().import_file(write_jsonl(kb_dir / "relink.jsonl", [other, relinked]))

    assert [(error.line, error.field) for error in report.errors] == [(2, "translation_of")]
    assert not GoodPracticePage.objects.filter(slug="jina-praxe").exists()


# --- taxonomy --------------------------------------------------------------------------------------------------
def test_create_terms_creates_an_unknown_taxonomy_name_and_reports_it(kb_dir, locales):
    path = write_jsonl(
        kb_dir / "kb.jsonl", [bare_practice("street-festival", themes=["Public spaces"], methods=["round-tables"])]
    )

    stdout, _stderr = import_kb(path, "--publish", "--create-terms")

    assert "new theme: Public spaces (en)" in stdout
    assert "new method: round-tables (en)" in stdout
    assert summary(stdout) == (1, 0, 0, 0)
    theme = Theme.objects.get(locale__language_code="en", slug="public-spaces")
    assert theme.name == "Public spaces"
    assert Method.objects.get(locale__language_code="en", slug="round-tables").name == "round-tables"
    assert [term.slug for term in GoodPracticePage.objects.get(slug="street-festival").themes.all()] == [
        "public-spaces"
    ]


def test_importer_lists_new_terms_with_type_name_and_locale(locales):
    practice = bare_practice("p", "cs", themes=["Veřejná prostranství"])

    report = KnowledgeBaseImporter(create_terms=True).import_lines([json.dumps(practice)])

    assert [(str(kind), name, code) for kind, name, code in report.new_terms] == [
        ("theme", "Veřejná prostranství", "cs")
    ]
    assert Theme.objects.get(locale__language_code="cs").slug == "verejna-prostranstvi"


def test_new_term_with_the_slug_of_an_existing_term_becomes_its_translation(rich_file, kb_dir):
    import_kb(rich_file, "--publish")
    practice = bare_practice("p", "hr", themes=["youth-participation"])

    report = KnowledgeBaseImporter(create_terms=True).import_file(write_jsonl(kb_dir / "hr.jsonl", [practice]))

    assert report.errors == []
    terms = Theme.objects.filter(slug="youth-participation")
    assert {term.locale.language_code for term in terms} == {"cs", "en", "hr"}
    assert len({term.translation_key for term in terms}) == 1


# --- dry run ---------------------------------------------------------------------------------------------------
def test_dry_run_writes_nothing_but_reports_what_it_would_create(rich_file, media_root):
    stdout, _stderr = import_kb(rich_file, "--publish", "--dry-run")

    assert stdout.startswith("Dry run, nothing written: ")
    assert summary(stdout) == (RICH_KB_ITEMS, 0, 0, 0)
    assert_nothing_written(media_root)
    assert index_of(PracticeIndexPage, "cs").numchild == 1  # the "incoming" section only
    assert Page.find_problems() == ([], [], [], [], [])


def test_dry_run_reports_updates_without_writing_them(rich_file, kb_dir, media_root):
    import_kb(rich_file, "--publish")
    before = (knowledge_base_counts(), Revision.objects.count(), stored_files(media_root))
    items = rich_items()
    _change_practice_title(items)
    items.append(bare_practice("nova-praxe", "cs"))

    report = KnowledgeBaseImporter(dry_run=True).import_file(write_jsonl(kb_dir / "changed.jsonl", items))

    assert (len(report.created), len(report.updated), len(report.unchanged)) == (1, 1, RICH_KB_ITEMS - 1)
    assert report.written is False
    assert (knowledge_base_counts(), Revision.objects.count(), stored_files(media_root)) == before
    assert GoodPracticePage.objects.get(slug=PRACTICE_CS).title == "Future City Game v Plzni"


def test_dry_run_reports_invalid_lines_without_failing(rich_file, kb_dir, media_root):
    items = rich_items()
    item(items, PRACTICE_EN, "en")["end_date"] = "2019-01-01"

    stdout, stderr = import_kb(write_jsonl(kb_dir / "bad.jsonl", items), "--dry-run")

    assert summary(stdout) == (RICH_KB_ITEMS - 1, 0, 0, 1)
    assert stderr.startswith('line 18: field "end_date": ')
    assert_nothing_written(media_root)


# --- invalid input ---------------------------------------------------------------------------------------------
def practice(slug, **values):
    return {
        "type": "practice",
        "slug": slug,
        "locale": "en",
        "title": f"Practice {slug}",
        "summary": "Residents and the municipality plan together.",
        "themes": ["youth"],
        "organisation": "cpkp",
        "budget": {"amount": "1000.00", "currency": "EUR"},
        "start_date": "2020-01-01",
        "end_date": "2021-01-01",
        **values,
    }


def material(slug, **values):
    return {
        "type": "material",
        "slug": slug,
        "locale": "en",
        "title": f"Material {slug}",
        "summary": "A short guide.",
        "material_kind": "guide",
        "organisation": "cpkp",
        "documents": [{"title": f"{slug} document", "language": "en", "file": "documents/guide.pdf"}],
        **values,
    }


def video(slug, **values):
    return {
        "type": "video",
        "slug": slug,
        "locale": "en",
        "title": f"Video {slug}",
        "summary": "A short film.",
        "video_url": "https://vimeo.com/76979871",
        "duration_seconds": 120,
        **values,
    }


def organisation(slug, **values):
    return {"type": "organisation", "slug": slug, "locale": "en", "name": f"Organisation {slug}", **values}


def without(line, key):
    return {name: value for name, value in line.items() if name != key}


def document(file):
    return [{"title": "Bad file", "language": "en", "file": file}]


# Line 5 of a six-line file: lines 1-4 (a theme, an organisation, a material with a file, a practice) and line 6
# are valid, so each case also shows that one bad line keeps every other line out of the database.
INVALID_LINES = [
    ("invalid-json", '{"type": "practice", "slug": "broken"', "line"),
    ("not-an-object", '["practice", "broken"]', "line"),
    ("unknown-type", {**practice("p"), "type": "event"}, "type"),
    ("missing-slug", without(practice("p"), "slug"), "slug"),
    ("bad-slug", practice("Bad Slug"), "slug"),
    ("unknown-locale", practice("p", locale="de"), "locale"),
    ("missing-title", without(practice("p"), "title"), "title"),
    ("unknown-key", practice("p", colour="red"), "colour"),
    ("end-before-start", practice("p", start_date="2022-08-01", end_date="2020-08-01"), "end_date"),
    ("negative-budget", practice("p", budget={"amount": "-1.00", "currency": "EUR"}), "budget.amount"),
    ("budget-without-currency", practice("p", budget={"amount": "1000.00"}), "budget.currency"),
    ("unknown-currency", practice("p", budget={"amount": "1000.00", "currency": "ABC"}), "budget.currency"),
    ("zero-duration", video("v", duration_seconds=0), "duration_seconds"),
    ("malformed-video-url", video("v", video_url="youtube.com watch?v=Fq7cG2xLm0A"), "video_url"),
    (
        "malformed-source-link",
        practice("p", source_links=[{"url": "http//example.org", "title": "x"}]),
        "source_links[0].url",
    ),
    ("malformed-website", organisation("o", website="www.example.org"), "website"),
    ("bad-date", practice("p", start_date="2020-13-01"), "start_date"),
    ("unknown-status", practice("p", status="finished"), "status"),
    ("unknown-country", practice("p", country="XX"), "country"),
    ("latitude-out-of-range", practice("p", location={"lat": 200, "lng": 14.4}), "location.lat"),
    ("outcome-not-a-number", practice("p", outcomes=[{"value": "many", "label": "forums"}]), "outcomes[0].value"),
    ("unknown-organisation", practice("p", organisation="nobody"), "organisation"),
    ("unknown-partner", practice("p", partners=["cpkp", "nobody"]), "partners[1].organisation"),
    ("unknown-related-material", practice("p", related_materials=["no-such-guide"]), "related_materials"),
    (
        "translation-of-nowhere",
        bare_practice("p", "cs", translation_of="nothing"),
        "translation_of",
    ),
    ("duplicate-slug-and-locale", practice("first-practice"), "slug"),
    ("document-outside-folder", material("m", documents=document("../outside.pdf")), "documents[0].file"),
    ("document-wrong-extension", material("m", documents=document("documents/tool.exe")), "documents[0].file"),
    ("document-missing", material("m", documents=document("documents/missing.pdf")), "documents[0].file"),
]


@pytest.fixture
def six_line_file(kb_dir, tmp_path, locales):
    """Write the six-line file around a bad line 5."""
    (kb_dir / "documents" / "tool.exe").write_bytes(b"MZ")
    (tmp_path / "outside.pdf").write_bytes(PDF_BYTES)

    def write(bad_line):
        return write_jsonl(
            kb_dir / "kb.jsonl",
            [
                {"type": "theme", "slug": "youth", "locale": "en", "name": "Youth"},
                organisation("cpkp", kind="ngo", country="CZ"),
                material("guide"),
                practice("first-practice", related_materials=["guide"]),
                bad_line,
                practice("last-practice"),
            ],
        )

    return write


@pytest.mark.parametrize(
    ("bad_line", "field"), [case[1:] for case in INVALID_LINES], ids=[case[0] for case in INVALID_LINES]
)
def test_invalid_line_is_reported_with_its_number_and_field_and_nothing_is_written(
    six_line_file, media_root, bad_line, field
):
    path = six_line_file(bad_line)

    with pytest.raises(CommandError, match=r"^Nothing was imported because of the errors above: ") as raised:
        import_kb(path, "--publish")

    assert summary(str(raised.value))[3] == 1
    report = KnowledgeBaseImporter(publish=True).import_file(path)
    assert [(error.line, error.field) for error in report.errors] == [(5, field)]
    assert str(report.errors[0]).startswith(f'line 5: field "{field}": ')
    assert report.written is False
    assert_nothing_written(media_root)


def with_raw(record, raw):
    """``record`` as a JSON line with ``"extra": <raw>`` added: JSON no dict can be dumped as (a 5,000-digit number)."""
    return json.dumps(record)[:-1] + f', "extra": {raw}}}'


@pytest.mark.parametrize(
    ("raw", "field", "message"),
    [
        ("1" + "0" * 5000, "extra", "a number of more than 30 digits"),
        ("[1e999]", "extra[0]", "a number too large"),
        ('{"a": NaN}', "extra.a", "NaN is not a JSON number"),
        ("[" * 40 + "]" * 40, "extra" + "[0]" * 16, "nested more than 16 levels deep"),
        ("[" * 100_000 + "]" * 100_000, "line", "nested more than 16 levels deep"),
    ],
    ids=["number-of-5000-digits", "infinite-number", "nan", "nested-40-deep", "nested-100000-deep"],
)
def test_unbounded_json_is_reported_with_its_line_and_key(six_line_file, media_root, raw, field, message):
    path = six_line_file(with_raw(practice("p"), raw))

    report = KnowledgeBaseImporter().import_file(path)

    assert [(error.line, error.field, error.message) for error in report.errors] == [(5, field, message)]
    assert_nothing_written(media_root)


def test_outcome_with_more_decimal_places_than_the_admin_allows_is_rejected(six_line_file, media_root):
    """OutcomeBlock keeps two decimal places; the admin form refuses 2.555, so the import must too."""
    path = six_line_file(practice("p", outcomes=[{"value": "2.555", "label": "forums"}]))

    report = KnowledgeBaseImporter().import_file(path)

    assert [error.line for error in report.errors] == [5]
    assert report.errors[0].field.startswith("outcomes")
    assert_nothing_written(media_root)


def test_command_writes_each_error_to_stderr(six_line_file):
    path = six_line_file(practice("p", start_date="2022-08-01", end_date="2020-08-01"))
    stderr = StringIO()

    with pytest.raises(CommandError):
        call_command("import_kb", str(path), "--no-progress", stdout=StringIO(), stderr=stderr)

    assert stderr.getvalue() == 'line 5: field "end_date": The end date is before the start date.\n'


def test_every_invalid_line_is_reported_not_only_the_first(kb_dir, locales):
    write_jsonl(
        kb_dir / "two-errors.jsonl",
        [practice("a", status="finished"), practice("b"), practice("c", budget={"amount": "-5", "currency": "EUR"})],
    )

    report = KnowledgeBaseImporter().import_file(kb_dir / "two-errors.jsonl")

    assert [(error.line, error.field) for error in report.errors] == [(1, "status"), (3, "budget.amount")]


def test_missing_import_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        import_kb(tmp_path / "nowhere.jsonl")


# --- --skip-invalid --------------------------------------------------------------------------------------------
def test_skip_invalid_imports_the_valid_lines_and_reports_the_invalid_ones(six_line_file):
    path = six_line_file(practice("p", start_date="2022-08-01", end_date="2020-08-01"))

    stdout, stderr = import_kb(path, "--publish", "--skip-invalid")

    assert summary(stdout) == (5, 0, 0, 1)
    assert stderr.startswith('line 5: field "end_date": ')
    assert sorted(GoodPracticePage.objects.values_list("slug", flat=True)) == ["first-practice", "last-practice"]
    assert MaterialPage.objects.get(slug="guide").live
    assert Page.find_problems() == ([], [], [], [], [])
    assert PracticeIndexPage.objects.get(locale__language_code="en").numchild == 3  # with "incoming"


def test_skip_invalid_reports_lines_rejected_while_parsing_and_while_applying(kb_dir, locales):
    path = write_jsonl(
        kb_dir / "mixed.jsonl",
        ["not json", organisation("cpkp"), practice("a", organisation="nobody", themes=[]), practice("b", themes=[])],
    )

    report = KnowledgeBaseImporter(skip_invalid=True).import_file(path)

    assert [(error.line, error.field) for error in report.errors] == [(1, "line"), (3, "organisation")]
    assert report.created == [("organisation", "cpkp", "en"), ("practice", "b", "en")]
    assert list(GoodPracticePage.objects.values_list("slug", flat=True)) == ["b"]


def test_skip_invalid_keeps_a_term_that_a_rejected_line_created_for_later_lines(kb_dir, locales):
    """A rejected line's new term is rolled back with it; a later line naming the same term must still get it."""
    path = write_jsonl(
        kb_dir / "kb.jsonl",
        [
            practice("a", themes=["Public spaces"], organisation="", related_materials=["nothing"]),
            practice("b", themes=["Public spaces"], organisation=""),
        ],
    )
    through = GoodPracticePage._meta.get_field("themes").remote_field.through

    try:
        report = KnowledgeBaseImporter(skip_invalid=True, create_terms=True).import_file(path)

        assert [(error.line, error.field) for error in report.errors] == [(1, "related_materials")]
        assert Theme.objects.filter(name="Public spaces", locale__language_code="en").exists()
        assert [term.name for term in GoodPracticePage.objects.get(slug="b").themes.all()] == ["Public spaces"]
    finally:
        # Remove links to a term that does not exist, so that the failure above is not repeated by the
        # foreign-key check at the end of the test.
        through.objects.exclude(theme_id__in=Theme.objects.values("pk")).delete()


def test_skip_invalid_leaves_no_stored_file_for_a_rejected_material(kb_dir, locales, media_root):
    path = write_jsonl(kb_dir / "kb.jsonl", [material("guide", organisation="nobody")])

    report = KnowledgeBaseImporter(skip_invalid=True).import_file(path)

    assert [(error.line, error.field) for error in report.errors] == [(1, "organisation")]
    assert get_document_model().objects.count() == 0
    assert stored_files(media_root) == []


# --- body HTML -------------------------------------------------------------------------------------------------
UNSAFE_HTML = (
    '<p onclick="steal()">Hello <a href="javascript:alert(1)">click</a> and '
    '<a href="https://example.org/" onmouseover="steal()">read</a>.</p>'
    "<script>alert(2)</script><img src=x onerror=alert(3)><iframe src=https://evil.example/></iframe>"
)


@pytest.mark.parametrize(
    "body",
    [UNSAFE_HTML, [{"type": "paragraph", "value": UNSAFE_HTML}]],
    ids=["html-string", "paragraph-block"],
)
def test_html_in_body_is_sanitised(locales, body):
    line = bare_practice("p", body=body)

    report = KnowledgeBaseImporter().import_lines([json.dumps(line)])

    assert report.errors == []
    [paragraph] = GoodPracticePage.objects.get(slug="p").body
    html = paragraph.value.source
    for unsafe in ("<script", "alert(2)", "onclick", "onmouseover", "onerror", "javascript:", "<img", "<iframe"):
        assert unsafe not in html
    assert '<a href="https://example.org/"' in html
    assert html.startswith("<p>Hello ")


def test_plain_text_body_becomes_paragraphs_with_markup_escaped(locales):
    body = "First paragraph <script>alert(1)</script>\nsecond line.\n\nSecond paragraph."
    line = bare_practice("p", body=body)

    KnowledgeBaseImporter().import_lines([json.dumps(line)])

    [paragraph] = GoodPracticePage.objects.get(slug="p").body
    assert paragraph.value.source == (
        "<p>First paragraph &lt;script&gt;alert(1)&lt;/script&gt;<br/>second line.</p><p>Second paragraph.</p>"
    )


# --- cost ------------------------------------------------------------------------------------------------------
def practices_file(count):
    """A theme, a method, two organisations and ``count`` practices that use them."""
    lines = [
        json.dumps({"type": "theme", "slug": "youth", "locale": "en", "name": "Youth"}),
        json.dumps({"type": "method", "slug": "round-tables", "locale": "en", "name": "Round tables"}),
        json.dumps(organisation("lead")),
        json.dumps(organisation("partner")),
    ]
    for number in range(count):
        lines.append(
            json.dumps(
                practice(
                    f"practice-{number}",
                    body="<h2>Why</h2><p>Because.</p>",
                    organisation="lead",
                    partners=["lead", {"organisation": "partner", "role": "host"}],
                    outcomes=[{"value": number, "label": "forums"}],
                    methods=["Round tables"],
                )
            )
        )
    return lines


# Measured on SQLite and PostgreSQL: creating costs about 50 queries plus 6 per practice, updating about 40 plus 8
# per practice, an unchanged line 2 (its savepoint). The budget leaves room for both backends; quadratic growth
# (one more query per line already imported) would break it at 40 practices.
QUERIES_PER_RUN = 80
QUERIES_PER_PRACTICE = 10


@pytest.mark.parametrize("count", [10, 40])
def test_queries_of_an_import_grow_linearly_with_the_number_of_practices(locales, django_assert_max_num_queries, count):
    lines = practices_file(count)
    with django_assert_max_num_queries(QUERIES_PER_RUN + QUERIES_PER_PRACTICE * count):
        created = KnowledgeBaseImporter(publish=True).import_lines(lines)
    assert len(created.created) == count + 4

    changed = [line.replace("Residents and the municipality", "The municipality and residents") for line in lines]
    with django_assert_max_num_queries(QUERIES_PER_RUN + QUERIES_PER_PRACTICE * count):
        updated = KnowledgeBaseImporter(publish=True).import_lines(changed)
    assert len(updated.updated) == count

    with django_assert_max_num_queries(QUERIES_PER_RUN + 2 * count):
        unchanged = KnowledgeBaseImporter(publish=True).import_lines(changed)
    assert len(unchanged.unchanged) == count + 4


def test_thousand_line_import_creates_every_line(kb_dir, locales):
    path = kb_dir / "large.jsonl"
    path.write_text("\n".join(practices_file(996)) + "\n", encoding="utf-8")

    stdout, _stderr = import_kb(path, "--publish")

    assert summary(stdout) == (1000, 0, 0, 0)
    index = index_of(PracticeIndexPage, "en")
    assert index.numchild == 997  # with the "incoming" section
    assert GoodPracticePage.objects.live().count() == 996
    assert Revision.objects.count() == 996
    assert Page.find_problems() == ([], [], [], [], [])
