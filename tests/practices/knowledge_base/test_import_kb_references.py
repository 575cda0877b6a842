"""How import_kb resolves the terms and organisations a line names (practices.knowledge_base.lookups): by slug, by
name or by the name's slug, whatever the case and diacritics; an unknown one is an error naming the line, the key,
the value and the nearest known entries, unless ``--create-terms`` creates it.

The themes are the demo knowledge base's 50 theme lines (ten themes in en, cs, bg, hr and nb).
"""

import json
import unicodedata
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils.text import slugify

from practices.knowledge_base.importer import KnowledgeBaseImporter
from practices.models import GoodPracticePage, Organisation, Theme

DEMO_FILE = Path(__file__).parents[3] / "practices" / "fixtures" / "demo" / "knowledge_base.jsonl"
LOCALES = ("en", "cs", "bg", "hr", "nb")


def demo_lines(kind):
    lines = DEMO_FILE.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.startswith("{") and json.loads(line)["type"] == kind]


def without_diacritics(text):
    return "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))


# The ways a partner's spreadsheet names a theme whose slug is "public-spaces" and Czech name "Veřejná prostranství".
LOOSE_SPELLINGS = (
    lambda theme: theme["name"].upper(),
    lambda theme: without_diacritics(theme["name"]).lower(),
    lambda theme: theme["slug"].replace("-", " ").title(),
    lambda theme: slugify(theme["name"], allow_unicode=True),
    lambda theme: f"  {without_diacritics(theme['name']).upper()}  ",
)


def practice(slug, locale, **values):
    return {"type": "practice", "slug": slug, "locale": locale, "title": slug, "summary": "Summary.", **values}


@pytest.fixture
def themes(locales):
    lines = [json.dumps(line, ensure_ascii=False) for line in demo_lines("theme")]
    report = KnowledgeBaseImporter(publish=True).import_lines(lines)
    assert report.errors == []
    return demo_lines("theme")


@pytest.fixture
def organisations(locales):
    lines = [json.dumps(line, ensure_ascii=False) for line in demo_lines("organisation")]
    report = KnowledgeBaseImporter(publish=True).import_lines(lines)
    assert report.errors == []


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    return path


