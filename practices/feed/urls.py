"""URLs of the partner feed, mounted at /api/feed/v1/ by cms/urls.py: every resource's list, detail by id and detail
by locale + slug (``feed:<basename>-list``, ``-detail``, ``-detail-by-slug``), the OpenAPI schema, its Swagger
UI and its Redoc page; any other path under the feed is a JSON 404."""

from csp.constants import SELF
from csp.decorators import csp_replace
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from practices.api.preview import PreviewView
from practices.feed import views as feed_views
from practices.feed.change_log import ChangeLogViewSet
from practices.feed.export_views import export_urls
from practices.feed.related import BASENAMES

app_name = "feed"

RESOURCES = {
    "practices": feed_views.GoodPracticeViewSet,
    "materials": feed_views.MaterialViewSet,
    "videos": feed_views.TrainingVideoViewSet,
    "organisations": feed_views.OrganisationViewSet,
    "themes": feed_views.ThemeViewSet,
    "target-groups": feed_views.TargetGroupViewSet,
    "methods": feed_views.MethodViewSet,
    "funding-programmes": feed_views.FundingProgrammeViewSet,
}

router = DefaultRouter()
router.APIRootView = feed_views.FeedRootView
for prefix, viewset in RESOURCES.items():
    router.register(prefix, viewset, basename=BASENAMES[viewset.model])

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI's start-up script as a file of its own (the split view), which the site's policy of no inline
    # script lets run; Redoc styles itself with <style> elements it writes and parses in a blob: worker, so its
    # page alone allows both.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="feed:schema"), name="docs"),
    path(
        "docs/redoc/",
        csp_replace({"style-src": [SELF, "'unsafe-inline'"], "worker-src": [SELF, "blob:"]})(
            SpectacularRedocView.as_view(url_name="feed:schema")
        ),
        name="docs-redoc",
    ),
    path("changes/", ChangeLogViewSet.as_view({"get": "changes_page"}), name="changes"),
    path("changes/head/", ChangeLogViewSet.as_view({"get": "head_cursor"}), name="changes-head"),
    path("preview/", PreviewView.as_view(), name="preview"),
    path("search/", include("search.urls")),
    *export_urls(RESOURCES),
    *router.urls,
    # Any character, newlines too: a path with an encoded newline must not fall through to the site's HTML 404.
    re_path(r"^(?P<path>[\s\S]*)$", feed_views.not_found, name="not-found"),
]
