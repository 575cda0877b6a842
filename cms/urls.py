"""Root URL configuration: admin, documents, API mounts, and the language-prefixed public site."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import health
from practices.editorial.account_settings import account_settings
from practices.site import sitemaps

urlpatterns = [
    # Wagtail's account settings with the name optional (practices/editorial/account_settings.py), before the admin's
    # own.
    path("admin/account/", account_settings, name="wagtailadmin_account"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/feed/v1/", include("practices.feed.urls")),
    path("embed/", include("practices.syndication.widget_urls")),  # the embeddable widget for partner sites
    # oEmbed: /api/oembed/ and the cards it frames, /embed/item/<id>/
    path("", include("practices.syndication.oembed_urls")),
    path("api/", include("cms.api")),  # Wagtail's content API: /api/v2/, /api/v3/
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),  # every locale's pages, with hreflang alternates
    path("sitemap-<section>.xml", sitemaps.sitemap_section, name="sitemap-section"),  # pages of the sitemap index
    path("robots.txt", sitemaps.robots_txt, name="robots-txt"),
    path("healthz", health.healthz, name="healthz"),  # for load balancers: database, cache, task queue, search
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("feeds/", include("practices.syndication.feed_urls")),  # /<locale>/feeds/latest.atom, .rss, .json
    path("feeds/", include("search.feed_urls")),  # /<locale>/feeds/search.atom, .json
    path("search/", include("search.public_urls")),  # /<locale>/search/, before Wagtail's pages
    path("", include("practices.site.detail_urls")),  # <item URL>reuse-kit.zip, citation.bib, citation.ris
    path("", include(wagtail_urls)),
)
