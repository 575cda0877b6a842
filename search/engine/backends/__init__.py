"""Search backends of ours, chosen by ``WAGTAILSEARCH_BACKENDS`` in cms/settings.py, and how the search API uses
them: ``ranked_matches`` answers from the database backend while the search cluster is down (``degraded``), and puts
the editors' promoted items first; on a search cluster, ``faceted_matches`` asks it for one page of them with their
count and facets instead."""

import logging

from django.conf import settings
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import normalise_query_string

from search.engine.backends.cluster import HubSearchResultsMixin

logger = logging.getLogger(__name__)

EMBEDDED_BACKEND = "search.engine.backends.embedded"
FALLBACK_BACKEND = "fallback"


def search_service_errors():
    """The exceptions of an unreachable or failing search cluster (connection refused, timeout, 5xx…), of either
    client."""
    from elastic_transport import TransportError
    from elasticsearch import ApiError
    from opensearchpy.exceptions import OpenSearchException

    return (TransportError, ApiError, OpenSearchException)


def ranked_matches(query, queryset, **options):
    """``([(pk, score), …], degraded)``: every match of ``query`` in ``queryset``, best first, promoted items
    (wagtail.contrib.search_promotions) before them. ``degraded`` is true when the default backend failed and the
    database backend answered instead; the failure is logged."""
    try:
        ranked = get_search_backend().search(query, queryset, **options).ranked_all()
    except search_service_errors():
        logger.exception("The search service failed; answering from the database backend")
        return fallback_matches(query, queryset, **options), True
    return promoted_first(query, queryset, ranked), False


def fallback_matches(query, queryset, **options):
    """Every match from the fallback backend, as ``ranked_matches`` gives them."""
    return promoted_first(query, queryset, fallback_backend().search(query, queryset, **options).ranked_all())


def faceted_matches(query, queryset, filters, start, size, facet_size, **options):
    """``(FacetedPage, False)`` from a search cluster (``faceted_page`` of
    search.engine.backends.cluster.HubSearchResultsMixin: one page of the matches passing ``filters``, promoted items
    first, their count and facets), in one request.
    ``(None, degraded)`` when the default backend is the embedded one, whose caller counts the facets itself over
    ``ranked_matches``, or when the cluster failed (``degraded``, logged): the caller then does the same over
    ``fallback_matches``."""
    backend = get_search_backend()
    if not issubclass(backend.results_class, HubSearchResultsMixin):
        return None, False
    try:
        results = backend.search(query, queryset, pinned=promoted(query), **options)
        return results.faceted_page(start, size, filters, facet_size), False
    except search_service_errors():
        logger.exception("The search service failed; answering from the database backend")
        return None, True


def fallback_backend():
    """The backend configured as ``fallback`` (kept up to date beside Elasticsearch), else the embedded one."""
    name = FALLBACK_BACKEND if FALLBACK_BACKEND in settings.WAGTAILSEARCH_BACKENDS else EMBEDDED_BACKEND
    return get_search_backend(name)


def promoted_first(query, queryset, ranked):
    """The items editors pinned for this query (in their order) first, when the queryset allows them (live, in
    the locale and of the types searched), whether or not their text matches; then the other matches."""
    pks = promoted(query)
    if not pks:
        return ranked
    allowed = set(queryset.filter(pk__in=pks).values_list("pk", flat=True))
    scores = dict(ranked)
    top = max(scores.values(), default=0.0)
    pinned = [(pk, scores.get(pk, top)) for pk in pks if pk in allowed]
    pinned_pks = {pk for pk, _score in pinned}
    return pinned + [(pk, score) for pk, score in ranked if pk not in pinned_pks]


def promoted(query):
    """The primary keys of the items editors pinned for this query (wagtail.contrib.search_promotions), in their
    order."""
    from wagtail.contrib.search_promotions.models import SearchPromotion

    return list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query), page__isnull=False)
        .order_by("sort_order")
        .values_list("page_id", flat=True)
    )


def autocomplete_matches(query, queryset, limit, **options):
    """``([page, …], degraded)``: the first ``limit`` autocomplete matches, from the database backend while the
    default backend fails."""
    try:
        return list(get_search_backend().autocomplete(query, queryset, **options)[:limit]), False
    except search_service_errors():
        logger.exception("The search service failed; autocompleting from the database backend")
        return list(fallback_backend().autocomplete(query, queryset, **options)[:limit]), True
