"""Background jobs that keep translations in step with their source (practices.translation.translation_sync), run by
django-tasks: the database queue in production, at once in development and tests (cms/settings.py TASKS)."""

from django.contrib.auth import get_user_model
from django_tasks import task
from wagtail.models import Page

from practices.models import TranslationSyncJob
from practices.translation import translation_sync


@task()
def sync_page_translations(page_id, user_id=None):
    """Save fresh drafts of a just-published page's translations. Queued by the page_published handler."""
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
