"""DRF serializers of the partner feed: the feed's contract (its OpenAPI schema is generated from them).

Every item carries its identity (``translation_key`` + ``locale``; numeric ids and slugs are conveniences), links to
its other language versions and its public page, and every structured field. StreamField content is read from its
stored JSON and turned into JSON, sanitised HTML and plain text by a registry of block serialisers, so nothing of
Wagtail's internals leaks into the feed. Taxonomy terms and organisations are shown in the item's language when a
translation of them exists.

The parts of an item (terms, funding, organisations, countries, images, documents, numbers) are built by the shape
functions every output shares (practices.representation); the serializers declare the feed's variant of each, and
the fields of the nested shapes below only describe them for the schema.

Everything a response links to (translations, localised snippets, images with renditions, documents) is loaded by
``RelatedContent`` in a fixed number of queries for the whole page of results, so the number of queries does not
grow with the page size.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from practices.choices import TranslationOrigin
from practices.feed.blocks import BLOCK_SERIALIZERS, serialize_body
from practices.feed.provenance import TranslationProvenance
from practices.feed.related import RelatedContent, api_url, prefetch, prefetched
from practices.models import (
    MaterialPage,
    PracticePartner,
    TrainingVideoPage,
)
from practices.representation.countries import country_shape
from practices.representation.media import document_shape
from practices.representation.numbers import budget_shape, decimal_string, location_shape, outcome_shape
from practices.representation.organisations import REFERENCE, organisation_shape
from practices.representation.terms import funding_shape, term_shape
from practices.site_url import absolute_url


# --- Nested shapes ---------------------------------------------------------------------------------------------
class TermReferenceSerializer(serializers.Serializer):
    """A taxonomy term as an item shows it: ``{"slug": "youth", "name": "Mládež"}``."""

    slug = serializers.CharField()
    name = serializers.CharField()


class OrganisationReferenceSerializer(serializers.Serializer):
    """An organisation as an item shows it (the schema of organisations.REFERENCE)::

    {"slug": "nadace-partnerstvi", "name": "Nadace Partnerství", "kind": "ngo", "country": "CZ",
     "website": "https://www.nadacepartnerstvi.cz/"}
    """

    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    country = serializers.CharField(source="country.code", help_text=_("ISO 3166-1 alpha-2 code, or empty."))
    website = serializers.CharField(help_text=_("A URL, or empty."))


class PartnerSerializer(OrganisationReferenceSerializer):
    """A partner of a practice: the organisation and its role, in the order the project lists them."""

    role = serializers.CharField()


class RenditionSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class ImageSerializer(serializers.Serializer):
    """An image as a rendition set (see RelatedContent.image)."""

    title = serializers.CharField()
    alt = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    renditions = serializers.DictField(child=RenditionSerializer())


class DocumentSerializer(serializers.Serializer):
    """A document as a download link (see RelatedContent.document)."""

    title = serializers.CharField()
    file_type = serializers.CharField()
    size = serializers.IntegerField(allow_null=True)
    download_url = serializers.URLField()


class MaterialDocumentSerializer(DocumentSerializer):
    """A document of a material, with the language it is written in."""

    language = serializers.CharField()


class ItemReferenceSerializer(serializers.Serializer):
    """A link to another item of the feed: ``{"id": 7, "translation_key": "…", "api_url": "https://…"}``."""

    id = serializers.IntegerField()
    translation_key = serializers.UUIDField()
    api_url = serializers.URLField()


class BlockDataSerializer(serializers.Serializer):
    type = serializers.CharField()
    value = serializers.JSONField()


class BodySerializer(serializers.Serializer):
    """A body (see serialize_body)."""

    blocks = BlockDataSerializer(many=True)
    html = serializers.CharField()
    text = serializers.CharField()


COUNTRY_SCHEMA = inline_serializer(
    "Country", {"code": serializers.CharField(), "name": serializers.CharField()}, allow_null=True
)
FUNDING_SCHEMA = inline_serializer(
    "Funding",
    {
        "programme": inline_serializer(
            "FundingProgrammeReference",
            {"slug": serializers.CharField(), "name": serializers.CharField(), "url": serializers.CharField()},
            allow_null=True,
        ),
        "project_code": serializers.CharField(),
        "record_url": serializers.CharField(help_text=_("A URL, or empty.")),
    },
)


# --- Resources -------------------------------------------------------------------------------------------------
class RelatedContentListSerializer(serializers.ListSerializer):
    """Loads what the whole page of results links to before serialising its items."""

    def to_representation(self, data):
        data = list(data)
        self.context["related"] = RelatedContent(data, self.context["request"])
        return super().to_representation(data)


class FeedSerializer(serializers.Serializer):
    """Identity and links shared by every resource of the feed::

    {"id": 42, "translation_key": "7f0c…", "locale": "cs",
     "translations": {"en": "https://…/api/feed/v1/practices/41/"}, "api_url": "https://…/api/feed/v1/practices/42/"}
    """

    id = serializers.IntegerField()
    translation_key = serializers.UUIDField()
    locale = serializers.CharField(source="locale.language_code")
    translations = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    class Meta:
        list_serializer_class = RelatedContentListSerializer

    @property
    def related(self):
        if "related" not in self.context:
            self.context["related"] = RelatedContent([self.instance], self.context["request"])
        return self.context["related"]

    @extend_schema_field(serializers.DictField(child=serializers.URLField()))
    def get_translations(self, obj):
        return self.related.translation_urls(obj)

    def get_api_url(self, obj) -> str:
        return api_url(obj)

    def country(self, obj, locale_code):
        return country_shape(obj.country, locale_code)

    @staticmethod
    def with_related(queryset):
        """The queryset with what this serializer reads joined or prefetched; override to add relations."""
        return queryset.select_related("locale")


class TermSerializer(FeedSerializer):
    """A taxonomy term (theme, target group, method)::

    {…identity…, "slug": "youth", "name": "Mládež", "description": "…"}
    """

    slug = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()


class FundingProgrammeSerializer(TermSerializer):
    """A funding programme: a term with the programme's public web page, ``"url": "https://eeagrants.org/"``."""

    url = serializers.CharField(help_text=_("A URL, or empty."))


