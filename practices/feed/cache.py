"""The partner feed's response cache (issue 7): each list and detail response is rendered once per content
generation and then served from Django's cache (``CACHES``: Redis when ``REDIS_URL`` is set, else each process's
local memory), with its ETag, so that a repeated request — and a conditional one answered 304 — costs a cache read
and one query instead of a serialisation.

Never stale, by construction rather than by expiry: the cache key contains the content generation
(practices.models.ContentGeneration), a token stored in the database and replaced in the same transaction as any
write that can change what the feed shows — a page, its revisions and relations, a snippet, an image or rendition,
a document, a wagtail-localize sync, a change record. Writes are caught by Django's ``post_save``,
``post_delete`` and ``m2m_changed`` for every model except the few in ``UNRELATED_MODELS``, by Wagtail's
unpublish and move signals (moves rewrite descendants' paths with bulk updates), and by the change log's writer,
which the bulk importer uses (practices.feed.changes.write_records). A response is cached under the token read
at the start of its request: whatever committed later carries a newer token, so an older entry is never read
again. Code that writes content with ``QuerySet.update()`` or ``bulk_create`` and records no change must call
``bump_content_generation()`` itself.

The token is replaced at most once per transaction (an import of 10,000 items writes it once per batch, not once
per row); on PostgreSQL the row stays locked until the transaction commits, which orders writers much as the
change log's advisory lock already does.
"""

import hashlib
import secrets
from dataclasses import dataclass

from django.apps import apps
from django.db import connections, transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.http import quote_etag

from practices.models import ContentGeneration

GENERATION_PK = 1
# Entries of past generations are never read again; the timeout only bounds how long they occupy the cache.
RESPONSE_TIMEOUT = 24 * 60 * 60
# Models whose writes never change a feed response: sessions, editing heartbeats, logs, search indexes, partners'
# keys and webhook deliveries, background jobs. Leaving one out only costs cache misses; listing a model here
# whose data the feed shows would serve stale responses.
UNRELATED_MODELS = {
    "admin.logentry",
    "auth.user",
    "django_tasks_database.dbtaskresult",
    "hub_search.searchdocument",
    "hub_search.synonymset",
    "hub_search.unansweredquerydailyhits",
    "practices.contentgeneration",
    "practices.importrun",
    "practices.linkcheck",
    "practices.partner",
    "practices.translationsyncjob",
    "practices.webhook",
    "practices.webhookdelivery",
    "sessions.session",
    "wagtailadmin.editingsession",
    "wagtailadmin.formstate",
    "wagtailcore.pagesubscription",
    "wagtailsearch.indexentry",
    "wagtailsearch.sqliteftsindexentry",
    "wagtailsearchpromotions.query",
    "wagtailsearchpromotions.querydailyhits",
    "wagtailusers.userprofile",
}


def content_generation():
    """The current token ("" before the first write that bumps it): one query by primary key."""
    # A write after this read, in the same transaction, must be seen by a read after it (tests read and write in
    # one transaction): the next bump may not be skipped.
    connection = transaction.get_connection()
    connection.feed_generation_pending = None
    # Plain SQL: building the ORM query took four times as long as running it, and this runs on every request.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {ContentGeneration._meta.db_table} WHERE id = %s", [GENERATION_PK])  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else ""


def bump_content_generation():
    """Give the content a new generation token, in the current transaction.

    Once per transaction is enough for other connections, which see the transaction's writes all at once when it
    commits; so a bump is skipped while the transaction's earlier one is pending and nothing read the token since.
    The pending bump is marked by an ``on_commit`` callback, which Django drops together with the token's write
    if the transaction or savepoint rolls back."""
    connection = transaction.get_connection()
    pending = getattr(connection, "feed_generation_pending", None)
    if connection.in_atomic_block and any(entry[1] is pending for entry in connection.run_on_commit):
        return
    token = secrets.token_hex(16)
    if not ContentGeneration.objects.filter(pk=GENERATION_PK).update(token=token):
        ContentGeneration.objects.update_or_create(pk=GENERATION_PK, defaults={"token": token})
    if connection.in_atomic_block:

        def generation_bumped():
            """Marks this transaction's bump until it commits."""

        connection.feed_generation_pending = generation_bumped
        transaction.on_commit(generation_bumped)


def bump_for_write(sender, **kwargs):
    """Receiver of post_save, post_delete and m2m_changed (whose sender is the through model). Migrations write
    with historical models, possibly before the generation's table exists: ``bump_after_migrate`` covers them."""
    if sender._meta.apps is apps and sender._meta.label_lower not in UNRELATED_MODELS:
        bump_content_generation()


def bump_after_migrate(sender, using, **kwargs):
    """A data migration may change what the feed shows; bump once migrate has run (if it created the table)."""
    if ContentGeneration._meta.db_table in connections[using].introspection.table_names():
        bump_content_generation()


def bump_for_page_signal(sender, **kwargs):
    bump_content_generation()


@dataclass(frozen=True)
class Representation:
    """A rendered 200 response of the feed: its body, content type, ETag (a hash of the body), Last-Modified
    (whole seconds since the epoch, or None) and the value of its ``Link`` header ("" for none: the default also
    reads entries cached before the field existed)."""

    content: bytes
    content_type: str
    etag: str
    last_modified: int | None
    links: str = ""

    @classmethod
    def of(cls, content, content_type, last_modified, links=""):
        etag = quote_etag(hashlib.sha256(content).hexdigest()[:32])
        return cls(content, content_type, etag, last_modified, links)

    def response(self):
        response = HttpResponse(self.content, content_type=self.content_type)
        response.feed_representation = self
        return response


def response_key(request, view_name):
    """The cache key of a response: the content generation, the view, the absolute URL (the body's links are
    absolute, so the host and scheme count) and the active language."""
    parts = (content_generation(), view_name, request.build_absolute_uri(), translation.get_language() or "")
    return "feed:response:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()
