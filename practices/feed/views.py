"""The partner feed's views (/api/feed/v1/): thin, read-only DRF viewsets that parse the query, query the
database and hand the result to practices.feed.serializers.

Reading is public; an optional partner API key raises the rate limit (practices.feed.access). Every
successful response carries an ETag (a hash of its body) and a Last-Modified time, and answers conditional
requests with 304 Not Modified; Cache-Control lets shared caches keep it for a minute. A page of a list (or of
the change log) also names its neighbours in a ``Link`` header (RFC 8288: rel="next", rel="prev"), the same URLs
as the body's ``next`` and ``previous``, for clients that follow links. Lists and details are rendered once per
content generation and then served from the cache (practices.feed.cache).
"""

from django.core.cache import cache
from django.http import Http404, JsonResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.routers import APIRootView
from rest_framework.views import exception_handler

from practices.feed import cache as feed_cache
from practices.feed import filters, serializers
from practices.feed.access import FeedAnonRateThrottle, FeedPartnerRateThrottle, PartnerKeyAuthentication
from practices.feed.contract import deprecation_of
from practices.feed.related import operation_prefix
from practices.models import (
    FundingProgramme,
    GoodPracticePage,
    MaterialPage,
    Method,
    Organisation,
    TargetGroup,
    Theme,
    TrainingVideoPage,
)
from practices.parameters import MAX_ID, keep_not_found

FEED_PATH_PREFIX = "/api/feed/v1/"
CACHE_MAX_AGE = 60


