"""A fresh benchmark database with N synthetic items, and the timing of each step that builds it.

Each step runs as its own ``manage.py`` process against ``database_url``, as an operator would run it: migrate,
``generate_kb --output`` (writing the synthetic JSON Lines), ``import_kb --publish`` (reading them back in, which is
what ``generate_kb`` without ``--output`` does in one go), ``update_index`` and ``collectstatic``.
"""

import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import psycopg
from psycopg import sql

from bench.server import ROOT

IMPORT_SUMMARY = re.compile(r"(\d+) created.* in ([\d.]+) s")


def fresh_database(database_url):
    """Empty the database: delete the SQLite file, or drop and create the PostgreSQL database."""
    config = dj_database_url.parse(database_url)
    if config["ENGINE"].endswith("sqlite3"):
        path = Path(config["NAME"])
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    name = config["NAME"]
    maintenance = urlsplit(database_url)._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def analyze(database_url):
    """Give PostgreSQL's planner statistics of the freshly loaded tables, as autovacuum would a few minutes after a
    bulk load: without them it estimates one row per locale and probes the search index once per page (a search
    at 10,000 items took 339 ms instead of 111). SQLite is left as the site runs it."""
    config = dj_database_url.parse(database_url)
    if not config["ENGINE"].endswith("sqlite3"):
        with psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute("ANALYZE")


def database_size_mb(database_url):
    """The database's size on disk in MiB: the SQLite file with its write-ahead log, or pg_database_size."""
    config = dj_database_url.parse(database_url)
    if config["ENGINE"].endswith("sqlite3"):
        files = [Path(f"{config['NAME']}{suffix}") for suffix in ("", "-wal")]
        size = sum(path.stat().st_size for path in files if path.exists())
    else:
        with psycopg.connect(database_url) as connection:
            size = connection.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    return round(size / 2**20, 1)


def manage(environment, *arguments):
    """Run one management command; its output, and its wall time in seconds."""
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if completed.returncode:
        raise RuntimeError(f"manage.py {' '.join(arguments)} failed:\n{completed.stdout}\n{completed.stderr}")
    return completed.stdout, elapsed


def migrate(environment):
    """Bring the database up to date as ``make migrate`` does: migrations, then the throttle counters' cache table
    (cms/settings.py keeps them in the database when REDIS_URL is unset); the seconds it took."""
    _, elapsed = manage(environment, "migrate", "--no-input")
    manage(environment, "createcachetable")
    return elapsed


def build(environment, items, seed, workdir):
    """Create the knowledge base of ``items`` items in the (fresh) database; the figures of each step."""
    fresh_database(environment["DATABASE_URL"])
    figures = {}
    figures["migrate_s"] = migrate(environment)
    jsonl = workdir / f"kb-{items}.jsonl"
    _, elapsed = manage(environment, "generate_kb", "--items", str(items), "--seed", str(seed), "--output", str(jsonl))
    figures["generate_kb_items_per_s"] = round(items / elapsed, 1)
    output, elapsed = manage(environment, "import_kb", str(jsonl), "--publish", "--no-progress")
    match = IMPORT_SUMMARY.search(output)
    # The command's own time excludes Django's start-up; the objects it created include taxonomy and organisations.
    figures["import_kb_s"] = float(match[2]) if match else round(elapsed, 1)
    figures["import_kb_objects"] = int(match[1]) if match else None
    figures["import_kb_items_per_s"] = round(items / figures["import_kb_s"], 1)
    _, elapsed = manage(environment, "update_index", "--backend", "default")
    figures["update_index_s"] = round(elapsed, 1)
    figures["update_index_items_per_s"] = round(items / elapsed, 1)
    if needs_stock_index(environment):
        figures["stock_update_index_items_per_s"] = build_stock_index(environment, items)
    analyze(environment["DATABASE_URL"])
    manage(environment, "collectstatic", "--no-input", "-v0")
    figures["database_size_mb"] = database_size_mb(environment["DATABASE_URL"])
    return figures


def needs_stock_index(environment):
    """Whether the site under test searches the stock way too (bench/scenarios/stock_search.py)."""
    return environment.get("WAGTAILAPI_SEARCH_BACKEND") == "stock"


def build_stock_index(environment, items):
    """Fill stock Wagtail's own index of the same pages, for the search comparison; its rate in items/s."""
    _, elapsed = manage(environment, "update_index", "--backend", "stock")
    return round(items / elapsed, 1)
