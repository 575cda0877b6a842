"""Serializers of Wagtail's content API (/api/v2/, and /api/v3/ through its v2 compatibility shim): the fields that
the page models list in ``api_fields``, and the image and document shapes that the blocks' API representations
share.

The partner feed (practices.feed) has its own serializers with a stable, versioned contract; these follow
Wagtail's conventions instead (ids, ``meta``, ``?fields=``) for a headless front end of this site.

Snippets are shown in the language of the page that links them when a translation exists (PageLanguageField).
"""

import re

from django.utils import translation
from rest_framework import serializers
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page

from practices.representation.shapes import RENDITIONS, sanitise
from practices.site_url import absolute_url

# Absolute href/src values start with a scheme; site-relative ones ("/…", not "//host/…") are made absolute.
RELATIVE_LINK = re.compile(r'(href|src)="(/(?!/)[^"]*)"')


def public_rich_text(html, context):
    """Expanded rich text as a front end may insert it: sanitised like the partner feed's HTML (no scripts or
    styles, whatever was stored), with its site-relative links (expanded page and document links) made absolute,
    so that a front end on another origin can follow them."""
    return RELATIVE_LINK.sub(lambda match: f'{match[1]}="{absolute_url(match[2])}"', sanitise(html))


def rendition_fields():
    """One ImageRenditionField per fixed size, the sizes the partner feed offers too."""
    return {size: ImageRenditionField(spec) for size, spec in RENDITIONS.items()}


def image_representation(image, alt=""):
    """An image with its renditions at the fixed sizes::

    {"id": 3, "title": "Youth forum", "alt": "Youth forum", "width": 1200, "height": 800,
     "renditions": {"thumbnail": {"url": "/media/images/forum.fill-320x240.png", "full_url": "https://…",
                                  "width": 320, "height": 240, "alt": "Youth forum"},
                    "medium": {…}, "large": {…}}}
    """
    if image is None:
        return None
    fields = rendition_fields()
    # Fetch (or create) every size in one go; the fields below then find them among the image's prefetched
    # renditions instead of querying size by size.
    image.get_renditions(*(field.filter_spec for field in fields.values()))
    return {
        "id": image.pk,
        "title": image.title,
        "alt": alt or image.default_alt_text or image.title,
        "width": image.width,
        "height": image.height,
        "renditions": {size: field.to_representation(image) for size, field in fields.items()},
    }


def document_representation(document, context):
    """A document as a download link::

    {"id": 7, "title": "Future City Game guide", "file_type": "pdf", "size": 14,
     "download_url": "https://…/documents/7/guide.pdf"}
    """
    if document is None:
        return None
    return {
        "id": document.pk,
        "title": document.title,
        "file_type": document.file_extension,
        "size": document.get_file_size(),  # read from storage once, then kept on the document
        "download_url": absolute_url(document.url) or None,
    }


class ImageRenditionsField(serializers.Field):
    """An image's renditions at the fixed sizes (the images endpoint's ``renditions`` field):
    ``{"thumbnail": {"url", "full_url", "width", "height", "alt"}, "medium": {…}, "large": {…}}``"""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, image):
        return image_representation(image)["renditions"]


def country_representation(country):
    """``{"code": "CZ", "name": "Česko"}``, the name in the active language; null when not given."""
    return {"code": country.code, "name": str(country.name)} if country else None


def term_representation(term):
    """A taxonomy term (theme, target group, method): ``{"slug": "youth", "name": "Mládež"}``; the slug is the
    same in every language."""
    return {"slug": term.slug, "name": term.name}


def funding_programme_representation(programme):
    """``{"slug": "eea-grants", "name": "Fondy EHP", "url": "https://eeagrants.org/"}``"""
    return {"slug": programme.slug, "name": programme.name, "url": programme.url}


def organisation_representation(organisation):
    """An organisation::

    {"slug": "brno", "name": "Statutární město Brno", "kind": "municipality",
     "country": {"code": "CZ", "name": "Česko"}, "city": "Brno", "website": "https://…", "logo": {image} | null}
    """
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "kind": organisation.kind,
        "country": country_representation(organisation.country),
        "city": organisation.city,
        "website": organisation.website,
        "logo": image_representation(organisation.logo),
    }


class PageLanguageField(serializers.Field):
    """A field computed from the whole page, in the page's language: snippets are replaced by their translation
    in the page's locale when one exists, and names (countries) are given in that language.

    It reads the page itself rather than the serializer context, so that it gives the same JSON through API v3,
    whose compatibility shim serialises each field without a context. The model field it shows is the one it is
    named after in ``api_fields``."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        with translation.override(page.locale.language_code):
            return self.represent(page, getattr(page, self.field_name))

    def represent(self, page, value):
        raise NotImplementedError

    def localise(self, snippet, page):
        """The snippet's translation in the page's locale, looked up once per response (API v2)."""
        if snippet is None or snippet.locale_id == page.locale_id:
            return snippet
        found = self.context.setdefault("localised_snippets", {})
        key = (type(snippet), snippet.translation_key, page.locale_id)
        if key not in found:
            found[key] = snippet.get_translation_or_none(page.locale_id) or snippet
        return found[key]


class LocalisedCountryField(PageLanguageField):
    """The page's country, ``{"code": "CZ", "name": "Česko"}`` or null."""

    def represent(self, page, country):
        return country_representation(country)


class SnippetField(PageLanguageField):
    """A snippet (or with ``many=True`` the snippets of a many-to-many relation) shown by ``representation``,
    e.g. ``term_representation``; null (or ``[]``) when there is none."""

    def __init__(self, representation, many=False, **kwargs):
        self.representation = representation
        self.many = many
        super().__init__(**kwargs)

    def represent(self, page, value):
        if self.many:
            return [self.representation(self.localise(snippet, page)) for snippet in value.all()]
        return self.representation(self.localise(value, page)) if value is not None else None


class PartnersField(PageLanguageField):
    """A practice's partners in the project's order: the organisation (see ``organisation_representation``) and
    its ``"role": "trainer"``."""

    def represent(self, page, partners):
        return [
            {**organisation_representation(self.localise(partner.organisation, page)), "role": partner.role}
            for partner in partners.all()
        ]


class DocumentField(serializers.Field):
    """A document field (a video's uploaded file) as a download link; see ``document_representation``."""

    def to_representation(self, document):
        return document_representation(document, self.context)


class PageReferencesField(serializers.Field):
    """Links to other published pages (related materials and videos): ``[{"id", "title", "url"}]``, the URL
    absolute and public. Drafts are left out."""

    def to_representation(self, pages):
        return [
            {"id": page.pk, "title": page.title, "url": page.get_full_url(self.context.get("request"))}
            for page in pages.all()
            if page.live
        ]


class TranslationsField(serializers.Field):
    """The page's other published language versions: ``[{"locale": "cs", "id": 42, "url": "https://…/cs/…/"}]``,
    ordered by locale. API v2's pages endpoint loads them for a whole list in one query
    (``prefetched_translations``); through API v3 the field asks the database itself."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        translations = getattr(page, "prefetched_translations", None)
        if translations is None:
            translations = Page.objects.live().filter(translation_key=page.translation_key).select_related("locale")
        request = self.context.get("request")
        return sorted(
            (
                {"locale": other.locale.language_code, "id": other.pk, "url": other.get_full_url(request)}
                for other in translations
                if other.pk != page.pk
            ),
            key=lambda item: item["locale"],
        )
