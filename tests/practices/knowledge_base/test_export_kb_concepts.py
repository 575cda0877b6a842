"""The thesaurus in the exchange format (docs/import-format.md): export_kb writes each concept of search's thesaurus
as one line with its labels by language and its related concepts, and import_kb restores it, so that moving a site
keeps what its searches are expanded with; a bad concept line is refused with its line and key."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from practices.knowledge_base.importer import KnowledgeBaseImporter
from search.models import Concept

TIME_BANK = {
    "type": "concept",
    "slug": "time-bank",
    "labels": {"en": ["time bank", "community exchange"], "cs": ["časová banka"], "nb": ["tidsbank"]},
    "related": ["skills-exchange"],
}
SKILLS_EXCHANGE = {
    "type": "concept",
    "slug": "skills-exchange",
    "labels": {"en": ["skills exchange"], "hr": ["razmjena vještina"]},
    "related": ["time-bank"],
}


def export_to(path, *options):
    path.parent.mkdir(parents=True, exist_ok=True)
    call_command("export_kb", "--output", str(path), *options, stdout=StringIO())
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def import_lines(tmp_path, lines):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    return KnowledgeBaseImporter().import_file(path)


def concepts_of(lines):
    return [line for line in lines if line["type"] == "concept"]


@pytest.fixture
def own_thesaurus(tmp_path, locales):
    """A site whose thesaurus is the two concepts above, imported."""
    Concept.objects.all().delete()
    report = import_lines(tmp_path, [SKILLS_EXCHANGE, TIME_BANK])
    assert report.errors == []
    return report


def test_import_creates_concepts_with_their_labels_in_order_and_related_both_ways(own_thesaurus):
    time_bank = Concept.objects.get(slug="time-bank")

    assert own_thesaurus.created == [("concept", "skills-exchange", ""), ("concept", "time-bank", "")]
    assert time_bank.label_list() == ["en: time bank", "en: community exchange", "cs: časová banka", "nb: tidsbank"]
    assert time_bank.preferred_label("en") == "time bank"
    assert [other.slug for other in Concept.objects.get(slug="skills-exchange").related.all()] == ["time-bank"]


def test_export_writes_each_concept_after_the_organisations_as_the_line_it_came_from(own_thesaurus, tmp_path):
    lines = export_to(tmp_path / "out" / "kb.jsonl")

    assert lines == [SKILLS_EXCHANGE, TIME_BANK]


def test_seeded_thesaurus_survives_a_move_to_a_site_without_one(locales, tmp_path):
    first = export_to(tmp_path / "first" / "kb.jsonl")
    Concept.objects.all().delete()

    report = KnowledgeBaseImporter().import_file(tmp_path / "first" / "kb.jsonl")
    second = export_to(tmp_path / "second" / "kb.jsonl")

    assert report.errors == []
    assert len(report.created) == len(concepts_of(first)) > 150
    assert second == first
    assert any(line["related"] for line in second)


def test_importing_the_export_into_its_own_site_changes_no_concept(locales, tmp_path):
    export_to(tmp_path / "out" / "kb.jsonl")

    report = KnowledgeBaseImporter().import_file(tmp_path / "out" / "kb.jsonl")

    assert report.errors == []
    assert report.created == report.updated == []
    assert len(report.unchanged) == Concept.objects.count()


def test_a_concept_line_replaces_the_labels_and_relations_of_the_concept(own_thesaurus, tmp_path):
    changed = {**TIME_BANK, "labels": {"bg": ["банка на времето"], "en": ["time bank"]}, "related": []}

    report = import_lines(tmp_path, [{**SKILLS_EXCHANGE, "related": []}, changed])

    assert report.errors == []
    assert report.updated == [("concept", "skills-exchange", ""), ("concept", "time-bank", "")]
    assert Concept.objects.get(slug="time-bank").label_list() == ["bg: банка на времето", "en: time bank"]
    assert not Concept.objects.get(slug="time-bank").related.exists()


def test_a_locale_filtered_export_leaves_the_thesaurus_out(own_thesaurus, tmp_path):
    assert export_to(tmp_path / "out" / "kb.jsonl", "--locale", "en") == []


def test_type_filter_exports_the_thesaurus_alone(own_thesaurus, tmp_path):
    assert export_to(tmp_path / "out" / "kb.jsonl", "--type", "concept") == [SKILLS_EXCHANGE, TIME_BANK]


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ({**TIME_BANK, "locale": "en"}, "locale", "unknown key for a line of type “concept”"),
        ({"type": "concept", "slug": "time-bank"}, "labels", "this key is required"),
        ({**TIME_BANK, "labels": ["time bank"]}, "labels", "expected an object of label lists by language code"),
        ({**TIME_BANK, "labels": {}}, "labels", "a concept needs at least one label"),
        ({**TIME_BANK, "labels": {"de": ["Zeitbank"]}}, "labels.de", "“de” is not a language code of this site"),
        ({**TIME_BANK, "labels": {"en": "time bank"}}, "labels.en", "expected a list"),
        ({**TIME_BANK, "labels": {"en": ["time bank", " "]}}, "labels.en[1]", "expected a non-empty string"),
        (
            {**TIME_BANK, "labels": {"en": ["time bank", "Time Bank"]}},
            "labels.en[1]",
            "repeats a label of this language",
        ),
        ({**TIME_BANK, "labels": {"en": ["x" * 201]}}, "labels.en[0]", "at most 200 characters"),
        (
            {**TIME_BANK, "related": ["skills-exchange", "barter"]},
            "related[1]",
            "no concept “barter” in the thesaurus or on a line of this file",
        ),
        ({**TIME_BANK, "related": ["time-bank"]}, "related[0]", "a concept cannot be related to itself"),
    ],
    ids=[
        "locale",
        "no-labels",
        "labels-not-object",
        "labels-empty",
        "unknown-language",
        "label-not-list",
        "blank-label",
        "repeated-label",
        "long-label",
        "unknown-related",
        "related-to-itself",
    ],
)
def test_a_bad_concept_line_is_refused_with_its_line_and_key(own_thesaurus, tmp_path, line, field, message):
    report = import_lines(tmp_path, [SKILLS_EXCHANGE, line])

    assert [(error.line, error.field, error.message) for error in report.errors] == [(2, field, message)]
    assert not report.written
    assert Concept.objects.get(slug="time-bank").label_list()[0] == "en: time bank"


def test_two_lines_must_name_each_other_as_related_or_neither(own_thesaurus, tmp_path):
    report = import_lines(tmp_path, [SKILLS_EXCHANGE, {**TIME_BANK, "related": []}])

    assert [(error.line, error.field, error.message) for error in report.errors] == [
        (
            2,
            "related",
            "the concept “skills-exchange” (line 1) and this one must name each other as related, or neither",
        )
    ]
