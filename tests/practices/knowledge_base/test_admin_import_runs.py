"""Confirmed admin imports run in the background (practices.knowledge_base.import_runs, practices.tasks): the
confirmation queues the run and shows its page, a worker of the real database queue imports it, and the page
follows it from "waiting" through the rows applied to its outcome — imported, refused because the knowledge base
changed since the preview, or stopped with nothing written."""

import signal
import subprocess
import sys
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bench.server import ROOT, free_port, site_environment
from practices.knowledge_base.import_runs import progress_key
from practices.models import GoodPracticePage, ImportRun, Organisation
from practices.models.imports import ImportStatus
from tests.practices.knowledge_base.test_admin_import import RECORDS, jsonl_file, upload

pytestmark = pytest.mark.usefixtures("kb_import_folders")
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0")


def preview_run(client):
    response = upload(client, jsonl_file())
    assert response.status_code == 200 and not response.context["rejected"]
    return response.context["run"]


def run_page(client, run):
    response = client.get(reverse("kb_import:run", args=[run.pk]))
    assert response.status_code == 200
    return response.content.decode()


# The worker closes stale connections between tasks, which would close the connection a rolled-back test holds on
# PostgreSQL: these tests commit, and the database's initial content is restored after each.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_confirmed_import_waits_for_the_worker_and_its_page_follows_it(admin_client, home_pages, settings):
    settings.TASKS = DATABASE_QUEUE
    run = preview_run(admin_client)
    assert run.lines_total == len(RECORDS)

    confirmed = admin_client.post(reverse("kb_import:confirm", args=[run.pk]))
    assert confirmed.status_code == 302 and confirmed["Location"] == reverse("kb_import:run", args=[run.pk])
    run.refresh_from_db()
    assert run.status == ImportStatus.QUEUED and run.file
    assert not GoodPracticePage.objects.exists()  # the request queued the import and wrote no page
    assert DBTaskResult.objects.filter(task_path="practices.tasks.import_upload").count() == 1
    waiting = run_page(admin_client, run)
    assert f"{len(RECORDS)} rows are waiting for the import to start." in waiting
    assert '<meta http-equiv="refresh" content="2">' in waiting

    run_worker()
    run.refresh_from_db()
    assert (run.status, run.created_count, bool(run.file)) == (ImportStatus.IMPORTED, len(RECORDS), False)
    assert run.started_at <= run.finished_at
    assert GoodPracticePage.objects.filter(slug="youth-parliament", live=True).exists()
    done = run_page(admin_client, run)
    assert f"kb.jsonl imported: {len(RECORDS)} created, 0 updated, 0 unchanged." in done
    assert 'http-equiv="refresh"' not in done
    assert cache.get(progress_key(run.pk)) is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_the_knowledge_base_outdated_is_refused_whole_and_lists_its_rows(admin_client, home_pages, settings):
    settings.TASKS = DATABASE_QUEUE
    # The file names an organisation the site has; it is deleted between the preview and the worker's turn.
    Organisation.objects.create(slug="ngo-of-plzen", name="NGO of Plzeň", locale=home_pages["en"].locale, kind="ngo")
    practice = {**RECORDS[5], "organisation": "ngo-of-plzen", "partners": []}
    response = upload(admin_client, jsonl_file([*RECORDS[:3], practice]))
    run = response.context["run"]
    assert run.status == ImportStatus.PREVIEWED, response.context["rejected"]
    admin_client.post(reverse("kb_import:confirm", args=[run.pk]))
    Organisation.objects.filter(slug="ngo-of-plzen").delete()

    run_worker()
    run.refresh_from_db()
    assert run.status == ImportStatus.REJECTED and not run.file
    assert [(problem["row"], problem["field"]) for problem in run.problems] == [("line 4", "organisation")]
    assert not GoodPracticePage.objects.exists()
    page = run_page(admin_client, run)
    assert "The knowledge base changed since the preview" in page and "nothing was written" in page
    assert "kb-import-rejected" in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_that_cannot_read_its_file_stops_with_nothing_written(admin_client, home_pages, settings):
    settings.TASKS = DATABASE_QUEUE
    run = preview_run(admin_client)
    admin_client.post(reverse("kb_import:confirm", args=[run.pk]))
    run.refresh_from_db()
    kept = run.file.name
    run.file.storage.delete(kept)  # the kept upload is lost (a disk cleaned up, a volume not shared)

    run_worker()
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED
    assert not GoodPracticePage.objects.exists()
    page = run_page(admin_client, run)
    assert "The import stopped on an error; nothing was written." in page
    assert "Traceback" not in page and kept not in page


