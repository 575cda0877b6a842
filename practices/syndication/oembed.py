"""oEmbed for single items, for partners without developers: paste an item's public URL into a CMS that speaks
oEmbed (WordPress, Drupal, Ghost…) and it shows a card of the item.

- ``/api/oembed/?url=<public page URL>&format=json&maxwidth=&maxheight=`` answers in oEmbed 1.0's ``rich`` type:
  its ``html`` is an iframe of ``/embed/item/<id>/``, a small card of the item in its own language;
- each item page announces the endpoint in its head (``<link rel="alternate" type="application/json+oembed">``,
  practices/templates/practices/includes/oembed_link.html).

The card sets no cookie (its view reads no session and renders no CSRF token) and is the only public page that may
be framed by any site. Only JSON is offered: ``format=xml`` is a 501, as the spec asks.
"""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from practices.models import ITEM_MODELS
from practices.parameters import ParameterError, keep_not_found, parse_integer
from practices.representation.media import RENDITIONS
from practices.site_url import absolute_url

ITEM_PAGES = tuple(ITEM_MODELS.values())  # what isinstance() takes
DEFAULT_WIDTH, DEFAULT_HEIGHT = 480, 360  # the card's size when the consumer sets no maximum
CACHE_AGE = 3600
MAX_SIZE = 10_000
MAX_URL_LENGTH = 2000
IFRAME_TEMPLATE = "practices/embed/item_iframe.html"


class OEmbedRequestError(Exception):
    """A bad query parameter: a 400 naming it, in the feed's error shape."""

    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter, self.message = parameter, message


OEMBED_URLCONF = "practices.syndication.oembed_urls"


def single(query, name):
    values = query.getlist(name)
    if len(values) > 1:
        raise OEmbedRequestError(name, _("Give this parameter at most once."))
    return values[0] if values else None


def parse_size(query, name):
    value = single(query, name)
    if value is None:
        return None
    try:
        return parse_integer(name, value, minimum=1, maximum=MAX_SIZE)
    except ParameterError:
        raise OEmbedRequestError(
            name, _("Expected a whole number of pixels from 1 to %(max)d.") % {"max": MAX_SIZE}
        ) from None


def parse_url(query):
    url = single(query, "url")
    if not url:
        raise OEmbedRequestError("url", _("Give the public URL of an item."))
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (reading it checks the port)
    except ValueError:
        parts = None
    # Any host name is accepted here (a site may be served as "localhost" or an intranet name); whether the host is
    # this site's is for item_for_url to decide, with a 404.
    well_formed = parts and parts.scheme in ("http", "https") and parts.hostname
    if not well_formed or len(url) > MAX_URL_LENGTH or any(character.isspace() for character in url):
        raise OEmbedRequestError("url", _("“%(url)s” is not an absolute http(s) URL.") % {"url": url[:200]})
    return url


def site_for_host(request, host):
    """The Wagtail site that serves ``host`` from this server, or None for another server's URL."""
    if host == request.get_host():
        return Site.find_for_request(request)
    parts = urlsplit(f"//{host}")
    site = Site.objects.filter(hostname=parts.hostname).order_by("-is_default_site").first()
    if site is not None and parts.port in (None, site.port):
        return site
    if host == urlsplit(settings.SITE_BASE_URL).netloc:
        return Site.objects.filter(is_default_site=True).first()
    return None


def item_for_url(request, url):
    """The published item whose public page is at ``url``, routed as Wagtail routes a request for it."""
    parts = urlsplit(url)
    site = site_for_host(request, parts.netloc)
    language = translation.get_language_from_path(parts.path)
    if site is None or language is None:
        return None
    components = [component for component in parts.path.split("/")[2:] if component]
    try:
        with translation.override(language):
            route = site.root_page.localized.specific.route(request, components)
    except Http404:
        return None
    page, args, kwargs = route
    if args or kwargs or not isinstance(page, ITEM_PAGES) or page.last_published_at is None:
        return None
    return page if page.locale.language_code == language else None


