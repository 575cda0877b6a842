"""``python -m bench.run --items N``: build a fresh knowledge base of N items, serve it under gunicorn, load every
scenario of bench/scenarios at each concurrency, and write var/bench/results-<N>[-postgresql].json and .md. With
the search_engine scenarios (and unless ``--engine none``), the same database is also indexed into a one-node OpenSearch
on 127.0.0.1 and served by a second site, so that search on the engine is measured beside the embedded backend.

SQLite (var/bench/bench-<N>.sqlite3) unless BENCH_DATABASE_URL names a PostgreSQL database, which is dropped and
created again: a separate variable from DATABASE_URL so that a benchmark never empties the site's own database.
Stock Wagtail's figures come from the same server in the same run, because only side-by-side ratios are stable on
a shared machine.
"""

import argparse
import datetime
import json
import os
import platform
import urllib.error
import urllib.request
from pathlib import Path

import dj_database_url

from bench import knowledge_base, report, scenarios
from bench.loadgen import LoadGenerator
from bench.search_cluster import SearchCluster
from bench.server import ROOT, GunicornSite, free_port, site_environment

WORKDIR = ROOT / "var" / "bench"


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1000, help="knowledge-base items (pages) to generate")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seconds", type=float, default=6, help="measured time of each scenario at each concurrency")
    parser.add_argument("--rounds", type=int, default=3, help="passes over all scenarios that share the time")
    parser.add_argument("--only", help="comma-separated scenario groups (modules of bench/scenarios) to run")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database of an earlier run with N items, and the engine's index when it holds them all",
    )
    parser.add_argument(
        "--engine",
        choices=["opensearch", "none"],
        default="opensearch",
        help="also serve the same data searched through a real OpenSearch (bench.search_cluster) and measure both",
    )
    return parser.parse_args()


