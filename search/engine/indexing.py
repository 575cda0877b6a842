"""When the search index is updated: on every save by default, or once in bulk for a batch of saves.

modelsearch indexes an object in ``post_save``. A bulk import saving a thousand pages that way rebuilds index
entries one at a time (and on Elasticsearch, one HTTP request each); ``deferred_indexing`` collects the saved
objects instead and adds them with one bulk call per model when the block ends.

Outside such a block, a save or delete enqueues a task (search.tasks) instead of calling the backends: on
Elasticsearch the request then leaves the editor's save, and a failed one is retried.
"""

import logging
import threading
from collections import defaultdict
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from modelsearch import index
from modelsearch.backends import get_search_backends_with_name
from modelsearch.signal_handlers import post_delete_signal_handler, post_save_signal_handler

from search.tasks import remember_failures, remove_search_entry, update_meaning, update_search_entry

logger = logging.getLogger(__name__)
_state = threading.local()


def _pending():
    return getattr(_state, "pending", None)


def index_on_save(sender, instance, **kwargs):
    """Index through a background task (search.tasks), so that saving never waits for the search service."""
    if kwargs.get("raw", False):
        return
    pending = _pending()
    if pending is None:
        update_search_entry.enqueue(instance._meta.label, instance.pk)
    else:
        pending[type(instance)].add(instance.pk)


def remove_on_delete(sender, instance, **kwargs):
    remove_search_entry.enqueue(instance._meta.label, instance.pk)


def connect_signal_handlers():
    """Route modelsearch's save handler through ``index_on_save`` so that indexing can be deferred."""
    for model in index.get_indexed_models():
        if getattr(model, "search_auto_update", True):
            post_save.disconnect(post_save_signal_handler, sender=model)
            post_save.connect(index_on_save, sender=model, dispatch_uid=f"hub-index-{model._meta.label}")
            post_delete.disconnect(post_delete_signal_handler, sender=model)
            post_delete.connect(remove_on_delete, sender=model, dispatch_uid=f"hub-unindex-{model._meta.label}")


@contextmanager
def deferred_indexing():
    """Collect the objects saved inside the block and index them in bulk once it has committed."""
    if _pending() is not None:
        yield
        return
    _state.pending = defaultdict(set)
    try:
        yield
        pending = _state.pending
    finally:
        del _state.pending
    transaction.on_commit(lambda: index_in_bulk(pending))


def index_in_bulk(pending):
    for model, pks in pending.items():
        objects = list(with_related_search_fields(model, model.objects.filter(pk__in=pks)))
        for name, backend in get_search_backends_with_name(with_auto_update=True):
            for indexed_model, group in _by_index_model(objects).items():
                try:
                    backend.add_bulk(indexed_model, group)
                except Exception:
                    # An unreachable search service must not undo an import that has committed; the objects
                    # wait in PendingIndexUpdate for replay_index_updates.
                    logger.exception("Bulk indexing of %d %s failed", len(group), indexed_model._meta.label)
                    for obj in group:
                        remember_failures(obj._meta.label, obj.pk, [name])
                    if not backend.catch_indexing_errors:
                        raise
        update_meaning(objects)


def with_related_search_fields(model, queryset):
    """Load what an object's search document reads with the objects: the relations its RelatedFields index
    (themes, organisations…; modelsearch's own ``select_on_queryset`` skips ParentalManyToManyField) and those a
    model names in ``search_prefetch_related`` for its computed fields. Otherwise the backend queries each relation
    once per object and per index column (23 queries for one practice)."""
    for search_field in model.get_search_fields():
        if not isinstance(search_field, index.RelatedFields):
            continue
        field = model._meta.get_field(search_field.field_name)
        if field.many_to_many or field.one_to_many:
            queryset = queryset.prefetch_related(search_field.field_name)
        elif field.is_relation:
            queryset = queryset.select_related(search_field.field_name)
    return queryset.prefetch_related(*getattr(model, "search_prefetch_related", ()))


def _by_index_model(objects):
    groups = defaultdict(list)
    for obj in objects:
        indexed = obj.get_indexed_instance() if hasattr(obj, "get_indexed_instance") else obj
        if indexed is not None:
            groups[type(indexed)].append(indexed)
    return groups
