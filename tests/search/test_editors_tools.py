"""Editors' search tools: promoted results (wagtail.contrib.search_promotions) first in the search API, Wagtail's
daily query statistics fed by the API, and the admin report of searches that found nothing."""

import pytest
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from practices.models import GoodPracticePage, PracticeIndexPage
from search.models import UnansweredQueryDailyHits
from search.statistics import record_search
from tests.practices.feed_fixtures import add_page, index_of

SEARCH = "/api/feed/v1/search/"


@pytest.fixture
def practices(locales):
    czech = index_of(PracticeIndexPage, locales["cs"])
    return {
        "youth": add_page(czech, GoodPracticePage, "Participace mládeže v obci", slug="participace-mladeze"),
        "council": add_page(
            czech, GoodPracticePage, "Zastupitelstvo a mládež", slug="zastupitelstvo", lessons_learned="Mládež."
        ),
        "budget": add_page(czech, GoodPracticePage, "Participativní rozpočet", slug="rozpocet"),
        "english": add_page(index_of(PracticeIndexPage, locales["en"]), GoodPracticePage, "Youth", slug="youth"),
    }


def promote(query_string, *pages):
    query = Query.get(query_string)
    for order, page in enumerate(pages):
        SearchPromotion.objects.create(query=query, page=page, sort_order=order, description="")


def slugs(client, **parameters):
    return [result["slug"] for result in client.get(SEARCH, parameters).json()["results"]]


def test_promoted_item_comes_first_even_without_matching(client, practices):
    assert "rozpocet" not in slugs(client, q="mládež", locale="cs")
    promote("Mládež", practices["budget"], practices["youth"])
    assert slugs(client, q="mládež", locale="cs") == ["rozpocet", "participace-mladeze", "zastupitelstvo"]


def test_promoted_item_of_another_locale_is_not_shown(client, practices):
    promote("mládež", practices["english"])
    assert "youth" not in slugs(client, q="mládež", locale="cs")


def test_search_api_records_daily_hits_and_searches_without_results(client, practices):
    client.get(SEARCH, {"q": "mládež", "locale": "cs"})
    client.get(SEARCH, {"q": "Mládež ", "locale": "cs"})
    client.get(SEARCH, {"q": "qqqzzz", "locale": "cs"})
    assert Query.get("mládež").hits == 2
    assert Query.get("qqqzzz").hits == 1
    assert [(row.query.query_string, row.hits) for row in UnansweredQueryDailyHits.objects.all()] == [("qqqzzz", 1)]


def test_control_characters_are_dropped_from_recorded_queries(db):
    # PostgreSQL refuses NUL in text: recording such a query must neither fail nor keep the characters.
    record_search("obec\x00\x07 mládež", 0)
    assert [(query.query_string, query.hits) for query in Query.objects.all()] == [("obec mládež", 1)]
    assert UnansweredQueryDailyHits.objects.get().query.query_string == "obec mládež"


def test_report_lists_searches_without_results_most_frequent_first(admin_client, practices, client):
    for query in ["qqqzzz", "wwwyyy", "wwwyyy", "mládež"]:
        client.get(SEARCH, {"q": query, "locale": "cs"})
    response = admin_client.get(reverse("hub_search_reports:unanswered"))
    assert response.status_code == 200
    rows = response.context["object_list"]
    assert [(query.query_string, query._hits) for query in rows] == [("wwwyyy", 2), ("qqqzzz", 1)]


def test_report_and_wagtail_search_terms_are_in_the_reports_menu(admin_client, practices):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert reverse("hub_search_reports:unanswered") in response.content.decode()
    assert reverse("wagtailsearchpromotions:search_terms") in response.content.decode()
    assert admin_client.get(reverse("wagtailsearchpromotions:search_terms")).status_code == 200


def test_report_is_for_administrators_only(client, django_user_model):
    editor = django_user_model.objects.create_user(username="reader", password="pw")
    client.force_login(editor)
    assert client.get(reverse("hub_search_reports:unanswered")).status_code in (302, 403)
