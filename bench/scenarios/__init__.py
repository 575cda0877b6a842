"""The benchmark's scenarios: every module in this package is one group of them, found by name at run time.

To add a group (search, say), write ``bench/scenarios/<group>.py`` with

- ``scenarios(context)`` returning a list of :class:`Scenario` — the paths to load, built from ``context`` (the
  running site and a sample of its published practices);
- optionally ``RATIOS``, a list of :class:`Ratio` comparing two scenarios of the same run (ours against stock);
- optionally ``SERVER_ENVIRONMENT``, a dict of environment variables the site under test needs (e.g. a second
  search backend configured for the benchmark only).

A scenario may name another ``site`` than the main one: the search-engine group loads a second site, the same
database searched through OpenSearch, so that the engine and the embedded backend are measured in the same rounds.

Nothing else changes: ``bench.run`` loads each module, measures its scenarios at each concurrency, and writes their
figures and ratios into the JSON and the markdown table.
"""

import importlib
import pkgutil
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode, urlsplit

from bench.loadgen import Request


@dataclass
class Scenario:
    """One path (or a rotation of paths of the same kind) measured at each of ``concurrency``."""

    name: str
    description: str
    requests: list
    concurrency: tuple = (1, 8)
    expect: tuple = (200,)
    site: object = None  # None: the main site under test


@dataclass(frozen=True)
class Ratio:
    """``ours`` against ``theirs`` (two scenario names) at one concurrency, as a speed-up: requests/s ours ÷ theirs
    for ``metric="requests_per_second"``, and theirs ÷ ours for a latency metric (``p50_ms``, ``p95_ms``), so that
    above 1 always means ours is faster."""

    name: str
    ours: str
    theirs: str
    concurrency: int = 8
    metric: str = "requests_per_second"

    def value(self, figures):
        ours = figures[self.ours]["runs"][str(self.concurrency)][self.metric]
        theirs = figures[self.theirs]["runs"][str(self.concurrency)][self.metric]
        if not ours or not theirs:
            return None, ours, theirs
        speedup = ours / theirs if self.metric == "requests_per_second" else theirs / ours
        return round(speedup, 2), ours, theirs


@dataclass
class Context:
    """What scenarios are built from: the running site, and a sample of what it publishes."""

    site: object
    sample_size: int = 50
    extra: dict = field(default_factory=dict)

    @cached_property
    def practices(self):
        """Published practices from the feed, newest first, in every locale."""
        query = urlencode({"page_size": min(self.sample_size, 100), "ordering": "-last_published_at"})
        return self.site.get_json(f"/api/feed/v1/practices/?{query}")["results"]

    def public_paths(self, items):
        """The public page paths (without host) of ``items`` from the feed."""
        return [urlsplit(item["url"]).path for item in items]

    def conditional(self, paths):
        """Requests that repeat what a client already has: each path with the ETag of its current answer."""
        requests = []
        for path in paths:
            status, headers, _ = self.site.get(path)
            if status != 200 or "ETag" not in headers:
                raise RuntimeError(f"GET {path} gave {status} without an ETag")
            requests.append(Request(path, {"If-None-Match": headers["ETag"]}))
        return requests


def groups():
    """Every scenario module of this package, by name, in alphabetical order."""
    return {
        info.name: importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name)
    }
