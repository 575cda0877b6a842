"""The practitioners' pages' full-page cache (issue 19): an anonymous GET of any page Wagtail serves — the home page,
the listings, a practice, material or video, the map and its GeoJSON — is rendered once per content generation and
then answered from Django's cache (``CACHES["default"]``), as the partner feed's responses are
(practices.feed.cache).

Never stale, by the same construction as the feed: the key holds the content generation read before the view runs,
and every publish, unpublish, move, translation or snippet change commits a new one, so the next request misses;
so does ``migrate``, which every deployment runs, so new templates are never hidden behind pages of the old ones.
Besides the generation the key holds only what changes the page: the absolute URL (host, path with its language
prefix, and query string) and the active language.

Only what is the same for every reader is kept. A request bypasses the cache when it carries a session (editors,
previews, a page unlocked by its password) or flashed messages. A response is kept only when it is a plain 200 that
set no cookie and asked for no per-reader variation: rendering it must not have used a CSRF token (which belongs to
one reader's cookie) nor the Content-Security-Policy nonce (which is valid for one response only; a page that needs
a nonce, such as the embeddable cards, is rendered for each request, and its cached copy would carry another
response's nonce). The CSP and security headers themselves are added to each answer by the middleware above this
one, after a hit as after a miss.

Its place is last in ``MIDDLEWARE``: the response it keeps is the view's own, before any other middleware's
``process_response``, and a hit still goes through all of them.
"""

import hashlib

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from wagtail.views import serve

from practices.feed.cache import RESPONSE_TIMEOUT, content_generation

# Headers a cached answer must not repeat: they belong to the request that rendered it.
PER_RESPONSE_HEADERS = {"set-cookie", "date"}
# Cache-Control directives that say a response is one reader's, or not to be kept.
PRIVATE_DIRECTIVES = ("private", "no-store", "no-cache")


def page_key(request, generation):
    """The cache key of a page: the content generation, the absolute URL and the active language."""
    parts = (generation, request.build_absolute_uri(), translation.get_language() or "")
    return "page:response:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def is_shared_request(request):
    """Whether the page this request asks for is the same for every anonymous reader."""
    if request.method != "GET":
        return False
    # A session is an editor's (with the userbar and previews), or a reader's who unlocked a protected page.
    if settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES:
        return False
    # Conditional requests are answered by the view itself (the map's GeoJSON answers 304 from its ETag).
    return not ("HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META)


def is_shared_response(request, response):
    """Whether a response may be given to every reader who asks for the same URL."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(request, "_csp_nonce", None) is not None:
        return False
    # The session and messages middleware, above this one, would then set a cookie on the way out. (A session read
    # without a cookie, as for ``request.user``, is the same empty session for every reader.)
    session = getattr(request, "session", None)
    if (session is not None and session.modified) or getattr(getattr(request, "_messages", None), "added_new", False):
        return False
    vary = response.get("Vary", "").lower()
    cache_control = response.get("Cache-Control", "").lower()
    return "cookie" not in vary and not any(directive in cache_control for directive in PRIVATE_DIRECTIVES)


class PageCacheMiddleware:
    """Answers repeated anonymous GETs of Wagtail's pages from the cache, keyed on the content generation."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "page_cache_key", None)
        if key and is_shared_response(request, response):
            headers = [(name, value) for name, value in response.items() if name.lower() not in PER_RESPONSE_HEADERS]
            cache.set(key, (response.content, headers), RESPONSE_TIMEOUT)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not serve or not is_shared_request(request):
            return None
        key = page_key(request, content_generation())
        cached = cache.get(key)
        if cached is None:
            request.page_cache_key = key  # kept under the generation read before the view ran
            return None
        content, headers = cached
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        return response
