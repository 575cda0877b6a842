"""Wagtail's content API for a headless front end, mounted at /api/ by cms/urls.py (docs/api.md):

- API v2 at /api/v2/ (``api_router``): the ``pages``, ``images`` and ``documents`` endpoints, Wagtail's own
  viewsets configured for this site (practices.api.views) — page fields come from each page model's ``api_fields``;
- Wagtail 8's v3 preview (django-ninja) at /api/v3/, read-only for anonymous clients.

The partner feed at /api/feed/v1/ is a separate, versioned contract (practices.feed).
"""

from django.http import JsonResponse
from django.urls import path, re_path
from django.utils.translation import gettext as _
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v3.urls import api as api_v3
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.utils.urlpatterns import decorate_urlpatterns

from practices.api.views import ContentImagesAPIViewSet, ContentPagesAPIViewSet, unknown_locale_error
from practices.parameters import keep_not_found

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", ContentPagesAPIViewSet)
api_router.register_endpoint("images", ContentImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)


def not_found_kept(view):
    """The view, with its 404s kept JSON 404s (practices.parameters.keep_not_found, with this module's urls)."""

    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 404:
            keep_not_found(request, __name__)
        return response

    return wrapped


def reject_unknown_locale(view):
    """API v3's views, with an unknown ``?locale=`` a 400 in v3's problem-details shape."""

    def wrapped(request, *args, **kwargs):
        error = unknown_locale_error(request)
        if error:
            problem = {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": error}
            return JsonResponse(problem, status=400, content_type="application/problem+json")
        return view(request, *args, **kwargs)

    return wrapped


def not_found(request):
    """Any other path under /api/v2/ or /api/v3/, in API v2's error shape."""
    return JsonResponse({"message": _("Not found.")}, status=404)


api_v3_urlpatterns, api_v3_app_name, api_v3_namespace = api_v3.urls
urlpatterns = decorate_urlpatterns(
    [
        path("v2/", api_router.urls),
        path(
            "v3/",
            (decorate_urlpatterns(api_v3_urlpatterns, reject_unknown_locale), api_v3_app_name, api_v3_namespace),
        ),
        re_path(r"^v[23]/", not_found),
    ],
    not_found_kept,
)
