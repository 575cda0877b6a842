"""The feeds that follow one search, mounted beside the syndication feeds under each language prefix by
cms/urls.py: /<locale>/feeds/search.atom and search.json (``search_feeds:atom``, ``search_feeds:json``;
search.feeds)."""

from django.urls import path

from search.feeds import SearchAtomFeed, search_json_feed

app_name = "search_feeds"

urlpatterns = [
    path("search.atom", SearchAtomFeed(), name="atom"),
    path("search.json", search_json_feed, name="json"),
]
