"""``python -m bench.eval_search`` (``make eval-search``): how well the search API finds what practitioners mean,
measured on the evaluation set of issue 15 (bench/eval/, docs/search.md) for each search backend, beside a BM25
OR baseline computed over the same items in the same run.

For each backend the run builds a fresh database, migrates it, loads the set through ``import_kb`` (the demo's
taxonomy and organisations first, none of its items), indexes it, and asks every query of the chosen split through
the public search API, ``/api/feed/v1/search/?q=…&locale=<the query's language>``, with Django's test client. The
first ten answers are scored (bench.eval_scoring) and the figures printed per split × language and per split ×
kind, then written with every query's answer to ``var/eval/search-<backend>.json``.

Backends:

- ``sqlite``: var/eval/search-sqlite.sqlite3 (the embedded FTS5 backend);
- ``postgres``: EVAL_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/eval_search (dropped and created);
- ``opensearch``: OPENSEARCH_URL (default http://127.0.0.1:9200, the engine of ``make search-engine``) with the
  index prefix ``eval_`` (EVAL_INDEX_PREFIX overrides, for runs sharing a cluster) and no replicas, over
  var/eval/search-opensearch.sqlite3. ``--backend all`` leaves it out, saying so, when nothing answers there.

Cross-language queries are asked in their own language too: the items judged for them are in other languages, so
they count only through the API's language fallback (issue 15), whose ``other_languages`` follow the results as the
search page shows them.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import django

from bench import eval_scoring, eval_set
from bench.knowledge_base import fresh_database, manage
from bench.server import ROOT

BACKENDS = ("sqlite", "postgres", "opensearch")
OUTPUT_DIR = ROOT / "var" / "eval"
SEARCH_PATH = "/api/feed/v1/search/"
FIGURES = (("ndcg_at_10", "nDCG@10"), ("mrr", "MRR"), ("recall_at_10", "R@10"), ("zero_results", "zero"))


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=[*BACKENDS, "all"], default="all")
    parser.add_argument("--split", choices=[*eval_set.SPLITS, "all"], default="all")
    return parser.parse_args(argv)


def opensearch_url():
    return os.environ.get("OPENSEARCH_URL") or "http://127.0.0.1:9200"


def opensearch_answers(url):
    try:
        with urllib.request.urlopen(url.split(",")[0], timeout=3) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def environment(backend):
    """The process environment of one backend's run: its own database and, for OpenSearch, its own indexes."""
    sqlite = f"sqlite:///{OUTPUT_DIR / f'search-{backend}.sqlite3'}"
    postgres = os.environ.get("EVAL_DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/eval_search"
    values = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings",
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "eval-search-" + "k" * 50,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
        "FEED_ANON_RATE": "100000/min",  # the run asks hundreds of queries from one address
        "MEDIA_ROOT": str(OUTPUT_DIR / "media"),
        "STATIC_ROOT": str(OUTPUT_DIR / "static"),
        "DATABASE_URL": postgres if backend == "postgres" else sqlite,
        "OPENSEARCH_URL": "",
        "ELASTICSEARCH_URL": "",
        # Search by meaning on every backend (a search cluster's default is off): SEARCH_SEMANTIC=false measures
        # search by words alone.
        "SEARCH_SEMANTIC": os.environ.get("SEARCH_SEMANTIC") or "true",
    }
    if backend == "opensearch":
        prefix = os.environ.get("EVAL_INDEX_PREFIX") or "eval_"
        values.update({"OPENSEARCH_URL": opensearch_url(), "SEARCH_INDEX_PREFIX": prefix, "SEARCH_REPLICAS": "0"})
    return values


def build(backend, values):
    """A fresh database holding the set, indexed; the seconds it took."""
    started = time.perf_counter()
    fresh_database(values["DATABASE_URL"])
    manage(values, "migrate", "--no-input")
    manage(values, "createcachetable")
    lines = eval_set.write_import_file(OUTPUT_DIR / "import.jsonl")
    output, _seconds = manage(values, "import_kb", str(lines), "--publish", "--no-progress")
    print(f"{backend}: {output.strip().splitlines()[-1]}")
    if backend == "opensearch":
        manage(values, "update_index")
    return time.perf_counter() - started


