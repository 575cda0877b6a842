"""Search backends of ours, chosen by ``WAGTAILSEARCH_BACKENDS`` in cms/settings.py, and how the search API uses
them: ``ranked_matches`` answers from the database backend while the search cluster is down (``degraded``), and puts
the editors' promoted items first."""

import logging

from django.conf import settings
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import normalise_query_string

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
        degraded = False
    except search_service_errors():
        logger.exception("The search service failed; answering from the database backend")
        ranked = fallback_backend().search(query, queryset, **options).ranked_all()
        degraded = True
    return promoted_first(query, queryset, ranked), degraded


def fallback_backend():
    """The backend configured as ``fallback`` (kept up to date beside Elasticsearch), else the embedded one."""
    name = FALLBACK_BACKEND if FALLBACK_BACKEND in settings.WAGTAILSEARCH_BACKENDS else EMBEDDED_BACKEND
    return get_search_backend(name)


def promoted_first(query, queryset, ranked):
    """The items editors pinned for this query (in their order) first, when the queryset allows them (live, in
    the locale and of the types searched), whether or not their text matches; then the other matches."""
    from wagtail.contrib.search_promotions.models import SearchPromotion

    promoted = list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query), page__isnull=False)
        .order_by("sort_order")
        .values_list("page_id", flat=True)
    )
    if not promoted:
        return ranked
    allowed = set(queryset.filter(pk__in=promoted).values_list("pk", flat=True))
    scores = dict(ranked)
    top = max(scores.values(), default=0.0)
    pinned = [(pk, scores.get(pk, top)) for pk in promoted if pk in allowed]
    pinned_pks = {pk for pk, _score in pinned}
    return pinned + [(pk, score) for pk, score in ranked if pk not in pinned_pks]


def autocomplete_matches(query, queryset, limit, **options):
    """``([page, …], degraded)``: the first ``limit`` autocomplete matches, from the database backend while the
    default backend fails."""
    try:
        return list(get_search_backend().autocomplete(query, queryset, **options)[:limit]), False
    except search_service_errors():
        logger.exception("The search service failed; autocompleting from the database backend")
        return list(fallback_backend().autocomplete(query, queryset, **options)[:limit]), True
