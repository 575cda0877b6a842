"""A country (django-countries' ``Country``) as every output shows it.

The partner feed and the content API show ``{"code", "name"}``, the name in the item's language; an organisation
referenced from an item, the exchange format (export_kb) and JSON-LD's ``addressCountry`` carry the ISO 3166-1
code alone, which names the country in every language and is what an import reads back.
"""

from django.utils import translation


def country_code(country):
    """The ISO 3166-1 alpha-2 code, or ``""`` when no country is given."""
    return country.code or ""


def country_shape(country, language=None):
    """``{"code": "CZ", "name": "Česko"}``, the name in ``language`` (else the active language); null when no
    country is given."""
    if not country:
        return None
    if language is None:
        return {"code": country.code, "name": str(country.name)}
    with translation.override(language):
        return {"code": country.code, "name": str(country.name)}
