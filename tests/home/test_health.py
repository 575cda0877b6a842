"""``GET /healthz``: 200 with every part's status when all answer; 503 naming the part that does not — a database
URL nothing listens on, a stopped Redis, a stopped search cluster (each a port of 127.0.0.1 that refuses, in a fresh
process started with that configuration, as the server would be), or a task queue no worker empties."""

import datetime
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from practices.tasks import check_links

ROOT = Path(__file__).resolve().parents[2]
GET_HEALTHZ = (
    "import json, django; django.setup(); from django.test import Client; "
    "response = Client().get('/healthz'); print(json.dumps([response.status_code, response.json()]))"
)


@pytest.fixture
def closed_port():
    """A port of 127.0.0.1 nothing listens on: connecting is refused, as with a stopped service."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def healthz_in_a_process(tmp_path, **environment):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings_test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **environment,
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    output = subprocess.run(
        [sys.executable, "-c", GET_HEALTHZ], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(output.stdout.splitlines()[-1])


def test_healthz_answers_200_with_every_part_ok(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": {"status": "ok"},
            "cache": {"status": "ok"},
            "tasks": {"status": "ok", "backend": "immediate"},
            "search": {"status": "ok", "backend": "database"},
        },
    }


@pytest.mark.parametrize(
    ("part", "variable", "url", "error"),
    [
        ("database", "DATABASE_URL", "postgres://postgres@127.0.0.1:{port}/hub", "OperationalError"),
        ("cache", "REDIS_URL", "redis://127.0.0.1:{port}/0", "ConnectionError"),
        ("search", "ELASTICSEARCH_URL", "http://127.0.0.1:{port}", "ConnectionError"),
        ("search", "OPENSEARCH_URL", "http://127.0.0.1:{port}", "ConnectionError"),
    ],
)
def test_healthz_answers_503_naming_a_stopped_service(tmp_path, closed_port, part, variable, url, error):
    status, body = healthz_in_a_process(tmp_path, **{variable: url.format(port=closed_port)})

    assert status == 503
    assert body["status"] == "error"
    assert body["checks"][part] == {"status": "error", "error": error}
    assert all(check["status"] == "ok" for name, check in body["checks"].items() if name != part)


def test_healthz_reports_a_task_queue_no_worker_empties(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}

    result = check_links.enqueue()
    assert client.get("/healthz").json()["checks"]["tasks"] == {"status": "ok", "backend": "database", "waiting": 1}

    DBTaskResult.objects.filter(id=result.id).update(enqueued_at=timezone.now() - datetime.timedelta(hours=1))
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["tasks"] == {"status": "error", "error": "RuntimeError"}
