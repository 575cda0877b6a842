"""The feed's change log is written here: Wagtail's signals (and the bulk importer) become ChangeRecord rows.

An item is *in the feed* when its latest record is ``published``, ``updated`` or ``moved``; the log itself is the
state, so a partner who replays it from cursor 0 ends up with exactly the published set. The rules:

- publishing an item records ``published`` when it was not in the feed (first publication, or again after an
  unpublication), else ``updated``. Scheduled publishing, workflow approval and wagtail-localize all publish
  through Wagtail's ``page_published``, so they are caught here too; scheduling a revision for later, which
  sends the same signal, records nothing until it goes live;
- unpublishing a page unpublishes its live descendants as well (stock Wagtail leaves them live unless the editor
  ticks "include descendants"), and each item that was in the feed gets ``unpublished``;
- deleting a page deletes its subtree; each item that was in the feed gets a ``deleted`` tombstone, a page that was
  never published none;
- moving a page changes the URL of it and its descendants: each item in the feed gets ``moved``; so does
  publishing a section (a home or index page) under a new slug, for the items below it;
- saving or deleting an organisation or taxonomy term records the snippet itself and ``updated`` for every item in
  the feed that shows it (any translation of it: items show the term in their own language).

Records are inserted in bulk, and ``practices.signals.changes_recorded`` is sent once their transaction commits.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Max, Q
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import Page

from practices.choices import ChangeAction
from practices.feed.cache import bump_content_generation
from practices.feed.related import BASENAMES
from practices.models import ChangeRecord
from practices.signals import changes_recorded

# Rows a bulk insert writes per statement: an import of 100,000 items in one statement asks PostgreSQL for more than
# the 1 GiB a single allocation may take ("invalid memory alloc request size").
RECORDS_PER_STATEMENT = 500
PAGE_MODELS = [model for model in BASENAMES if issubclass(model, Page)]
SNIPPET_MODELS = [model for model in BASENAMES if not issubclass(model, Page)]
IN_FEED = {ChangeAction.PUBLISHED, ChangeAction.UPDATED, ChangeAction.MOVED}
# Any number, the same for every process: the key of the PostgreSQL lock that orders the log's writers.
CHANGE_LOG_LOCK = 0x6770_6863  # "gphc"
KEY_BATCH = 500


@dataclass(frozen=True)
class FeedItem:
    """What the change log knows of an item: enough for a tombstone once the item is gone."""

    resource: str
    object_id: int
    translation_key: object
    locale: str

    @classmethod
    def of(cls, obj, locale_codes=None):
        """The feed item of a page or snippet instance, or None for anything the feed does not show;
        ``locale_codes`` (locale id → code) saves a query per instance when many are recorded."""
        resource = BASENAMES.get(type(obj))
        if resource is None:
            return None
        locale = locale_codes[obj.locale_id] if locale_codes else obj.locale.language_code
        return cls(resource, obj.pk, obj.translation_key, locale)

    @property
    def key(self):
        return (self.resource, str(self.translation_key), self.locale)


# --- writing -------------------------------------------------------------------------------------------------


def write_records(records):
    """Insert ``records`` (in statements of ``RECORDS_PER_STATEMENT``) and announce them once the surrounding
    transaction commits.

    PostgreSQL hands out ids when rows are inserted, not when they commit: without the lock, a record inserted
    earlier but committed later than another could be skipped by a partner who already read past its cursor. The
    transaction-scoped lock makes writers of the log take their ids in commit order (SQLite writes one at a time
    anyway). bulk_create sends no post_save, so the feed's content generation is bumped here (practices.feed.cache)."""
    if not records:
        return []
    with transaction.atomic():
        bump_content_generation()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHANGE_LOG_LOCK])
        created = ChangeRecord.objects.bulk_create(records, batch_size=RECORDS_PER_STATEMENT)
        transaction.on_commit(lambda: changes_recorded.send(sender=ChangeRecord, records=created))
    return created


def in_feed(items):
    """The keys of those ``items`` whose latest record says they are in the feed."""
    keys = {item.key for item in items}
    latest_ids = []
    translation_keys = sorted({item.translation_key for item in items}, key=str)
    for start in range(0, len(translation_keys), KEY_BATCH):
        latest = (
            ChangeRecord.objects.filter(translation_key__in=translation_keys[start : start + KEY_BATCH])
            .values("resource", "translation_key", "locale")
            .annotate(latest=Max("id"))
        )
        latest_ids.extend(row["latest"] for row in latest if _key(row) in keys)
    present = set()
    for start in range(0, len(latest_ids), KEY_BATCH):
        rows = ChangeRecord.objects.filter(pk__in=latest_ids[start : start + KEY_BATCH], action__in=IN_FEED)
        present.update(_key(row) for row in rows.values("resource", "translation_key", "locale"))
    return present


def _key(row):
    return (row["resource"], str(row["translation_key"]), row["locale"])


def record(action, item, occurred_at=None):
    extra = {"occurred_at": occurred_at} if occurred_at else {}
    return ChangeRecord(
        action=action,
        resource=item.resource,
        object_id=item.object_id,
        translation_key=item.translation_key,
        locale=item.locale,
        **extra,
    )


