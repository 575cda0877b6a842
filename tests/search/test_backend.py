"""The embedded backend (search.engine.backends.embedded) through Wagtail's own search API: ``.search()``,
``.autocomplete()``, indexing on publish and delete, and ``update_index``; on SQLite FTS5 and on PostgreSQL."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from practices.models import GoodPracticePage, MaterialIndexPage, MaterialPage, Organisation, PracticeIndexPage
from search.engine.documents import search_document
from search.models import SearchDocument
from tests.practices.feed_fixtures import add_page, index_of, make_document, make_organisation


@pytest.fixture
def practices(locales):
    czech = index_of(PracticeIndexPage, locales["cs"])
    english = index_of(PracticeIndexPage, locales["en"])
    return {
        "youth": add_page(
            czech,
            GoodPracticePage,
            "Participace mládeže v obci",
            slug="participace-mladeze",
            lessons_learned="Zastupitelstvo naslouchá studentům.",
        ),
        "budget": add_page(
            czech,
            GoodPracticePage,
            "Participativní rozpočet",
            slug="participativni-rozpocet",
            lessons_learned="Mládež hlasovala o projektech.",
        ),
        "english": add_page(english, GoodPracticePage, "Youth participation in the municipality", slug="youth"),
    }


def search_slugs(queryset, query, **options):
    return [page.slug for page in queryset.search(query, **options)]


def test_czech_query_matches_inflected_form(practices, locales):
    czech_pages = GoodPracticePage.objects.live().filter(locale=locales["cs"])
    assert search_slugs(czech_pages, "obcí")[0] == "participace-mladeze"
    assert "youth" not in search_slugs(czech_pages, "obcí")


def test_query_without_diacritics_matches(practices, locales):
    czech_pages = GoodPracticePage.objects.live().filter(locale=locales["cs"])
    assert search_slugs(czech_pages, "mladez") == ["participace-mladeze", "participativni-rozpocet"]


def test_title_match_ranks_above_body_match(practices, locales):
    results = GoodPracticePage.objects.live().filter(locale=locales["cs"]).search("mládež").annotate_score("score")
    assert [page.slug for page in results] == ["participace-mladeze", "participativni-rozpocet"]
    assert results[0].score > results[1].score > 0


def test_last_word_matches_as_prefix(practices):
    assert search_slugs(GoodPracticePage.objects.live(), "participativ") == ["participativni-rozpocet"]


def test_two_words_must_both_match_unless_operator_or(practices):
    pages = GoodPracticePage.objects.live()
    assert search_slugs(pages, "mládež rozpočet") == ["participativni-rozpocet"]
    assert search_slugs(pages, "mládež rozpočet", operator="and") == ["participativni-rozpocet"]
    assert set(search_slugs(pages, "zastupitelstvo rozpočet", operator="or")) == {
        "participace-mladeze",
        "participativni-rozpocet",
    }


def test_a_longer_query_needs_most_of_its_words_not_all(practices):
    """Issue 15: three words need two (75%), so a word no item holds does not empty the answer; the items holding
    more of the words rank first. Function words are not words an item must hold."""
    pages = GoodPracticePage.objects.live()
    assert search_slugs(pages, "mládež rozpočet xyzzy") == ["participativni-rozpocet"]
    assert search_slugs(pages, "mládež rozpočet xyzzy", operator="and") == []
    assert search_slugs(pages, "rozpočet pro mládež a") == ["participativni-rozpocet"]


def test_a_relaxed_query_needs_fewer_words(practices):
    pages = GoodPracticePage.objects.live()
    backend = get_search_backend()
    relaxed = backend.search("zastupitelstvo rozpočet xyzzy", pages, minimum_should_match=1)
    assert {page.slug for page in relaxed} == {"participace-mladeze", "participativni-rozpocet"}
    assert list(backend.search("zastupitelstvo rozpočet xyzzy", pages)) == []


def test_page_objects_search_and_count(practices):
    results = Page.objects.live().search("participation")
    assert [page.specific.slug for page in results] == ["youth"]
    assert results.count() == 1
    assert Page.objects.search("participation")[1:].count() == 0


def test_results_in_queryset_order_when_not_by_relevance(practices):
    pages = GoodPracticePage.objects.live().order_by("title")
    results = pages.search("mladez", order_by_relevance=False)
    assert [page.slug for page in results] == ["participace-mladeze", "participativni-rozpocet"]


def test_autocomplete_matches_title_prefixes(practices):
    assert search_slugs(GoodPracticePage.objects.live(), "Participativní roz") == ["participativni-rozpocet"]
    assert [page.slug for page in GoodPracticePage.objects.autocomplete("studen")] == []
    assert [page.slug for page in GoodPracticePage.objects.autocomplete("rozp")] == ["participativni-rozpocet"]


def test_unpublished_items_are_not_found_in_live_search(practices, locales):
    practices["budget"].unpublish()
    assert search_slugs(GoodPracticePage.objects.live(), "mladez") == ["participace-mladeze"]


def test_deleting_an_item_removes_its_document(practices):
    page = practices["budget"]
    page.delete()
    assert not SearchDocument.objects.filter(object_id=page.pk).exists()
    assert search_slugs(GoodPracticePage.objects.all(), "rozpočet") == []


def test_material_documents_and_organisations_are_searched(locales):
    organisation = make_organisation("zdrava-mesta", "Národní síť Zdravých měst", locales["cs"])
    material = add_page(
        index_of(MaterialIndexPage, locales["cs"]),
        MaterialPage,
        "Příručka",
        material_kind="guide",
        authoring_organisation=organisation,
        documents=[("document", {"document": make_document(title="Metodika kulatých stolů"), "language": "cs"})],
    )
    assert [page.pk for page in MaterialPage.objects.search("zdravych mest")] == [material.pk]
    assert [page.pk for page in MaterialPage.objects.search("kulatý stůl")] == [material.pk]
    assert [obj.pk for obj in get_search_backend().search("síť", Organisation)] == [organisation.pk]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "* ~ : ( ) [ ] { } / \\",
        "mládež AND OR NOT",
        "NEAR(mládež obec)",
        "title:mládež",
        "'; DROP TABLE hub_search_searchdocument; --",
        "\x00\x01\x1b mládež \x7f",
        "mládež " * 300,
        "x" * 2000,
    ],
)
def test_operators_and_control_characters_are_searched_as_words(practices, query):
    results = GoodPracticePage.objects.live().search(query)
    assert all(page.slug in {"participace-mladeze", "participativni-rozpocet"} for page in results)
    assert results.count() == len(list(results))


def test_update_index_rebuilds_the_documents(practices):
    SearchDocument.objects.all().delete()
    assert search_slugs(GoodPracticePage.objects.live(), "mladez") == []
    call_command("update_index", stdout=None)
    assert search_slugs(GoodPracticePage.objects.live(), "mladez") == ["participace-mladeze", "participativni-rozpocet"]


def test_indexing_loads_the_relations_documents_read_once_for_all_items(feed_content):
    """``update_index`` builds documents a chunk at a time from ``get_indexed_objects()``: the taxonomy terms,
    partners and organisations a document reads come with the chunk, not with one query per item and field."""
    items = list(GoodPracticePage.get_indexed_objects())
    assert len(items) >= 3 and any(item.partners.all() for item in items)
    with CaptureQueriesContext(connection) as queries:
        documents = [search_document(item) for item in items]
    relation_tables = ("practicepartner", "goodpracticepage_themes", "goodpracticepage_methods", "organisation")
    per_item = [query["sql"] for query in queries if any(table in query["sql"] for table in relation_tables)]
    assert per_item == []
    assert any("partnership" in document["body"] for document in documents)
