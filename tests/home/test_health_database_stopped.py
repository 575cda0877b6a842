"""``GET /healthz`` from the production server while its database goes away: gunicorn (two workers, debug off)
reaches PostgreSQL through a TCP relay on 127.0.0.1 that the test runs; closing the relay cuts the database off as
a stopped server or a network failure would. /healthz answers 503 naming the database, then 200 again once the
relay is back, without restarting gunicorn. Runs on the PostgreSQL of ``make test-postgres`` (DATABASE_URL), in a
database of its own."""

import contextlib
import json
import os
import socket
import threading
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from bench.server import GunicornSite, free_port, site_environment

RUN_DATABASE_URL = os.environ.get("DATABASE_URL", "")
pytestmark = pytest.mark.requires_postgres  # the PostgreSQL suite only (tests/conftest.py)


class DatabaseRelay:
    """Forwards connections from a port of 127.0.0.1 to the database server; ``stop()`` closes the port and every
    relayed connection, ``start()`` opens the same port again."""

    def __init__(self, target_host, target_port):
        self.target = (target_host, target_port)
        self.port = free_port()
        self.listener = None
        self.sockets = []

    def start(self):
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=True)
        threading.Thread(target=self.accept, args=(self.listener,), daemon=True).start()
        return self

    def accept(self, listener):
        with contextlib.suppress(OSError):
            while True:
                client, _address = listener.accept()
                server = socket.create_connection(self.target)
                self.sockets += [client, server]
                for source, sink in ((client, server), (server, client)):
                    threading.Thread(target=self.pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def pipe(source, sink):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_RDWR)

    def stop(self):
        # shutdown() wakes the accept() blocked in the relay's thread; close() alone would leave it listening.
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        for relayed in self.sockets:
            with contextlib.suppress(OSError):
                relayed.shutdown(socket.SHUT_RDWR)
            relayed.close()
        self.sockets = []


@pytest.fixture(scope="module")
def site_behind_relay(tmp_path_factory):
    parts = urlsplit(RUN_DATABASE_URL)
    name = f"{parts.path.lstrip('/') or 'test'}_healthz"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    relay = DatabaseRelay(parts.hostname or "127.0.0.1", parts.port or 5432).start()
    folder = tmp_path_factory.mktemp("site")
    port = free_port()
    userinfo = parts.netloc.rpartition("@")[0]
    environment = site_environment(
        f"postgres://{userinfo}@127.0.0.1:{relay.port}/{name}",
        folder / "static",
        port,
        {"DJANGO_SETTINGS_MODULE": "cms.settings", "REDIS_URL": "", "MEDIA_ROOT": str(folder / "media")},
    )
    site = GunicornSite(environment, port, workers=2, log_path=folder / "gunicorn.log").start(ready_path="/healthz")
    yield site, relay
    site.stop()
    relay.stop()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def healthz(site):
    status, _headers, body = site.get("/healthz")
    return status, json.loads(body)


def test_healthz_answers_503_while_the_database_is_unreachable_and_200_once_it_is_back(site_behind_relay):
    site, relay = site_behind_relay
    assert healthz(site)[0] == 200

    relay.stop()
    # Each worker (two) answers 503 naming the database, whichever takes the request.
    answers = [healthz(site) for _ in range(4)]
    assert {status for status, _body in answers} == {503}
    for _status, body in answers:
        assert body["status"] == "error"
        assert body["checks"]["database"] == {"status": "error", "error": "OperationalError"}
        assert body["checks"]["cache"] == {"status": "ok"}

    relay.start()
    assert [healthz(site)[0] for _ in range(4)] == [200] * 4
