"""Background jobs of the knowledge base, run by django-tasks: the database queue in production
(``manage.py db_worker``), at once in development and tests (cms/settings.py TASKS)."""

from django_tasks import task

from practices.editorial import link_checks
from practices.knowledge_base import import_runs
from practices.partners import webhooks


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
