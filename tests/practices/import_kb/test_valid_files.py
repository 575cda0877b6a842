"""What a valid file creates, updates and leaves alone: items, translations, terms, documents, revisions and the
tree; reimports and dry runs."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
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
from tests.practices.import_kb.lines import (
    ITEM_MODELS,
    MATERIAL_CS,
    PDF_BYTES,
    PRACTICE_CS,
    PRACTICE_EN,
    RICH_KB_ITEMS,
    VIDEO_CS,
    assert_nothing_written,
    bare_practice,
    import_kb,
    index_of,
    item,
    knowledge_base_counts,
    rich_items,
    stored_files,
    summary,
    write_jsonl,
)


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
