"""``/sitemap.xml`` and ``/robots.txt``: what search engines may crawl, in every language of the site.

The sitemap lists every live, public page of the site in all five locales (the English home page is the site's root;
the other home pages are its translations, so the sitemap walks each of their trees), each with its ``<lastmod>`` and
an ``xhtml:link rel="alternate" hreflang`` for every live, public translation (itself included, as search engines
ask). It builds on Wagtail's sitemap class, whose own listing covers only the site root's tree and has no
alternates. A page of the sitemap costs a fixed number of queries, whatever the number of pages: the site, its
root's translations, the view restrictions, the count, the pages and their translations (one query with a subquery).

Past the sitemap protocol's 50,000 URLs per file, ``/sitemap.xml`` becomes a sitemap index of
``/sitemap-pages.xml?p=1…n``.
"""

from collections import defaultdict
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.models import Page

from practices.site_url import absolute_url

SECTION = "pages"


class KnowledgeBaseSitemap(WagtailSitemap):
    """Every live, public page under the site's root page or under one of its translations, with the URLs of its
    translations as ``alternates``; ordered by tree path, so a page's section comes before its items."""

    @cached_property
    def pages(self):
        """Built once per request: finding the roots and the view restrictions costs a query each."""
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_a_tree = Q()
        for root_path in roots.values_list("path", flat=True):
            in_a_tree |= Q(path__startswith=root_path)
        return Page.objects.live().public().filter(in_a_tree).select_related("locale").order_by("path")

    def items(self):
        return self.pages

    def _urls(self, page, protocol, domain):
        """The ``url_info`` dicts of Django's sitemap template for one page of the sitemap. Django's own i18n
        support gives every language the same object; here each language is a page of its own, so the alternates
        come from the pages that share a ``translation_key``."""
        page_of_items = self.paginator.page(page).object_list
        pages = list(page_of_items)
        keys = page_of_items.values("translation_key")
        group_of = defaultdict(list)
        full_url = {}
        for translation in self.pages.filter(translation_key__in=keys).order_by("locale__language_code"):
            group_of[translation.translation_key].append(translation)
            full_url[translation.pk] = translation.get_full_url(self.request)

        urls = []
        for item in pages:
            lastmod = item.last_published_at or item.latest_revision_created_at
            group = group_of[item.translation_key]
            urls.append(
                {
                    "item": item,
                    "location": full_url.get(item.pk) or item.get_full_url(self.request),
                    "lastmod": lastmod,
                    "changefreq": None,
                    "priority": "",
                    "alternates": [
                        {"location": full_url[translation.pk], "lang_code": translation.locale.language_code}
                        for translation in group
                    ]
                    if len(group) > 1
                    else [],
                }
            )
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls


def _sitemaps(request):
    return {SECTION: KnowledgeBaseSitemap(request)}


def sitemap(request):
    """The sitemap, or the index of its pages once there are more URLs than one sitemap file may hold."""
    sitemaps = _sitemaps(request)
    if sitemaps[SECTION].paginator.num_pages > 1:
        index = sitemap_views.index(request, sitemaps, sitemap_url_name="sitemap-section")
        # Django's index names the request's host; the sections are listed under SITE_BASE_URL like every page.
        for section in index.context_data["sitemaps"]:
            location = urlsplit(section.location)
            section.location = absolute_url(urlunsplit(("", "", location.path, location.query, "")))
        return index
    return sitemap_views.sitemap(request, sitemaps)


def sitemap_section(request, section):
    """One page (``?p=``) of a section of the sitemap index; an unknown section or page is a 404."""
    return sitemap_views.sitemap(request, _sitemaps(request), section=section)


def robots_txt(request):
    """Crawl everything public except the admin and the search result pages (``/<locale>/search/``, endless
    combinations of queries), and find the pages through the sitemap."""
    lines = ["User-agent: *", "Disallow: /admin/"]
    lines += [f"Disallow: /{code}/search/" for code, _name in settings.LANGUAGES]
    lines += ["", f"Sitemap: {absolute_url(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
