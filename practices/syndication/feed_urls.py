"""URLs of the syndication feeds, mounted under each language prefix by cms/urls.py: /<locale>/feeds/latest.atom,
latest.rss and latest.json (``syndication:latest-atom``, ``-rss``, ``-json``), and the feeds that follow one filtered
listing, listing/<type>.atom and .json (practices.syndication.listing_feeds). The feeds that follow a search live
beside them, in search's own URLs (search/feed_urls.py)."""

from django.urls import path

from practices.syndication.feeds import LatestItemsAtomFeed, LatestItemsRssFeed, latest_items_json_feed
from practices.syndication.listing_feeds import ListingAtomFeed, listing_json_feed

app_name = "syndication"

urlpatterns = [
    path("latest.atom", LatestItemsAtomFeed(), name="latest-atom"),
    path("latest.rss", LatestItemsRssFeed(), name="latest-rss"),
    path("latest.json", latest_items_json_feed, name="latest-json"),
    path("listing/<str:item_type>.atom", ListingAtomFeed(), name="listing-atom"),
    path("listing/<str:item_type>.json", listing_json_feed, name="listing-json"),
]
