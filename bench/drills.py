"""``python -m bench.drills`` (``make drill``): failure drills of the search cluster, on 127.0.0.1 only.

A three-node OpenSearch (bench.search_cluster, ports 9210–9212, one replica of every shard) serves a synthetic
knowledge base of ``--items`` items through the site under gunicorn (2 workers, debug off), as in production. Each
drill drives a bounded search load at concurrency 4 and counts, for every answer, a failure (not 200), a degraded
answer (the database answered because the cluster did not) and an empty one (a query that always matches found
nothing):

1. node loss: the elected cluster manager is stopped during a 60 s load and started again; the cluster must serve
   every request from the engine and be green again after the node returns (recovery time measured);
2. engine down: the whole cluster stops; search answers from the database (``degraded``, never a 5xx) while
   editors publish, edit, unpublish and delete items; once the engine is back ``replay_index_updates`` applies
   what it missed, and the index then holds exactly the documents the database says it should;
3. full reindex under load: ``update_index`` builds a new index and swaps the alias while searches go on: no error
   and no empty answer;
4. definition change: a new synonym set, which changes the index's analysis as a new field changes its mapping and
   so needs ``update_index``: the old index serves (the alias never points at an incomplete index) until the new
   one holds every document, and only then do searches see the change.

Prints one line per drill and writes var/drill/drills.json; exits 1 when any drill fails its condition.
"""

import argparse
import http.client
import json
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from bench import knowledge_base
from bench.search_cluster import SearchCluster
from bench.search_latency import QUERY_MIX
from bench.server import ROOT, GunicornSite, free_port, site_environment

WORKDIR = ROOT / "var" / "drill"
INDEX_PREFIX = "drill_"
PAGE_INDEX = f"{INDEX_PREFIX}wagtailcore_page"
CONCURRENCY = 4
# The first query of each language of bench.search_latency's mix, and the transliterated Bulgarian one: nearly every
# synthetic item of its language matches each, so an empty answer is a failure of the engine, not of the query.
QUERIES = [(locale, mix[0]) for locale, mix in QUERY_MIX.items()] + [("bg", QUERY_MIX["bg"][1])]
# The drills' edits mark titles with a word no generated text contains.
MARKER = "zanzibarquux"


class Load:
    """Searches from ``CONCURRENCY`` threads until stopped or ``seconds`` pass, classifying every answer."""

    def __init__(self, port, seconds, queries=QUERIES):
        self.port = port
        self.seconds = seconds
        self.paths = [f"/api/feed/v1/search/?{urlencode({'q': q, 'locale': locale})}" for locale, q in queries]
        self.counts = {"requests": 0, "failed": 0, "degraded": 0, "empty": 0}
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.threads = []

    def start(self):
        self.started = time.monotonic()
        self.threads = [threading.Thread(target=self._client, args=(n,), daemon=True) for n in range(CONCURRENCY)]
        for thread in self.threads:
            thread.start()
        return self

    def wait(self):
        for thread in self.threads:
            thread.join()
        return dict(self.counts, seconds=round(time.monotonic() - self.started, 1))

    def stop(self):
        self.stopped.set()
        return self.wait()

    def _client(self, number):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = number
        while not self.stopped.is_set() and time.monotonic() - self.started < self.seconds:
            outcome = self._search(connection, self.paths[sent % len(self.paths)])
            sent += 1
            with self.lock:
                self.counts["requests"] += 1
                if outcome:
                    self.counts[outcome] += 1
        connection.close()

    @staticmethod
    def _search(connection, path):
        try:
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            connection.close()
            return "failed"
        if response.status != 200:
            return "failed"
        answer = json.loads(body)
        if answer.get("degraded"):
            return "degraded"
        return None if answer.get("results") else "empty"


def cluster_manager_index(cluster):
    with urllib.request.urlopen(f"{cluster.urls[0]}/_cat/cluster_manager?format=json", timeout=10) as response:
        name = json.load(response)[0]["node"]  # "Node 2"
    return int(name.split()[-1]) - 1


