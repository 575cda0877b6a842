"""A gunicorn worker warms its search up before it takes requests (gunicorn.conf.py, search.knowledge_search.warm_up):
the thesaurus's labels are normalised for every locale's queries, the facet maps and the places are read, and with
search by meaning the encoder is loaded, so that no practitioner's first search waits for them."""

import runpy

from bench.server import ROOT
from practices.models import GoodPracticePage, PracticeIndexPage
from search import facets, places
from search.engine import query, semantic
from search.knowledge_search import content_languages, warm_up
from tests.practices.feed_fixtures import add_page, index_of


def test_warm_up_prepares_the_concepts_for_each_locale_and_for_all_languages(db):
    query._concept_index.cache_clear()
    warm_up()
    assert query._concept_index.cache_info().currsize == len(content_languages()) + 1


def test_warm_up_reads_the_facet_maps_and_the_places(locales, django_assert_num_queries):
    add_page(index_of(PracticeIndexPage, locales["en"]), GoodPracticePage, "Time bank", slug="time-bank")
    facets._maps.clear()
    facets._merged.clear()
    warm_up()
    # What the first search reads then costs it only the content generation's one query each.
    with django_assert_num_queries(1):
        facets.items_by_value(content_languages())
    with django_assert_num_queries(1):
        places.named_elsewhere("time bank in Bergen", "cs")


def test_warm_up_loads_the_encoder_and_the_vectors_when_search_by_meaning_is_on(locales, settings):
    settings.SEARCH_SEMANTIC = True
    add_page(index_of(PracticeIndexPage, locales["en"]), GoodPracticePage, "Time bank", slug="time-bank")
    semantic._state.update(encoder=None, matrix=None)
    warm_up()
    assert semantic._state["encoder"] is not None
    assert semantic._state["matrix"] is not None


def test_gunicorns_new_workers_warm_search_up(db):
    query._concept_index.cache_clear()
    hooks = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    hooks["post_worker_init"](worker=None)
    assert query._concept_index.cache_info().currsize == len(content_languages()) + 1
