"""Template tags of the practitioners' site: the header's navigation, the footer's pages and the breadcrumbs, the
language switcher's targets, links that change one listing filter while keeping the others, and numbers, amounts
and dates written the way the reader's language writes them (practices.site.numbers)."""

import dataclasses

from django import template
from django.conf import settings
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from wagtail.models import Page

from home.models import UNTRANSLATED_PARAMETER, HomePage, InformationPage
from practices.models import MaterialIndexPage, PracticeIndexPage, VideoIndexPage
from practices.site.numbers import money, number
from practices.site.structured_data import json_ld_script
from practices.site_url import absolute_url

register = template.Library()


@dataclasses.dataclass(frozen=True)
class NavigationLink:
    """One link of the header or footer; ``key`` says which ("practices", "map", "about", …) for the current mark."""

    key: str
    title: str
    url: str


@dataclasses.dataclass(frozen=True)
class SiteShell:
    """What the header and footer of every page show in the reader's language: the brand (the home page's title, so
    header and home page never disagree), the header's sections and the footer's information pages."""

    brand: str
    home_url: str
    navigation: list
    footer: list


@register.simple_tag(takes_context=True)
def site_shell(context):
    """The :class:`SiteShell` of the current language; three queries, once per request."""
    request = context.get("request")
    language = get_language() or settings.LANGUAGE_CODE
    remembered = getattr(request, "_site_shell", None)
    if remembered is not None and remembered[0] == language:
        return remembered[1]
    shell = _site_shell(request, language)
    if request is not None:
        request._site_shell = (language, shell)
    return shell


def _site_shell(request, language):
    # One query: the language's home page (depth 2) and the pages right under it, as base pages; their specific
    # classes come from the content types Django keeps in memory, so no page is loaded twice. Asked by page type,
    # which the content type's index finds at once: by depth alone PostgreSQL read every page of the language
    # (41 ms for each page rendered at 100,000 items, against 0.2 ms).
    shell_types = (HomePage, PracticeIndexPage, MaterialIndexPage, VideoIndexPage, InformationPage)
    pages = list(
        Page.objects.live().type(*shell_types).filter(locale__language_code=language, depth__in=(2, 3)).order_by("path")
    )
    home = next((page for page in pages if page.specific_class is HomePage), None)
    if home is None:
        return SiteShell(brand=_("Good Practice Hub"), home_url=f"/{language}/", navigation=[], footer=[])
    children = [page for page in pages if page.depth == 3 and page.path.startswith(home.path)]
    navigation = []
    for key, model in (("practices", PracticeIndexPage), ("materials", MaterialIndexPage), ("videos", VideoIndexPage)):
        section = next((page for page in children if page.specific_class is model), None)
        if section is not None:
            navigation.append(NavigationLink(key, section.title, section.get_url(request)))
            if model is PracticeIndexPage:
                map_url = section.get_url(request) + PracticeIndexPage.get_resolver().reverse("map")
    if any(link.key == "practices" for link in navigation):
        navigation.append(NavigationLink("map", _("Map"), map_url))
    information = [page for page in children if page.specific_class is InformationPage]
    if information:
        navigation.append(NavigationLink("about", information[0].title, information[0].get_url(request)))
    footer = [NavigationLink(page.slug, page.title, page.get_url(request)) for page in information]
    return SiteShell(brand=home.title, home_url=home.get_url(request), navigation=navigation, footer=footer)


@register.inclusion_tag("home/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, current=""):
    """The trail from the language's home page to the page shown, as links and as schema.org ``BreadcrumbList``
    JSON-LD. ``current`` names a view below the page (the map of a listing, the search) that is the trail's last
    step; the home page itself has no trail. Crumbs: ``[{"title", "url"}, …]``, the last one is the current page."""
    request = context.get("request")
    page = context.get("page")
    crumbs = []
    if page is not None and getattr(page, "depth", 0) >= 2:
        for ancestor in page.get_ancestors().filter(depth__gte=2):
            crumbs.append({"title": ancestor.title, "url": ancestor.get_url(request)})
        # The page itself as shown (a preview shows its draft's title).
        crumbs.append({"title": page.title, "url": page.get_url(request)})
    elif current:
        shell = site_shell(context)
        crumbs.append({"title": shell.brand, "url": shell.home_url})
    if current:
        crumbs.append({"title": current, "url": request.get_full_path() if request else ""})
    if len(crumbs) < 2:
        return {"crumbs": []}
    data = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": crumb["title"], "item": absolute_url(crumb["url"])}
            for position, crumb in enumerate(crumbs, start=1)
        ],
    }
    return {"crumbs": crumbs, "json_ld": json_ld_script(data)}


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per site language: the translation of the current page when a live one exists, otherwise that
    language's home page (marked ``is_translation=False``, with a notice parameter). Two queries whatever the page,
    once per request: the page's head and its "other languages" box both ask.

    Returns ``[{"code": "cs", "name": "čeština", "url": "/cs/…", "full_url": "https://…/cs/…",
    "is_translation": True, "current": False}, …]``.
    """
    request = context.get("request")
    page = context.get("page")
    key = (getattr(page, "pk", None), get_language())
    remembered = getattr(request, "_language_links", None)
    if remembered is not None and remembered[0] == key:
        return remembered[1]
    links = _language_links(request, page, key[1])
    if request is not None:
        request._language_links = (key, links)
    return links


def _language_links(request, page, current):
    translations = {}
    if page is not None and getattr(page, "pk", None):
        # Base pages: a link needs the URL path and locale, not each translation's stream fields.
        pages = Page.objects.filter(translation_key=page.translation_key).live().select_related("locale")
        for translation in pages:
            translations[translation.locale.language_code] = translation
    missing = [code for code, _name in settings.LANGUAGES if code not in translations]
    homes = {}
    if missing:
        for home in HomePage.objects.live().filter(locale__language_code__in=missing).select_related("locale"):
            homes[home.locale.language_code] = home
    links = []
    for code, _name in settings.LANGUAGES:
        if code in translations:
            target, is_translation = translations[code], True
            url = target.get_url(request)
        elif code in homes:
            target, is_translation = homes[code], False
            url = f"{target.get_url(request)}?{UNTRANSLATED_PARAMETER}=1"
        else:
            continue
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url,
                "full_url": target.get_full_url(request),
                "is_translation": is_translation,
                "current": code == current,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def page_query(context, number):
    """The current query string with another page number, keeping filters and sort."""
    query = context["request"].GET.copy()
    query["page"] = str(number)
    return f"?{query.urlencode()}"


register.filter("money", money)
register.filter("number", number)


@register.filter
def translations_only(links):
    """The language links that lead to a real translation of the current page, other than the page itself."""
    return [link for link in links if link["is_translation"] and not link["current"]]