def measure(site, all_scenarios, seconds, rounds):
    """Each scenario at each of its concurrencies, after a short warm-up that reaches both workers and asks for
    each of the scenario's paths twice, so that the cached ones (feed, public pages) are measured warm.

    The time is split into ``rounds`` passes over all scenarios, so that whatever else the machine does at some
    moment weighs on every scenario alike and the ratios between them stay fair.
    """
    loads = {
        scenario.name: LoadGenerator(scenario.site.port if scenario.site else site.port) for scenario in all_scenarios
    }
    for scenario in all_scenarios:
        loads[scenario.name].run(
            scenario.requests,
            concurrency=2,
            seconds=1,
            expect=scenario.expect,
            min_requests=max(4, 2 * len(scenario.requests)),
        )
    measured = {}
    for number in range(1, rounds + 1):
        print(f"Round {number} of {rounds}", flush=True)
        for scenario in all_scenarios:
            for concurrency in scenario.concurrency:
                result = loads[scenario.name].run(
                    scenario.requests,
                    concurrency,
                    seconds / rounds,
                    expect=scenario.expect,
                    min_requests=max(1, 20 // rounds),
                )
                key = (scenario.name, concurrency)
                measured[key] = measured[key].merge(result) if key in measured else result
                print(f"  {scenario.name:<24} c={concurrency}: {result.summary()}", flush=True)
    return {
        scenario.name: {
            "description": scenario.description,
            "paths": sorted({request.path for request in scenario.requests})[:5],
            "runs": {str(c): measured[(scenario.name, c)].summary() for c in scenario.concurrency},
        }
        for scenario in all_scenarios
    }


def ratios(modules, figures):
    found = {}
    for module in modules.values():
        for ratio in getattr(module, "RATIOS", []):
            compares = f"{ratio.metric} at c={ratio.concurrency}: {ratio.ours} / {ratio.theirs}"
            if ratio.ours in figures and ratio.theirs in figures:
                value, ours, theirs = ratio.value(figures)
            else:
                value = ours = theirs = None
                compares += " (not measured in this run)"
            found[ratio.name] = {"value": value, "ours": ours, "theirs": theirs, "compares": compares}
    return found


def start_engine_site(environment, items, reuse):
    """A second site on the same database whose default search backend is a one-node OpenSearch on 127.0.0.1
    (started if it is not running), indexed here unless ``reuse`` finds the index of an earlier run already holding
    the ``items`` (at 100,000 items indexing takes most of an hour); the site, and the indexing figures."""
    cluster = SearchCluster()
    cluster.start(quiet=True)
    prefix = f"bench_{items}_"
    engine_environment = {
        **environment,
        "OPENSEARCH_URL": ",".join(cluster.urls),
        "SEARCH_INDEX_PREFIX": prefix,
        "SEARCH_REPLICAS": "0",
    }
    if reuse and indexed_pages(cluster.urls[0], prefix) >= items:
        figures = {"reused": 1}
    else:
        _, elapsed = knowledge_base.manage(engine_environment, "update_index", "--backend", "default")
        figures = {"update_index_s": round(elapsed, 1), "update_index_items_per_s": round(items / elapsed, 1)}
    port = free_port()
    engine_environment["SITE_BASE_URL"] = f"http://127.0.0.1:{port}"
    site = GunicornSite(engine_environment, port, log_path=WORKDIR / "gunicorn-opensearch.log").start()
    return site, figures


def indexed_pages(url, prefix):
    """How many pages the engine's page index under ``prefix`` holds (0 when there is none)."""
    try:
        with urllib.request.urlopen(f"{url}/{prefix}wagtailcore_page/_count", timeout=10) as response:
            return json.load(response)["count"]
    except urllib.error.HTTPError:
        return 0


def main():
    arguments = parse_arguments()
    WORKDIR.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{WORKDIR / f'bench-{arguments.items}.sqlite3'}"
    database = "sqlite" if dj_database_url.parse(database_url)["ENGINE"].endswith("sqlite3") else "postgresql"
    modules = scenarios.groups()
    if arguments.only:
        unknown = set(arguments.only.split(",")) - set(modules)
        if unknown:
            raise SystemExit(f"--only: unknown scenario groups {sorted(unknown)}; known: {sorted(modules)}")
        modules = {name: modules[name] for name in arguments.only.split(",")}
    server_environment = {}
    for module in modules.values():
        server_environment.update(getattr(module, "SERVER_ENVIRONMENT", {}))
    port = free_port()
    environment = site_environment(database_url, WORKDIR / "static", port, server_environment)
    results = {
        "items": arguments.items,
        "database": database,
        "started_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average": [round(value, 2) for value in os.getloadavg()],
        },
        "seconds_per_run": arguments.seconds,
        "rounds": arguments.rounds,
    }
    print(f"Building a knowledge base of {arguments.items} items on {database}…", flush=True)
    suffix = "" if database == "sqlite" else f"-{database}"
    stem = WORKDIR / f"results-{arguments.items}{suffix}"
    if arguments.reuse:
        # The build figures of the run that made the database, which is brought up to date with the code.
        previous = json.loads(Path(f"{stem}.json").read_text()) if Path(f"{stem}.json").exists() else {}
        knowledge_base.migrate(environment)
        size = knowledge_base.database_size_mb(database_url)
        results["build"] = {**previous.get("build", {}), "database_size_mb": size, "reused": 1}
        if knowledge_base.needs_stock_index(environment) and "stock_update_index_items_per_s" not in results["build"]:
            results["build"]["stock_update_index_items_per_s"] = knowledge_base.build_stock_index(
                environment, arguments.items
            )
    else:
        results["build"] = knowledge_base.build(environment, arguments.items, arguments.seed, WORKDIR)
    print(f"  {results['build']}", flush=True)
    engine_site = None
    if arguments.engine == "opensearch" and "search_engine" in modules:
        engine_site, engine_figures = start_engine_site(environment, arguments.items, arguments.reuse)
        results["build"].update({f"opensearch_{name}": value for name, value in engine_figures.items()})
        print(f"  OpenSearch: {engine_figures}", flush=True)
    site = GunicornSite(environment, port, log_path=WORKDIR / "gunicorn.log").start()
    try:
        context = scenarios.Context(site, extra={"engine_site": engine_site} if engine_site else {})
        all_scenarios = [scenario for module in modules.values() for scenario in module.scenarios(context)]
        figures = measure(site, all_scenarios, arguments.seconds, arguments.rounds)
        results["server"] = {"worker_peak_rss_mb": site.worker_peak_rss_mb()}
    finally:
        site.stop()
        if engine_site:
            engine_site.stop()
    results["scenarios"] = figures
    results["ratios"] = ratios(modules, figures)
    Path(f"{stem}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    table = report.markdown(results)
    Path(f"{stem}.md").write_text(table)
    print(table)
    print(f"Written: {stem}.json and {stem}.md")


if __name__ == "__main__":
    main()