class OrganisationSerializer(FeedSerializer):
    """An organisation::

    {…identity…, "slug": "kyustendil", "name": "Община Кюстендил", "kind": "municipality",
     "country": {"code": "BG", "name": "България"}, "city": "Кюстендил", "address": "…",
     "website": "https://…", "email": "…", "phone": "…", "logo": {rendition set} | null}
    """

    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    country = serializers.SerializerMethodField()
    city = serializers.CharField()
    address = serializers.CharField()
    website = serializers.CharField(help_text=_("A URL, or empty."))
    email = serializers.CharField(help_text=_("An e-mail address, or empty."))
    phone = serializers.CharField()
    logo = serializers.SerializerMethodField()

    @extend_schema_field(COUNTRY_SCHEMA)
    def get_country(self, obj):
        return self.country(obj, obj.locale.language_code)

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_logo(self, obj):
        return self.related.image(obj.logo_id) if obj.logo_id else None


def prefetch_references(name, model):
    """Prefetch the pages an item links to in its field ``name`` (of type ``model``) for
    KnowledgePageSerializer.item_references: the published ones only, with just what a reference shows."""
    return prefetch(name, model.objects.filter(live=True, last_published_at__isnull=False).only("translation_key"))


class KnowledgePageListSerializer(RelatedContentListSerializer):
    """Also loads the translation provenance of the whole page of items (practices.feed.provenance)."""

    def to_representation(self, data):
        data = list(data)
        self.context["provenance"] = TranslationProvenance(data)
        return super().to_representation(data)


