"""``manage.py reindex_since 2026-11-23T08:00Z``: bring the search index up to date with everything that changed
since a time, after an outage of the search service or a failed indexing task (docs/search.md)."""

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from modelsearch.index import class_is_indexed
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from search.tasks import update_search_entry


class Command(BaseCommand):
    help = _("Re-index every page and indexed object changed since an ISO 8601 time (recovery after an outage).")

    def add_arguments(self, parser):
        parser.add_argument("since", help=_("ISO 8601 date and time, e.g. 2026-11-23T08:00:00Z"))

    def handle(self, since, **options):
        try:
            moment = parse_datetime(since)
        except ValueError:  # well formed but impossible, e.g. month 13
            moment = None
        if moment is None:
            raise CommandError(_("since: %(value)r is not an ISO 8601 date and time.") % {"value": since})
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        changed = changed_objects(moment)
        for position, (label, pk) in enumerate(sorted(changed), start=1):
            # Run inline: the point is to be done when the command returns; a failure is logged by the task.
            update_search_entry.call(label, pk)
            if position % 500 == 0:
                self.stdout.write(_("%(done)d of %(total)d re-indexed") % {"done": position, "total": len(changed)})
        self.stdout.write(
            _("Re-indexed %(total)d objects changed since %(since)s.")
            % {
                "total": len(changed),
                "since": moment.isoformat(),
            }
        )


def changed_objects(moment):
    """``{(model label, pk), …}`` changed at or after ``moment``: pages published since (imports included) and
    every page or object with an action in Wagtail's audit log since (edit, publish, unpublish, delete…); the
    task removes what is gone or unpublished."""
    changed = {
        ("wagtailcore.Page", pk)
        for pk in Page.objects.filter(last_published_at__gte=moment).values_list("pk", flat=True)
    }
    changed.update(
        ("wagtailcore.Page", pk)
        for pk in PageLogEntry.objects.filter(timestamp__gte=moment).values_list("page_id", flat=True).distinct()
    )
    entries = ModelLogEntry.objects.filter(timestamp__gte=moment).values_list("content_type_id", "object_id")
    for content_type_id, object_id in entries.distinct():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None and class_is_indexed(model):
            changed.add((model._meta.label, model._meta.pk.to_python(object_id)))
    return changed
