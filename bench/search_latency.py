"""``python -m bench.search_latency --items N``: search latency of the embedded backend, p50/p95 of a fixed query mix
in all five languages, measured in-process straight through the backend (no HTTP), and stock modelsearch's
database backend on the same data for the ratio.

The database is var/bench/search-<N>.sqlite3, or the PostgreSQL database named by BENCH_DATABASE_URL (dropped and
created again, never DATABASE_URL); it is built with ``migrate`` and ``generate_kb --items N`` unless ``--reuse``
finds it built. Three figures per query mix:

- ``backend``: ``get_search_backend().search(q, live items of the locale)[:20]``, evaluated;
- ``api``: the search API's whole work without HTTP (search.knowledge_search: every match, facets, snippets);
- ``stock``: modelsearch's own database backend (``modelsearch.backends.database``), indexed for the run, on the
  first ``--stock-queries`` queries of each language only, each stopped after ``--stock-timeout`` seconds
  (at 10,000 pages a stock query takes 3 to 50 s on SQLite: ../shared/ANCHORS.md).
"""

import argparse
import os
import statistics
import time

import django

from bench.knowledge_base import analyze, fresh_database, manage, migrate
from bench.server import ROOT

QUERY_MIX = {
    "en": ["municipality", "youth council", "playground", "participatory budget", "round tables", "housing est"],
    "cs": ["obcí", "mladez", "hřiště", "participativní rozpočet", "kulaté stoly", "sidlist"],
    "bg": ["общините", "obshtina", "младежите", "кръгли маси", "обсъждане", "читалищ"],
    "hr": ["općini", "opcina", "mladih", "participativni proračun", "igralištu", "savjetov"],
    "nb": ["kommunene", "ungdomsrådet", "lekeplassen", "folkemoter", "rundebordsmøter", "torg"],
}
STOCK = "stock"


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query (after one warm-up)")
    parser.add_argument("--reuse", action="store_true", help="reuse the database if it was built before")
    parser.add_argument("--stock-queries", type=int, default=1, help="stock queries per language (0: none)")
    parser.add_argument("--stock-timeout", type=float, default=60.0)
    return parser.parse_args()


def database_url(items):
    return os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{ROOT / 'var' / 'bench' / f'search-{items}.sqlite3'}"


def build(url, items, reuse):
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": "bench-" + "k" * 50,
        "DJANGO_SETTINGS_MODULE": "cms.settings",
    }
    if reuse and _has_items(environment):
        migrate(environment)
        analyze(url)
        return
    fresh_database(url)
    migrate(environment)
    _output, seconds = manage(environment, "generate_kb", "--items", str(items))
    print(f"generate_kb --items {items}: {seconds:.1f} s (indexing included)")
    analyze(url)


def _has_items(environment):
    try:
        output, _seconds = manage(
            environment, "shell", "-c", "from search.models import SearchDocument as D; print(D.objects.count())"
        )
    except RuntimeError:
        return False
    return int(output.strip().splitlines()[-1] or 0) > 0


def percentiles(timings):
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def measure(run, queries, repeat):
    timings = []
    for locale, query in queries:
        run(locale, query)
        for _ in range(repeat):
            started = time.perf_counter()
            run(locale, query)
            timings.append(time.perf_counter() - started)
    return timings


def main():
    arguments = parse_arguments()
    url = database_url(arguments.items)
    build(url, arguments.items, arguments.reuse)
    os.environ.update({"DATABASE_URL": url, "DJANGO_DEBUG": "false", "SECRET_KEY": "bench-" + "k" * 50})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Locale, Page
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    from search.knowledge_search import ITEM_TYPES, search_knowledge_base

    def items_of(locale):
        # By the Locale row: stock modelsearch accepts only filters on indexed fields (Page's "locale").
        return Page.objects.live().type(*ITEM_TYPES.values()).filter(locale=Locale.objects.get(language_code=locale))

    def backend_search(locale, query):
        return list(get_search_backend().search(query, items_of(locale), languages=[locale])[:20])

    def api_search(locale, query):
        return search_knowledge_base(query, locale, filters={}, page=1)

    queries = [(locale, query) for locale, mix in QUERY_MIX.items() for query in mix]
    pages = Page.objects.live().type(*ITEM_TYPES.values()).count()
    print(f"{connection.vendor}, {pages} live items, {len(queries)} queries × {arguments.repeat} runs")
    for name, run in (("backend", backend_search), ("api", api_search)):
        p50, p95 = percentiles(measure(run, queries, arguments.repeat))
        print(f"  {name:<8} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms")
    ours_p50, _ours_p95 = percentiles(measure(backend_search, queries, 1))

    if arguments.stock_queries:
        settings.WAGTAILSEARCH_BACKENDS = {
            **settings.WAGTAILSEARCH_BACKENDS,
            STOCK: {"BACKEND": "modelsearch.backends.database", "AUTO_UPDATE": False},
        }
        if not IndexEntry.objects.exists():
            started = time.perf_counter()
            call_command("update_index", backend_name=STOCK, verbosity=0)
            print(f"  stock index built in {time.perf_counter() - started:.1f} s")
        stock_queries = [
            (locale, query) for locale, mix in QUERY_MIX.items() for query in mix[: arguments.stock_queries]
        ]
        timings = [
            stock_timing(connection, locale, query, items_of, arguments.stock_timeout)
            for locale, query in stock_queries
        ]
        p50, p95 = percentiles(timings)
        print(f"  stock    p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   ({len(timings)} queries, one run each)")
        print(f"  stock p50 / ours p50: {p50 / ours_p50:.0f}×")


def stock_timing(connection, locale, query, items_of, timeout):
    """One stock query's time in seconds; ``timeout`` when the database stopped it."""
    from django.db import OperationalError
    from django.db.utils import DatabaseError
    from wagtail.search.backends import get_search_backend

    started = time.perf_counter()
    _stop_after(connection, timeout)
    try:
        list(get_search_backend(STOCK).search(query, items_of(locale))[:20])
    except (OperationalError, DatabaseError):
        print(f"  stock query {query!r} ({locale}) stopped after {timeout:.0f} s")
        return timeout
    finally:
        _stop_after(connection, None)
    return time.perf_counter() - started


def _stop_after(connection, seconds):
    """Make the database abandon a statement running longer than ``seconds`` (None: no limit)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        if seconds is None:
            connection.connection.set_progress_handler(None, 0)
        else:
            deadline = time.perf_counter() + seconds
            connection.connection.set_progress_handler(lambda: int(time.perf_counter() > deadline), 100_000)
    else:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = %s", [int((seconds or 0) * 1000)])


if __name__ == "__main__":
    main()