def records_for(changes, occurred_at=None):
    """Records for ``(action, item)`` pairs, in order. ``published`` becomes ``updated`` for an item already in the
    feed; any other action is recorded only for an item in the feed (a partner never saw the others)."""
    present = in_feed([item for _action, item in changes])
    records = []
    for action, item in changes:
        if action == ChangeAction.PUBLISHED:
            records.append(record(ChangeAction.UPDATED if item.key in present else action, item, occurred_at))
            present.add(item.key)
        elif item.key in present:
            records.append(record(action, item, occurred_at))
            if action not in IN_FEED:
                present.discard(item.key)
    return records


# --- pages ---------------------------------------------------------------------------------------------------


def feed_items_in_subtree(page, inclusive=True):
    """The live, published items in ``page``'s subtree, read with one query."""
    basenames = {ContentType.objects.get_for_model(model).pk: name for model, name in BASENAMES.items()}
    rows = (
        Page.objects.descendant_of(page, inclusive=inclusive)
        .live()
        .filter(last_published_at__isnull=False, content_type_id__in=basenames)
        .values_list("content_type_id", "pk", "translation_key", "locale__language_code")
        .order_by("path")
    )
    return [FeedItem(basenames[content_type], pk, key, locale) for content_type, pk, key, locale in rows]


def record_page_published(sender, instance, revision=None, **kwargs):
    """Stock Wagtail also sends page_published when a revision is only scheduled (go_live_at in the future):
    only a revision that went live counts; publish_scheduled sends the signal again when it does."""
    item = FeedItem.of(instance)
    went_live = instance.live and (revision is None or instance.live_revision_id == revision.pk)
    if item is not None and went_live:
        write_records(records_for([(ChangeAction.PUBLISHED, item)], instance.last_published_at))


def record_page_unpublished(sender, instance, **kwargs):
    """Record the unpublication and take the page's live descendants off the site too, each with its own record
    (page_unpublished is sent again for each of them).

    Wagtail also sends page_unpublished just before deleting a live page, from an unpublish that is never saved:
    its row is still live then, and the deletion records ``deleted`` instead."""
    if type(instance).objects.filter(pk=instance.pk, live=True).exists():
        return
    item = FeedItem.of(instance)
    if item is not None:
        write_records(records_for([(ChangeAction.UNPUBLISHED, item)]))
    for descendant in instance.get_descendants().live().specific().defer_streamfields():
        UnpublishPageAction(descendant).execute(skip_permission_checks=True)


def record_page_deleted(sender, instance, **kwargs):
    """A tombstone for a deleted item that was in the feed. Deleting a section deletes its descendants without
    any Wagtail signal, but Django's delete cascades from their Page rows to the items' own rows and sends each
    of them post_delete: one tombstone each."""
    item = FeedItem.of(instance)
    if item is not None:
        write_records(records_for([(ChangeAction.DELETED, item)]))


def record_page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    """A move that changes URLs (not a reorder among siblings) moves every published item below it too."""
    if url_path_before != url_path_after:
        write_records(records_for([(ChangeAction.MOVED, item) for item in feed_items_in_subtree(instance)]))


def remember_section_slug(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before a section (a home or index page) is saved, note its stored slug: publishing a new slug moves every
    item below it to a new URL, and Wagtail sends no move signal for that. (Saving a draft revision saves other
    fields only.)"""
    saves_slug = update_fields is None or "slug" in update_fields
    if not raw and saves_slug and isinstance(instance, Page) and instance.pk and type(instance) not in BASENAMES:
        instance._feed_slug_before = Page.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()


def record_section_renamed(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "_feed_slug_before", None)
    instance._feed_slug_before = None
    if before is not None and before != instance.slug:
        items = feed_items_in_subtree(instance, inclusive=False)
        write_records(records_for([(ChangeAction.MOVED, item) for item in items]))


# --- snippets ------------------------------------------------------------------------------------------------


def pages_showing(snippet):
    """The live, published items that link ``snippet`` or any of its translations, one query per page type."""
    model, key = type(snippet), snippet.translation_key
    items = []
    for page_model in PAGE_MODELS:
        lookups = [
            f"{field.name}__translation_key"
            for field in page_model._meta.get_fields()
            if field.is_relation and field.concrete and field.related_model is model
        ]
        lookups += [
            f"{relation.name}__{field.name}__translation_key"
            for relation in page_model._meta.get_fields()
            if relation.one_to_many and relation.auto_created
            for field in relation.related_model._meta.get_fields()
            if field.is_relation and field.concrete and field.related_model is model
        ]
        if not lookups:
            continue
        query = Q()
        for lookup in lookups:
            query |= Q(**{lookup: key})
        rows = (
            page_model.objects.live()
            .filter(query, last_published_at__isnull=False)
            .values_list("pk", "translation_key", "locale__language_code")
            .distinct()
        )
        items += [FeedItem(BASENAMES[page_model], pk, tk, locale) for pk, tk, locale in rows]
    return items


def record_snippet_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    item = FeedItem.of(instance)
    action = ChangeAction.PUBLISHED if created else ChangeAction.UPDATED
    showing = [] if created else records_for([(ChangeAction.UPDATED, item) for item in pages_showing(instance)])
    write_records([record(action, item), *showing])


def remember_pages_showing(sender, instance, **kwargs):
    """Before a snippet goes, note the items that show it: their links to it are deleted with it."""
    instance._feed_pages_showing = pages_showing(instance)


def record_snippet_deleted(sender, instance, **kwargs):
    item = FeedItem.of(instance)
    showing = records_for([(ChangeAction.UPDATED, item) for item in getattr(instance, "_feed_pages_showing", [])])
    write_records([record(ChangeAction.DELETED, item), *showing])
