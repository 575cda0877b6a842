"""Write many imported pages quickly, with the same end state as publishing each one in the admin.

Publishing one page through ``Revision.publish()`` costs about 100 SQL queries (measured: 7 pages/s on SQLite),
so a 1,000-line import would take minutes. This writer validates each page with the model's own field and
domain rules, places new pages in the tree itself (one path computed per page, one ``numchild`` update per
parent), saves each page once, and then creates every revision and audit-log entry in bulk. The result is what
editors expect: every imported page has a revision to edit from and a "created"/"published" line in its history.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, PageLogEntry, Revision
from wagtail.signals import page_unpublished

from practices.choices import ChangeAction
from practices.feed.changes import FeedItem, records_for, write_records

# Tree and bookkeeping fields that the writer sets itself; validating them before the page is placed is moot.
TREE_FIELDS = [
    field.name
    for field in Page._meta.fields
    if field.name not in {"title", "slug", "seo_title", "search_description", "go_live_at", "expire_at"}
]


class PageWriter:
    def __init__(self):
        self._next_position = {}
        self._added_children = defaultdict(int)
        self._parents = {}
        self._written = []  # (page, action, live, revision content)
        self._relations = []  # (page, is_new, {relation name: items}) to write in bulk
        self._unpublished = []  # live pages that an import line unpublished
        self._drafts = []  # (page, revision content) of drafts kept after what the line wrote

    def validate(self, page):
        """Field validation, StreamField block validation and the model's domain rules (check_rules); raises
        ValidationError keyed by field."""
        page.draft_title = page.title
        # Foreign keys were resolved from objects the importer just loaded; checking that they exist again
        # would cost one query each.
        foreign_keys = [field.name for field in page._meta.fields if field.is_relation]
        page.clean_fields(exclude=TREE_FIELDS + foreign_keys)
        self._validate_blocks(page)
        page.check_rules()

    @staticmethod
    def _validate_blocks(page):
        """Run each StreamField block's own validation, as the admin form does (Model.clean_fields does not).
        Embeds are left out: validating one fetches it from its provider, which an import must not wait for."""
        errors = {}
        for field in page._meta.fields:
            if not isinstance(field, StreamField):
                continue
            for position, child in enumerate(getattr(page, field.name)):
                if child.block_type == "embed":
                    continue
                try:
                    child.block.clean(child.value)
                except ValidationError as error:
                    errors.setdefault(field.name, []).extend(
                        f"[{position}]{path}: {message}" for path, message in _flatten(error)
                    )
        if errors:
            raise ValidationError(errors)

    def create(self, page, parent, live):
        position = self._next_position.get(parent.pk)
        if position is None:
            last = parent.get_children().order_by("-path").values_list("path", flat=True).first()
            position = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
        self._next_position[parent.pk] = position + 1
        self._added_children[parent.pk] += 1
        self._parents[parent.pk] = parent
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, position)
        page.numchild = 0
        page._cached_parent_obj = parent
        self._written.append((page, "wagtail.create", live, self._save(page, live, is_new=True)))

    def update(self, page, live):
        self._written.append((page, "wagtail.edit", live, self._save(page, live, is_new=False)))

    def _save(self, page, live, is_new):
        """Save the page as the admin would and return its revision content.

        ``live`` True publishes, False unpublishes, None keeps a draft: a new page stays unpublished, and a change
        to a published page becomes a draft revision while the public page is left as it was."""
        now = timezone.now()
        page.draft_title = page.title
        if live:
            page.live = True
            page.has_unpublished_changes = False
            page.first_published_at = page.first_published_at or now
            page.last_published_at = now
        elif live is None and not is_new and page.live:
            content = page.serializable_data()
            type(page).objects.filter(pk=page.pk).update(has_unpublished_changes=True, draft_title=page.title)
            return content
        else:
            if page.live and not is_new:
                self._unpublished.append(page)
            page.live = False
            page.has_unpublished_changes = True
            page.live_revision = None
        # The revision's content is taken while relations are still in memory: after saving, modelcluster would
        # read each of them back from the database.
        content = page.serializable_data()
        # Completeness counts the relations, so it is computed while they are still in memory.
        page.completeness = page.compute_completeness()
        relations = getattr(page, "_cluster_related_objects", {})
        pending = {name: relations.pop(name) for name in list(relations) if name in self._bulk_relations(page)}
        page._is_site_root = False  # imported items are never site roots; saves a query per page
        # The log entries are written in bulk by flush().
        page.save(clean=False, log_action=None, update_completeness=False)
        self._relations.append((page, is_new, pending))
        content["pk"] = page.pk
        return content

    def add_draft(self, page, draft):
        """Keep ``draft`` (the same item, changed in memory) as the page's latest revision without publishing it,
        after whatever this import wrote for the page, so that the admin shows the item as live with a draft.
        The page's row and relations stay as they are."""
        content = page.with_content_json(draft.serializable_data()).serializable_data()
        content["pk"] = page.pk
        type(page).objects.filter(pk=page.pk).update(has_unpublished_changes=True, draft_title=draft.title)
        page.has_unpublished_changes = True
        page.draft_title = draft.title
        self._drafts.append((page, content))

    @staticmethod
    def _bulk_relations(page):
        """Names of the page's many-to-many fields and child relations (partners…) that flush() writes."""
        return {field.name for field in get_all_child_m2m_relations(page)} | {
            relation.get_accessor_name() for relation in get_all_child_relations(page)
        }

    def _write_relations(self):
        """Replace the relations of every written page with a few bulk statements per relation.

        modelcluster would commit each relation of each page separately (a SELECT and an INSERT each); for a
        practice with five relations that was most of the import's queries."""
        deletions, rows = defaultdict(set), defaultdict(list)
        for page, is_new, pending in self._relations:
            for name, items in pending.items():
                field = _relation_field(type(page), name)
                if field.many_to_many:
                    through = field.remote_field.through
                    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
                    if not is_new:
                        deletions[(through, source)].add(page.pk)
                    rows[through].extend(
                        through(**{f"{source}_id": page.pk, f"{target}_id": item.pk}) for item in items
                    )
                else:
                    child_model, parent_field = field.related_model, field.field.name
                    if not is_new:
                        deletions[(child_model, parent_field)].add(page.pk)
                    for position, item in enumerate(items):
                        setattr(item, parent_field, page)
                        item.pk = None
                        if hasattr(item, "sort_order"):
                            item.sort_order = position
                        rows[child_model].append(item)
        for (model, column), page_ids in deletions.items():
            model.objects.filter(**{f"{column}_id__in": page_ids}).delete()
        for model, objects in rows.items():
            model.objects.bulk_create(objects, batch_size=500)
        self._relations.clear()

    def flush(self, user=None):
        """Write the pages' relations, update parents' child counts, and add one revision (and log entries) per
        written page, then one per kept draft (``add_draft``)."""
        self._write_relations()
        for parent_pk, count in self._added_children.items():
            Page.objects.filter(pk=parent_pk).update(numchild=F("numchild") + count)
        if not self._written and not self._drafts:
            return
        now = timezone.now()
        base_type = ContentType.objects.get_for_model(Page)
        # The drafts' revisions come after the revisions of what the lines wrote, so that they are the latest.
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type_id=page.content_type_id,
                    base_content_type=base_type,
                    object_id=str(page.pk),
                    created_at=now,
                    user=user,
                    object_str=str(page),
                    content=content,
                )
                for page, content in [(page, content) for page, _action, _live, content in self._written] + self._drafts
            ],
            # In one statement, 100,000 revisions ask PostgreSQL for more than 1 GiB at once, and the import fails.
            batch_size=500,
        )
        entries = []
        written_revisions, draft_revisions = revisions[: len(self._written)], revisions[len(self._written) :]
        for (page, action, live, _content), revision in zip(self._written, written_revisions, strict=True):
            page.latest_revision = revision
            if page.live and live:
                page.live_revision = revision
            entries.append(self._log(page, action, revision, now, user))
            if live:
                entries.append(self._log(page, "wagtail.publish", revision, now, user))
            elif page in self._unpublished:
                entries.append(self._log(page, "wagtail.unpublish", None, now, user))
        for (page, _content), revision in zip(self._drafts, draft_revisions, strict=True):
            page.latest_revision = revision
            entries.append(self._log(page, "wagtail.edit", revision, now, user))
        pages = {id(page): page for page in [*(written[0] for written in self._written), *(d[0] for d in self._drafts)]}
        for page in pages.values():
            page.latest_revision_created_at = now
        for model, grouped in _group_by_model(pages.values()).items():
            model.objects.bulk_update(
                grouped, ["latest_revision", "live_revision", "latest_revision_created_at"], batch_size=500
            )
        PageLogEntry.objects.bulk_create(entries, batch_size=500)
        # Before page_unpublished is sent: the change log's receiver then finds these pages already recorded.
        self._record_changes(now)
        for page in self._unpublished:
            page_unpublished.send(sender=type(page), instance=page)
        self._unpublished.clear()
        self._written.clear()
        self._drafts.clear()
        self._added_children.clear()

    def _record_changes(self, timestamp):
        """The feed's change log for the written pages, in one statement (publish signals are not sent):
        published or updated for pages made live, unpublished for pages taken off. It is part of the import's
        transaction, so a dry run or a failed import records nothing."""
        locale_codes = dict(Locale.objects.values_list("pk", "language_code"))
        changes = [
            (ChangeAction.PUBLISHED if live else ChangeAction.UNPUBLISHED, FeedItem.of(page, locale_codes))
            for page, _action, live, _content in self._written
            if live or page in self._unpublished
        ]
        write_records(records_for(changes, timestamp))

    @staticmethod
    def _log(page, action, revision, timestamp, user):
        return PageLogEntry(
            content_type_id=page.content_type_id,
            page_id=page.pk,
            label=page.get_admin_display_title(),
            action=action,
            revision=revision,
            timestamp=timestamp,
            user=user,
            content_changed=True,
            data={"source": "import_kb"},
        )


def _flatten(error, path=""):
    """(path, message) pairs of a block validation error, e.g. ("[0].value", "Ensure that…")."""
    if hasattr(error, "block_errors") and error.block_errors:
        items = error.block_errors.items() if isinstance(error.block_errors, dict) else enumerate(error.block_errors)
        for key, child in items:
            if child is not None:
                yield from _flatten(child, f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}")
    if hasattr(error, "non_block_errors") and error.non_block_errors:
        for message in error.non_block_errors:
            yield path, str(message)
    elif not hasattr(error, "block_errors"):
        for message in error.messages:
            yield path, message


def _relation_field(model, name):
    for field in get_all_child_m2m_relations(model):
        if field.name == name:
            return field
    for relation in get_all_child_relations(model):
        if relation.get_accessor_name() == name:
            return relation
    raise LookupError(name)


def _group_by_model(pages):
    groups = defaultdict(list)
    for page in pages:
        groups[type(page)].append(page)
    return groups
