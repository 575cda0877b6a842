"""The search evaluation's figures and baseline (bench.eval_scoring) on hand-worked answers, and the harness
(bench.eval_search) on the real set: every item loads through import_kb into the test database and a query goes
through the public search API as ``make eval-search`` asks it."""

import math
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from bench import eval_scoring, eval_search, eval_set
from practices.models import GoodPracticePage, MaterialPage, TrainingVideoPage

JUDGEMENTS = {"a": 3, "b": 2, "c": 1}


@pytest.mark.parametrize(
    ("ranked", "expected"),
    [
        (["a", "b", "c"], 1.0),
        ([], 0.0),
        (["x", "a"], (3 / math.log2(3)) / (3 + 2 / math.log2(3) + 1 / 2)),
        (["c", "b", "a"], (1 + 2 / math.log2(3) + 3 / 2) / (3 + 2 / math.log2(3) + 1 / 2)),
        ([f"x{n}" for n in range(10)] + ["a"], 0.0),
    ],
)
def test_ndcg_at_10_uses_linear_gains_a_log2_discount_and_the_ideal_of_the_judgements(ranked, expected):
    assert eval_scoring.ndcg_at_10(ranked, JUDGEMENTS) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("ranked", "mrr", "recall"),
    [
        (["a", "b"], 1.0, 1.0),
        (["c", "x", "b"], 1 / 3, 0.5),
        (["c", "x"], 0.0, 0.0),
        ([f"x{n}" for n in range(10)] + ["a", "b"], 0.0, 0.0),
    ],
)
def test_mrr_and_recall_count_grades_2_and_3_within_the_first_ten(ranked, mrr, recall):
    assert eval_scoring.reciprocal_rank(ranked, JUDGEMENTS) == pytest.approx(mrr)
    assert eval_scoring.recall_at_10(ranked, JUDGEMENTS) == pytest.approx(recall)


def test_an_empty_answer_is_a_zero_result_query():
    assert eval_scoring.score_query([], JUDGEMENTS)["zero_results"] == 1.0
    assert eval_scoring.score_query(["x"], JUDGEMENTS)["zero_results"] == 0.0


def test_summaries_group_by_split_language_and_kind():
    rows = [
        {"split": "dev", "language": "cs", "kind": "typo", "ours": {"mrr": 1.0}, "baseline": {"mrr": 0.0}},
        {"split": "dev", "language": "cs", "kind": "exact", "ours": {"mrr": 0.5}, "baseline": {"mrr": 1.0}},
        {"split": "test", "language": "bg", "kind": "typo", "ours": {"mrr": 0.0}, "baseline": {"mrr": 1.0}},
    ]
    summary = eval_scoring.summarise(rows)
    assert summary["all"]["queries"] == 3
    assert summary["dev/cs"] == {"queries": 2, "ours": {"mrr": 0.75}, "baseline": {"mrr": 0.5}}
    assert summary["test/typo"]["ours"] == {"mrr": 0.0}
    assert "dev/bg" not in summary
    assert summary["dev/cs/exact"]["baseline"] == {"mrr": 1.0}


def test_each_backend_has_its_own_database_and_opensearch_its_own_indexes(monkeypatch):
    monkeypatch.delenv("EVAL_DATABASE_URL", raising=False)
    sqlite, postgres, opensearch = (eval_search.environment(backend) for backend in eval_search.BACKENDS)
    assert sqlite["DATABASE_URL"].endswith("var/eval/search-sqlite.sqlite3") and not sqlite["OPENSEARCH_URL"]
    assert postgres["DATABASE_URL"].endswith("/eval_search") and not postgres["OPENSEARCH_URL"]
    assert opensearch["OPENSEARCH_URL"] and opensearch["SEARCH_INDEX_PREFIX"] == "eval_"
    assert len({sqlite["DATABASE_URL"], postgres["DATABASE_URL"], opensearch["DATABASE_URL"]}) == 3


def test_the_table_puts_ours_beside_the_baseline_per_half_language_and_kind():
    figures = {"ndcg_at_10": 0.5, "mrr": 0.25, "recall_at_10": 1.0, "zero_results": 0.0}
    row = {"split": "test", "language": "hr", "kind": "typo", "ours": figures, "baseline": {**figures, "mrr": 0.75}}
    report = {"backend": "sqlite", "vendor": "sqlite", "items": 155, "errors": 0, "degraded": 1}
    report["summary"] = eval_scoring.summarise([row])
    lines = eval_search.table(report).splitlines()
    assert [line.split()[0] for line in lines[2:5]] == ["test", "test/hr", "test/typo"]
    assert "0.250 /0.750" in lines[3]
    assert "answered by the database" in lines[-1]


def item(slug, locale, title, summary="", body=""):
    return SimpleNamespace(slug=slug, locale=locale, title=title, summary=summary, body=body)


def test_the_baseline_weights_the_title_three_times_and_folds_diacritics():
    baseline = eval_scoring.BM25Baseline(
        [
            item("in-title", "cs", "Obecní rozpočet", body="<p>Jak funguje.</p>"),
            item("in-body", "cs", "Jak funguje obec", body="<p>Obecní rozpočet a jeho pravidla.</p>"),
            item("elsewhere", "cs", "Hřiště", body="<p>Děti kreslí.</p>"),
        ],
        eval_set.tokenise,
    )
    assert baseline.rank("rozpocet", "cs") == ["in-title", "in-body"]


def test_the_baseline_matches_any_word_and_puts_the_query_language_first():
    baseline = eval_scoring.BM25Baseline(
        [
            item("en-both", "en", "Youth council", summary="A youth council of a village."),
            item("cs-one", "cs", "Rada mládeže", summary="Youth council v Liberci."),
            item("en-one", "en", "Village hall", summary="A hall for the village."),
            item("en-none", "en", "Time bank", summary="Hours of help."),
        ],
        eval_set.tokenise,
    )
    assert baseline.rank("youth village", "en") == ["en-both", "en-one", "cs-one"]
    assert baseline.rank("youth village", "cs") == ["cs-one", "en-both", "en-one"]


def test_bm25_scores_by_hand():
    # One field each (the body), two documents: the formula's terms written out.
    baseline = eval_scoring.BM25Baseline(
        [item("one", "en", "", body="<p>garden garden plot</p>"), item("two", "en", "", body="<p>plot</p>")],
        eval_set.tokenise,
    )
    idf_garden = math.log(1 + (2 - 1 + 0.5) / (1 + 0.5))
    norm = 1.2 * (1 - 0.75 + 0.75 * 3 / 2)
    assert baseline.score("one", ["garden"]) == pytest.approx(idf_garden * 2 * 2.2 / (2 + norm))


@pytest.fixture
def evaluation_set(locales, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path / "media"
    lines = eval_set.write_import_file(tmp_path / "import.jsonl")
    # The import indexes in bulk once its transaction commits; inside the test's transaction, run that now.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_kb", str(lines), "--publish", "--no-progress", stdout=None)


def test_the_set_loads_through_import_kb_and_is_asked_through_the_search_api(evaluation_set, client):
    loaded = sum(model.objects.live().count() for model in (GoodPracticePage, MaterialPage, TrainingVideoPage))
    assert loaded == len(eval_set.load_items())
    query = eval_set.Query(
        id="x", language="bg", kind="exact", text="читалище", split="dev", judgements={"kakvo-e-chitalishte": 3}
    )
    answer, status, degraded = eval_search.ask(client, query)
    assert status == 200 and not degraded
    assert "kakvo-e-chitalishte" in answer
    assert set(answer) <= set(eval_set.load_items())
