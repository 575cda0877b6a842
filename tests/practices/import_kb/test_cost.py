"""What an import costs: queries that grow linearly with its lines, and a thousand-line file."""

import json

import pytest
from wagtail.models import Page, Revision

from practices.knowledge_base.importer import KnowledgeBaseImporter
from practices.models import (
    GoodPracticePage,
    PracticeIndexPage,
)
from tests.practices.import_kb.lines import (
    import_kb,
    index_of,
    organisation,
    practice,
    summary,
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
