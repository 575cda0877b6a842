"""The search API under the partner feed: ``/api/feed/v1/search/`` and ``/api/feed/v1/search/suggest/``.

Thin views: parse the parameters (search.serializers), run search.knowledge_search, serialise. They share the
feed's keys, rate limits and error shape (``{"errors": {"q": ["…"]}}``).
"""

from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import Locale, Page

from practices.feed.access import FeedAnonRateThrottle, FeedPartnerRateThrottle, PartnerKeyAuthentication
from practices.feed.views import feed_exception_handler
from practices.filtering.fronts import misnamed_parameters
from practices.parameters import CONTROL_CHARACTER_CLASS
from search import serializers, statistics
from search.engine.backends import autocomplete_matches
from search.knowledge_search import ALL_LOCALES, ITEM_TYPES, content_languages, search_knowledge_base

SUGGESTIONS = 8
# What the parameters' parser and DRF's CharField accept: no control character (practices.parameters), not only
# whitespace; the query must also hold a letter or digit.
NOT_BLANK = f"^[^{CONTROL_CHARACTER_CLASS}]*[^\\s{CONTROL_CHARACTER_CLASS}][^{CONTROL_CHARACTER_CLASS}]*$"
SEARCHABLE = f"^[^{CONTROL_CHARACTER_CLASS}]*[^\\W_][^{CONTROL_CHARACTER_CLASS}]*$"
ITEM_TYPE_LIST = "^({types})(,({types}))*$".format(types="|".join(ITEM_TYPES))


def text_parameter(name, pattern, max_length=serializers.MAX_QUERY_LENGTH, **kwargs):
    """A query parameter's schema as strict as its serializer field, for generated clients and contract testers."""
    schema = {"type": "string", "pattern": pattern, "maxLength": max_length}
    return OpenApiParameter(name, schema, OpenApiParameter.QUERY, **kwargs)


# The search's list parameters: comma-separated values; unknown slugs and codes are refused by the serializer.
LIST_PARAMETERS = [
    text_parameter("type", ITEM_TYPE_LIST, description=_lazy("practice, material or video; comma-separated.")),
    text_parameter("country", "^[A-Za-z]{2}(,[A-Za-z]{2})*$", description=_lazy("ISO 3166 country codes, e.g. CZ.")),
    *(text_parameter(name, NOT_BLANK) for name in ("theme", "target_group", "method")),
]


class SearchAPIView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = [PartnerKeyAuthentication]
    throttle_classes = [FeedAnonRateThrottle, FeedPartnerRateThrottle]
    renderer_classes = [JSONRenderer]
    parameters_class = None

    def get_exception_handler(self):
        return feed_exception_handler

    def parameters(self, request):
        # Strict, as the feed (practices.filtering.fronts): unknown and repeated parameters are refused, all named.
        errors = misnamed_parameters(request.query_params, list(self.parameters_class().fields))
        if errors:
            raise ValidationError(errors)
        parameters = self.parameters_class(data=request.query_params.dict())
        parameters.is_valid(raise_exception=True)
        return parameters


class KnowledgeSearchView(SearchAPIView):
    """Full-text search of practices, materials and videos, with facets."""

    parameters_class = serializers.SearchParametersSerializer

    @extend_schema(
        parameters=[
            serializers.SearchParametersSerializer,
            # Contains a letter or digit ("Enter at least one word"), no NUL.
            text_parameter("q", SEARCHABLE, required=True),
            *LIST_PARAMETERS,
        ],
        responses=serializers.SearchResponseSerializer,
        summary="Search the knowledge base",
    )
    def get(self, request):
        parameters = self.parameters(request)
        data = parameters.validated_data
        outcome = search_knowledge_base(
            data["q"], data["locale"], parameters.filters(), data["page"], data.get("page_size")
        )
        statistics.record_search(data["q"], outcome.count)
        response = serializers.SearchResponseSerializer(
            {
                "count": outcome.count,
                "results": outcome.results,
                "facets": outcome.facets,
                "did_you_mean": outcome.did_you_mean,
                "searched_for": outcome.searched_for,
                "degraded": outcome.degraded,
                "relaxed": outcome.relaxed,
                "other_languages": outcome.other_languages,
                "other_languages_first": outcome.other_languages_first,
                "named_place": outcome.named_place,
                "also_searched": outcome.also_searched,
            },
            context={"request": request},
        )
        return Response(response.data)


class SuggestView(SearchAPIView):
    """Autocomplete: titles of items starting with the words typed so far."""

    parameters_class = serializers.SuggestParametersSerializer

    @extend_schema(
        parameters=[serializers.SuggestParametersSerializer, text_parameter("q", NOT_BLANK, required=True)],
        responses=serializers.SuggestResponseSerializer,
        summary="Suggest item titles as the user types",
    )
    def get(self, request):
        data = self.parameters(request).validated_data
        locale = data["locale"]
        queryset = Page.objects.live().type(*ITEM_TYPES.values()).select_related("locale")
        if locale != ALL_LOCALES:
            # By the locale row, a filter that every backend indexes (Elasticsearch cannot join to Locale).
            queryset = queryset.filter(locale__in=list(Locale.objects.filter(language_code=locale)))
        languages = content_languages() if locale == ALL_LOCALES else [locale]
        pages, _degraded = autocomplete_matches(data["q"], queryset, SUGGESTIONS, languages=languages)
        suggestions = serializers.SuggestionSerializer(pages, many=True, context={"request": request})
        return Response({"suggestions": suggestions.data})
