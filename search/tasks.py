"""Background jobs that keep the search indexes right, so that saving a page never waits for Elasticsearch.

search.indexing enqueues ``update_search_entry`` when an indexed object is saved (a page on publish and
unpublish) and ``remove_search_entry`` when one is deleted. The task reads the object as committed and brings every
auto-updated backend in line. Drafts and unpublished pages stay in the index with their ``live`` flag, so that
editors find them in the admin's search; every public query filters on ``live`` (search.knowledge_search).

With ``TASKS_DATABASE_QUEUE`` (django_tasks_db's DatabaseBackend, production) a backend that fails, typically an
unreachable Elasticsearch, is retried later with a growing delay; the immediate backend of development and tests
cannot defer, so there the failure is logged and ``reindex_since`` catches up (docs/search.md).
"""

import logging
from datetime import timedelta

from django.apps import apps
from django.utils import timezone
from django_tasks import task
from modelsearch.backends import get_search_backends_with_name

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
FIRST_RETRY_DELAY = timedelta(minutes=1)  # then 2, 4, 8, 16 minutes: about half an hour of outage in all


def object_label(instance):
    return instance._meta.label


@task()
def update_search_entry(model_label, pk, backend_names=None, attempt=1):
    """Index the object ``model_label``/``pk`` as it is now, or remove it when it is gone."""
    model = apps.get_model(model_label)
    instance = model._default_manager.filter(pk=pk).first()
    if instance is None:
        apply_to_backends(model_label, pk, "delete", model(pk=pk), backend_names, attempt)
        return
    indexed = instance.get_indexed_instance() if hasattr(instance, "get_indexed_instance") else instance
    if indexed is not None:
        apply_to_backends(model_label, pk, "add", indexed, backend_names, attempt)


@task()
def remove_search_entry(model_label, pk, backend_names=None, attempt=1):
    model = apps.get_model(model_label)
    apply_to_backends(model_label, pk, "delete", model(pk=pk), backend_names, attempt)


def apply_to_backends(model_label, pk, operation, instance, backend_names, attempt):
    """``backend.add(instance)`` or ``backend.delete(instance)`` on each backend; failed ones are retried."""
    failed = []
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        if backend_names is not None and name not in backend_names:
            continue
        try:
            getattr(backend, operation)(instance)
        except Exception:
            # Any failure of a search service (connection refused, timeout, a 5xx) is worth a later attempt;
            # the page itself is saved already.
            logger.exception("Search backend %s failed to %s %s %s", name, operation, model_label, pk)
            failed.append(name)
    if failed:
        retry_later(
            update_search_entry if operation == "add" else remove_search_entry, model_label, pk, failed, attempt
        )


def retry_later(job, model_label, pk, backend_names, attempt):
    if attempt >= MAX_ATTEMPTS:
        logger.error("Gave up indexing %s %s after %d attempts; run reindex_since", model_label, pk, attempt)
        return
    if not job.get_backend().supports_defer:
        logger.warning("Tasks run immediately here, %s %s is not retried; run reindex_since", model_label, pk)
        return
    run_after = timezone.now() + FIRST_RETRY_DELAY * 2 ** (attempt - 1)
    job.using(run_after=run_after).enqueue(model_label, pk, backend_names=backend_names, attempt=attempt + 1)
