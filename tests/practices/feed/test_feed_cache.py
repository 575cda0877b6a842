"""The feed's response cache (practices.feed.cache): a repeated request is served from the cache in one query,
and any change to what an item shows — its page, a term, an organisation, an image, a document, a related item,
a translation — is in the very next response."""

import pytest
from django.core.cache import cache
from django.db import transaction

from practices.feed.cache import bump_content_generation, content_generation
from practices.models import PracticePartner
from tests.practices.feed_fixtures import FEED, publish

# The feed's fixtures, bound here so that pytest finds them for this module only.

PRACTICES = f"{FEED}practices/?page_size=50"
MATERIALS = f"{FEED}materials/"
# A cold list of feed_content: 24 queries measured (the generation is one); a warm one reads the generation alone.
COLD_QUERY_BOUND = 25
WARM_QUERY_BOUND = 1


def item(body, page):
    return next((entry for entry in body["results"] if entry["id"] == page.pk), None)


def test_repeated_list_is_served_from_the_cache_in_one_query(client, feed_content, django_assert_max_num_queries):
    first = client.get(PRACTICES)  # also makes the renditions, which is a write: the next response is cold
    cache.clear()
    with django_assert_max_num_queries(COLD_QUERY_BOUND):
        cold = client.get(PRACTICES)
    with django_assert_max_num_queries(WARM_QUERY_BOUND):
        warm = client.get(PRACTICES)
    assert warm.content == cold.content == first.content
    assert warm["ETag"] == cold["ETag"]
    assert warm["Last-Modified"] == cold["Last-Modified"]
    assert warm["Content-Type"] == "application/json"


@pytest.mark.parametrize("path", [PRACTICES, f"{FEED}practices/en/youth-parliament-of-brno/", MATERIALS])
def test_conditional_request_is_answered_from_the_cache(client, feed_content, django_assert_max_num_queries, path):
    client.get(path)  # makes the renditions, a write: this response is kept under the generation before it
    etag = client.get(path)["ETag"]
    with django_assert_max_num_queries(WARM_QUERY_BOUND):
        response = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_cached_responses_link_to_the_site_base_url_whatever_the_host(client, feed_content, settings):
    # Links come from SITE_BASE_URL, never from the request's Host, so one cached answer serves every host.
    client.get(PRACTICES)
    other = client.get(PRACTICES, HTTP_HOST="partner.example.org")
    assert other.json()["results"][0]["api_url"].startswith(f"{settings.SITE_BASE_URL}/")


def test_bad_parameters_are_not_cached(client, feed_content):
    assert client.get(f"{FEED}practices/?theme=yuoth").status_code == 400
    assert client.get(f"{FEED}practices/?theme=yuoth").status_code == 400


def rename_theme(content):
    content["youth"].name = "Young citizens"
    content["youth"].save()


def rename_organisation(content):
    content["brno"].name = "Brno City Hall"
    content["brno"].save()


def retitle_image(content):
    content["image"].title = "Voting day"
    content["image"].save()


def retitle_document(content):
    content["document"].title = "Future City Game handbook"
    content["document"].save()


def change_partner_role(content):
    partner = PracticePartner.objects.get(page=content["practice"], role="trainer")
    partner.role = "host"
    partner.save()


def republish_with_new_title(content):
    page = content["practice"]
    page.title = "Youth parliament of Brno, second edition"
    publish(page)


def unpublish_practice(content):
    content["practice"].unpublish()


def unpublish_related_material(content):
    content["material"].unpublish()


def unpublish_translation(content):
    content["practice_cs"].unpublish()


def practice_of(body, content):
    return item(body, content["practice"])


# (change, list, what the next response must show)
CHANGES = {
    "theme renamed": (rename_theme, PRACTICES, lambda b, c: practice_of(b, c)["themes"][0]["name"] == "Young citizens"),
    "organisation renamed": (
        rename_organisation,
        PRACTICES,
        lambda b, c: practice_of(b, c)["lead_organisation"]["name"] == "Brno City Hall",
    ),
    "image retitled": (
        retitle_image,
        PRACTICES,
        lambda b, c: practice_of(b, c)["gallery"][0]["image"]["title"] == "Voting day",
    ),
    "document retitled": (
        retitle_document,
        MATERIALS,
        lambda b, c: item(b, c["material"])["documents"][0]["title"] == "Future City Game handbook",
    ),
    "partner's role changed": (
        change_partner_role,
        PRACTICES,
        lambda b, c: practice_of(b, c)["partners"][0]["role"] == "host",
    ),
    "page republished": (
        republish_with_new_title,
        PRACTICES,
        lambda b, c: practice_of(b, c)["title"] == "Youth parliament of Brno, second edition",
    ),
    "page unpublished": (unpublish_practice, PRACTICES, lambda b, c: practice_of(b, c) is None),
    "related material unpublished": (
        unpublish_related_material,
        PRACTICES,
        lambda b, c: practice_of(b, c)["related_materials"] == [],
    ),
    "translation unpublished": (unpublish_translation, PRACTICES, lambda b, c: practice_of(b, c)["translations"] == {}),
}


@pytest.mark.parametrize("name", list(CHANGES))
def test_next_response_shows_every_change(client, feed_content, name):
    change, path, shows = CHANGES[name]
    client.get(path)
    before = client.get(path)  # from the cache
    assert not shows(before.json(), feed_content)
    change(feed_content)
    after = client.get(path)
    assert shows(after.json(), feed_content)
    assert after["ETag"] != before["ETag"]
    assert client.get(path, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


def test_detail_shows_a_renamed_theme(client, feed_content):
    path = f"{FEED}practices/{feed_content['practice'].pk}/"
    client.get(path)
    rename_theme(feed_content)
    assert client.get(path).json()["themes"][0]["name"] == "Young citizens"


def test_writes_in_one_transaction_bump_the_generation_once(feed_content, django_assert_num_queries):
    with transaction.atomic():
        bump_content_generation()
        with django_assert_num_queries(0):
            bump_content_generation()
        token = content_generation()
        bump_content_generation()  # read since: another bump, so that this connection sees the next write
        assert content_generation() != token


def test_a_rolled_back_bump_does_not_hold_back_the_next(feed_content):
    token = content_generation()
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            bump_content_generation()
            raise RuntimeError
        bump_content_generation()  # the first bump was rolled back with its savepoint: this one must write
    assert content_generation() != token
