"""The search API's parameters and JSON (/api/feed/v1/search/, docs/api.md).

Parameters are strict, as everywhere in the feed: an unknown parameter or value is a 400 naming it. Each value is
read by its class in the shared vocabulary (practices.filtering.vocabulary), so ``?theme=yuoth`` gets the same
answer here as from the partner feed; the fields keep DRF's types and bounds for the OpenAPI schema.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from practices.filtering.vocabulary import (
    CountryParameter,
    ItemTypeParameter,
    LocaleParameter,
    MethodParameter,
    PageParameter,
    PageSizeParameter,
    TargetGroupParameter,
    ThemeParameter,
)
from practices.parameters import ParameterError
from search.knowledge_search import ALL_LOCALES, TERM_FACETS, content_languages

MAX_QUERY_LENGTH = 500
MAX_PAGE = 1000
# As the feed's pages are bounded (practices.feed.filters.MAX_PAGE_SIZE), but smaller: a search page is highlighted.
MAX_PAGE_SIZE = 50


def vocabulary_error(error):
    """A ParameterError of the shared vocabulary as the serializer field's own error."""
    return serializers.ValidationError(str(error.message))


class ValuesField(serializers.CharField):
    """A comma-separated list of values of one facet: ``?theme=youth,culture`` (any of them), each checked by the
    parameter's class in the shared vocabulary (practices.filtering.vocabulary)."""

    def __init__(self, parameter, **kwargs):
        super().__init__(**kwargs)
        self.parameter = parameter

    def to_internal_value(self, data):
        try:
            return self.parameter.parse_list(super().to_internal_value(data))
        except ParameterError as error:
            raise vocabulary_error(error) from None


class LocaleField(serializers.ChoiceField):
    """The items' language, a content language or ``all``: a ChoiceField for the schema, read by the vocabulary."""

    def to_internal_value(self, data):
        try:
            return LocaleParameter(self.choices).parse(str(data))
        except ParameterError as error:
            raise vocabulary_error(error) from None


class NumberField(serializers.IntegerField):
    """``page`` or ``page_size``: an IntegerField with the bounds for the schema, read by the vocabulary."""

    def __init__(self, parameter, **kwargs):
        super().__init__(min_value=1, max_value=parameter.maximum, **kwargs)
        self.parameter = parameter

    def to_internal_value(self, data):
        try:
            return self.parameter.parse(str(data))
        except ParameterError as error:
            raise vocabulary_error(error) from None


class SearchParametersSerializer(serializers.Serializer):
    """``?q=&locale=&type=&country=&theme=&target_group=&method=&page=&page_size=``"""

    q = serializers.CharField(max_length=MAX_QUERY_LENGTH, help_text=_("The words to search for."))
    locale = LocaleField(
        choices=[*content_languages(), ALL_LOCALES],
        default=settings.LANGUAGE_CODE,
        help_text=_("Language of the items, or “all” to search every language."),
    )
    type = ValuesField(
        ItemTypeParameter(), required=False, help_text=_("practice, material or video; comma-separated for several.")
    )
    country = ValuesField(
        CountryParameter(), required=False, help_text=_("ISO 3166 country codes of practices, e.g. CZ.")
    )
    theme = ValuesField(ThemeParameter(), required=False, help_text=_("Theme slugs."))
    target_group = ValuesField(TargetGroupParameter(), required=False, help_text=_("Target group slugs."))
    method = ValuesField(MethodParameter(), required=False, help_text=_("Method slugs."))
    page = NumberField(PageParameter(MAX_PAGE), default=1)
    page_size = NumberField(
        PageSizeParameter(MAX_PAGE_SIZE),
        required=False,
        help_text=_("Number of results per page, 1 to 50 (default 20)."),
    )

    def validate_q(self, value):
        if not any(character.isalnum() for character in value):
            raise serializers.ValidationError(_("Enter at least one word to search for."))
        return value

    def filters(self):
        return {
            name: self.validated_data[name] for name in ("type", "country", *TERM_FACETS) if name in self.validated_data
        }


