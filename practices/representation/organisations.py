"""An organisation (NGO, municipality, school…) as every output shows it: one function, ``organisation_shape``, and
the field sets each output promises.

The outputs differ on purpose, each by its contract, never by a copy of the code: an item of the partner feed
references an organisation briefly (``REFERENCE``, the country as its code), the feed's organisations endpoint
gives the whole record (``RECORD``, with the country's name and the logo; its DRF serializer declares these fields
for the OpenAPI schema, and tests/practices/test_representation.py holds the two equal), the content API follows
its own documented fields (``CONTENT_API``), and the exchange format (export_kb, ``EXCHANGE``) carries every
editable field with the country's code and no logo, which the format does not carry. Keys come in one order, the
order of ``FIELDS``, in every output.

schema.org's JSON-LD (``Organization`` with ``name`` and ``url``) and oEmbed's ``author_name``/``author_url`` map
the same name and website onto their own vocabularies, and search documents index the name as text.
"""

from practices.representation.countries import country_code

FIELDS = ("slug", "name", "kind", "country", "city", "address", "website", "email", "phone", "logo")
REFERENCE = ("slug", "name", "kind", "country", "website")
RECORD = FIELDS
CONTENT_API = ("slug", "name", "kind", "country", "city", "website", "logo")
EXCHANGE = ("name", "kind", "country", "city", "address", "website", "email", "phone")


def organisation_shape(organisation, fields=REFERENCE, country=country_code, logo=None):
    """The ``fields`` of ``organisation`` (a subset of FIELDS, in their order) as a dict::

    {"slug": "brno", "name": "Statutární město Brno", "kind": "municipality", "country": "CZ",
     "city": "Brno", "address": "…", "website": "https://…", "email": "…", "phone": "…", "logo": {image} | null}

    ``country`` shapes the country (``country_code``, ``country_shape`` or one in a given language), ``logo`` the
    organisation's logo (the caller knows how its images were loaded); null when there is no organisation."""
    if organisation is None:
        return None
    shape = {}
    for field in fields:
        if field == "country":
            shape["country"] = country(organisation.country)
        elif field == "logo":
            shape["logo"] = logo(organisation)
        else:
            shape[field] = getattr(organisation, field)
    return shape