def feed_endpoints_only(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: the feed's schema describes the feed alone, not other DRF views."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(FEED_PATH_PREFIX)]


FEED_URLCONF = "practices.feed.urls"


def feed_exception_handler(exc, context):
    """DRF's handler, with validation and API key errors in the feed's shape: ``{"errors": {"parameter": ["message"]}}``
    (the parameter of a 401 is the header that carried the key)."""
    response = exception_handler(exc, context)
    if response is not None and response.status_code in (400, 401) and isinstance(response.data, dict):
        response.data = {"errors": response.data}
    if response is not None and response.status_code == 404:
        keep_not_found(context["request"]._request, FEED_URLCONF)
    return response


def not_found(request, path=""):
    """Any other path under /api/feed/v1/: a JSON 404 rather than the public site's page."""
    keep_not_found(request, FEED_URLCONF)
    return JsonResponse({"detail": _("Not found.")}, status=404)


class FeedRootView(APIRootView):
    """/api/feed/v1/: the list of resources, read with the same keys and rate limits as the resources."""

    permission_classes = [AllowAny]
    authentication_classes = [PartnerKeyAuthentication]
    throttle_classes = [FeedAnonRateThrottle, FeedPartnerRateThrottle]


class FeedViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only feed resource: a cursor-paginated list, a detail by id and a detail by locale + slug.

    Override ``model``, ``serializer_class`` and ``filterset`` per resource; ``get_base_queryset`` says which
    objects are public at all.
    """

    model = None
    filterset = filters.FeedFilterSet()
    permission_classes = [AllowAny]
    # Public and read-only: no sessions (so no CSRF); an optional partner key only changes the rate limit.
    authentication_classes = [PartnerKeyAuthentication]
    throttle_classes = [FeedAnonRateThrottle, FeedPartnerRateThrottle]
    renderer_classes = [JSONRenderer]
    pagination_class = filters.FeedCursorPagination
    ordering = ("pk",)
    lookup_value_regex = r"[0-9]+"

    def get_exception_handler(self):
        return feed_exception_handler

    def get_base_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        return self.serializer_class.with_related(self.get_base_queryset())

    def filter_queryset(self, queryset):
        filterset = self.filterset if self.action == "list" else filters.DetailFilterSet()
        values = filterset.parse(self.request.query_params)
        self.ordering = filterset.ordering(values)
        return filterset.filter_queryset(queryset, values)

    @action(detail=False, url_path=r"(?P<locale>[a-z]{2})/(?P<slug>[-\w]+)", url_name="detail-by-slug")
    def retrieve_by_slug(self, request, locale, slug):
        """The item with this slug in this locale: /api/feed/v1/practices/cs/<slug>/."""
        return self.retrieve(request)

    def get_object(self):
        queryset = self.filter_queryset(self.get_queryset())
        if "slug" in self.kwargs:
            lookup = {"locale__language_code": self.kwargs["locale"], "slug": self.kwargs["slug"]}
        elif int(self.kwargs["pk"]) > MAX_ID:  # wider than the id column: SQLite cannot even compare it
            raise Http404
        else:
            lookup = {"pk": self.kwargs["pk"]}
        obj = queryset.filter(**lookup).first()
        if obj is None:
            raise Http404
        self.check_object_permissions(self.request, obj)
        return obj

    def list(self, request, *args, **kwargs):
        return self.cached(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self.cached(super().retrieve, request, *args, **kwargs)

    def cached(self, respond, request, *args, **kwargs):
        """The response of ``respond`` as rendered for the current content generation: from the cache, or
        rendered now and kept. Authentication, throttling and parameter errors have run (or run) as usual; only
        200s are kept. The profile of a feed list showed serialisation as nine tenths of its time
        (docs/performance.md)."""
        key = feed_cache.response_key(request, type(self).__name__)
        representation = cache.get(key)
        if representation is None:
            response = respond(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            representation = self.represent(response)
            cache.set(key, representation, feed_cache.RESPONSE_TIMEOUT)
        return representation.response()

    def represent(self, response):
        """Render a DRF response as finalize_response would, into a cacheable Representation."""
        if not response.is_rendered:
            response.accepted_renderer = self.request.accepted_renderer
            response.accepted_media_type = self.request.accepted_media_type
            response.renderer_context = self.get_renderer_context()
            response.render()
        last_modified = self.last_modified(response.data)
        if last_modified:
            last_modified = int(parse_datetime(last_modified).timestamp())  # HTTP dates have whole seconds
        return feed_cache.Representation.of(
            response.content, response["Content-Type"], last_modified, self.page_links(response.data)
        )

    @staticmethod
    def page_links(data):
        """The ``Link`` header value of a page: its body's ``next`` and ``previous`` as rel="next" and rel="prev"."""
        if not isinstance(data, dict):
            return ""
        relations = (("next", "next"), ("previous", "prev"))
        return ", ".join(f'<{data[key]}>; rel="{rel}"' for key, rel in relations if data.get(key))

    def last_modified(self, data):
        """The newest last_published_at of the items in ``data``, or None for resources without one."""
        items = data.get("results", [data]) if isinstance(data, dict) else []
        times = [item["last_published_at"] for item in items if item.get("last_published_at")]
        return max(times) if times else None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        deprecation = request.resolver_match and deprecation_of(url_name=request.resolver_match.url_name)
        if deprecation:
            for name, value in deprecation.headers().items():
                response[name] = value
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        # Lists and details come rendered (from self.cached); other actions, e.g. the change log's, are rendered here.
        representation = getattr(response, "feed_representation", None) or self.represent(response)
        response["ETag"] = representation.etag
        if representation.last_modified:
            response["Last-Modified"] = http_date(representation.last_modified)
        if representation.links:  # after a deprecation's link, if there is one: one header, comma-separated
            response["Link"] = ", ".join(filter(None, (response.get("Link"), representation.links)))
        patch_cache_control(response, public=True, max_age=CACHE_MAX_AGE)
        return get_conditional_response(
            request, etag=representation.etag, last_modified=representation.last_modified, response=response
        )


class KnowledgePageViewSet(FeedViewSet):
    filterset = filters.ItemFilterSet()

    def get_base_queryset(self):
        # Live pages that went through Wagtail's publishing: the cursor orders by last_published_at.
        return self.model.objects.live().filter(last_published_at__isnull=False)


def feed_schema(description):
    """OpenAPI description of one resource, with its list's query parameters taken from its filter set."""

    def describe(viewset):
        return extend_schema_view(
            list=extend_schema(description=description, parameters=viewset.filterset.openapi_parameters()),
            retrieve=extend_schema(description=description),
            retrieve_by_slug=extend_schema(
                description=description,
                operation_id=f"{operation_prefix(viewset.model)}_retrieve_by_locale_and_slug",
                responses=viewset.serializer_class,
            ),
        )(viewset)

    return describe


@feed_schema(_("Case studies of good practice."))
class GoodPracticeViewSet(KnowledgePageViewSet):
    model = GoodPracticePage
    serializer_class = serializers.GoodPracticeSerializer
    filterset = filters.PracticeFilterSet()


@feed_schema(_("Methodological materials with their documents."))
class MaterialViewSet(KnowledgePageViewSet):
    model = MaterialPage
    serializer_class = serializers.MaterialSerializer


@feed_schema(_("Training videos."))
class TrainingVideoViewSet(KnowledgePageViewSet):
    model = TrainingVideoPage
    serializer_class = serializers.TrainingVideoSerializer


@feed_schema(_("Organisations that lead, partner in or author items."))
class OrganisationViewSet(FeedViewSet):
    model = Organisation
    serializer_class = serializers.OrganisationSerializer
    filterset = filters.OrganisationFilterSet()


@feed_schema(_("Themes."))
class ThemeViewSet(FeedViewSet):
    model = Theme
    serializer_class = serializers.TermSerializer
    filterset = filters.TermFilterSet()


@feed_schema(_("Target groups."))
class TargetGroupViewSet(ThemeViewSet):
    model = TargetGroup


@feed_schema(_("Participation methods."))
class MethodViewSet(ThemeViewSet):
    model = Method


@feed_schema(_("Funding programmes."))
class FundingProgrammeViewSet(ThemeViewSet):
    model = FundingProgramme
    serializer_class = serializers.FundingProgrammeSerializer
