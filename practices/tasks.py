"""Every background job of the knowledge base, run by django-tasks: the database queue in production
(``manage.py db_worker``), at once in development and tests (cms/settings.py TASKS). The work itself lives with its
feature; a job here only finds its objects and calls it."""

from django.contrib.auth import get_user_model
from django_tasks import task
from wagtail.models import Page

from practices.editorial import link_checks
from practices.knowledge_base import import_runs
from practices.models import TranslationSyncJob
from practices.partners import webhooks
from practices.translation import translation_sync


@task()
def deliver_webhook(delivery_id):
    """Attempt one webhook delivery if it is due, and schedule its retry after a failure.

    A backend that can defer tasks (the database queue) gets the retry enqueued with ``run_after``; the immediate
    backend cannot, so the retry waits for ``manage.py deliver_webhooks``.
    """
    delivery = webhooks.claim(delivery_id)
    if delivery is None:
        return
    next_attempt_at = webhooks.attempt(delivery)
    if next_attempt_at is not None and deliver_webhook.get_backend().supports_defer:
        deliver_webhook.using(run_after=next_attempt_at).enqueue(delivery_id)


@task()
def check_links():
    """Check every outside link of the live knowledge base and store the outcomes (practices.editorial.link_checks);
    queued by ``manage.py check_links``, which cron runs once a night."""
    checked, broken = link_checks.check_all_links()
    return {"checked": checked, "broken": broken}


@task()
def import_upload(run_pk):
    """Import an admin upload the editor confirmed (practices.knowledge_base.import_runs): a long file runs here,
    not in the request that confirmed it."""
    return import_runs.import_run(run_pk)


@task()
def sync_page_translations(page_id, user_id=None):
    """Save fresh drafts of a just-published page's translations (practices.translation.translation_sync). Queued by
    the page_published handler."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    translation_sync.sync_page(page.specific, user=user)


@task()
def sync_translation_subtree(job_id):
    """Run a TranslationSyncJob chunk by chunk, saving its progress after each.

    A backend that queues tasks (the database queue) gets each further chunk as a task of its own, so a worker is
    never held for long and a restarted worker continues from the job's cursor; the immediate backend cannot
    queue, so there the chunks run in a loop.
    """
    job = TranslationSyncJob.objects.filter(pk=job_id).select_related("root", "requested_by").first()
    if job is None:
        return
    queued = sync_translation_subtree.get_backend().supports_defer
    while translation_sync.run_sync_chunk(job):
        if queued:
            sync_translation_subtree.enqueue(job_id)
            return
