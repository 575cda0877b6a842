"""The search evaluation set of issue 15 (bench/eval/): its items, queries and graded judgements, read once.

The items are knowledge-base lines in the import_kb format (one JSONL file per language under bench/eval/items/),
written in the seeds' style and never shown to the search while the queries were written. They lean on the demo's
taxonomy and organisations, so ``import_lines`` puts those first, and sources before their translations, as the
importer requires. Items are named by slug, which is unique across the whole set, so a judgement is just
``{slug: grade}``.

The tokeniser here is the measurement's own, shared by the set's shape test and the BM25 baseline: Unicode word
characters, case-folded, ASCII-folded (diacritics dropped; Cyrillic stays Cyrillic), no stemming. It must never
depend on the search engine it measures.
"""

import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SET_DIR = ROOT / "bench" / "eval"
ITEMS_DIR = SET_DIR / "items"
QUERIES_FILE = SET_DIR / "queries.jsonl"
STOP_WORDS_FILE = SET_DIR / "stopwords.json"
DEMO_FILE = ROOT / "practices" / "fixtures" / "demo" / "knowledge_base.jsonl"
PAGE_TYPES = ("practice", "material", "video")
LANGUAGES = ("en", "cs", "bg", "hr", "nb")
KINDS = ("natural", "paraphrase", "exact", "inflected", "no_diacritics", "transliterated", "typo", "cross_language")
SPLITS = ("dev", "test")

_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Item:
    """One knowledge-base item of the set, with the text fields the baseline ranks on and, in ``terms``, the names
    of its themes, target groups, methods and organisation in its language, which the search indexes too."""

    slug: str
    locale: str
    type: str
    title: str
    summary: str
    body: str
    translation_of: str = ""
    terms: tuple = ()


@dataclass(frozen=True)
class Query:
    """One query: its language is the locale it is asked in; ``judgements`` maps item slugs to grades 1–3."""

    id: str
    language: str
    kind: str
    text: str
    split: str
    judgements: dict = field(default_factory=dict)


def fold(text):
    """Case-fold and drop diacritics: ``Žabovřesky`` → ``zabovresky``, ``й`` → ``и``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def tokenise(text):
    """Folded word tokens of plain text or of a body's HTML (tags dropped, entities decoded)."""
    return _WORD.findall(fold(html.unescape(_TAG.sub(" ", text))))


def _read_jsonl(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip() and not line.lstrip().startswith("//")]


def item_lines():
    """Every item line of the set, language file by language file."""
    return [line for path in sorted(ITEMS_DIR.glob("*.jsonl")) for line in _read_jsonl(path)]


def _term_names():
    """Names of the demo's taxonomy terms and organisations by (type, slug, locale)."""
    return {
        (line["type"], line["slug"], line["locale"]): line["name"]
        for line in _read_jsonl(DEMO_FILE)
        if line["type"] not in PAGE_TYPES
    }


def _terms(line, names):
    references = [("theme", slug) for slug in line.get("themes", [])]
    references += [("target_group", slug) for slug in line.get("target_groups", [])]
    references += [("method", slug) for slug in line.get("methods", [])]
    if line.get("organisation"):
        references.append(("organisation", line["organisation"]))
    return tuple(names[(kind, slug, line["locale"])] for kind, slug in references)


def load_items():
    """The set's items by slug."""
    names = _term_names()
    return {
        line["slug"]: Item(
            slug=line["slug"],
            locale=line["locale"],
            type=line["type"],
            title=line.get("title", ""),
            summary=line.get("summary", ""),
            body=line.get("body", ""),
            translation_of=line.get("translation_of", ""),
            terms=_terms(line, names),
        )
        for line in item_lines()
    }


def load_queries():
    """The set's queries in file order."""
    return [Query(**line) for line in _read_jsonl(QUERIES_FILE)]


def load_stop_words():
    """Function words per language, folded as the tokeniser folds, for the paraphrase check."""
    with open(STOP_WORDS_FILE, encoding="utf-8") as handle:
        return {language: {fold(word) for word in words} for language, words in json.load(handle).items()}


def import_lines():
    """The lines to import into an empty database: the demo's taxonomy and organisations (none of its items),
    then the set's source items, then their translations."""
    taxonomy = [line for line in _read_jsonl(DEMO_FILE) if line["type"] not in PAGE_TYPES]
    items = item_lines()
    return (
        taxonomy
        + [line for line in items if not line.get("translation_of")]
        + [line for line in items if line.get("translation_of")]
    )


def write_import_file(path):
    """Write ``import_lines`` as a JSONL file for import_kb and return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for line in import_lines():
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path
