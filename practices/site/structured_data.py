"""What a detail page tells search engines and social networks about itself: schema.org JSON-LD (an ``Article`` for a
practice, a ``LearningResource`` — a kind of ``CreativeWork`` — for a material, a ``VideoObject`` for a video) and
Open Graph and Twitter card tags.

Everything is built from what the detail page's context already loaded (practices.site.detail), so it costs no queries
of its own. JSON-LD is written into the page by ``json_ld_script``, which escapes ``<``, ``>`` and ``&`` as
Django's ``json_script`` does: a title containing ``</script>`` cannot end the script element.

The objects are schema.org's vocabulary (an organisation is ``{"@type": "Organization", "name", "url"}``, a theme
``{"@type": "Thing", "name"}``), not the JSON shapes of practices.representation; the country's code is
theirs (countries.country_code).
"""

import json
from functools import cache

import babel
from babel.core import get_global
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from practices.choices import Licence
from practices.representation.countries import country_code

# The legal code of each licence; "all rights reserved" has none.
LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/",
    Licence.CC_BY_NC_SA: "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}

# The characters json_script escapes, for the same reason (django.utils.html._json_script_escapes).
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

SCHEMA_TYPES = {"practice": "Article", "material": "LearningResource", "video": "VideoObject"}
OPEN_GRAPH_TYPES = {"practice": "article", "material": "article", "video": "video.other"}


def licence_url(licence):
    return LICENCE_URLS.get(licence)


@cache
def open_graph_locale(language_code):
    """Open Graph's ``language_TERRITORY`` for a site language, from CLDR's likely territory: "cs" → "cs_CZ".
    Cached: parsing the CLDR locale cost more than the rest of a page's Open Graph tags."""
    likely = babel.Locale.parse(get_global("likely_subtags").get(language_code, language_code))
    return f"{likely.language}_{likely.territory}" if likely.territory else likely.language


def iso_duration(seconds):
    """Seconds as an ISO 8601 duration: 754 → "PT12M34S", 3600 → "PT1H"."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{value}{unit}" for value, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if value]
    return "PT" + ("".join(parts) or "0S")


def json_ld_script(data):
    """``<script type="application/ld+json">…</script>`` holding ``data``, safe inside HTML."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 (escaped above)


def organisation_data(organisation):
    if organisation is None:
        return None
    data = {"@type": "Organization", "name": organisation.name}
    if organisation.website:
        data["url"] = organisation.website
    return data


def place_data(page):
    """A practice's ``spatialCoverage``: the named place, its address and, when known, its coordinates."""
    names = [name for name in (page.municipality, page.region, str(page.country.name or "")) if name]
    if not names:
        return None
    address = {"@type": "PostalAddress"}
    for key, value in (
        ("addressLocality", page.municipality),
        ("addressRegion", page.region),
        ("addressCountry", country_code(page.country)),
    ):
        if value:
            address[key] = value
    place = {"@type": "Place", "name": ", ".join(names), "address": address}
    if page.latitude is not None and page.longitude is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": page.latitude, "longitude": page.longitude}
    return place


def structured_data(detail):
    """The JSON-LD object of a detail page, from its ``DetailPage`` (practices.site.detail)."""
    page = detail.page
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES[detail.kind],
        "name": page.title,
        "description": page.summary,
        "url": detail.canonical_url,
        "mainEntityOfPage": detail.canonical_url,
        "inLanguage": page.locale.language_code,
        "datePublished": page.first_published_at,
        "dateModified": page.last_published_at,
        "publisher": {"@type": "Organization", "name": _("Good Practice Hub"), "url": detail.home_url},
        "license": licence_url(page.licence),
        "about": [{"@type": "Thing", "name": theme.name} for theme in detail.themes],
        "author": organisation_data(detail.organisation),
        "image": detail.share_image_url,
    }
    if page.funding_programme_id:
        data["funder"] = {"@type": "Organization", "name": page.funding_programme.name}
    if detail.kind == "practice":
        data["headline"] = page.title[:110]  # the length search engines show in full
        data["spatialCoverage"] = place_data(page)
        data["contributor"] = [organisation_data(partner.organisation) for partner in detail.partners]
    elif detail.kind == "material":
        media = [media_object_data(document) for document in detail.documents]
        data.update(
            learningResourceType=page.get_material_kind_display(),
            datePublished=page.publication_date or page.first_published_at,
            encoding=media,
            associatedMedia=media,
        )
    else:
        data.update(video_data(detail))
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def media_object_data(document):
    return {
        "@type": "MediaObject",
        "name": document.title,
        "contentUrl": document.download_url,
        "encodingFormat": document.content_type,
        "contentSize": f"{document.size} B" if document.size is not None else None,
        "inLanguage": document.language,
    }


def video_data(detail):
    page, video = detail.page, detail.video
    data = {
        "thumbnailUrl": detail.share_image_url,
        "uploadDate": page.first_published_at,
        "duration": iso_duration(page.duration_seconds) if page.duration_seconds else None,
        "embedUrl": video.embedded.embed_url if video.embedded else None,
        "contentUrl": video.file_url or page.video_url,
        "transcript": page.transcript,
        "inLanguage": page.spoken_language or page.locale.language_code,
    }
    chapters = video.chapters
    if chapters:
        data["hasPart"] = [
            {
                "@type": "Clip",
                "name": chapter.title,
                "startOffset": chapter.start_seconds,
                **({"endOffset": chapter.end_seconds} if chapter.end_seconds is not None else {}),
                "url": chapter.url,
            }
            for chapter in chapters
        ]
    return data


def open_graph(detail, alternate_languages):
    """``[(property, content), …]``: Open Graph and Twitter card tags; ``alternate_languages`` are the codes of the
    page's other live translations (the language switcher's links)."""
    page = detail.page
    description = page.search_description or page.summary
    tags = [
        ("og:title", page.seo_title or page.title),
        ("og:description", description),
        ("og:type", OPEN_GRAPH_TYPES[detail.kind]),
        ("og:url", detail.canonical_url),
        ("og:site_name", _("Good Practice Hub")),
        ("og:locale", open_graph_locale(page.locale.language_code)),
        *(("og:locale:alternate", open_graph_locale(code)) for code in alternate_languages),
    ]
    if detail.share_image_url:
        tags += [("og:image", detail.share_image_url), ("og:image:alt", detail.share_image_alt)]
    if OPEN_GRAPH_TYPES[detail.kind] == "article":
        tags += [
            ("article:published_time", page.first_published_at and page.first_published_at.isoformat()),
            ("article:modified_time", page.last_published_at and page.last_published_at.isoformat()),
        ]
    tags += [
        ("twitter:card", "summary_large_image" if detail.share_image_url else "summary"),
        ("twitter:title", page.seo_title or page.title),
        ("twitter:description", description),
    ]
    if detail.share_image_url:
        tags += [("twitter:image", detail.share_image_url), ("twitter:image:alt", detail.share_image_alt)]
    return [(name, str(content)) for name, content in tags if content]
