"""A recording HTTP server on 127.0.0.1 that answers like Elasticsearch 8 enough for the real elasticsearch-py
client: what the contract tests assert on is the requests it records, not its answers.

It keeps indices, aliases and documents in memory so that modelsearch's rebuild (create, alias, delete) and
indexing round-trip; a search returns every stored document of the index (or the test's ``search_hits``), with
the ``pk`` field modelsearch reads and the ``docvalue_fields`` asked for, one page of them (``from``, ``size``), and
the aggregations asked for, counted over all of them (filters are not applied).
With ``failing=True`` it answers every request with a 500, like a cluster in trouble.
"""

import json
import threading
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict
    body: object


@dataclass
class ElasticsearchState:
    indices: dict = field(default_factory=dict)  # name → {"settings": …, "mappings": […], "documents": {id: doc}}
    aliases: dict = field(default_factory=dict)  # alias → index name
    requests: list = field(default_factory=list)
    failing: bool = False
    # The primary keys a search answers with, when a test chooses them (this server does not rank or filter).
    search_hits: list | None = None

    def resolve(self, name):
        return self.aliases.get(name, name)

    def recorded(self, method=None, path_part=""):
        return [
            request
            for request in self.requests
            if (method is None or request.method == method) and path_part in request.path
        ]


class ElasticsearchHandler(BaseHTTPRequestHandler):
    state: ElasticsearchState

    def log_message(self, format, *args):
        """Quiet: the test asserts on the recorded requests."""

    def do_GET(self):
        self._answer("GET")

    def do_HEAD(self):
        self._answer("HEAD")

    def do_PUT(self):
        self._answer("PUT")

    def do_POST(self):
        self._answer("POST")

    def do_DELETE(self):
        self._answer("DELETE")

    def _read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        if not raw:
            return None
        if self.path.split("?")[0].endswith("_bulk"):
            return [json.loads(line) for line in raw.splitlines() if line.strip()]
        return json.loads(raw)

    def _answer(self, method):
        url = urlsplit(self.path)
        body = self._read_body()
        self.state.requests.append(RecordedRequest(method, url.path, parse_qs(url.query), body))
        if self.state.failing:
            self._send(500, {"error": {"type": "internal_server_error", "reason": "test"}, "status": 500})
            return
        status, payload = self._route(method, [part for part in url.path.split("/") if part], body)
        self._send(status, payload, head=method == "HEAD")

    def _send(self, status, payload, head=False):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Type", "application/vnd.elasticsearch+json; compatible-with=8")
        self.send_header("Content-Length", "0" if head else str(len(data)))
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _route(self, method, parts, body):
        state = self.state
        if not parts:
            return 200, {
                "name": "recording",
                "cluster_name": "hub-test",
                "version": {"number": "8.15.0", "build_flavor": "default", "lucene_version": "9.11.1"},
                "tagline": "You Know, for Search",
            }
        if parts[-1] == "_bulk":
            return 200, self._bulk(body, default_index=parts[0] if len(parts) == 2 else None)
        if parts[0] == "_alias" and len(parts) == 2:
            name = parts[1]
            if name not in state.aliases:
                return 404, {"error": f"alias [{name}] missing", "status": 404}
            return 200, {state.aliases[name]: {"aliases": {name: {}}}}
        name = parts[0]
        index = state.indices.get(state.resolve(name))
        rest = parts[1:]
        if method == "PUT" and not rest:
            state.indices[name] = {"settings": body, "mappings": [], "documents": {}}
            return 200, {"acknowledged": True, "shards_acknowledged": True, "index": name}
        if method == "DELETE" and not rest:
            if name in state.aliases:
                return 400, {"error": {"type": "illegal_argument_exception", "reason": "matches an alias"}}
            if state.indices.pop(name, None) is None:
                return 404, {"error": {"type": "index_not_found_exception"}, "status": 404}
            state.aliases = {alias: target for alias, target in state.aliases.items() if target != name}
            return 200, {"acknowledged": True}
        if method == "HEAD" and not rest:
            return (200 if index is not None else 404), {}
        if index is None:
            return 404, {"error": {"type": "index_not_found_exception", "index": name}, "status": 404}
        if rest == ["_mapping"]:
            index["mappings"].append(body)
            return 200, {"acknowledged": True}
        if rest[:1] == ["_alias"]:
            state.aliases[rest[1]] = name
            return 200, {"acknowledged": True}
        if rest == ["_refresh"]:
            return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}
        if rest[:1] == ["_doc"]:
            if method == "DELETE":
                found = index["documents"].pop(rest[1], None) is not None
                return (200 if found else 404), {"result": "deleted" if found else "not_found"}
            index["documents"][rest[1]] = body
            return 201, {"result": "created", "_id": rest[1]}
        if rest == ["_search"]:
            found = list(index["documents"] if state.search_hits is None else map(str, state.search_hits))
            documents = [index["documents"].get(doc_id, {}) for doc_id in found]
            start, size = body.get("from", 0), body.get("size", 10)
            hits = [
                {
                    "_index": name,
                    "_id": doc_id,
                    "_score": 1.0,
                    "fields": {
                        "pk": [doc_id],
                        **{field: _listed(document.get(field)) for field in body.get("docvalue_fields", [])},
                    },
                }
                for doc_id, document in list(zip(found, documents, strict=True))[start : start + size]
            ]
            answer = {"took": 1, "timed_out": False, "hits": {"total": {"value": len(found)}, "hits": hits}}
            if "aggs" in body:
                answer["aggregations"] = _aggregations(body["aggs"], documents)
            return 200, answer
        if rest == ["_count"]:
            return 200, {"count": len(index["documents"])}
        return 400, {"error": {"type": "unsupported", "reason": f"{method} {self.path}"}}

    def _bulk(self, lines, default_index):
        items = []
        for action, document in zip(lines[::2], lines[1::2], strict=True):
            operation, meta = next(iter(action.items()))
            name = meta.get("_index", default_index)
            self.state.indices[self.state.resolve(name)]["documents"][meta["_id"]] = document
            items.append({operation: {"_index": name, "_id": meta["_id"], "status": 201}})
        return {"took": 1, "errors": False, "items": items}


def _aggregations(aggregations, documents):
    """The ``filter``, ``terms`` and ``max`` aggregations the search API asks for, over every document."""
    answers = {}
    for name, aggregation in aggregations.items():
        if "filter" in aggregation:
            answers[name] = {"doc_count": len(documents), **_aggregations(aggregation.get("aggs", {}), documents)}
        elif "terms" in aggregation:
            field_name = aggregation["terms"]["field"]
            counts = Counter(value for document in documents for value in _listed(document.get(field_name)))
            buckets = sorted(counts.items(), key=lambda bucket: (-bucket[1], bucket[0]))
            answers[name] = {"buckets": [{"key": key, "doc_count": count} for key, count in buckets]}
        elif "max" in aggregation:
            answers[name] = {"value": 1.0 if documents else None}
    return answers


def _listed(value):
    return value if isinstance(value, list) else [] if value is None else [value]


def start_recording_server(state):
    """Serve ``state`` on a free port of 127.0.0.1; returns the server (``server.url``), to ``shutdown()``."""
    handler = type("RecordingHandler", (ElasticsearchHandler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
