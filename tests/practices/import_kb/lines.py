"""The import tests' files and lines: ``data/rich_kb.jsonl`` (taxonomy and organisations in Czech and English, a
Czech material with a PDF, a Czech video, and a Czech practice with its English translation: 18 items after a comment
and a blank line), builders of single lines, and the checks of what an import wrote."""

import json
import re
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import PageLogEntry, Revision

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

RICH_KB = Path(__file__).parent.parent / "data" / "rich_kb.jsonl"
RICH_KB_ITEMS = 18
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SUMMARY_RE = re.compile(r"(\d+) created, (\d+) updated, (\d+) unchanged, (\d+) rejected")
PRACTICE_CS = "future-city-game-v-plzni"
PRACTICE_EN = "future-city-game-in-pilsen"
MATERIAL_CS = "future-city-game-pruvodce"
VIDEO_CS = "jak-usporadat-future-city-game"
ITEM_MODELS = (GoodPracticePage, MaterialPage, TrainingVideoPage)
SNIPPET_MODELS = (Theme, TargetGroup, Method, FundingProgramme, Organisation)


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
