"""A realistic synthetic knowledge base for benchmarks and load tests, as JSON Lines objects.

Items are spread over the five locales; most are written in cs, bg, hr or nb with an English translation linked
to them, as in the real knowledge base. Text is built from per-language vocabularies with real inflected forms
(practices/fixtures/synthetic/vocabulary.json), so that search sees the word forms practitioners type.
"""

import json
import random
from pathlib import Path

VOCABULARY = json.loads((Path(__file__).resolve().parent.parent / "fixtures/synthetic/vocabulary.json").read_text())
LOCALES = ["en", "cs", "bg", "hr", "nb"]
COUNTRY_OF = {"en": "GB", "cs": "CZ", "bg": "BG", "hr": "HR", "nb": "NO"}
CURRENCY_OF = {"en": "EUR", "cs": "CZK", "bg": "BGN", "hr": "EUR", "nb": "NOK"}
TERM_TYPES = {"theme": 8, "target_group": 8, "method": 10, "funding_programme": 4}
ORGANISATIONS_PER_COUNTRY = 12


def sentence(rng, words):
    parts = (rng.choice(words[part]) for part in ("subjects", "verbs", "objects", "places"))
    return " ".join(parts) + "."


def paragraph(rng, words, sentences):
    return " ".join(sentence(rng, words) for _ in range(sentences))


def taxonomy_lines():
    for kind, count in TERM_TYPES.items():
        for number in range(1, count + 1):
            for locale in LOCALES:
                title = VOCABULARY[locale]["titles"][number % len(VOCABULARY[locale]["titles"])]
                yield {
                    "type": kind,
                    "slug": f"gen-{kind.replace('_', '-')}-{number}",
                    "locale": locale,
                    "name": f"{title} {number}",
                }


def organisation_lines(rng):
    for locale in LOCALES:
        for number in range(1, ORGANISATIONS_PER_COUNTRY + 1):
            slug = f"gen-org-{locale}-{number}"
            name = f"{VOCABULARY[locale]['subjects'][number % 10]} {number}"
            for written_in in {locale, "en"}:
                yield {
                    "type": "organisation",
                    "slug": slug,
                    "locale": written_in,
                    "name": name,
                    "kind": "ngo",
                    "country": COUNTRY_OF[locale],
                    "website": f"https://{slug}.example.org/",
                }


def item_lines(rng, items):
    """``items`` pages in all: groups of a source item and, unless it is English, its English translation."""
    written = 0
    number = 0
    while written < items:
        number += 1
        locale = rng.choice(LOCALES)
        kind = rng.choices(["practice", "material", "video"], weights=[6, 2.5, 1.5])[0]
        group = [locale] if locale == "en" or written + 1 == items else [locale, "en"]
        slug = f"gen-{kind}-{number}"
        for position, written_in in enumerate(group):
            yield _item(rng, kind, f"{slug}-{written_in}", written_in, locale, f"{slug}-{locale}" if position else "")
        written += len(group)


def _item(rng, kind, slug, locale, origin, translation_of):
    words = VOCABULARY[locale]
    themes = sorted({f"gen-theme-{rng.randint(1, TERM_TYPES['theme'])}" for _ in range(2)})
    groups = sorted({f"gen-target-group-{rng.randint(1, TERM_TYPES['target_group'])}" for _ in range(2)})
    body = "\n\n".join(paragraph(rng, words, rng.randint(3, 6)) for _ in range(rng.randint(3, 6)))
    line = {
        "type": kind,
        "slug": slug,
        "locale": locale,
        "translation_of": translation_of,
        "live": True,
        "title": f"{rng.choice(words['titles'])}: {sentence(rng, words)[:-1]}"[:250],
        "summary": sentence(rng, words),
        "body": body,
        "themes": themes,
        "target_groups": groups,
        "funding_programme": f"gen-funding-programme-{rng.randint(1, TERM_TYPES['funding_programme'])}",
        "last_verified": {"date": f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}", "by": "generator"},
    }
    if kind == "practice":
        start = rng.randint(2008, 2024)
        line.update(
            country=COUNTRY_OF[origin],
            municipality=f"{rng.choice(words['places'])}",
            organisation=f"gen-org-{origin}-{rng.randint(1, ORGANISATIONS_PER_COUNTRY)}",
            partners=[
                f"gen-org-{origin}-{rng.randint(1, ORGANISATIONS_PER_COUNTRY)}" for _ in range(rng.randint(0, 3))
            ],
            budget={"amount": f"{rng.randint(5, 2000) * 1000}.00", "currency": CURRENCY_OF[origin]},
            start_date=f"{start}-{rng.randint(1, 12):02d}-01",
            end_date=f"{start + rng.randint(1, 3)}-12-31",
            status=rng.choice(["planned", "ongoing", "completed"]),
            methods=sorted({f"gen-method-{rng.randint(1, TERM_TYPES['method'])}" for _ in range(2)}),
            outcomes=[{"value": rng.randint(2, 60), "label": rng.choice(words["objects"])} for _ in range(3)],
            lessons_learned=paragraph(rng, words, 2),
        )
        line["partners"] = sorted(set(line["partners"]))
    elif kind == "material":
        line.update(
            material_kind=rng.choice(["guide", "handbook", "swot", "curriculum", "report"]),
            publication_date=f"{rng.randint(2010, 2026)}-0{rng.randint(1, 9)}-15",
        )
    else:
        line.update(
            video_url=f"https://www.youtube.com/watch?v=gen{rng.randint(10**7, 10**8 - 1)}",
            duration_seconds=rng.randint(120, 3600),
            spoken_language=origin,
            transcript=paragraph(rng, words, 8),
            chapters=[{"start_seconds": 0, "title": rng.choice(words["titles"])}],
        )
    return line


def generate(items, seed=0):
    """All lines of a synthetic knowledge base with ``items`` pages, in import order."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    yield from taxonomy_lines()
    yield from organisation_lines(rng)
    yield from item_lines(rng, items)
