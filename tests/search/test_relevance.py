"""Relevance of the embedded search on the demo knowledge base (tests/search/relevance.py), through the same
function as the search API. Prints MRR and recall@10 (run with ``-s``, or ``make bench-search``) and fails when
they drop below what was measured when the set was written."""

from django.core.management import call_command
from django.db import connection

from search.knowledge_search import search_knowledge_base
from tests.search import relevance

# Measured when the set was written (docs/search-embedded.md): MRR 0.991 on SQLite and 1.000 on PostgreSQL,
# recall@10 1.000 on both; a small margin below, so that a change costing a rank or two on a few queries fails.
MIN_MRR = 0.95
MIN_RECALL_AT_10 = 0.97


def slugs_found(locale, query):
    outcome = search_knowledge_base(query, locale, filters={}, page=1, page_size=10)
    return [item["page"].slug for item in outcome.results]


def test_relevance_on_the_demo_knowledge_base(locales, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The import indexes in bulk once its transaction commits; inside the test's transaction, run that now.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=None)
    figures = relevance.score(slugs_found)
    # The figures are this test's report (issue 4: "printed by make bench-search or the test run").
    print("\n" + relevance.report(figures, connection.vendor))  # noqa: T201
    assert figures["queries"] >= 40
    assert figures["mrr"] >= MIN_MRR
    assert figures["recall_at_10"] >= MIN_RECALL_AT_10
