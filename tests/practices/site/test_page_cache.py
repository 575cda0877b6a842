"""The public pages' full-page cache (practices.site.page_cache): a repeated anonymous request is answered in one query,
a publish, unpublish or translation is in the very next response, and nothing of one reader — an editor's userbar,
a CSRF token, a CSP nonce — reaches another."""

import re

import pytest
from csp.middleware import CSPMiddleware
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from practices.models import GoodPracticePage
from practices.site.page_cache import is_shared_response
from tests.practices.feed_fixtures import publish

PRACTICE = "/en/practices/youth-parliament-of-brno/"
PAGES = [
    pytest.param("/en/", id="home"),
    pytest.param("/en/practices/", id="listing"),
    pytest.param("/en/practices/?theme=youth&sort=title", id="filtered-listing"),
    pytest.param(PRACTICE, id="practice"),
    pytest.param("/en/materials/future-city-game-guide/", id="material"),
    pytest.param("/en/videos/running-a-round-table/", id="video"),
    pytest.param("/en/practices/map/", id="map"),
    pytest.param("/en/practices/map/geojson/", id="map-geojson"),
]
# A hit reads the content generation, and nothing else.
HIT_QUERIES = 1


def english_practice():
    return GoodPracticePage.objects.get(url_path__endswith="/youth-parliament-of-brno/", locale__language_code="en")


def warm(client, path):
    """Request ``path`` until it is kept: the first rendering of a page makes its images' renditions, a write that
    starts a new generation, so its response is kept under the generation before it."""
    client.get(path)
    return client.get(path)


@pytest.mark.parametrize("path", PAGES)
def test_repeated_anonymous_page_is_answered_in_one_query(client, feed_content, django_assert_max_num_queries, path):
    rendered = warm(client, path)
    with django_assert_max_num_queries(HIT_QUERIES):
        cached = client.get(path)

    assert rendered.status_code == cached.status_code == 200
    assert cached.content == rendered.content
    assert cached["Content-Type"] == rendered["Content-Type"]
    # The policy is the middleware's, on every answer.
    assert cached["Content-Security-Policy"] == rendered["Content-Security-Policy"]


def test_query_string_and_language_make_their_own_pages(client, feed_content):
    english = warm(client, "/en/practices/").content.decode()
    filtered = warm(client, "/en/practices/?theme=environment").content.decode()
    czech = warm(client, "/cs/dobra-praxe/").content.decode()

    assert "Youth parliament of Brno" in english
    assert "Youth parliament of Brno" not in filtered
    assert "NGO network of Kyustendil" in filtered
    assert '<html lang="cs"' in czech


def test_publish_is_visible_on_the_next_request(client, feed_content):
    warm(client, PRACTICE)
    warm(client, "/en/practices/")
    practice = english_practice()
    practice.title = "Youth parliament of Brno, ten years on"
    publish(practice)

    assert "Youth parliament of Brno, ten years on" in client.get(PRACTICE).content.decode()
    assert "Youth parliament of Brno, ten years on" in client.get("/en/practices/").content.decode()


def test_unpublish_is_visible_on_the_next_request(client, feed_content):
    warm(client, PRACTICE)
    english_practice().unpublish()

    assert client.get(PRACTICE).status_code == 404
    assert "Youth parliament of Brno" not in client.get("/en/practices/").content.decode()


def test_new_translation_is_visible_on_the_next_request(client, feed_content, locales):
    alternate = '<link rel="alternate" hreflang="bg"'
    practice = english_practice()
    before = warm(client, PRACTICE).content.decode()
    assert alternate not in before
    translation = practice.copy_for_translation(locales["bg"], copy_parents=True, alias=False)
    translation.title = "Младежки парламент на Бърно"
    publish(translation)

    assert alternate in client.get(PRACTICE).content.decode()


def test_editor_with_a_session_is_served_the_rendered_page(client, feed_content, admin_user):
    anonymous = warm(client, PRACTICE)
    editor = Client()
    editor.force_login(admin_user)

    with CaptureQueriesContext(connection) as queries:
        page = editor.get(PRACTICE)

    assert len(queries) > HIT_QUERIES  # rendered for the editor, not read from the cache
    assert page.content == anonymous.content


def test_password_form_keeps_each_readers_csrf_token(feed_content):
    practice = english_practice()
    restriction = PageViewRestriction.objects.create(
        page=practice, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    tokens = set()
    for _ in range(3):
        reader = Client()
        form = reader.get(PRACTICE).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        tokens.add(token)
        # The token on the page is the one this reader's cookie can use: the password is accepted.
        unlock = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, practice.pk])
        accepted = reader.post(unlock, {"csrfmiddlewaretoken": token, "password": "x", "return_url": PRACTICE})
        assert accepted.status_code == 302
        assert "Youth parliament of Brno" in reader.get(PRACTICE).content.decode()
    assert len(tokens) == 3


def test_response_that_used_a_nonce_is_not_shared(rf: RequestFactory):
    request = rf.get(PRACTICE)
    CSPMiddleware(lambda request: HttpResponse()).process_request(request)
    shareable = is_shared_response(request, HttpResponse("<p>a page</p>"))
    str(request.csp_nonce)  # as a template's nonce="{{ request.csp_nonce }}" does

    assert shareable
    assert not is_shared_response(request, HttpResponse("<p>a page</p>"))