def engine_json(cluster, path, body=None):
    """One request to any node that answers."""
    for url in cluster.urls:
        request = urllib.request.Request(
            f"{url}{path}",
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.load(response)
        except OSError:
            continue
    raise RuntimeError("no node of the cluster answered")


def indexed_ids(cluster):
    engine_json(cluster, f"/{PAGE_INDEX}/_refresh", {})
    found = engine_json(
        cluster, f"/{PAGE_INDEX}/_search", {"size": 10_000, "_source": False, "query": {"match_all": {}}}
    )
    return {hit["_id"] for hit in found["hits"]["hits"]}


def shell(environment, code):
    """Run ``code`` in ``manage.py shell`` of the site; what it printed last, as JSON."""
    output, _elapsed = knowledge_base.manage(environment, "shell", "-c", code)
    return json.loads(output.strip().splitlines()[-1])


EXPECTED_IDS = """
import json
from wagtail.models import Page
ids = [str(page.pk) for page in Page.objects.specific() if page.get_indexed_instance() is not None]
print(json.dumps(ids))
"""

EDIT_WHILE_DOWN = f"""
import json
from practices.models import GoodPracticePage
live = GoodPracticePage.objects.live().order_by("pk")
edited = list(live[:5])
for page in edited:
    page.title = page.title + " {MARKER}"
    page.save_revision().publish()
unpublished = live.exclude(pk__in=[p.pk for p in edited]).last()
unpublished.unpublish()
deleted = live.exclude(pk__in=[p.pk for p in edited]).exclude(pk=unpublished.pk).last()
deleted_pk = deleted.pk
deleted.delete()
print(json.dumps({{"edited": [p.pk for p in edited], "unpublished": unpublished.pk, "deleted": deleted_pk}}))
"""

# A word no text contains, made a synonym of one that every English item contains.
NEW_SYNONYM = "xyzzyplatz"
ADD_SYNONYMS = f"""
import json
from wagtail.models import Locale
from search.models import SynonymSet
SynonymSet.objects.create(locale=Locale.objects.get(language_code="en"), terms="{NEW_SYNONYM}\\n{QUERY_MIX["en"][0]}")
print(json.dumps({{"ok": True}}))
"""


def drill_node_loss(cluster, site, seconds):
    victim = cluster_manager_index(cluster)
    load = Load(site.port, seconds).start()
    time.sleep(seconds / 6)
    cluster.control(f"stop {victim}")
    stopped_at = time.monotonic()
    time.sleep(seconds / 3)
    cluster.control(f"start {victim}")
    restarted_at = time.monotonic()
    green_after = cluster.wait_for("green", nodes=3, timeout=180)
    counts = load.wait()
    return {
        "drill": "node loss",
        "stopped_node": f"Node {victim + 1} (cluster manager)",
        "node_away_s": round(restarted_at - stopped_at, 1),
        "green_after_return_s": round(green_after, 1),
        **counts,
        "passed": counts["failed"] == counts["degraded"] == counts["empty"] == 0,
    }


def drill_engine_down(cluster, site, environment):
    cluster.stop(quiet=True)
    load = Load(site.port, 20).start()
    changes = shell(environment, EDIT_WHILE_DOWN)
    during = load.wait()
    started = time.monotonic()
    cluster.start(quiet=True, fresh=False)
    cluster.wait_for("green", nodes=3)
    back_after = time.monotonic() - started
    replay, _elapsed = knowledge_base.manage(environment, "replay_index_updates")
    expected = set(shell(environment, EXPECTED_IDS))
    actual = indexed_ids(cluster)
    marked = engine_json(
        cluster,
        f"/{PAGE_INDEX}/_search",
        {"size": 100, "_source": False, "query": {"multi_match": {"query": MARKER, "fields": ["hub_title_*"]}}},
    )
    marked_ids = sorted(int(hit["_id"]) for hit in marked["hits"]["hits"])
    after = Load(site.port, 5).start().wait()
    return {
        "drill": "engine down",
        "while_down": during,
        "engine_back_green_s": round(back_after, 1),
        "replay": replay.strip(),
        "index_documents": len(actual),
        "expected_documents": len(expected),
        "edits_found_after_replay": f"{len(marked_ids)} of {len(changes['edited'])}",
        "deleted_gone": str(changes["deleted"]) not in actual,
        "after_replay": after,
        "passed": during["failed"] == 0
        and during["degraded"] == during["requests"]
        and actual == expected
        and marked_ids == sorted(changes["edited"])
        and after["failed"] == after["degraded"] == after["empty"] == 0,
    }


def drill_reindex_under_load(cluster, site, environment):
    load = Load(site.port, 120).start()
    _output, rebuild_s = knowledge_base.manage(environment, "update_index", "--backend", "default")
    time.sleep(2)
    counts = load.stop()
    return {
        "drill": "full reindex under load",
        "update_index_s": round(rebuild_s, 1),
        **counts,
        "passed": counts["failed"] == counts["degraded"] == counts["empty"] == 0,
    }


def drill_definition_change(cluster, site, environment):
    shell(environment, ADD_SYNONYMS)
    expected = len(shell(environment, EXPECTED_IDS))
    before = _synonym_hits(site)
    observations, done = [], threading.Event()

    def watch():
        while not done.is_set():
            aliases = engine_json(cluster, f"/_alias/{PAGE_INDEX}")
            (serving,) = aliases.keys() if len(aliases) == 1 else (None,)
            count = engine_json(cluster, f"/{serving}/_count")["count"] if serving else None
            observations.append((serving, count))
            time.sleep(0.2)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    load = Load(site.port, 120).start()
    _output, rebuild_s = knowledge_base.manage(environment, "update_index", "--backend", "default")
    done.set()
    watcher.join()
    counts = load.stop()
    after = _synonym_hits(site)
    served = [name for name, _count in observations if name]
    old, new = served[0], served[-1]
    incomplete = [count for name, count in observations if name == new and count != expected]
    return {
        "drill": "definition change (synonyms) with update_index",
        "update_index_s": round(rebuild_s, 1),
        "alias_moved": f"{old} -> {new}",
        "observations": len(observations),
        "served_incomplete_index": len(incomplete),
        "synonym_query_hits_before_after": [before, after],
        **counts,
        "passed": old != new
        and not incomplete
        and before == 0
        and after > 0
        and counts["failed"] == counts["degraded"] == counts["empty"] == 0,
    }


def _synonym_hits(site):
    """Items the new synonym finds (0 when "did you mean" had to correct it into another word)."""
    answer = site.get_json(f"/api/feed/v1/search/?{urlencode({'q': NEW_SYNONYM, 'locale': 'en'})}")
    assert not answer.get("degraded"), "the engine did not answer"
    return answer["count"] if answer["searched_for"] == NEW_SYNONYM else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=400)
    parser.add_argument("--seconds", type=int, default=60, help="length of the node-loss load")
    parser.add_argument("--port", type=int, default=9210)
    arguments = parser.parse_args(argv)

    WORKDIR.mkdir(parents=True, exist_ok=True)
    cluster = SearchCluster("drill", nodes=3, port=arguments.port)
    cluster.start()
    port = free_port()
    environment = site_environment(
        f"sqlite:///{WORKDIR / 'drill.sqlite3'}",
        WORKDIR / "static",
        port,
        extra={
            "OPENSEARCH_URL": ",".join(cluster.urls),
            "SEARCH_INDEX_PREFIX": INDEX_PREFIX,
            "SEARCH_REPLICAS": "1",
        },
    )
    print(f"building {arguments.items} items on the three-node cluster…")
    knowledge_base.build(environment, arguments.items, seed=0, workdir=WORKDIR)
    # Bulk indexing that timed out during the build waits for replay: done now, so that the outage drill counts
    # only its own updates.
    print(
        "after the build:", knowledge_base.manage(environment, "replay_index_updates")[0].strip() or "nothing to replay"
    )
    site = GunicornSite(environment, port, log_path=WORKDIR / "gunicorn.log").start()
    results = []
    try:
        for drill in (
            lambda: drill_node_loss(cluster, site, arguments.seconds),
            lambda: drill_engine_down(cluster, site, environment),
            lambda: drill_reindex_under_load(cluster, site, environment),
            lambda: drill_definition_change(cluster, site, environment),
        ):
            result = drill()
            results.append(result)
            print(json.dumps(result))
    finally:
        site.stop()
        cluster.stop(quiet=True)
        Path(WORKDIR / "drills.json").write_text(json.dumps(results, indent=2))
    failed = [result["drill"] for result in results if not result["passed"]]
    print(
        f"drills: {len(results) - len(failed)} of {len(results)} held"
        + (f"; failed: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
