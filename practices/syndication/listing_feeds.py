"""Feeds that follow one filtered listing: ``/<locale>/feeds/listing/practice.atom?theme=youth&year=2024`` (and
``material``, ``video``; ``.json`` for JSON Feed), the newest items of that section that the listing with the same
query string shows (issue 4 §6, issue 5).

The filters are the listing's own (practices.site.listing.filters_for): the same parameters and the same narrowing,
so a feed never follows something other than the list the reader saw. Unlike the forgiving listing page, a feed is
strict (practices.filtering.fronts.read_strict): an unknown, repeated or bad parameter is a 400 naming it (a news
reader would otherwise follow the unfiltered list without anyone noticing).
"""

from urllib.parse import urlencode

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from practices.feed.serializers import ITEM_SERIALIZERS
from practices.filtering.fronts import read_strict
from practices.models import INDEX_MODELS, ITEM_MODELS
from practices.site.listing import filters_for, narrow
from practices.syndication.feeds import LatestItemsAtomFeed, json_feed_response, parameter_error_response
from practices.syndication.latest import DEFAULT_LIMIT, LimitFilter


def listing_feed_query(active):
    """The query string that follows a listing with its ``active`` filters (``Listing.active``); the sort and page
    number are left out, since a feed is always newest first."""
    return f"?{urlencode(active)}" if active else ""


def item_type_of(index_page):
    return next(name for name, model in INDEX_MODELS.items() if isinstance(index_page, model))


class FollowedListing:
    """The newest items of one section in the URL's language, narrowed by the listing's filters
    (practices.site.listing.narrow, what the listing page itself runs)."""

    def __init__(self, request, item_type):
        if item_type not in INDEX_MODELS:
            raise Http404
        self.request = request
        self.item_type = item_type
        language = translation.get_language()
        self.index_page = INDEX_MODELS[item_type].objects.live().filter(locale__language_code=language).first()
        if self.index_page is None:
            raise Http404
        self.model, self.serializer_class = ITEM_MODELS[item_type], ITEM_SERIALIZERS[item_type]
        # Strict (practices.filtering.fronts): the listing's own filters, parsed with the feeds' rules.
        filters = filters_for(self.model)
        values = read_strict(request.GET, [*filters, LimitFilter()], blank_means_any=True)
        self.limit = values.pop(LimitFilter.parameter, DEFAULT_LIMIT)
        self.items_filtered = narrow(self.index_page.items(), filters, values)

    def title(self):
        return _("Good Practice Hub: %(section)s") % {"section": self.index_page.title}

    def items(self):
        queryset = self.serializer_class.with_related(self.items_filtered).order_by("-first_published_at", "-pk")
        return self.serializer_class(queryset[: self.limit], many=True, context={"request": self.request}).data


def listing_feed_description():
    return _("The newest items of this list, with its filters.")


class ListingAtomFeed(LatestItemsAtomFeed):
    """``/<locale>/feeds/listing/<type>.atom``: the newest items of one filtered listing, as Atom."""

    def get_object(self, request, item_type, *args, **kwargs):
        return FollowedListing(request, item_type)

    def title(self, followed):
        return followed.title()

    def subtitle(self, followed):
        return listing_feed_description()

    def description(self, followed):
        return listing_feed_description()


def listing_json_feed(request, item_type):
    """The same entries as JSON Feed 1.1: ``/<locale>/feeds/listing/<type>.json``."""
    try:
        followed = FollowedListing(request, item_type)
    except ValidationError as error:
        return parameter_error_response(error)
    return json_feed_response(request, followed.items(), followed.title(), listing_feed_description())
