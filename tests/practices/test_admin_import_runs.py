"""Confirmed admin imports run in the background (practices.knowledge_base.import_runs, practices.tasks): the
confirmation queues the run and shows its page, a worker of the real database queue imports it, and the page
follows it from "waiting" through the rows applied to its outcome — imported, refused because the knowledge base
changed since the preview, or stopped with nothing written."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from practices.knowledge_base.import_runs import progress_key
from practices.models import GoodPracticePage, ImportRun, Organisation
from practices.models.imports import ImportStatus
from tests.practices import test_admin_import
from tests.practices.test_admin_import import RECORDS, jsonl_file, upload

media_root = test_admin_import.media_root
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
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.IMPORTING, lines_total=300)
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