def test_the_run_page_shows_the_rows_applied_so_far(admin_client, home_pages):
    run = preview_run(admin_client)
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.IMPORTING, lines_total=300, started_at=timezone.now()
    )
    cache.set(progress_key(run.pk), 120)
    page = run_page(admin_client, run)
    assert "Importing: 120 of 300 rows applied." in page
    assert '<progress max="300" value="120">40 %</progress>' in page
    assert '<meta http-equiv="refresh" content="2">' in page

    cache.delete(progress_key(run.pk))  # a cache each process keeps to itself knows nothing of the worker's
    assert "Importing 300 rows." in run_page(admin_client, run)


def test_a_run_is_queued_once_and_only_by_its_uploader(admin_client, django_user_model, home_pages):
    run = preview_run(admin_client)
    other = Client()
    other.force_login(
        django_user_model.objects.create_superuser(username="other", email="o@example.org", password="pw")
    )
    refused = other.post(reverse("kb_import:confirm", args=[run.pk]), follow=True)
    assert "it was imported already or is not yours" in refused.content.decode()
    run.refresh_from_db()
    assert run.status == ImportStatus.PREVIEWED

    admin_client.post(reverse("kb_import:confirm", args=[run.pk]))  # the immediate backend imports it at once
    assert ImportRun.objects.get(pk=run.pk).status == ImportStatus.IMPORTED
    again = admin_client.post(reverse("kb_import:confirm", args=[run.pk]), follow=True)
    assert "it was imported already or is not yours" in again.content.decode()
    assert GoodPracticePage.objects.filter(slug="youth-parliament").count() == 1


def database_url():
    """The URL of the test database this process writes to, for a worker in another process."""
    config = connection.settings_dict
    return f"postgres://{config['USER']}:{config['PASSWORD']}@{config['HOST']}:{config['PORT']}/{config['NAME']}"


def waiting_for_lock_on(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE relation = %s::regclass AND NOT granted", [table])
        return cursor.fetchone()[0]


def wait_until(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.1)


@pytest.mark.requires_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_run_whose_worker_was_killed_is_recorded_as_failed_and_a_living_one_is_not(
    admin_client, home_pages, settings, tmp_path
):
    settings.TASKS = DATABASE_QUEUE
    settings.KB_IMPORT_CLAIM_GRACE_SECONDS = 0  # the run was claimed a moment ago: ask its lock at once
    run = preview_run(admin_client)
    assert admin_client.post(reverse("kb_import:confirm", args=[run.pk])).status_code == 302
    environment = site_environment(
        database_url(),
        tmp_path / "static",
        free_port(),
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings",
            "TASKS_DATABASE_QUEUE": "true",
            "KB_IMPORT_PENDING_ROOT": str(settings.KB_IMPORT_PENDING_ROOT),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        },
    )
    worker = subprocess.Popen(  # a production worker, in a process of its own
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.1"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with transaction.atomic():
            # Hold the worker in the middle of the import: its first look at the themes waits for this lock.
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLE practices_theme IN ACCESS EXCLUSIVE MODE")
            wait_until(lambda: waiting_for_lock_on("practices_theme"))
            assert "Importing" in run_page(admin_client, run)  # a long import, not a dead one
            assert ImportRun.objects.get(pk=run.pk).status == ImportStatus.IMPORTING
            worker.send_signal(signal.SIGKILL)
            worker.wait(30)
        # The database notices the lost client when the worker's query goes on; until then its lock stands.
        wait_until(lambda: "The import stopped" in run_page(admin_client, run))
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(30)
    run.refresh_from_db()
    assert (run.status, bool(run.file)) == (ImportStatus.FAILED, False)
    assert not GoodPracticePage.objects.exists()
    assert "The import stopped on an error; nothing was written." in run_page(admin_client, run)
