"""The change log endpoint of the partner feed: /api/feed/v1/changes/?since=CURSOR and /changes/head/.

A partner replays the log in cursor order: ``published``, ``updated`` and ``moved`` mean "fetch ``api_url`` and
store it", ``unpublished`` and ``deleted`` mean "remove the item with this translation_key and locale". What
writes the log is practices.feed.changes.
"""

from urllib.parse import urlencode

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from practices.feed.filters import DetailFilterSet, FeedFilter, FeedFilterSet
from practices.feed.related import change_api_url
from practices.feed.views import FeedViewSet
from practices.models import ChangeRecord
from practices.site_url import absolute_url

MAX_LIMIT = 1000
DEFAULT_LIMIT = 100


def head_cursor():
    """The cursor of the newest record: "0" while the log is empty."""
    return str(ChangeRecord.objects.aggregate(head=Max("pk"))["head"] or 0)


class SinceFilter(FeedFilter):
    parameter = "since"
    description = _(
        "Only changes after this cursor: a record's cursor, the next link's, or /changes/head/'s. Start from 0 to "
        "replay the whole log."
    )
    openapi_type = {"type": "string", "pattern": "^[0-9]{1,19}$"}

    def parse(self, value):
        if not value.isascii() or not value.isdigit() or len(value) > 19:
            raise self.error(_("This cursor is not valid; take one from a change record, next or /changes/head/."))
        if int(value) > int(head_cursor()):
            raise self.error(_("This cursor is ahead of the change log; start again from /changes/head/."))
        return int(value)


class LimitFilter(FeedFilter):
    parameter = "limit"
    description = _("Number of changes to return, 1 to 1000 (default 100).")
    openapi_type = {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}

    def parse(self, value):
        if not value.isascii() or not value.isdigit() or int(value) < 1:
            raise self.error(_("The limit must be a positive whole number."))
        if int(value) > MAX_LIMIT:
            raise self.error(_("The largest limit is %(max)d.") % {"max": MAX_LIMIT})
        return int(value)


class ChangeLogFilterSet(FeedFilterSet):
    filters = (SinceFilter(), LimitFilter())
    pagination_parameters = ()


class ChangeRecordSerializer(serializers.ModelSerializer):
    """One change::

    {"cursor": "1042", "action": "updated", "type": "practice", "id": 57,
     "translation_key": "0b6d…", "locale": "cs", "occurred_at": "2025-06-01T12:00:00Z",
     "api_url": "https://…/api/feed/v1/practices/57/"}

    ``api_url`` is null for tombstones (``unpublished``, ``deleted``): the item is no longer in the feed.
    """

    cursor = serializers.SerializerMethodField()
    type = serializers.CharField(source="resource")
    id = serializers.IntegerField(source="object_id")
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = ChangeRecord
        fields = ["cursor", "action", "type", "id", "translation_key", "locale", "occurred_at", "api_url"]

    def get_cursor(self, record) -> str:
        return str(record.pk)

    def get_api_url(self, record) -> str | None:
        return change_api_url(record)


class ChangeLogPageSerializer(serializers.Serializer):
    """A page of the log: ``{"results": [...], "next": "…/changes/?since=1042", "has_more": false}``. Follow
    ``next`` now while ``has_more`` is true, and later to poll for new changes."""

    results = ChangeRecordSerializer(many=True)
    next = serializers.URLField()
    has_more = serializers.BooleanField()


class ChangeLogHeadSerializer(serializers.Serializer):
    """``{"cursor": "1042", "changes_url": "…/changes/?since=1042"}``: where a partner starts replaying."""

    cursor = serializers.CharField()
    changes_url = serializers.URLField()


class ChangeLogViewSet(FeedViewSet):
    """The change log: public, throttled, with ETag and Last-Modified like the rest of the feed."""

    model = ChangeRecord
    serializer_class = ChangeRecordSerializer
    filterset = ChangeLogFilterSet()
    pagination_class = None

    def changes_url(self, since, limit=None):
        query = {"since": since, **({"limit": limit} if limit else {})}
        return absolute_url(f"{reverse('feed:changes')}?{urlencode(query)}")

    @extend_schema(
        description=_("Published, updated, moved, unpublished and deleted items, oldest first, after a cursor."),
        parameters=ChangeLogFilterSet().openapi_parameters(),
        responses=ChangeLogPageSerializer,
        operation_id="changes_list",
    )
    def changes_page(self, request):
        values = self.filterset.parse(request.query_params)
        since, limit = values.get("since", 0), values.get("limit", DEFAULT_LIMIT)
        records = list(ChangeRecord.objects.filter(pk__gt=since).order_by("pk")[: limit + 1])
        has_more = len(records) > limit
        records = records[:limit]
        last = records[-1].pk if records else since
        data = {
            "results": self.get_serializer(records, many=True).data,
            "next": self.changes_url(last, values.get("limit")),
            "has_more": has_more,
        }
        return Response(data)

    @extend_schema(
        description=_(
            "The newest cursor: read it before copying the lists, then replay the changes since it, so that "
            "nothing published while you copy is missed."
        ),
        parameters=[],
        responses=ChangeLogHeadSerializer,
    )
    def head_cursor(self, request):
        DetailFilterSet().parse(request.query_params)
        cursor = head_cursor()
        return Response({"cursor": cursor, "changes_url": self.changes_url(cursor)})

    def last_modified(self, data):
        times = [item["occurred_at"] for item in data.get("results", [])] if isinstance(data, dict) else []
        return max(times) if times else None
