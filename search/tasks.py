"""Background jobs that keep the search indexes right, so that saving a page never waits for Elasticsearch.

search.engine.indexing enqueues ``update_search_entry`` when an indexed object is saved (a page on publish and
unpublish) and ``remove_search_entry`` when one is deleted. The task reads the object as committed and brings every
auto-updated backend in line, and the object's vector for search by meaning (search.engine.semantic). Drafts and
unpublished pages stay in the index with their ``live`` flag, so that editors find them in the admin's search; every
public query filters on ``live`` (search.knowledge_search).

A backend that fails, typically an unreachable search cluster, is written down in ``PendingIndexUpdate``, and
``replay_pending_updates`` (``manage.py replay_index_updates``, every minute) brings it in line once it answers
again, so an outage loses no edit whichever task backend runs. With ``TASKS_DATABASE_QUEUE`` (django_tasks_db,
production) the task is also retried with a growing delay (docs/search.md).
"""

import logging
from datetime import timedelta

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task
from modelsearch.backends import get_search_backends_with_name

from search.engine import semantic
from search.models import PendingIndexUpdate

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
        semantic.forget(model, pk)
        return
    indexed = instance.get_indexed_instance() if hasattr(instance, "get_indexed_instance") else instance
    if indexed is not None:
        apply_to_backends(model_label, pk, "add", indexed, backend_names, attempt)
        update_meaning([indexed])


@task()
def remove_search_entry(model_label, pk, backend_names=None, attempt=1):
    model = apps.get_model(model_label)
    apply_to_backends(model_label, pk, "delete", model(pk=pk), backend_names, attempt)
    semantic.forget(model, pk)


def update_meaning(objects):
    """The objects' vectors for search by meaning (search.engine.semantic), made again where their text changed.
    A failure is logged and leaves the old vector: search by words is not held up by it."""
    try:
        semantic.refresh(objects)
    except Exception:
        logger.exception("The meaning vectors of %d objects were not made", len(objects))


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
        remember_failures(model_label, pk, failed)
        retry_later(
            update_search_entry if operation == "add" else remove_search_entry, model_label, pk, failed, attempt
        )


def remember_failures(model_label, pk, backend_names):
    """Write down that ``backend_names`` missed the change of ``model_label``/``pk`` (once per object)."""
    for name in backend_names:
        try:
            with transaction.atomic():
                PendingIndexUpdate.objects.get_or_create(backend=name, model_label=model_label, object_pk=str(pk))
        except IntegrityError:  # written by a concurrent failure of the same object
            pass


def replay_pending_updates(batch=500):
    """Bring each backend in line with the objects it missed: ``{backend: replayed}``. A backend that fails again
    keeps its rows for the next run; the others go on."""
    backends = dict(get_search_backends_with_name(with_auto_update=True))
    replayed = {}
    for name in PendingIndexUpdate.objects.values_list("backend", flat=True).distinct().order_by("backend"):
        if name not in backends:
            PendingIndexUpdate.objects.filter(backend=name).delete()  # a backend no longer configured
            continue
        replayed[name] = 0
        while pending := list(PendingIndexUpdate.objects.filter(backend=name).order_by("pk")[:batch]):
            if not _replay(backends[name], pending):
                break
            PendingIndexUpdate.objects.filter(pk__in=[row.pk for row in pending]).delete()
            replayed[name] += len(pending)
    return replayed


def _replay(backend, pending):
    """Apply each pending object's current state to ``backend``; False at the first failure."""
    for row in pending:
        try:
            model = apps.get_model(row.model_label)
        except LookupError:
            continue
        pk = model._meta.pk.to_python(row.object_pk)
        instance = model._default_manager.filter(pk=pk).first()
        indexed = instance.get_indexed_instance() if hasattr(instance, "get_indexed_instance") else instance
        try:
            if indexed is None:
                backend.delete(model(pk=pk))
            else:
                backend.add(indexed)
        except Exception:
            logger.warning("Search backend still failing; %d updates wait for the next replay", len(pending))
            return False
    return True


def retry_later(job, model_label, pk, backend_names, attempt):
    if attempt >= MAX_ATTEMPTS:
        logger.error("Gave up indexing %s %s after %d attempts; run reindex_since", model_label, pk, attempt)
        return
    if not job.get_backend().supports_defer:
        logger.warning("Tasks run immediately here, %s %s is not retried; run reindex_since", model_label, pk)
        return
    run_after = timezone.now() + FIRST_RETRY_DELAY * 2 ** (attempt - 1)
    job.using(run_after=run_after).enqueue(model_label, pk, backend_names=backend_names, attempt=attempt + 1)
