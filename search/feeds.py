"""Feeds that follow one search: ``/<locale>/feeds/search.atom`` and ``.json`` with the search page's parameters
(``?q=mládež&theme=youth&locale=all``), so a practitioner gets new matching items in a news reader without an
account (issue 5). An entry says what the newest-items feeds say (practices.syndication.feeds), newest first.

The entries are the items the search page (search.public_views) finds for the same parameters: the same backend
with the same fallback while Elasticsearch is down, the same filters, and the same "did you mean" correction when
nothing matches the words as typed. Only the order differs: the page ranks by relevance, a feed by first
publication. The selection is rebuilt here from search.knowledge_search's parts rather than by asking it for every
result, because that would load and highlight every matching page (thousands on a large knowledge base) on each
poll; tests/practices/syndication/test_followable_feeds.py checks that both find the same items.
"""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers as drf_serializers
from rest_framework.exceptions import ValidationError
from wagtail.models import Locale, Page

from practices.feed.serializers import ITEM_SERIALIZERS
from practices.filtering.fronts import misnamed_parameters
from practices.syndication.feeds import LatestItemsAtomFeed, json_feed_response, parameter_error_response
from practices.syndication.latest import DEFAULT_LIMIT, MAX_LIMIT
from search import facets, suggestions
from search.engine.backends import ranked_matches
from search.knowledge_search import ALL_LOCALES, ITEM_TYPES, content_languages
from search.serializers import SearchParametersSerializer

FOLLOWED_FILTERS = ("type", "country", "theme", "target_group", "method")


class SearchFeedParametersSerializer(SearchParametersSerializer):
    """The search page's parameters without ``page`` (a feed has no pages), plus the feed's ``limit``."""

    page = None
    limit = drf_serializers.IntegerField(
        min_value=1,
        max_value=MAX_LIMIT,
        default=DEFAULT_LIMIT,
        help_text=gettext_lazy("How many items, 1 to 50 (default 20)."),
    )


def matching_page_ids(text, locale, filters):
    """``(ids, searched_for)``: every item the search page finds for ``text`` in ``locale`` (a language code or
    ``"all"``) with ``filters``, and the words it searched for (the correction when ``text`` found nothing)."""
    languages = content_languages() if locale == ALL_LOCALES else [locale]
    ids = _selected(text, locale, languages, filters)
    if not ids:
        correction = suggestions.did_you_mean(text, languages)
        if correction:
            return _selected(correction, locale, languages, filters), correction
    return ids, text


def _selected(text, locale, languages, filters):
    queryset = Page.objects.live().type(*ITEM_TYPES.values())
    if locale != ALL_LOCALES:
        queryset = queryset.filter(locale__in=list(Locale.objects.filter(language_code=locale)))
    ranked, _degraded = ranked_matches(text, queryset, languages=languages, include_shared=locale == ALL_LOCALES)
    attributes = facets.attributes_of(languages)
    return [pk for pk, _score in ranked if facets.passes(attributes.get(pk, facets.NO_ATTRIBUTES), filters)]


def newest_entries(request, page_ids, limit):
    """The newest ``limit`` of ``page_ids`` as feed JSON (the partner feed's serializers), newest first. One query
    to order them, then one serialisation per item type whatever the number of items."""
    newest = list(
        Page.objects.filter(pk__in=page_ids, first_published_at__isnull=False)
        .order_by("-first_published_at", "-pk")
        .values_list("pk", flat=True)[:limit]
    )
    entries = {}
    for name, serializer_class in ITEM_SERIALIZERS.items():
        model = ITEM_TYPES[name]
        queryset = serializer_class.with_related(model.objects.filter(pk__in=newest))
        for entry in serializer_class(queryset, many=True, context={"request": request}).data:
            entries[entry["id"]] = entry
    return [entries[pk] for pk in newest if pk in entries]


class FollowedSearch:
    """One followed search, parsed from a feed request: strict, like every feed, so a bad parameter is a 400 naming
    it instead of a feed that silently follows something else."""

    def __init__(self, request):
        self.request = request
        parameters = SearchFeedParametersSerializer()
        # Strict, as the search API (practices.filtering.fronts): unknown and repeated parameters are refused.
        errors = misnamed_parameters(request.GET, list(parameters.fields))
        if errors:
            raise ValidationError(errors)
        query = request.GET.dict()
        query.setdefault("locale", translation.get_language())
        parameters = SearchFeedParametersSerializer(data=query)
        parameters.is_valid(raise_exception=True)
        self.text = parameters.validated_data["q"]
        self.locale = parameters.validated_data["locale"]
        self.limit = parameters.validated_data["limit"]
        self.filters = parameters.filters()

    def items(self):
        page_ids, _searched_for = matching_page_ids(self.text, self.locale, self.filters)
        return newest_entries(self.request, page_ids, self.limit)


def search_feed_title(followed):
    return _("Good Practice Hub: search for “%(query)s”") % {"query": followed.text}


def search_feed_description(followed):
    return _("The newest practices, materials and videos that match the search “%(query)s”.") % {"query": followed.text}


class SearchAtomFeed(LatestItemsAtomFeed):
    """The newest items one search finds, as Atom: ``/<locale>/feeds/search.atom?q=…&theme=…``."""

    def get_object(self, request, *args, **kwargs):
        return FollowedSearch(request)

    def title(self, followed):
        return search_feed_title(followed)

    def subtitle(self, followed):
        return search_feed_description(followed)

    def description(self, followed):
        return search_feed_description(followed)


def search_json_feed(request):
    """The same entries as JSON Feed 1.1: ``/<locale>/feeds/search.json?q=…``."""
    try:
        followed = FollowedSearch(request)
    except ValidationError as error:
        return parameter_error_response(error)
    return json_feed_response(request, followed.items(), search_feed_title(followed), search_feed_description(followed))
