"""Template tags of the practitioners' site: the language switcher's targets, links that change one listing filter
while keeping the others, and numbers, amounts and dates written the way the reader's language writes them."""

from babel.numbers import format_currency, format_decimal
from django import template
from django.conf import settings
from django.utils.translation import get_language, get_language_info, to_locale
from wagtail.models import Page

from home.models import UNTRANSLATED_PARAMETER, HomePage

register = template.Library()


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


def _babel_locale():
    return to_locale(get_language() or settings.LANGUAGE_CODE)


@register.filter
def money(amount, currency):
    """``125000`` and ``"EUR"`` as the reader's language writes them: "€125,000.00" in English,
    "125 000,00 €" in Czech."""
    if amount is None:
        return ""
    if not currency:
        return format_decimal(amount, locale=_babel_locale())
    return format_currency(amount, currency, locale=_babel_locale())


@register.filter
def number(value):
    """A number with the reader's grouping and decimal separator; text that is not a number is shown as it is
    (an outcome may be "about 300")."""
    try:
        return format_decimal(value, locale=_babel_locale())
    except (TypeError, ValueError, ArithmeticError):
        return value


@register.filter
def translations_only(links):
    """The language links that lead to a real translation of the current page, other than the page itself."""
    return [link for link in links if link["is_translation"] and not link["current"]]
