"""The practice map: ``<practice index>/map/`` and the GeoJSON it draws, both routes of ``PracticeIndexPage``.

The map page shows the section's practices that have a location, narrowed by exactly the listing's filters (the same
``filter_items``, the same facet counts, the same query string), on a Leaflet map drawn by
``practices/static/practices/map.js``. Below the map the same practices are listed, grouped by country: that list is
what the page is without JavaScript and what a screen reader or keyboard user reads instead of the markers. A "List"
/ "Map" switch links the map and the listing of one selection.

``map/geojson/`` is the data the script draws: a GeoJSON FeatureCollection of the filtered practices with a
location, in the page's locale::

    {"type": "FeatureCollection", "total": 2, "truncated": false,
     "features": [{"type": "Feature", "id": 42, "geometry": {"type": "Point", "coordinates": [16.606837, 49.19506]},
                   "properties": {"title": "Youth parliament of Brno", "url": "/en/practices/youth-parliament/",
                                  "summary": "…", "country": "CZ", "country_name": "Czechia",
                                  "municipality": "Brno"}}]}

Unlike the forgiving page, the endpoint is strict like the partner feed (practices.filtering.fronts.read_strict): an
unknown, repeated or bad parameter is answered with HTTP 400 and ``{"errors": {parameter: [message]}}``. Both views
stop at ``settings.MAP_MAX_PRACTICES`` practices and say so (``truncated``), so one request never loads an unbounded
knowledge base.
"""

import hashlib
import json
from itertools import groupby
from urllib.parse import urlsplit

from csp.constants import SELF
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext
from django_countries import countries
from rest_framework.exceptions import ValidationError

from practices.filtering.fronts import read_strict
from practices.models import GoodPracticePage
from practices.site.listing import filter_items, filters_for, narrow

MAP_PATH = "map/"
GEOJSON_PATH = "map/geojson/"
# Browsers and proxies may keep the GeoJSON this long: a newly published practice shows within five minutes.
GEOJSON_MAX_AGE = 300
# Only what a marker, its popup and the list need: bodies and galleries are never read for the map.
MAP_FIELDS = ("pk", "title", "slug", "summary", "country", "municipality", "latitude", "longitude")


def view_urls(index_page, request, filter_query):
    """``{"list_url", "map_url"}``: the listing and the map of the same filters, for the "List" / "Map" switch."""
    index_url = index_page.get_url(request)
    return {"list_url": f"{index_url}{filter_query}", "map_url": f"{index_url}{MAP_PATH}{filter_query}"}


def located_practices(index_page, request):
    """The index's live practices with a location, filtered by the request: ``(filtered, practices, truncated)``,
    ``practices`` ordered by country and title and cut at ``MAP_MAX_PRACTICES``."""
    filtered = filter_items(index_page.items(), GoodPracticePage, request.GET, index_page.locale)
    return filtered, *first_located(filtered.items)


def first_located(practices):
    """``(practices, truncated)``: those of ``practices`` with a location, ordered by country and title and cut at
    ``MAP_MAX_PRACTICES``."""
    located = (
        practices.filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("country", "title", "pk")
        .only(*MAP_FIELDS)
    )
    found = list(located[: settings.MAP_MAX_PRACTICES + 1])
    return found[: settings.MAP_MAX_PRACTICES], len(found) > settings.MAP_MAX_PRACTICES


def practice_url(index_url, practice):
    """A practice is a child of its index: its URL is the index's plus its slug, with no query per practice."""
    return f"{index_url}{practice.slug}/"


def group_by_country(practices):
    """``[(country name, [practices…]), …]`` in the order of the country names in the reader's language; practices
    without a country come last."""
    groups = [(code, list(members)) for code, members in groupby(practices, key=lambda practice: practice.country.code)]
    named = sorted(
        ((countries.name(code), members) for code, members in groups if code),
        key=lambda group: group[0].casefold(),
    )
    unnamed = [members for code, members in groups if not code]
    if unnamed:
        named.append((gettext("Country not given"), unnamed[0]))
    return named


def tile_server_origin(tile_url):
    """The origin the map's tiles come from, as a Content-Security-Policy source: ``https://tiles.example.org``,
    and ``https://*.tile.example.org`` for a template that spreads tiles over subdomains (``{s}``)."""
    parts = urlsplit(tile_url)
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


def serve_map(index_page, request):
    """The map page: the filters with their counts, the map, and the located practices grouped by country."""
    filtered, practices, truncated = located_practices(index_page, request)
    index_url = index_page.get_url(request)
    for practice in practices:
        practice.map_url = practice_url(index_url, practice)
    context = {
        "page": index_page,
        "self": index_page,
        "request": request,
        "filters": filtered,
        "countries": group_by_country(practices),
        "located_total": len(practices),
        "truncated": truncated,
        "max_practices": settings.MAP_MAX_PRACTICES,
        "geojson_url": f"{index_url}{GEOJSON_PATH}{filtered.filter_query}",
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        **view_urls(index_page, request, filtered.filter_query),
    }
    response = TemplateResponse(request, "practices/map_page.html", context)
    # The map page loads images from the site and from the configured tile server only (the rest of the site also
    # allows media on a storage host): the reader's browser reaches no other third party from it.
    # Without a tile server the map draws the outlines the site serves, and images come from the site only.
    tile_servers = [tile_server_origin(settings.MAP_TILE_URL)] if settings.MAP_TILE_URL else []
    response._csp_replace = {"img-src": [SELF, "data:", *tile_servers]}
    return response


def feature_of(practice, index_url):
    return {
        "type": "Feature",
        "id": practice.pk,
        "geometry": {"type": "Point", "coordinates": [float(practice.longitude), float(practice.latitude)]},
        "properties": {
            "title": practice.title,
            "url": practice_url(index_url, practice),
            "summary": practice.summary,
            "country": practice.country.code or None,
            "country_name": countries.name(practice.country.code) if practice.country.code else None,
            "municipality": practice.municipality,
        },
    }


def serve_geojson(index_page, request):
    """The filtered practices with a location as GeoJSON, with an ETag (a repeated request is answered 304) and a
    short public cache lifetime; 400 with every bad parameter named."""
    filters = filters_for(GoodPracticePage)
    try:
        values = read_strict(request.GET, filters, blank_means_any=True)
    except ValidationError as error:
        return JsonResponse({"errors": error.detail}, status=400)
    practices, truncated = first_located(narrow(index_page.items(), filters, values))

    index_url = index_page.get_url(request)
    collection = {
        "type": "FeatureCollection",
        "total": len(practices),
        "truncated": truncated,
        "features": [feature_of(practice, index_url) for practice in practices],
    }
    body = json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response = get_conditional_response(request, etag=etag) or HttpResponse(
        body, content_type="application/geo+json; charset=utf-8"
    )
    response["ETag"] = etag
    # A section behind a view restriction is only served to people allowed to see it: no shared caches then.
    if index_page.get_view_restrictions().exists():
        patch_cache_control(response, private=True, max_age=GEOJSON_MAX_AGE)
    else:
        patch_cache_control(response, public=True, max_age=GEOJSON_MAX_AGE)
    return response
