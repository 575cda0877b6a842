"""Query statistics from the search API: Wagtail's daily hits per query, and which queries found nothing.

Wagtail's "Search terms" report reads ``Query.add_hit``; ours (search.reports) reads ``UnansweredQueryDailyHits``.
"""

import re

from django.db.models import F
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query

from search.models import UnansweredQueryDailyHits

# Control characters never belong in a query term, and PostgreSQL refuses NUL in text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]+")


def record_search(query_text, result_count):
    """Count one search for ``query_text`` today, and one unanswered search when it found nothing."""
    query_text = CONTROL_CHARACTERS.sub(" ", query_text or "").strip()
    if not query_text:
        return
    query = Query.get(query_text)
    query.add_hit()
    if result_count == 0:
        row, _created = UnansweredQueryDailyHits.objects.get_or_create(query=query, date=timezone.now().date())
        UnansweredQueryDailyHits.objects.filter(pk=row.pk).update(hits=F("hits") + 1)