class KnowledgePageSerializer(FeedSerializer):
    """What every item (practice, material, video) carries::

    {…identity…, "type": "practice", "slug": "future-city-game-brno", "title": "…", "summary": "…",
     "url": "https://…/cs/praxe/future-city-game-brno/",
     "first_published_at": "2025-03-01T09:00:00Z", "last_published_at": "2025-06-01T12:00:00Z",
     "themes": [{"slug": "youth", "name": "Mládež"}], "target_groups": […],
     "licence": "cc-by-4.0", "last_verified": {"date": "2025-05-01", "by": "Jana"} | null,
     "quality_mark": "verified", "completeness": "complete",
     "funding": {"programme": {"slug": "eea-grants", "name": "…", "url": "…"} | null, "project_code": "…",
                 "record_url": "…"},
     "body": {"blocks": […], "html": "…", "text": "…"},
     "translation": {"source_locale": "en", "origin": "machine-reviewed", "synced_at": "2025-06-02T08:00:00Z" | null,
                     "source_changed_since_sync": false | null}}
    """

    item_type = ""
    type = serializers.SerializerMethodField()
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    url = serializers.SerializerMethodField()
    # Null only in a preview (/preview/) of an item that was never published.
    first_published_at = serializers.DateTimeField(allow_null=True)
    last_published_at = serializers.DateTimeField(allow_null=True)
    themes = serializers.SerializerMethodField()
    target_groups = serializers.SerializerMethodField()
    licence = serializers.CharField()
    last_verified = serializers.SerializerMethodField()
    quality_mark = serializers.CharField()
    completeness = serializers.CharField()
    funding = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    translation = serializers.SerializerMethodField()

    class Meta:
        list_serializer_class = KnowledgePageListSerializer

    def get_type(self, obj) -> str:
        return self.item_type

    def get_url(self, obj) -> str:
        return absolute_url(obj.get_url(self.context["request"]))

    def terms(self, obj, terms):
        return [term_shape(self.related.localise(term, obj.locale_id)) for term in terms]

    @extend_schema_field(TermReferenceSerializer(many=True))
    def get_themes(self, obj):
        return self.terms(obj, prefetched(obj, "themes"))

    @extend_schema_field(TermReferenceSerializer(many=True))
    def get_target_groups(self, obj):
        return self.terms(obj, prefetched(obj, "target_groups"))

    @extend_schema_field(
        inline_serializer(
            "LastVerified", {"date": serializers.DateField(), "by": serializers.CharField()}, allow_null=True
        )
    )
    def get_last_verified(self, obj):
        if not obj.last_verified_at:
            return None
        return {"date": obj.last_verified_at.isoformat(), "by": obj.last_verified_by}

    @extend_schema_field(FUNDING_SCHEMA)
    def get_funding(self, obj):
        return funding_shape(obj, self.related.localise(obj.funding_programme, obj.locale_id))

    @extend_schema_field(BodySerializer)
    def get_body(self, obj):
        return serialize_body(obj.body, self.related.for_locale(obj.locale_id))

    @extend_schema_field(
        inline_serializer(
            "TranslationProvenance",
            {
                "source_locale": serializers.CharField(),
                "origin": serializers.ChoiceField(choices=TranslationOrigin.choices),
                "synced_at": serializers.DateTimeField(allow_null=True),
                "source_changed_since_sync": serializers.BooleanField(allow_null=True),
            },
        )
    )
    def get_translation(self, obj):
        if "provenance" not in self.context:
            self.context["provenance"] = TranslationProvenance([obj])
        provenance = self.context["provenance"].of(obj)
        if provenance["synced_at"] is not None:
            provenance["synced_at"] = serializers.DateTimeField().to_representation(provenance["synced_at"])
        return provenance

    def organisation(self, obj, organisation):
        return organisation_shape(self.related.localise(organisation, obj.locale_id), REFERENCE)

    def item_references(self, pages):
        return [{"id": p.pk, "translation_key": str(p.translation_key), "api_url": api_url(p)} for p in pages]

    @staticmethod
    def with_related(queryset):
        return queryset.select_related("locale", "funding_programme").prefetch_related(
            prefetch("themes"), prefetch("target_groups")
        )


