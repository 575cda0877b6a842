"""An admin import run's life after the upload: its preview (a dry run), the confirmed import as a background job,
and the progress an editor watches meanwhile.

A confirmed run is queued (``practices.tasks.import_upload``) rather than imported in the request, so that a file of
100,000 lines is never cut off by a worker's time limit: with the database queue in production a ``db_worker``
imports it, in development and tests the immediate backend imports it before the confirmation answers. The import
itself is one transaction, as before (all or nothing). Its progress, the lines applied so far, goes to the cache,
which every process shares in production (Redis): a record in the database would stay invisible inside that
transaction until it ends. With a per-process cache the run page shows the run's state without the line count.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone, translation
from wagtail.log_actions import log
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.users.models import UserProfile

from practices.knowledge_base.importer import KnowledgeBaseImporter
from practices.knowledge_base.uploads import read_upload
from practices.models import ImportRun
from practices.models.imports import ImportStatus

logger = logging.getLogger(__name__)
IMPORT_LOG_ACTION = "practices.import"
PROBLEM_ROWS = 200  # rejected rows kept on a run whose import was refused: what its page shows
PROGRESS_STEPS = 100  # how many times an import reports its progress, whatever its length
PROGRESS_SECONDS = 24 * 3600


def admin_language(user):
    """The language ``user`` reads the admin in: their account's choice, else the site's default."""
    if user is None:
        return settings.LANGUAGE_CODE
    return UserProfile.get_for_user(user).get_preferred_language()


def may_publish(user):
    return PagePermissionPolicy().user_has_permission(user, "publish")


def preview(table, *, dry_run, user, skip_invalid=False, create_terms=False, progress=None):
    """Run the importer over the upload's lines as ``user`` (named in the imported pages' revisions and audit log;
    drafts only if they may not publish); return its report and the rejected rows as people see them."""
    importer = KnowledgeBaseImporter(
        dry_run=dry_run,
        user=user,
        skip_invalid=skip_invalid,
        create_terms=create_terms,
        drafts_only=not may_publish(user),
        progress=progress,
    )
    if table.errors and not skip_invalid:
        # Rows that are not even lines of the format: the importer only checks the others, and nothing is written.
        importer.dry_run = True
    report = importer.import_lines(table.lines)
    rejected = [{"row": error.label, "field": error.field, "message": error.message} for error in table.errors]
    rejected += [
        {"row": table.label(error.line), "field": error.field, "message": error.message} for error in report.errors
    ]
    return report, rejected


def supersede_previews(user):
    """An editor confirms the latest preview only: earlier unconfirmed ones give up their kept files."""
    for run in ImportRun.objects.filter(user=user, status=ImportStatus.PREVIEWED):
        run.file.delete(save=False)
        run.status = ImportStatus.SUPERSEDED
        run.save(update_fields=["file", "status"])


def queue(run_pk, user, options):
    """Move ``user``'s previewed run to the queue with the preview's options; False when it is not theirs or not
    waiting for confirmation (a second click on "Import"). One UPDATE, so two clicks cannot both queue it."""
    return bool(
        ImportRun.objects.filter(pk=run_pk, user=user, status=ImportStatus.PREVIEWED).update(
            status=ImportStatus.QUEUED, options=options
        )
    )


def progress_key(run_pk):
    return f"kb-import-progress:{run_pk}"


def lines_done(run):
    """How many of the run's lines the import has applied, as far as the cache knows; None when it does not."""
    if run.status == ImportStatus.IMPORTED:
        return run.lines_total
    return cache.get(progress_key(run.pk))


def import_run(run_pk):
    """Import a queued run's kept file (the task's body): claim it, apply it in one transaction, record the outcome
    and drop the file. A run another worker claimed, or one no longer queued, is left alone."""
    if not ImportRun.objects.filter(pk=run_pk, status=ImportStatus.QUEUED).update(
        status=ImportStatus.IMPORTING, started_at=timezone.now()
    ):
        return None
    run = ImportRun.objects.select_related("user").get(pk=run_pk)
    step = max(1, run.lines_total // PROGRESS_STEPS)
    counter = {"done": 0}

    def report_progress():
        counter["done"] += 1
        if counter["done"] % step == 0:
            cache.set(progress_key(run.pk), counter["done"], PROGRESS_SECONDS)

    try:
        # The rows' messages are kept as they are written: in the language the editor reads the admin in.
        with translation.override(admin_language(run.user)):
            with run.file.open("rb") as stored:
                content = stored.read()
            _format, table = read_upload(run.file_name, content)
            with transaction.atomic():
                # The run's row stays locked while its import runs: a worker that dies releases it with its
                # connection, which is how abandoned() tells a dead run from a long one.
                list(ImportRun.objects.select_for_update().filter(pk=run.pk).values_list("pk"))
                report, rejected = preview(table, dry_run=False, user=run.user, progress=report_progress, **run.options)
            report_rejected_rows = len({item["row"] for item in rejected})
            rejected = [{key: str(value) for key, value in item.items()} for item in rejected[:PROBLEM_ROWS]]
    except Exception:
        # The importer's transaction has rolled back: nothing was written. The editor sees that, not the error.
        logger.exception("import run %s failed", run.pk)
        run.status = ImportStatus.FAILED
    else:
        run.record_counts(report, report_rejected_rows)
        if rejected and not run.options.get("skip_invalid"):
            # The knowledge base changed since the preview (say, an organisation was deleted): nothing was written.
            run.status = ImportStatus.REJECTED
        else:
            run.status = ImportStatus.IMPORTED
        run.problems = rejected
    run.finished_at = timezone.now()
    run.file.delete(save=False)
    run.save()
    cache.delete(progress_key(run.pk))
    if run.status == ImportStatus.IMPORTED:
        # Each page's history names the importer too (PageWriter); this entry is the run as a whole.
        log(run, IMPORT_LOG_ACTION, user=run.user, data=run_counts(run))
    return run.status


def abandoned(run):
    """Whether a run marked as importing has lost its worker (killed, or its machine restarted): its row is no
    longer locked (import_run). The import's transaction died with the worker, so nothing was written. SQLite has no
    row locks to ask; there a run is never declared abandoned."""
    if run.status != ImportStatus.IMPORTING or not connection.features.has_select_for_update_skip_locked:
        return False
    if run.started_at and (timezone.now() - run.started_at).total_seconds() < settings.KB_IMPORT_CLAIM_GRACE_SECONDS:
        return False
    with transaction.atomic():
        unlocked = ImportRun.objects.select_for_update(skip_locked=True).filter(pk=run.pk, status=run.status)
        return unlocked.exists()


def give_up_if_abandoned(run):
    """Record an abandoned run as failed (nothing was written) and drop its file, so its page says so instead of
    reloading for ever; True when it was."""
    if not abandoned(run):
        return False
    logger.warning("import run %s lost its worker; recorded as failed", run.pk)
    run.status = ImportStatus.FAILED
    run.finished_at = timezone.now()
    run.file.delete(save=False)
    run.save(update_fields=["status", "finished_at", "file"])
    cache.delete(progress_key(run.pk))
    return True


def run_counts(run):
    return {
        "file_name": run.file_name,
        "created": run.created_count,
        "updated": run.updated_count,
        "unchanged": run.unchanged_count,
    }
