"""Taxonomy terms (themes, target groups, methods) and funding as an item shows them.

Every output that names a term in JSON builds it here: the partner feed (practices.feed.serializers) and the content
API (practices.representation.content_api). The slug is the same in every language and is what a partner keys on;
the name is the one of the translation the caller passes, so localising a term (the feed for a whole response, the
content API per page) stays with the caller, which knows what it loaded. The exchange format (export_kb) names
terms by slug alone, because an import resolves them against terms that already exist; schema.org's JSON-LD and
the search documents carry only names, in their own vocabulary.
"""


def term_shape(term):
    """``{"slug": "youth", "name": "Mládež"}``"""
    return {"slug": term.slug, "name": term.name}


def funding_programme_shape(programme):
    """``{"slug": "eea-grants", "name": "Fondy EHP", "url": "https://eeagrants.org/"}``; null without one."""
    if programme is None:
        return None
    return {"slug": programme.slug, "name": programme.name, "url": programme.url}


def funding_shape(item, programme):
    """An item's funding, ``programme`` being its programme as the caller shows it (localised, or None)::

    {"programme": {"slug": "eea-grants", "name": "…", "url": "…"} | null, "project_code": "CZ-LOCAL-0042",
     "record_url": "https://…"}
    """
    return {
        "programme": funding_programme_shape(programme),
        "project_code": item.project_code,
        "record_url": item.programme_record_url,
    }