class GoodPracticeSerializer(KnowledgePageSerializer):
    """A case study: every item field (see KnowledgePageSerializer) and its facts::

    {…, "country": {"code": "CZ", "name": "Česko"}, "region": "…", "municipality": "Brno",
     "location": {"lat": "49.195", "lng": "16.608"} | null,
     "lead_organisation": {"slug", "name", "kind", "country", "website"} | null,
     "partners": [{"slug", "name", "kind", "country", "website", "role"}],
     "budget": {"amount": "125000", "currency": "EUR"} | null, "start_date": "2021-03-01", "end_date": null,
     "status": "completed", "methods": [{"slug", "name"}], "outcomes": [{"value": "20", "label": "youth forums"}],
     "lessons_learned": "…", "sources": [{"url", "title"}], "gallery": [{"caption", "image": {rendition set}}],
     "transfer": {"cost_band": "low", "staff_time": "…", "municipality_size": "small", "prerequisites": "…"},
     "related_materials": [{"id", "translation_key", "api_url"}], "related_videos": […]}
    """

    item_type = "practice"
    country = serializers.SerializerMethodField()
    region = serializers.CharField()
    municipality = serializers.CharField()
    location = serializers.SerializerMethodField()
    lead_organisation = serializers.SerializerMethodField()
    partners = serializers.SerializerMethodField()
    budget = serializers.SerializerMethodField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    methods = serializers.SerializerMethodField()
    outcomes = serializers.SerializerMethodField()
    lessons_learned = serializers.CharField()
    sources = serializers.SerializerMethodField()
    gallery = serializers.SerializerMethodField()
    transfer = serializers.SerializerMethodField()
    related_materials = serializers.SerializerMethodField()
    related_videos = serializers.SerializerMethodField()

    @extend_schema_field(COUNTRY_SCHEMA)
    def get_country(self, obj):
        return self.country(obj, obj.locale.language_code)

    @extend_schema_field(
        inline_serializer("Location", {"lat": serializers.CharField(), "lng": serializers.CharField()}, allow_null=True)
    )
    def get_location(self, obj):
        return location_shape(obj.latitude, obj.longitude, decimal_string)

    @extend_schema_field(OrganisationReferenceSerializer(allow_null=True))
    def get_lead_organisation(self, obj):
        return self.organisation(obj, obj.lead_organisation)

    @extend_schema_field(PartnerSerializer(many=True))
    def get_partners(self, obj):
        return [
            {**self.organisation(obj, partner.organisation), "role": partner.role}
            for partner in prefetched(obj, "partners")
        ]

    @extend_schema_field(
        inline_serializer(
            "Budget", {"amount": serializers.CharField(), "currency": serializers.CharField()}, allow_null=True
        )
    )
    def get_budget(self, obj):
        return budget_shape(obj.budget_amount, obj.budget_currency, decimal_string)

    @extend_schema_field(TermReferenceSerializer(many=True))
    def get_methods(self, obj):
        return self.terms(obj, prefetched(obj, "methods"))

    @extend_schema_field(
        inline_serializer(
            "Outcome", {"value": serializers.CharField(allow_null=True), "label": serializers.CharField()}, many=True
        )
    )
    def get_outcomes(self, obj):
        return [
            outcome_shape(raw["value"].get("value"), raw["value"].get("label", ""), decimal_string)
            for raw in obj.outcomes.raw_data
        ]

    @extend_schema_field(
        inline_serializer("Source", {"url": serializers.CharField(), "title": serializers.CharField()}, many=True)
    )
    def get_sources(self, obj):
        return [
            {"url": raw["value"].get("url", ""), "title": raw["value"].get("title", "")}
            for raw in obj.source_links.raw_data
        ]

    @extend_schema_field(
        inline_serializer(
            "GalleryImage",
            {"caption": serializers.CharField(), "image": ImageSerializer(allow_null=True)},
            many=True,
        )
    )
    def get_gallery(self, obj):
        return [BLOCK_SERIALIZERS["image"].data(raw["value"], self.related) for raw in obj.gallery.raw_data]

    @extend_schema_field(
        inline_serializer(
            "TransferConditions",
            {
                "cost_band": serializers.CharField(),
                "staff_time": serializers.CharField(),
                "municipality_size": serializers.CharField(),
                "prerequisites": serializers.CharField(),
            },
        )
    )
    def get_transfer(self, obj):
        return {
            "cost_band": obj.transfer_cost_band,
            "staff_time": obj.transfer_staff_time,
            "municipality_size": obj.transfer_municipality_size,
            "prerequisites": obj.transfer_prerequisites,
        }

    @extend_schema_field(ItemReferenceSerializer(many=True))
    def get_related_materials(self, obj):
        return self.item_references(prefetched(obj, "related_materials"))

    @extend_schema_field(ItemReferenceSerializer(many=True))
    def get_related_videos(self, obj):
        return self.item_references(prefetched(obj, "related_videos"))

    @staticmethod
    def with_related(queryset):
        return (
            KnowledgePageSerializer.with_related(queryset)
            .select_related("lead_organisation")
            .prefetch_related(
                prefetch("methods"),
                prefetch("partners", PracticePartner.objects.select_related("organisation").order_by("sort_order")),
                prefetch_references("related_materials", MaterialPage),
                prefetch_references("related_videos", TrainingVideoPage),
            )
        )