class SuggestParametersSerializer(serializers.Serializer):
    """``?q=&locale=``"""

    q = serializers.CharField(max_length=MAX_QUERY_LENGTH, help_text=_("The beginning of a title."))
    locale = LocaleField(choices=[*content_languages(), ALL_LOCALES], default=settings.LANGUAGE_CODE)


class SearchResultSerializer(serializers.Serializer):
    """``{"id": 42, "translation_key": "…", "slug": "…", "locale": "cs", "type": "practice", "title": "…",
    "url": "https://…/cs/…/", "snippet": "… <mark>mládeže</mark> …", "score": 3.2}``"""

    id = serializers.IntegerField(source="page.pk")
    translation_key = serializers.UUIDField(source="page.translation_key")
    slug = serializers.CharField(source="page.slug")
    locale = serializers.CharField()
    type = serializers.CharField()
    title = serializers.CharField(source="page.title")
    url = serializers.SerializerMethodField()
    snippet = serializers.CharField(help_text=_("HTML-escaped text; the matched words in <mark>."))
    score = serializers.FloatField()

    def get_url(self, item) -> str:
        return item["page"].get_full_url(self.context.get("request"))


class TranslationSerializer(serializers.Serializer):
    """``{"id": 43, "title": "…", "url": "https://…/cs/…/"}``: an item's translation into the locale searched."""

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, page) -> str:
        return page.get_full_url(self.context.get("request"))


class OtherLanguageResultSerializer(SearchResultSerializer):
    """A result in another language than the one searched (its ``locale`` says which), with its ``translation``
    into the locale searched, or null when it has none."""

    translation = TranslationSerializer(allow_null=True)


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    type = FacetValueSerializer(many=True)
    country = FacetValueSerializer(many=True)
    theme = FacetValueSerializer(many=True)
    target_group = FacetValueSerializer(many=True)
    method = FacetValueSerializer(many=True)


class SearchResponseSerializer(serializers.Serializer):
    """``{"count", "results": […], "facets": {…}, "did_you_mean": "mládež" | null, "searched_for": "…"}``;
    ``searched_for`` differs from ``q`` when nothing matched ``q`` and its correction was searched instead;
    ``degraded`` is true when the database backend answered because Elasticsearch was down; ``relaxed`` is true
    when most of the words found nothing and the results hold only some of them; ``other_languages`` lists the
    best items of the other languages when the locale has few matches, or only relaxed ones, or when the query means
    an item of another language or names a place only they have items from (``other_languages_first``: shown
    before the results then, with the place in ``named_place``); ``also_searched`` lists the terms of the thesaurus
    the query was expanded with (``["mini-public", "deliberative panel"]``)."""

    count = serializers.IntegerField()
    results = SearchResultSerializer(many=True)
    facets = FacetsSerializer()
    did_you_mean = serializers.CharField(allow_null=True)
    searched_for = serializers.CharField()
    degraded = serializers.BooleanField(
        help_text="True while Elasticsearch is unreachable and the database backend answered (docs/search.md)."
    )
    relaxed = serializers.BooleanField(
        help_text=_("True when no item held most of the words and the results hold only some of them.")
    )
    other_languages = OtherLanguageResultSerializer(
        many=True, help_text=_("The best items of other languages, when the language searched has few matches.")
    )
    other_languages_first = serializers.BooleanField(
        help_text=_(
            "True when the query means an item written in another language, or names a place that only other "
            "languages have items from: the other languages' items come first."
        )
    )
    named_place = serializers.CharField(
        allow_null=True,
        help_text=_(
            "The place the query names when only other languages have items from it, as the first of them names it "
            '("Bergen"), or null.'
        ),
    )
    also_searched = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Related terms from the thesaurus that were also searched, at a lower weight than the query."),
    )


class SuggestionSerializer(serializers.Serializer):
    """``{"id": 42, "title": "…", "locale": "cs", "url": "https://…"}``"""

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    locale = serializers.CharField(source="locale.language_code")
    url = serializers.SerializerMethodField()

    def get_url(self, page) -> str:
        return page.get_full_url(self.context.get("request"))


class SuggestResponseSerializer(serializers.Serializer):
    suggestions = SuggestionSerializer(many=True)
