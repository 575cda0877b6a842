"""Who is reading the feed, and how fast they may: optional partner API keys and the two throttle rates.

Reading is public. A partner may send its key as ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``; a valid
key of an active partner identifies it (``request.auth`` is the Partner) and moves it from the anonymous rate to
the partner rate (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"] and ["partner"]). A key that is sent but not
valid is a 401 naming the header: a partner with a mistyped or revoked key must notice, not be served silently
at the anonymous rate. Each invalid key counts against the anonymous rate of its address too, so guessing keys is
no faster than reading.

The counters live in the "throttle" cache (cms/settings.py), which every worker shares; the address is the peer's
own unless a trusted proxy forwarded the request (practices.site.client_identity).
"""

import hmac
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.utils import timezone
from django.utils.connection import ConnectionProxy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from practices.models import Partner
from practices.models.partners import KEY_PREFIX_LENGTH

AUTHORIZATION = "Authorization"
API_KEY = "X-API-Key"
BEARER = "Bearer"
# last_used_at is a hint for the admin ("is this partner still syncing?"), so it is written at most once a minute
# rather than on every request of a partner paging through the feed.
LAST_USED_RESOLUTION = timedelta(minutes=1)
THROTTLE_CACHE = ConnectionProxy(caches, "throttle")


class PartnerKeyAuthentication(BaseAuthentication):
    """Identifies a partner by its API key; requests without a key stay anonymous.

    Errors are ``{"errors": {"<header>": ["message"]}}`` with status 401, like the feed's 400s.
    """

    def authenticate(self, request):
        key, header = self.sent_key(request)
        if key is None:
            return None
        partner = Partner.objects.filter(key_prefix=key[:KEY_PREFIX_LENGTH]).first()
        if partner is None or not hmac.compare_digest(partner.key_hash, Partner.hash_key(key)):
            throttle = InvalidKeyThrottle()
            if not throttle.allow_request(request, None):
                raise Throttled(throttle.wait())
            raise AuthenticationFailed({header: [_("Unknown API key.")]})
        if not partner.is_active:
            raise AuthenticationFailed({header: [_("This API key belongs to an inactive partner.")]})
        self.note_use(partner)
        return AnonymousUser(), partner

    def authenticate_header(self, request):
        # A WWW-Authenticate value makes DRF answer 401 rather than 403.
        return f'{BEARER} realm="api"'

    @staticmethod
    def sent_key(request):
        """The key and the header it came in, or (None, None) when the request carries no key."""
        authorization = request.headers.get(AUTHORIZATION)
        api_key = request.headers.get(API_KEY)
        if authorization is not None:
            scheme, _space, bearer_key = authorization.partition(" ")
            bearer_key = bearer_key.strip()
            if scheme.lower() != BEARER.lower() or not bearer_key:
                raise AuthenticationFailed({AUTHORIZATION: [_("Send the API key as “Bearer <key>”.")]})
            if api_key is not None and api_key.strip() != bearer_key:
                raise AuthenticationFailed({API_KEY: [_("Two different API keys were sent; send one.")]})
            return bearer_key, AUTHORIZATION
        if api_key is not None:
            if not api_key.strip():
                raise AuthenticationFailed({API_KEY: [_("The API key is empty.")]})
            return api_key.strip(), API_KEY
        return None, None

    @staticmethod
    def note_use(partner):
        now = timezone.now()
        if partner.last_used_at is None or now - partner.last_used_at >= LAST_USED_RESOLUTION:
            Partner.objects.filter(pk=partner.pk).update(last_used_at=now)
            partner.last_used_at = now


class SettingsRateMixin:
    """Reads the rate from the settings at each request it counts, rather than once at import or for requests it
    ignores, so that changing REST_FRAMEWORK (in tests, or with override_settings) takes effect; counts in the
    shared throttle cache."""

    cache = THROTTLE_CACHE

    def __init__(self):
        # SimpleRateThrottle.__init__ would read the rate here, even for a request this throttle does not count.
        self.rate = None

    def allow_request(self, request, view):
        if self.get_cache_key(request, view) is None:
            return True
        self.rate = api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)


class FeedAnonRateThrottle(SettingsRateMixin, AnonRateThrottle):
    """The anonymous rate, per IP address; requests of an identified partner are not counted here."""

    def get_cache_key(self, request, view):
        if isinstance(request.auth, Partner):
            return None
        return super().get_cache_key(request, view)


class InvalidKeyThrottle(SettingsRateMixin, AnonRateThrottle):
    """A request with an invalid key, counted with the anonymous requests of its address (the same cache key)."""

    def get_cache_key(self, request, view):
        # Not AnonRateThrottle's: that one reads request.user, which is being authenticated right now.
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class FeedPartnerRateThrottle(SettingsRateMixin, SimpleRateThrottle):
    """The partner rate, per partner (whatever its IP addresses); anonymous requests are not counted here."""

    scope = "partner"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, Partner):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    """OpenAPI: the key is optional and goes in either header; the schema also lists anonymous access."""

    target_class = PartnerKeyAuthentication
    name = ["partnerBearerKey", "partnerApiKey"]

    def get_security_requirement(self, auto_schema):
        return [{"partnerBearerKey": []}, {"partnerApiKey": []}]

    def get_security_definition(self, auto_schema):
        return [
            {"type": "http", "scheme": "bearer", "description": str(_("A partner's API key; optional."))},
            {"type": "apiKey", "in": "header", "name": API_KEY, "description": str(_("The same key, another header."))},
        ]
