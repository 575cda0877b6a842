"""Search by meaning (issue 15, search.engine.semantic): a paraphrase that shares no word with an item finds it, a
query meaning an item of another language offers that language first, and the vectors follow the items (made on
publish, made again only when the text they read changes, gone with the item, rebuilt by update_semantic_index)."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from threadpoolctl import threadpool_info

from practices.models import GoodPracticePage, PracticeIndexPage
from search.engine import semantic
from search.models import ItemVector
from tests.practices.feed_fixtures import add_page, index_of
from tests.search.api import search

PARAPHRASE = "swapping favours among locals without cash"


@pytest.fixture
def by_meaning(settings):
    settings.SEARCH_SEMANTIC = True


def add_practices(locales):
    """Three English practices, one Czech and one Bulgarian, written as the knowledge base writes them."""
    english = index_of(PracticeIndexPage, locales["en"])
    czech = index_of(PracticeIndexPage, locales["cs"])
    bulgarian = index_of(PracticeIndexPage, locales["bg"])
    return {
        "time-bank": add_page(
            english,
            GoodPracticePage,
            "Time bank in Trešnjevka",
            slug="time-bank",
            summary="Neighbours trade services such as childcare and small repairs, and pay for them in hours.",
        ),
        "budget": add_page(
            english,
            GoodPracticePage,
            "Participatory budget of a Brno district",
            slug="budget",
            summary="Residents propose small projects and vote on which of them the district finances each year.",
        ),
        "playground": add_page(
            english,
            GoodPracticePage,
            "Children plan their playground",
            slug="playground",
            summary="Pupils of two schools drew the equipment of a new play area with the city's landscape architects.",
        ),
        "cs-budget": add_page(
            czech,
            GoodPracticePage,
            "Participativní rozpočet v obvodu",
            slug="cs-budget",
            summary="Obyvatelé navrhují projekty a hlasují o tom, které obvod zaplatí.",
        ),
        "mediators": add_page(
            bulgarian,
            GoodPracticePage,
            "Ромски училищни медиатори в Сливен",
            slug="mediators",
            summary="Медиатори от ромската общност помагат на децата да посещават училище редовно.",
        ),
    }


def test_a_paraphrase_sharing_no_word_with_an_item_finds_it_first(by_meaning, client, locales):
    add_practices(locales)
    data = search(client, q=PARAPHRASE, locale="en")
    assert data["results"][0]["slug"] == "time-bank"
    assert data["other_languages_first"] is False


def test_by_words_alone_the_same_paraphrase_does_not_find_the_item(client, locales, settings):
    settings.SEARCH_SEMANTIC = False
    add_practices(locales)
    data = search(client, q=PARAPHRASE, locale="en")
    assert "time-bank" not in [result["slug"] for result in data["results"]]
    assert ItemVector.objects.count() == 0


def test_a_corrected_query_still_looks_for_the_meaning_of_what_was_written(by_meaning, client, locales):
    add_practices(locales)
    add_page(
        index_of(PracticeIndexPage, locales["en"]),
        GoodPracticePage,
        "Mapping a case of favours",
        slug="mapping",
        summary="How a case study mapped favours.",
    )
    semantic._query_vector.cache_clear()
    data = search(client, q=PARAPHRASE, locale="en")
    # The words are corrected to the knowledge base's ("mapping", "case"), which match the other item by words…
    assert data["searched_for"] == "mapping favours among locals without case"
    assert "mapping" in [result["slug"] for result in data["results"]]
    # …but the meaning looked for is the practitioner's: only the query as written was encoded.
    assert semantic._query_vector.cache_info().misses == 1
    assert "time-bank" in [result["slug"] for result in data["results"][:2]]


def test_a_query_meaning_an_item_of_another_language_offers_that_language_first(by_meaning, client, locales):
    add_practices(locales)
    query = "romští asistenti pomáhají dětem chodit do školy"
    data = search(client, q=query, locale="cs")
    assert data["other_languages_first"] is True
    assert data["other_languages"][0]["slug"] == "mediators"
    page = BeautifulSoup(client.get("/cs/search/", {"q": query}).content, "html.parser")
    offered = page.select_one(".other-language-items")
    assert offered is not None
    assert offered.find_next(class_="results__total") is not None, "the other languages come before the results"


def test_an_item_closest_in_another_language_but_translated_into_the_locale_keeps_the_locale_first(
    by_meaning, client, locales
):
    items = add_practices(locales)
    english = index_of(PracticeIndexPage, locales["en"])
    add_page(
        english,
        GoodPracticePage,
        "Roma school mediators in Sliven",
        source=items["mediators"],
        slug="mediators-en",
        summary="Mediators from the Roma community help children to attend school regularly.",
    )
    # Bulgarian written in Latin letters reads closer to the English translation than to the Bulgarian original.
    data = search(client, q="romski uchilishtni mediatori v Sliven", locale="bg")
    assert data["other_languages_first"] is False
    assert data["results"][0]["slug"] == "mediators"


@pytest.mark.parametrize("members_asked", [1, semantic.MEMBERS_ASKED])
def test_nearest_finds_the_closest_of_the_queryset_whatever_lies_closer_outside_it(
    by_meaning, locales, monkeypatch, members_asked
):
    # With one object asked about per object wanted, the farthest object is found only after both rounds of
    # questions (the closest, then the next four), from the queryset's every key.
    monkeypatch.setattr(semantic, "MEMBERS_ASKED", members_asked)
    pages = add_practices(locales)
    pages["hall"] = add_page(index_of(PracticeIndexPage, locales["en"]), GoodPracticePage, "A hall for the choir")
    everything = GoodPracticePage.objects.live()
    ranking = [pk for pk, _similarity in semantic.nearest(PARAPHRASE, everything, len(pages))]
    assert len(ranking) == len(pages) == 6

    for size in range(1, len(ranking) + 1):
        farthest = ranking[-size:]
        for limit in (1, 2):
            found = semantic.nearest(PARAPHRASE, everything.filter(pk__in=farthest), limit)
            assert [pk for pk, _similarity in found] == farthest[:limit], (size, limit)


def test_nearest_compares_only_the_vectors_of_the_languages_given(by_meaning, locales):
    pages = add_practices(locales)
    everything = GoodPracticePage.objects.live()

    found = semantic.nearest(PARAPHRASE, everything, 5, languages=["cs", "bg"])

    assert {pk for pk, _similarity in found} == {pages["cs-budget"].pk, pages["mediators"].pk}
    assert semantic.nearest(PARAPHRASE, everything, 5, languages=[]) == []


def test_the_products_of_vectors_run_on_the_threads_search_by_meaning_is_given(by_meaning, locales):
    add_practices(locales)

    semantic.nearest(PARAPHRASE, GoodPracticePage.objects.live(), 1)

    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == settings.SEARCH_SEMANTIC_THREADS == 1 for pool in blas)


def test_an_item_gets_its_vector_when_published_and_a_new_one_only_when_its_text_changes(by_meaning, locales):
    items = add_practices(locales)
    budget = items["budget"]
    assert ItemVector.objects.count() == len(items)
    vector = ItemVector.objects.get(object_id=budget.pk)
    assert vector.language == "en"
    assert len(vector.vector) == 384 * 4

    budget.save_revision().publish()
    unchanged = ItemVector.objects.get(object_id=budget.pk)
    assert (unchanged.text_hash, unchanged.updated_at) == (vector.text_hash, vector.updated_at)

    budget.summary = "Pupils decide how their school spends part of its budget."
    budget.save_revision().publish()
    changed = ItemVector.objects.get(object_id=budget.pk)
    assert changed.text_hash != vector.text_hash
    assert bytes(changed.vector) != bytes(vector.vector)


def test_deleting_an_item_deletes_its_vector(by_meaning, locales):
    items = add_practices(locales)
    items["playground"].delete()
    assert not ItemVector.objects.filter(object_id=items["playground"].pk).exists()
    assert ItemVector.objects.count() == len(items) - 1


def test_update_semantic_index_makes_the_missing_vectors_and_drops_those_of_deleted_items(locales, settings, capsys):
    settings.SEARCH_SEMANTIC = False
    items = add_practices(locales)
    settings.SEARCH_SEMANTIC = True
    call_command("update_semantic_index")
    assert "5 vectors made, 0 of objects that are gone dropped." in capsys.readouterr().out
    assert set(ItemVector.objects.values_list("object_id", flat=True)) == {page.pk for page in items.values()}

    # A vector whose item went while its vectors were kept elsewhere, e.g. a database restored without them.
    kept = ItemVector.objects.get(object_id=items["budget"].pk)
    ItemVector.objects.create(
        content_type_id=kept.content_type_id, object_id=10**9, text_hash=kept.text_hash, vector=kept.vector
    )
    call_command("update_semantic_index")
    assert "0 vectors made, 1 of objects that are gone dropped." in capsys.readouterr().out
    assert not ItemVector.objects.filter(object_id=10**9).exists()


def test_update_semantic_index_says_when_search_by_meaning_is_off(db, settings):
    settings.SEARCH_SEMANTIC = False
    with pytest.raises(CommandError, match="SEARCH_SEMANTIC"):
        call_command("update_semantic_index")