def ask(client, query):
    """The API's answer to one query as a practitioner reads it on the search page: the first page's results, then
    the other languages' best items (shown below them when the language has few matches, above them when the query
    means an item of another language: ``other_languages_first``), as slugs in order; the
    HTTP status; and whether the database answered for an unreachable engine (``degraded``), which would make an
    OpenSearch figure the database's."""
    response = client.get(SEARCH_PATH, {"q": query.text, "locale": query.language})
    if response.status_code != 200:
        return [], response.status_code, False
    body = response.json()
    if body["other_languages_first"]:
        answers = body["other_languages"] + body["results"]
    else:
        answers = body["results"] + body["other_languages"]
    return [result["slug"] for result in answers], 200, body["degraded"]


def measure(backend, split):
    """Run the chosen queries through the API in this process and score them with the baseline beside."""
    os.environ.update(environment(backend))
    django.setup()
    from django.db import connection
    from django.test import Client

    items = eval_set.load_items()
    queries = [query for query in eval_set.load_queries() if split in ("all", query.split)]
    baseline = eval_scoring.BM25Baseline(items.values(), eval_set.tokenise)
    client = Client()
    rows = []
    for query in queries:
        ranked, status, degraded = ask(client, query)
        baseline_ranked = baseline.rank(query.text, query.language)
        rows.append(
            {
                "id": query.id,
                "language": query.language,
                "kind": query.kind,
                "split": query.split,
                "text": query.text,
                "status": status,
                "degraded": degraded,
                "answer": ranked[: eval_scoring.CUTOFF],
                "baseline_answer": baseline_ranked[: eval_scoring.CUTOFF],
                "ours": eval_scoring.score_query(ranked, query.judgements),
                "baseline": eval_scoring.score_query(baseline_ranked, query.judgements),
            }
        )
    return {
        "backend": backend,
        "vendor": connection.vendor,
        "split": split,
        "items": len(items),
        "errors": sum(row["status"] != 200 for row in rows),
        "degraded": sum(row["degraded"] for row in rows),
        "summary": eval_scoring.summarise(rows),
        "queries": rows,
    }


def table(report):
    """The printed report: one line per split × (overall, language, kind), ours beside the baseline."""
    summary = report["summary"]
    header = f"{'':<22}{'n':>4}" + "".join(f"{label:>16}" for _name, label in FIGURES)
    lines = [
        f"{report['backend']} ({report['vendor']}), {report['items']} items, {summary['all']['queries']} queries; "
        "each figure: ours / BM25 OR baseline",
        header,
    ]
    for split in eval_set.SPLITS:
        if split not in summary:
            continue
        keys = [split]
        keys += [f"{split}/{language}" for language in eval_set.LANGUAGES]
        keys += [f"{split}/{kind}" for kind in eval_set.KINDS]
        for key in keys:
            if key in summary:
                row = summary[key]
                cells = "".join(f"{row['ours'][name]:>9.3f} /{row['baseline'][name]:>5.3f}" for name, _label in FIGURES)
                lines.append(f"{key:<22}{row['queries']:>4}{cells}")
    if report["degraded"]:
        lines.append(f"{report['degraded']} queries were answered by the database while the engine was unreachable")
    if report["errors"]:
        lines.append(f"{report['errors']} queries answered with an error status (scored as no answer)")
    return "\n".join(lines)


def run_one(backend, split):
    (OUTPUT_DIR / "static").mkdir(parents=True, exist_ok=True)
    seconds = build(backend, environment(backend))
    report = measure(backend, split)
    report["build_seconds"] = round(seconds, 1)
    path = OUTPUT_DIR / f"search-{backend}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(table(report))
    print(f"written to {path.relative_to(ROOT)}")


def main(argv=None):
    arguments = parse_arguments(argv)
    if arguments.backend != "all":
        if arguments.backend == "opensearch" and not opensearch_answers(opensearch_url()):
            sys.exit(f"No search engine answers at {opensearch_url()} (make search-engine starts one).")
        run_one(arguments.backend, arguments.split)
        return
    # One process per backend: Django's settings, and so the database and search backend, are read once.
    for backend in BACKENDS:
        if backend == "opensearch" and not opensearch_answers(opensearch_url()):
            print(f"opensearch: skipped, nothing answers at {opensearch_url()}")
            continue
        command = [sys.executable, "-m", "bench.eval_search", "--backend", backend, "--split", arguments.split]
        subprocess.run(command, cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