def thumbnail(page):
    """(url, width, height) of the item's first image (its gallery's, else its body's), or None."""
    streams = [stream for stream in (getattr(page, "gallery", None), page.body) if stream is not None]
    chosen = (raw["value"].get("image") for stream in streams for raw in stream.raw_data if raw["type"] == "image")
    image_id = next((image_id for image_id in chosen if image_id), None)
    image = get_image_model().objects.filter(pk=image_id).first() if image_id else None
    if image is None:
        return None
    rendition = image.get_rendition(RENDITIONS["thumbnail"])  # the size the feed and the content API offer too
    return rendition.url, rendition.width, rendition.height


def author(page):
    """The item's lead (practice) or authoring (material) organisation, in the item's language when translated."""
    organisation = getattr(page, "lead_organisation", None) or getattr(page, "authoring_organisation", None)
    if organisation is None:
        return None
    return organisation.get_translation_or_none(page.locale) or organisation


def oembed_response(request, page, maxwidth, maxheight):
    """The oEmbed 1.0 ``rich`` response for ``page``, sized within the consumer's maximum."""
    width = min(DEFAULT_WIDTH, maxwidth or DEFAULT_WIDTH)
    height = min(DEFAULT_HEIGHT, maxheight or DEFAULT_HEIGHT)
    embed_url = absolute_url(reverse("oembed:item", args=[page.pk]))
    with translation.override(page.locale.language_code):
        provider_name = str(_("Good Practice Hub"))
    data = {
        "version": "1.0",
        "type": "rich",
        "title": page.title,
        "provider_name": provider_name,
        "provider_url": absolute_url("/"),
        "cache_age": CACHE_AGE,
        "html": render_to_string(IFRAME_TEMPLATE, {"src": embed_url, "width": width, "height": height, "page": page}),
        "width": width,
        "height": height,
    }
    organisation = author(page)
    if organisation is not None:
        data["author_name"] = organisation.name
        if organisation.website:
            data["author_url"] = organisation.website
    image = thumbnail(page)
    if image is not None and image[1] <= width and image[2] <= height:
        data.update(thumbnail_url=absolute_url(image[0]), thumbnail_width=image[1], thumbnail_height=image[2])
    return data


@require_safe
def oembed(request):
    """GET /api/oembed/: oEmbed 1.0 for an item's public URL. Parameters that oEmbed does not define are ignored,
    as consumers add their own; those it defines are checked, and a bad one is a 400 naming it."""
    try:
        url = parse_url(request.GET)
        response_format = single(request.GET, "format") or "json"
        if response_format not in ("json", "xml"):
            raise OEmbedRequestError("format", _("Use format=json."))
        maxwidth, maxheight = parse_size(request.GET, "maxwidth"), parse_size(request.GET, "maxheight")
    except OEmbedRequestError as error:
        return JsonResponse({"errors": {error.parameter: [str(error.message)]}}, status=400)
    if response_format == "xml":
        return JsonResponse({"detail": _("Only format=json is offered.")}, status=501)
    page = item_for_url(request, url)
    if page is None:
        keep_not_found(request, OEMBED_URLCONF)
        return JsonResponse({"detail": _("This URL is not a published item of this site.")}, status=404)
    response = JsonResponse(oembed_response(request, page, maxwidth, maxheight))
    patch_cache_control(response, public=True, max_age=CACHE_AGE)
    return response


@require_safe
@xframe_options_exempt
def item_embed(request, pk):
    """GET /embed/item/<id>/: the card the oEmbed iframe shows, in the item's language; framable by any site."""
    page = Page.objects.live().filter(pk=pk, last_published_at__isnull=False).specific().first()
    if not isinstance(page, ITEM_PAGES):
        keep_not_found(request, OEMBED_URLCONF)
        raise Http404
    with translation.override(page.locale.language_code):
        response = render(
            request,
            "practices/embed/item.html",
            {"page": page, "page_url": absolute_url(page.get_url(request)), "thumbnail": thumbnail(page)},
        )
    patch_cache_control(response, public=True, max_age=CACHE_AGE)
    return response


def discovery_url(request, page):
    """The oEmbed URL an item page announces in its head."""
    page_url = absolute_url(page.get_url(request))
    return absolute_url(f"{reverse('oembed:endpoint')}?{urlencode({'url': page_url, 'format': 'json'})}")
