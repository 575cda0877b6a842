"""The benchmark's own parts: the load generator's percentiles and counting against a real HTTP server on
127.0.0.1, the named ratios, the markdown table, and every scenario group's requests against the live site
(each answers what the scenario expects, so a benchmark run measures real answers, not errors). No timing."""

import statistics
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import report, scenarios
from bench.loadgen import LoadGenerator, LoadResult, Request, percentile
from bench.server import GunicornSite, free_port


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([], 0.5, None),
        ([7], 0.99, 7),
        ([1, 2, 3, 4], 0.5, 2.5),
        ([10, 20, 30, 40, 50], 0.95, 48),
        ([5, 1, 4, 2, 3], 0.0, 1),
        ([5, 1, 4, 2, 3], 1.0, 5),
    ],
)
def test_percentile_interpolates_between_closest_ranks(values, fraction, expected):
    assert percentile(values, fraction) == expected


def test_percentile_agrees_with_statistics_inclusive_quantiles():
    values = [0.013, 0.002, 0.4, 0.05, 0.051, 0.007, 0.3, 0.02, 0.011, 0.09, 0.6]
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    assert percentile(values, 0.95) == pytest.approx(cuts[94])
    assert percentile(values, 0.50) == pytest.approx(cuts[49])


class CountingHandler(BaseHTTPRequestHandler):
    """Answers /ok with 200 and anything else with 500, over keep-alive connections, and counts the paths."""

    protocol_version = "HTTP/1.1"
    seen = []

    def do_GET(self):
        self.seen.append((self.path, self.headers.get("X-Probe")))
        body = b"fine" if self.path == "/ok" else b"broken"
        self.send_response(200 if self.path == "/ok" else 500)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def counting_server():
    CountingHandler.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_load_generator_counts_answers_and_unexpected_statuses(counting_server):
    load = LoadGenerator(counting_server.server_address[1])
    requests = [Request("/ok", {"X-Probe": "a"}), Request("/ok"), Request("/fail")]

    result = load.run(requests, concurrency=3, seconds=0, min_requests=30)

    assert result.requests >= 30
    assert result.requests == len(CountingHandler.seen)
    failures = sum(1 for path, _ in CountingHandler.seen if path == "/fail")
    assert result.errors == failures == result.statuses[500]
    assert result.statuses[200] == result.requests - failures
    assert ("/ok", "a") in CountingHandler.seen
    summary = result.summary()
    assert summary["requests"] == result.requests
    assert summary["p50_ms"] <= summary["p95_ms"] <= summary["p99_ms"]


def test_load_generator_counts_refused_connections_as_errors():
    load = LoadGenerator(free_port())

    result = load.run([Request("/ok")], concurrency=1, seconds=0, min_requests=3)

    assert result.errors == result.requests >= 3
    assert set(result.statuses) == {"ConnectionRefusedError"}


def test_results_of_several_rounds_merge_into_one():
    first = LoadResult(8, 2.0, [0.1, 0.2], 1, {200: 1, 500: 1})
    second = LoadResult(8, 3.0, [0.3, 0.4, 0.5], 0, {200: 3})

    merged = first.merge(second)

    assert merged.requests == 5
    assert merged.requests_per_second == 1.0
    assert merged.errors == 1
    assert merged.statuses == {200: 4, 500: 1}
    assert merged.summary()["p50_ms"] == 300.0


def test_a_path_slower_than_one_request_per_ten_seconds_keeps_its_rate():
    """Stock search at 10,000 items: 12 requests in 260 s must not round to 0 and lose its ratio."""
    slow = LoadResult(1, 260.0, [20.0] * 12, 0, {200: 12}).summary()
    figures = {"ours": {"runs": {"1": {"requests_per_second": 17.5}}}, "stock": {"runs": {"1": slow}}}

    assert slow["requests_per_second"] == 0.04615
    assert scenarios.Ratio("r", "ours", "stock", concurrency=1).value(figures)[0] == 379.2
    assert report._cell(slow["requests_per_second"]) == "0.046"


def test_ratio_is_a_speedup_for_throughput_and_for_latency():
    figures = {
        "ours": {"runs": {"8": {"requests_per_second": 300.0, "p95_ms": 20.0}}},
        "stock": {"runs": {"8": {"requests_per_second": 12.0, "p95_ms": 800.0}}},
    }

    assert scenarios.Ratio("r", "ours", "stock").value(figures) == (25.0, 300.0, 12.0)
    assert scenarios.Ratio("p", "ours", "stock", metric="p95_ms").value(figures) == (40.0, 20.0, 800.0)


def test_markdown_lists_every_run_and_ratio():
    run = {"concurrency": 8, "requests": 10, "errors": 0, "requests_per_second": 5.0}
    run |= {"p50_ms": 1.5, "p95_ms": 2.0, "p99_ms": None}
    results = {
        "items": 1000,
        "database": "sqlite",
        "started_at": "2026-01-01T00:00:00+00:00",
        "machine": {"cpus": 2, "load_average": [1.0, 1.0, 1.0]},
        "seconds_per_run": 6,
        "rounds": 3,
        "scenarios": {"feed_list": {"runs": {"8": run}}},
        "ratios": {"feed_list_vs_stock_ratio": {"value": 25.0, "ours": 300.0, "theirs": 12.0, "compares": "c=8"}},
        "build": {"import_kb_items_per_s": 190.0},
        "server": {"worker_peak_rss_mb": [120.5, 118.0]},
    }

    table = report.markdown(results)

    assert "| feed_list | 8 | 5.00 | 1.50 | 2.00 | — | 10 | 0 |" in table
    assert "| feed_list_vs_stock_ratio | 25.0 | 300.0 | 12.0 | c=8 |" in table
    assert "| worker_peak_rss_mb | [120.5, 118.0] |" in table


def test_scenario_groups_are_found_by_module():
    assert {"feed", "pages", "search", "search_engine", "stock_api", "stock_search"} <= set(scenarios.groups())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_scenario_answers_as_expected_on_the_live_site(live_feed_content, live_server):
    port = int(live_server.url.rsplit(":", 1)[1])
    site = GunicornSite(environment=None, port=port)  # the live server stands in for gunicorn; only its client
    # The engine's scenarios go to a second site; here the same live server answers them.
    context = scenarios.Context(site, extra={"engine_site": site})
    load = LoadGenerator(port)
    built = []
    for module in scenarios.groups().values():
        for scenario in module.scenarios(context):
            result = load.run(
                scenario.requests, 1, seconds=0, expect=scenario.expect, min_requests=len(scenario.requests)
            )
            assert result.errors == 0, (scenario.name, result.statuses)
            built.append(scenario.name)

    assert {
        "feed_list",
        "feed_detail_304",
        "stock_list",
        "stock_detail",
        "page_practice",
        "page_practice_uncached",
        "page_listing",
        "page_listing_uncached",
        "page_home",
        "page_home_uncached",
        "search",
        "search_same_queries",
        "stock_search",
        "search_opensearch",
    } <= set(built)
