"""Invalid lines: each reported with its line number and field, and nothing written (or, with --skip-invalid,
only the valid lines); HTML sanitised."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.documents import get_document_model
from wagtail.models import Page

from practices.knowledge_base.importer import KnowledgeBaseImporter
from practices.models import (
    GoodPracticePage,
    MaterialPage,
    PracticeIndexPage,
    Theme,
)
from tests.practices.import_kb.lines import (
    PDF_BYTES,
    assert_nothing_written,
    bare_practice,
    document,
    import_kb,
    material,
    organisation,
    practice,
    stored_files,
    summary,
    video,
    without,
    write_jsonl,
)

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
