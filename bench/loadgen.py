"""A bounded HTTP load generator: a fixed number of client threads, each with its own keep-alive connection, send
requests from a list in turn for a fixed time and record each answer's latency and status.

Python threads rather than wrk: wrk reports no 95th percentile and cannot check each answer's status, and at the
rates a 2-worker gunicorn reaches (hundreds of requests a second) the client's own cost stays far below the
server's. The client runs in the benchmark's process, separate from the server's.
"""

import http.client
import itertools
import math
import threading
import time
from dataclasses import dataclass, field


def percentile(values, fraction):
    """The ``fraction`` (0–1) percentile of ``values`` by linear interpolation between the closest ranks (the
    method of numpy's default and of Python's statistics.quantiles(method="inclusive")); None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    lower = math.floor(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


@dataclass(frozen=True)
class Request:
    """One request to send: a path on the server and extra headers (e.g. If-None-Match)."""

    path: str
    headers: dict = field(default_factory=dict)


@dataclass
class LoadResult:
    """What one load run measured. Latencies are in seconds; ``errors`` counts answers whose status was not
    expected and requests that failed at the connection."""

    concurrency: int
    elapsed: float
    latencies: list
    errors: int
    statuses: dict

    @property
    def requests(self):
        return len(self.latencies)

    @property
    def requests_per_second(self):
        return self.requests / self.elapsed if self.elapsed else 0.0

    def merge(self, other):
        """This result and ``other`` (the same load, measured at another moment) as one."""
        statuses = dict(self.statuses)
        for status, count in other.statuses.items():
            statuses[status] = statuses.get(status, 0) + count
        return LoadResult(
            self.concurrency,
            self.elapsed + other.elapsed,
            self.latencies + other.latencies,
            self.errors + other.errors,
            statuses,
        )

    def summary(self):
        """The figures as JSON: requests/s, p50/p95/p99 in milliseconds, request and error counts."""

        def ms(fraction):
            value = percentile(self.latencies, fraction)
            return None if value is None else round(value * 1000, 2)

        return {
            "concurrency": self.concurrency,
            "requests": self.requests,
            "errors": self.errors,
            "statuses": {str(status): count for status, count in sorted(self.statuses.items(), key=str)},
            "seconds": round(self.elapsed, 2),
            # Significant figures, not decimals: stock search at 10,000 items manages 0.05 requests/s.
            "requests_per_second": float(f"{self.requests_per_second:.4g}"),
            "p50_ms": ms(0.50),
            "p95_ms": ms(0.95),
            "p99_ms": ms(0.99),
        }


class LoadGenerator:
    """Drives ``requests`` against 127.0.0.1:``port``.

    A run lasts ``seconds``, or longer until ``min_requests`` answers are in (so that a slow path still gets a
    usable sample), but never past ``max_seconds``; each thread finishes the request it has started.
    """

    def __init__(self, port, host="127.0.0.1", timeout=120):
        self.host = host
        self.port = port
        self.timeout = timeout

    def run(self, requests, concurrency, seconds, expect=(200,), min_requests=20, max_seconds=90):
        requests = list(requests)
        if not requests:
            raise ValueError("no requests to send")
        lock = threading.Lock()
        latencies, statuses = [], {}
        counter = itertools.count()
        started = time.perf_counter()
        soft_deadline, hard_deadline = started + seconds, started + max(seconds, max_seconds)

        def should_stop():
            now = time.perf_counter()
            return now >= hard_deadline or (now >= soft_deadline and len(latencies) >= min_requests)

        def client():
            connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                while not should_stop():
                    request = requests[next(counter) % len(requests)]
                    status, latency = self._send(connection, request)
                    with lock:
                        latencies.append(latency)
                        statuses[status] = statuses.get(status, 0) + 1
            finally:
                connection.close()

        threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        errors = sum(count for status, count in statuses.items() if status not in expect)
        return LoadResult(concurrency, elapsed, latencies, errors, statuses)

    def _send(self, connection, request):
        """Send one request and read the whole answer; the status, or the exception's name when it failed."""
        began = time.perf_counter()
        try:
            connection.request("GET", request.path, headers={"Host": self.host, **request.headers})
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as error:
            connection.close()  # the next request reconnects
            status = type(error).__name__
        return status, time.perf_counter() - began
