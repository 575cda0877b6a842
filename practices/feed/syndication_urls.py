"""URLs of the syndication feeds, mounted under each language prefix by cms/urls.py: /<locale>/feeds/latest.atom,
latest.rss and latest.json (``syndication:latest-atom``, ``-rss``, ``-json``)."""

from django.urls import path

from practices.feed.syndication import LatestItemsAtomFeed, LatestItemsRssFeed, latest_items_json_feed

app_name = "syndication"

urlpatterns = [
    path("latest.atom", LatestItemsAtomFeed(), name="latest-atom"),
    path("latest.rss", LatestItemsRssFeed(), name="latest-rss"),
    path("latest.json", latest_items_json_feed, name="latest-json"),
]