class MaterialSerializer(KnowledgePageSerializer):
    """A methodological material: every item field and its documents::

    {…, "material_kind": "guide", "publication_date": "2024-09-01",
     "authoring_organisation": {"slug", "name", "kind", "country", "website"} | null,
     "documents": [{"title": "…", "language": "cs", "file_type": "pdf", "size": 482133, "download_url": "…"}]}
    """

    item_type = "material"
    material_kind = serializers.CharField()
    publication_date = serializers.DateField(allow_null=True)
    authoring_organisation = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()

    @extend_schema_field(OrganisationReferenceSerializer(allow_null=True))
    def get_authoring_organisation(self, obj):
        return self.organisation(obj, obj.authoring_organisation)

    @extend_schema_field(MaterialDocumentSerializer(many=True))
    def get_documents(self, obj):
        documents = []
        for raw in obj.documents.raw_data:
            document = self.related.document(raw["value"].get("document"))
            if document:
                documents.append({**document, "language": raw["value"].get("language", "")})
        return documents

    @staticmethod
    def with_related(queryset):
        return KnowledgePageSerializer.with_related(queryset).select_related("authoring_organisation")


class TrainingVideoSerializer(KnowledgePageSerializer):
    """A training video: every item field and the video's data::

    {…, "video_url": "https://www.youtube.com/watch?v=…", "video_file": {download link} | null,
     "duration_seconds": 754, "spoken_language": "cs", "subtitle_languages": ["en"],
     "chapters": [{"start_seconds": 0, "title": "…"}], "speakers": [{"name": "…", "role": "…"}],
     "transcript": "…", "related_materials": [{"id", "translation_key", "api_url"}]}
    """

    item_type = "video"
    video_url = serializers.CharField(help_text=_("A URL, or empty when the video is only a file."))
    video_file = serializers.SerializerMethodField()
    duration_seconds = serializers.IntegerField(allow_null=True)
    spoken_language = serializers.CharField()
    subtitle_languages = serializers.ListField(child=serializers.CharField())
    chapters = serializers.SerializerMethodField()
    speakers = serializers.SerializerMethodField()
    transcript = serializers.CharField()
    related_materials = serializers.SerializerMethodField()

    @extend_schema_field(DocumentSerializer(allow_null=True))
    def get_video_file(self, obj):
        return document_shape(obj.video_file)

    @extend_schema_field(
        inline_serializer(
            "Chapter",
            {"start_seconds": serializers.IntegerField(allow_null=True), "title": serializers.CharField()},
            many=True,
        )
    )
    def get_chapters(self, obj):
        return [
            {"start_seconds": raw["value"].get("start_seconds"), "title": raw["value"].get("title", "")}
            for raw in obj.chapters.raw_data
        ]

    @extend_schema_field(
        inline_serializer("Speaker", {"name": serializers.CharField(), "role": serializers.CharField()}, many=True)
    )
    def get_speakers(self, obj):
        return [
            {"name": raw["value"].get("name", ""), "role": raw["value"].get("role", "")}
            for raw in obj.speakers.raw_data
        ]

    @extend_schema_field(ItemReferenceSerializer(many=True))
    def get_related_materials(self, obj):
        return self.item_references(prefetched(obj, "related_materials"))

    @staticmethod
    def with_related(queryset):
        return (
            KnowledgePageSerializer.with_related(queryset)
            .select_related("video_file")
            .prefetch_related(prefetch_references("related_materials", MaterialPage))
        )


# The feed's serializer of each item type, by the registry's key (practices.models.item_types): what the syndication
# feeds, the listing feeds and the preview serialise an item with, so that each says what the feed item says.
ITEM_SERIALIZERS = {
    "practice": GoodPracticeSerializer,
    "material": MaterialSerializer,
    "video": TrainingVideoSerializer,
}
