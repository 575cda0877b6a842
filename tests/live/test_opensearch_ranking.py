"""Issue 15's exact-form boost on a real OpenSearch cluster (tests/live/conftest.py): of two items holding the same
word, the one holding it as the query writes it, diacritics and all, ranks first."""

import io

from django.core.management import call_command

from practices.models import GoodPracticePage, PracticeIndexPage
from search.backends import ranked_matches
from tests.practices.feed_fixtures import add_page, index_of


def test_the_form_a_query_writes_ranks_above_the_word_without_its_diacritics_on_the_engine(live_opensearch, locales):
    czech = index_of(PracticeIndexPage, locales["cs"])
    written = add_page(czech, GoodPracticePage, "Mladí lidé v obcích", slug="v-obcich")
    folded = add_page(czech, GoodPracticePage, "Mladi lide v obcich", slug="bez-diakritiky")
    call_command("update_index", stdout=io.StringIO())

    ranked, degraded = ranked_matches("obcích", GoodPracticePage.objects.live(), languages=["cs"])
    reverse, _degraded = ranked_matches("obcich", GoodPracticePage.objects.live(), languages=["cs"])

    assert not degraded
    assert [pk for pk, _score in ranked] == [written.pk, folded.pk]
    assert [pk for pk, _score in reverse] == [folded.pk, written.pk]
