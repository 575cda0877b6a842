"""The newest published items of one language, for the syndication feeds (Atom, RSS, JSON Feed) and the embeddable
widget: practices, materials and videos merged by first publication, newest first, each serialised by the partner
feed's own serializer, so a feed entry says what the feed item says.

Their query parameters are strict like the feed's (practices.feed.filters): ``type``, ``theme``, ``country`` and
``limit`` (and ``locale`` for the widget, whose URL has no language prefix); a bad one is a 400 naming it.
"""

from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from practices.feed import serializers
from practices.feed.filters import CountryFilter, FeedFilter, FeedFilterSet, LocaleFilter, ThemeFilter
from practices.filtering.vocabulary import ItemTypeParameter
from practices.models import ITEM_MODELS
from practices.parameters import ASCII_DIGITS

DEFAULT_LIMIT = 20
MAX_LIMIT = 50


class ItemTypeFilter(ItemTypeParameter, FeedFilter):
    description = _("Only items of this type.")

    @property
    def enum(self):
        return self.choices()


class LimitFilter(FeedFilter):
    parameter = "limit"
    description = _("How many items, 1 to 50 (default 20).")

    def parse(self, value):
        if not ASCII_DIGITS.fullmatch(value) or not 1 <= int(value) <= MAX_LIMIT:
            raise self.error(_("The limit must be a whole number from 1 to %(max)d.") % {"max": MAX_LIMIT})
        return int(value)


class SyndicationFilterSet(FeedFilterSet):
    """The parameters of /<locale>/feeds/latest.atom, .rss and .json; the language comes from the URL."""

    pagination_parameters = ()
    filters = (ItemTypeFilter(), ThemeFilter(), CountryFilter(), LimitFilter())


class WidgetFilterSet(FeedFilterSet):
    """The parameters of the embeddable widget, which shows practices only."""

    pagination_parameters = ()
    filters = (LocaleFilter(), ThemeFilter(), CountryFilter(), LimitFilter())


class LatestItems:
    """The newest items of ``locale_code`` that match the parsed ``values``, as feed JSON::

    [{"type": "practice", "title": "…", "summary": "…", "url": "https://…", "first_published_at": "…", …}, …]

    Each type is queried and serialised once (with its related content loaded in bulk), so the number of queries
    depends on the number of types, not on the number of items.
    """

    def __init__(self, request, locale_code, values, types=None):
        self.request = request
        self.locale_code = locale_code
        self.values = values
        self.limit = values.get("limit", DEFAULT_LIMIT)
        self.types = [values["type"]] if "type" in values else list(types or ITEM_MODELS)
        if "country" in values:
            # Only practices have a country: asking for one leaves out materials and videos.
            self.types = [name for name in self.types if name == "practice"]

    @classmethod
    def from_query(cls, request, locale_code, filterset, types=None):
        """Parse ``request``'s query with ``filterset``; a bad parameter raises DRF's ValidationError."""
        return cls(request, locale_code, filterset.parse(request.GET), types)

    def items(self):
        found = []
        for name in self.types:
            model, serializer_class = ITEM_MODELS[name], serializers.ITEM_SERIALIZERS[name]
            queryset = model.objects.live().filter(
                locale__language_code=self.locale_code, first_published_at__isnull=False
            )
            if "theme" in self.values:
                queryset = ThemeFilter().filter_queryset(queryset, self.values["theme"])
            if "country" in self.values:
                queryset = CountryFilter().filter_queryset(queryset, self.values["country"])
            newest = serializer_class.with_related(queryset).order_by("-first_published_at", "-pk")[: self.limit]
            found.extend(serializer_class(newest, many=True, context={"request": self.request}).data)
        found.sort(key=lambda item: parse_datetime(item["first_published_at"]), reverse=True)
        return found[: self.limit]


def errors_of(error: ValidationError):
    """A parameter error as the feed words it: ``{"errors": {"theme": ["Unknown theme “x”."]}}``."""
    return {"errors": error.detail}


def widget_locale(values):
    return values.get("locale", settings.LANGUAGE_CODE)
