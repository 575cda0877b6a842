"""The embeddable widget for partner sites without developers: the newest practices of a chosen language, theme and
country, as an HTML page for an iframe (``/embed/latest/?locale=cs&theme=youth&country=CZ``) or as a script
(``/embed/widget.js``) that reads the JSON Feed across origins and writes a list in the host page's own fonts.

Both work without cookies: the views read no session and render no CSRF token, so nothing sets one. The iframe page
may be framed by any site; every other page keeps X-Frame-Options.
"""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe
from rest_framework.exceptions import ValidationError

from practices.site_url import absolute_url
from practices.syndication.latest import LatestItems, WidgetFilterSet, widget_locale

CACHE_MAX_AGE = 300
WIDGET_LIMIT = 5  # fewer than the feeds' default: the widget sits in a sidebar
SCRIPT_CACHE_MAX_AGE = 3600


@require_safe
@xframe_options_exempt
def latest_practices_embed(request):
    """The iframe page; a bad parameter is a 400 page that names it, in the requested language when known."""
    try:
        values = WidgetFilterSet().parse(request.GET)
    except ValidationError as error:
        return render(request, "practices/embed/latest.html", {"errors": error.detail}, status=400)
    values.setdefault("limit", WIDGET_LIMIT)
    locale = widget_locale(values)
    with translation.override(locale):
        practices = LatestItems(request, locale, values, types=["practice"]).items()
        response = render(request, "practices/embed/latest.html", {"practices": practices, "locale": locale})
    patch_cache_control(response, public=True, max_age=CACHE_MAX_AGE)
    return response


@require_safe
def widget_help(request):
    """/embed/: what the widget is and the snippets to paste, with this hub's own addresses in them."""
    script_url = request.build_absolute_uri(reverse("embed:widget-js"))
    latest_url = request.build_absolute_uri(reverse("embed:latest"))
    context = {
        "script_snippet": (
            '<div data-good-practice-hub data-locale="en" data-theme="youth" data-limit="5"></div>\n'
            f'<script src="{script_url}" async></script>'
        ),
        "iframe_snippet": (
            f'<iframe src="{latest_url}?locale=en&amp;theme=youth&amp;limit=5" title="Good practices" '
            'width="320" height="480" style="border:0"></iframe>'
        ),
        "preview_url": f"{latest_url}?locale=en",
    }
    response = render(request, "practices/embed/help.html", context)
    patch_cache_control(response, public=True, max_age=SCRIPT_CACHE_MAX_AGE)
    return response


@require_safe
def widget_script(request):
    """The widget's script, at a stable address for partners' snippets; the file itself is a static file (with a
    content hash in its name in production), so this redirect is all that is not cached for long."""
    response = HttpResponseRedirect(absolute_url(static("practices/widget.js")))
    patch_cache_control(response, public=True, max_age=SCRIPT_CACHE_MAX_AGE)
    return response