def import_kb(path, *options):
    stdout, stderr = StringIO(), StringIO()
    call_command("import_kb", str(path), "--no-progress", *options, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_a_file_naming_every_theme_loosely_imports_with_the_existing_themes(themes, tmp_path):
    records = []
    for locale in LOCALES:
        mine = [theme for theme in themes if theme["locale"] == locale]
        for number, spell in enumerate(LOOSE_SPELLINGS):
            names = [LOOSE_SPELLINGS[(number + i) % len(LOOSE_SPELLINGS)](theme) for i, theme in enumerate(mine)]
            assert spell(mine[0]) == names[0]
            records.append(practice(f"loose-{locale}-{number}", locale, themes=names))

    stdout, stderr = import_kb(write_jsonl(tmp_path / "loose.jsonl", records))

    assert stderr == ""
    assert "new theme" not in stdout
    assert Theme.objects.count() == len(themes)
    for record in records:
        page = GoodPracticePage.objects.get(slug=record["slug"], locale__language_code=record["locale"])
        expected = {theme["slug"] for theme in themes if theme["locale"] == record["locale"]}
        assert {theme.slug for theme in page.themes.all()} == expected
        assert {theme.locale.language_code for theme in page.themes.all()} == {record["locale"]}


def test_the_theme_of_the_issue_is_found_by_its_slug_spelt_as_words(themes):
    """“good governance” names the theme "Good local governance" whose slug is ``good-governance``: no error about
    an entry that already exists, no new theme."""
    line = json.dumps(practice("p", "en", themes=["good governance"]))

    report = KnowledgeBaseImporter().import_lines([line])

    assert report.errors == []
    assert report.new_terms == []
    assert [theme.name for theme in GoodPracticePage.objects.get(slug="p").themes.all()] == ["Good local governance"]


@pytest.mark.parametrize(
    ("locale", "value", "message"),
    [
        (
            "en",
            "good governence",
            "no theme “good governence” in English; did you mean “Good local governance” (good-governance)?",
        ),
        ("cs", "Verejna prostrantsvi", "did you mean “Veřejná prostranství” (public-spaces)?"),
        ("bg", "Обществени пространствa", "did you mean “Обществени пространства” (public-spaces)?"),
        ("en", "Beekeeping", "no theme “Beekeeping” in English. Add it on an earlier line of its own"),
    ],
)
def test_an_unknown_theme_names_the_line_the_key_the_value_and_the_nearest_themes(themes, locale, value, message):
    lines = [json.dumps(practice("fine", locale, themes=[])), json.dumps(practice("p", locale, themes=[value]))]

    report = KnowledgeBaseImporter().import_lines(lines)

    assert [(error.line, error.field) for error in report.errors] == [(2, "themes")]
    assert message in report.errors[0].message
    assert "--create-terms" in report.errors[0].message
    assert not GoodPracticePage.objects.exists()
    assert Theme.objects.count() == len(themes)


def test_command_refuses_an_unknown_theme_with_the_suggestion_and_writes_nothing(themes, tmp_path):
    path = write_jsonl(tmp_path / "kb.jsonl", [practice("p", "en", themes=["citizen participaton"])])
    stderr = StringIO()

    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_kb", str(path), "--no-progress", stdout=StringIO(), stderr=stderr)

    assert stderr.getvalue().strip() == (
        'line 1: field "themes": no theme “citizen participaton” in English; did you mean “Citizen participation” '
        "(citizen-participation)? Add it on an earlier line of its own, or let the import create it "
        "(--create-terms; in the admin, “Create new terms and organisations”)."
    )
    assert not GoodPracticePage.objects.exists()


def test_create_terms_creates_the_unknown_theme_and_reports_it(themes, tmp_path):
    path = write_jsonl(tmp_path / "kb.jsonl", [practice("p", "en", themes=["Beekeeping", "public spaces"])])

    stdout, _stderr = import_kb(path, "--create-terms")

    assert "new theme: Beekeeping (en)" in stdout
    page = GoodPracticePage.objects.get(slug="p")
    assert sorted(theme.slug for theme in page.themes.all()) == ["beekeeping", "public-spaces"]


def test_an_organisation_is_found_by_its_name_without_diacritics_or_case(organisations):
    line = json.dumps(practice("p", "cs", organisation="centrum pro komunitni praci zapadni cechy"))

    report = KnowledgeBaseImporter().import_lines([line])

    assert report.errors == []
    assert GoodPracticePage.objects.get(slug="p").lead_organisation.slug == "cpkp"


def test_an_unknown_organisation_names_the_nearest_ones(organisations):
    line = json.dumps(practice("p", "en", partners=["British Councl"]))

    report = KnowledgeBaseImporter().import_lines([line])

    assert [(error.line, error.field) for error in report.errors] == [(1, "partners[0].organisation")]
    assert "did you mean “British Council” (british-council)?" in report.errors[0].message


def test_create_terms_creates_an_unknown_organisation_of_kind_other(organisations):
    line = json.dumps(practice("p", "en", organisation="Friends of the Park"))

    report = KnowledgeBaseImporter(create_terms=True).import_lines([line])

    assert report.errors == []
    created = Organisation.objects.get(slug="friends-of-the-park", locale__language_code="en")
    assert (created.name, created.kind) == ("Friends of the Park", "other")
    assert [(str(kind), name, code) for kind, name, code in report.new_terms] == [
        ("organisation", "Friends of the Park", "en")
    ]


def test_a_second_row_of_a_term_in_one_language_is_refused_naming_the_first(locales):
    """The Czech row of "youth" got another slug in the admin; a line bringing the Czech "youth" again is told so,
    not "Theme with this Translation key and Locale already exists"."""
    english = Theme.objects.create(locale=locales["en"], slug="youth", name="Youth")
    Theme.objects.create(locale=locales["cs"], slug="mladez", name="Mládež", translation_key=english.translation_key)
    line = json.dumps({"type": "theme", "slug": "youth", "locale": "cs", "name": "Mládež"}, ensure_ascii=False)

    report = KnowledgeBaseImporter().import_lines([line])

    assert [(error.line, error.field, error.message) for error in report.errors] == [
        (1, "slug", "“youth” would be a second theme “Mládež” (mladez) in this language; name that one")
    ]
