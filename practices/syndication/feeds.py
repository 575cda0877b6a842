"""Syndication feeds of the newest practices, materials and videos of one language, for news readers and partner
sites: ``/<locale>/feeds/latest.atom`` and ``.rss`` (Django's syndication framework) and ``.json`` (JSON Feed 1.1).

Entries come from practices.syndication.latest, that is from the partner feed's serializers. An entry's id is a tag URI
built from the item's ``translation_key`` and locale, ``tag:hub.example.org,2026:practice/<translation_key>/cs``,
so it stays the same when the item is edited, retitled or moved: news readers do not show it twice.

A summary is plain text and a body is HTML, and each format is told which is which, because news readers render
whatever a feed calls HTML: Atom's ``<summary type="text">`` and ``<content type="html">``; RSS's ``<description>``
is HTML by definition, so the summary goes in HTML-escaped (``<img onerror=…>`` in a summary reads as those
characters, never as markup). The body is sanitised once more on the way out (nh3), whatever stored it.
"""

import html
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import JsonResponse
from django.utils import feedgenerator, translation
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from practices.site_url import absolute_url
from practices.syndication.latest import LatestItems, SyndicationFilterSet, errors_of

CACHE_MAX_AGE = 300
# The tag URI's date: the day the hub's domain first named entries. It must never change, or every id would.
TAG_DATE = "2026"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def entry_id(item):
    host = urlsplit(settings.SITE_BASE_URL).hostname
    return f"tag:{host},{TAG_DATE}:{item['type']}/{item['translation_key']}/{item['locale']}"


def entry_author(item):
    """The organisation behind an item: a practice's lead, a material's author; videos name none."""
    organisation = item.get("lead_organisation") or item.get("authoring_organisation")
    return organisation["name"] if organisation else None


def entry_categories(item):
    return [theme["name"] for theme in item["themes"]]


def feed_title():
    return _("Good Practice Hub: newest practices, materials and videos")


def feed_description():
    return _("Good practices in citizen participation, methodological materials and training videos.")


def home_page_url():
    return absolute_url(f"/{translation.get_language()}/")


def parameter_error_response(error):
    return JsonResponse(errors_of(error), status=400)


class AtomFeedWithContent(feedgenerator.Atom1Feed):
    """Atom with each entry's summary as ``<summary type="text">`` (Django's generator calls every description
    HTML) and its body as ``<content type="html">``, which Django's generator leaves out."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item.get("description"):
            handler.addQuickElement("summary", item["description"], {"type": "text"})
        if item.get("content_html"):
            handler.addQuickElement("content", nh3.clean(item["content_html"]), {"type": "html"})


class RssFeedWithTextSummary(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 whose ``<description>`` (HTML, by RSS's definition) shows the plain-text summary as text."""

    def add_item_elements(self, handler, item):
        description = item.get("description")
        super().add_item_elements(handler, {**item, "description": html.escape(description) if description else None})


class LatestItemsAtomFeed(Feed):
    """The newest items of the URL's language as Atom; ``type``, ``theme``, ``country`` and ``limit`` narrow it."""

    feed_type = AtomFeedWithContent
    item_guid_is_permalink = False

    def __call__(self, request, *args, **kwargs):
        try:
            response = super().__call__(request, *args, **kwargs)
        except ValidationError as error:
            return parameter_error_response(error)
        patch_cache_control(response, public=True, max_age=CACHE_MAX_AGE)
        return response

    def get_object(self, request, *args, **kwargs):
        return LatestItems.from_query(request, translation.get_language(), SyndicationFilterSet())

    def title(self, latest):
        return feed_title()

    def subtitle(self, latest):
        return feed_description()

    def description(self, latest):
        return feed_description()

    def link(self, latest):
        return home_page_url()

    def feed_url(self, latest):
        return absolute_url(latest.request.get_full_path())

    def author_name(self, latest):
        return _("Good Practice Hub")

    def items(self, latest):
        return latest.items()

    def item_title(self, item):
        return item["title"]

    def item_description(self, item):
        return item["summary"]

    def item_link(self, item):
        return item["url"]

    def item_guid(self, item):
        return entry_id(item)

    def item_pubdate(self, item):
        return parse_datetime(item["first_published_at"])

    def item_updateddate(self, item):
        return parse_datetime(item["last_published_at"])

    def item_author_name(self, item):
        return entry_author(item)

    def item_categories(self, item):
        return entry_categories(item)

    def item_extra_kwargs(self, item):
        return {"content_html": item["body"]["html"]}


class LatestItemsRssFeed(LatestItemsAtomFeed):
    """The same entries as RSS 2.0, for readers that know only RSS."""

    feed_type = RssFeedWithTextSummary


def latest_items_json_feed(request):
    """The newest items of the URL's language as JSON Feed 1.1 (https://jsonfeed.org/version/1.1)::

    {"version": "https://jsonfeed.org/version/1.1", "title": "…", "home_page_url": "https://…/cs/",
     "feed_url": "https://…/cs/feeds/latest.json", "language": "cs",
     "items": [{"id": "tag:…", "url": "https://…", "title": "…", "summary": "…", "content_html": "<p>…</p>",
                "content_text": "…", "date_published": "…", "date_modified": "…", "authors": [{"name": "…"}],
                "tags": ["Youth"], "language": "cs",
                "_good_practice_hub": {"type": "practice", "translation_key": "…", "api_url": "https://…"}}]}

    The ``_good_practice_hub`` extension (JSON Feed's underscore convention) tells partners how to fetch the item
    from the partner feed. Cross-origin GETs are allowed (CORS_URLS_REGEX), so the widget can read it.
    """
    try:
        latest = LatestItems.from_query(request, translation.get_language(), SyndicationFilterSet())
    except ValidationError as error:
        return parameter_error_response(error)
    return json_feed_response(request, latest.items(), feed_title(), feed_description())


def json_feed_response(request, items, title, description):
    """A JSON Feed 1.1 document of ``items`` (feed JSON), cacheable like the Atom feeds; the followed searches and
    listings (search.feeds, practices.syndication.listing_feeds) answer with it too."""
    feed = {
        "version": JSON_FEED_VERSION,
        "title": title,
        "description": description,
        "home_page_url": home_page_url(),
        "feed_url": absolute_url(request.get_full_path()),
        "language": translation.get_language(),
        "authors": [{"name": _("Good Practice Hub")}],
        "items": [json_feed_item(item) for item in items],
    }
    response = JsonResponse(feed, content_type="application/feed+json", json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, public=True, max_age=CACHE_MAX_AGE)
    return response


def json_feed_item(item):
    """One entry; an item without a body offers its summary as its text, since an entry must have content."""
    author = entry_author(item)
    entry = {
        "id": entry_id(item),
        "url": item["url"],
        "title": item["title"],
        "summary": item["summary"],
        "content_html": nh3.clean(item["body"]["html"]),
        "content_text": item["body"]["text"] or item["summary"],
        "date_published": item["first_published_at"],
        "date_modified": item["last_published_at"],
        "tags": entry_categories(item),
        "language": item["locale"],
        "_good_practice_hub": {
            "type": item["type"],
            "translation_key": item["translation_key"],
            "api_url": item["api_url"],
            "country": item.get("country"),
        },
    }
    if author:
        entry["authors"] = [{"name": author}]
    return entry
