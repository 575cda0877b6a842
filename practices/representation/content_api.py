"""Serializers of Wagtail's content API (/api/v2/, and /api/v3/ through its v2 compatibility shim): the fields that
the page models list in ``api_fields``, and the images endpoint's renditions.

Terms, organisations, countries, images and documents are built by the shape functions every output uses
(practices.representation.terms, organisations, countries, media); this module chooses the content API's variants
of them. The partner feed (practices.feed) chooses its own, with a stable, versioned contract; the content API
follows Wagtail's conventions instead (ids, ``meta``, ``?fields=``, renditions with ``full_url``) for a headless
front end of this site.

Snippets are shown in the language of the page that links them when a translation exists (PageLanguageField).
"""

from django.utils import translation
from rest_framework import serializers
from wagtail.models import Page

from practices.representation.countries import country_shape
from practices.representation.media import document_representation, image_representation
from practices.representation.organisations import CONTENT_API, organisation_shape
from practices.representation.terms import funding_programme_shape, term_shape


class ImageRenditionsField(serializers.Field):
    """An image's renditions at the fixed sizes (the images endpoint's ``renditions`` field):
    ``{"thumbnail": {"url", "full_url", "width", "height", "alt"}, "medium": {…}, "large": {…}}``"""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, image):
        return image_representation(image)["renditions"]


# Terms and funding programmes are shown as every output shows them (practices.representation.terms); the page
# models' api_fields name them so.
term_representation = term_shape
funding_programme_representation = funding_programme_shape


def organisation_representation(organisation):
    """An organisation with the content API's fields (organisations.CONTENT_API)::

    {"slug": "brno", "name": "Statutární město Brno", "kind": "municipality",
     "country": {"code": "CZ", "name": "Česko"}, "city": "Brno", "website": "https://…", "logo": {image} | null}
    """
    return organisation_shape(
        organisation, CONTENT_API, country=country_shape, logo=lambda shown: image_representation(shown.logo)
    )


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
        return country_shape(country)


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
        return document_representation(document)


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
