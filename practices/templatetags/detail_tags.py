"""Template tags of the detail pages: share metadata and JSON-LD (practices.site.structured_data), video times and
durations, and file sizes written the reader's way ("1,2 MB" in Czech, by Babel)."""

from babel.units import format_unit
from django import template
from django.conf import settings
from django.utils.translation import get_language, to_locale

from practices.site.outcome_chart import outcome_chart as outcome_chart_of
from practices.site.structured_data import iso_duration, json_ld_script, licence_url, open_graph

register = template.Library()

# Decimal (SI) steps, as CLDR's kB/MB/GB units mean them.
SIZE_UNITS = (
    (10**9, "digital-gigabyte"),
    (10**6, "digital-megabyte"),
    (10**3, "digital-kilobyte"),
    (1, "digital-byte"),
)


@register.inclusion_tag("practices/includes/share_metadata.html", takes_context=True)
def share_metadata(context, detail):
    """Open Graph and Twitter card ``<meta>`` tags and the JSON-LD script of a detail page. The other languages
    come from the language links base.html has already loaded for its head (``language_links``)."""
    alternates = [
        link["code"]
        for link in context.get("language_links") or []
        if link["is_translation"] and link["code"] != detail.page.locale.language_code
    ]
    return {"tags": open_graph(detail, alternates), "json_ld": json_ld_script(detail.json_ld)}


@register.filter
def clock(seconds):
    """Seconds as a video player writes them: 75 → "1:15", 754 → "12:34", 3725 → "1:02:05"."""
    if seconds is None or seconds == "":
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


@register.filter(name="iso_duration")
def iso_duration_filter(seconds):
    """754 → "PT12M34S", for ``<time datetime>``."""
    return iso_duration(seconds) if seconds else ""


@register.filter
def file_size(size):
    """A number of bytes in the reader's language, to one decimal: 1234567 → "1.2 MB", in Czech "1,2 MB"."""
    if size is None:
        return ""
    divisor, unit = next((step for step in SIZE_UNITS if size >= step[0]), SIZE_UNITS[-1])
    locale = to_locale(get_language() or settings.LANGUAGE_CODE)
    return format_unit(size / divisor, unit, length="short", format="#,##0.#", locale=locale)


@register.filter(name="licence_url")
def licence_url_filter(licence):
    return licence_url(licence) or ""


@register.inclusion_tag("practices/includes/outcome_chart.html")
def outcome_chart(outcomes):
    """A practice's outcomes as an inline SVG bar chart (practices.site.outcome_chart); nothing if none has a number."""
    return {"chart": outcome_chart_of(outcomes)}
