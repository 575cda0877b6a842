"""Draft preview for a headless front end (practices.api.preview, practices.editorial.preview_admin, docs/api.md):
signed, expiring tokens per revision and locale, the preview endpoint and the admin page that hands out the link."""

import re
from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth.models import Permission
from django.core import signing

from practices.api.preview import TOKEN_SALT, issue_preview_token
from practices.models import (
    GoodPracticePage,
    MaterialIndexPage,
    MaterialPage,
    PracticeIndexPage,
    TrainingVideoPage,
    VideoIndexPage,
)
from tests.practices.feed_fixtures import FEED, add_page, index_of

PREVIEW = f"{FEED}preview/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(locales):
    """A published Czech practice with a newer, unpublished draft revision."""
    page = add_page(index_of(PracticeIndexPage, locales["cs"]), GoodPracticePage, "Dětský parlament", country="CZ")
    page.title = "Dětský parlament v Brně"
    page.summary = "Koncept nového shrnutí."
    page.save_revision()
    return GoodPracticePage.objects.get(pk=page.pk)


def token_for(page):
    return issue_preview_token(page, page.latest_revision)


def errors(response):
    return response.json()["errors"]


def test_valid_token_returns_the_draft_through_the_feed_serialiser(client, draft):
    response = client.get(PREVIEW, {"token": token_for(draft)})

    assert response.status_code == 200, response.content
    item = response.json()
    assert (item["id"], item["type"], item["locale"]) == (draft.pk, "practice", "cs")
    assert (item["title"], item["summary"]) == ("Dětský parlament v Brně", "Koncept nového shrnutí.")
    published = client.get(f"{FEED}practices/{draft.pk}/").json()
    assert published["title"] == "Dětský parlament"
    assert set(item) == set(published)


@pytest.mark.parametrize(
    ("model", "index_model", "fields", "item_type"),
    [
        (MaterialPage, MaterialIndexPage, {"material_kind": "guide"}, "material"),
        (TrainingVideoPage, VideoIndexPage, {"video_url": "https://www.youtube.com/watch?v=abc"}, "video"),
    ],
)
def test_drafts_of_materials_and_videos_preview_with_their_own_serialiser(
    client, locales, model, index_model, fields, item_type
):
    page = add_page(index_of(index_model, locales["en"]), model, "First title", **fields)
    page.title = "Draft title"
    page.save_revision()

    response = client.get(PREVIEW, {"token": token_for(model.objects.get(pk=page.pk))})

    assert response.status_code == 200, response.content
    assert (response.json()["type"], response.json()["title"]) == (item_type, "Draft title")


def test_preview_is_never_stored_by_shared_caches(client, draft):
    response = client.get(PREVIEW, {"token": token_for(draft)})

    assert response["Cache-Control"] == "private, no-store"
    assert "public" not in response["Cache-Control"]
    assert not response.has_header("ETag")


def test_expired_token_is_refused_naming_the_token(client, draft, settings):
    token = token_for(draft)
    settings.PREVIEW_TOKEN_MAX_AGE = -1

    response = client.get(PREVIEW, {"token": token})

    assert response.status_code == 403
    assert "expired" in errors(response)["token"][0]
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: signing.TimestampSigner(salt="another.salt").sign_object(
            signing.TimestampSigner(salt=TOKEN_SALT).unsign_object(token)
        ),
        lambda token: "not-a-token",
    ],
    ids=["signature", "payload", "other-salt", "garbage"],
)
def test_tampered_token_is_refused_naming_the_token(client, draft, tamper):
    response = client.get(PREVIEW, {"token": tamper(token_for(draft))})

    assert response.status_code == 403
    assert list(errors(response)) == ["token"]


def test_token_of_an_older_revision_is_refused_once_the_page_is_saved_again(client, draft):
    older = token_for(draft)
    draft.title = "Ještě novější koncept"
    draft.save_revision()

    response = client.get(PREVIEW, {"token": older})

    assert response.status_code == 403
    assert "older revision" in errors(response)["token"][0]
    newer = client.get(PREVIEW, {"token": token_for(GoodPracticePage.objects.get(pk=draft.pk))})
    assert newer.json()["title"] == "Ještě novější koncept"


def test_token_claiming_another_locale_is_refused(client, draft):
    claims = {"page": draft.pk, "revision": draft.latest_revision_id, "locale": "en"}
    token = signing.TimestampSigner(salt=TOKEN_SALT).sign_object(claims)

    response = client.get(PREVIEW, {"token": token})

    assert response.status_code == 403
    assert list(errors(response)) == ["token"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [({}, "token"), ({"token": ""}, "token"), ({"token": ["a", "b"]}, "token"), ({"token": "t", "page": "1"}, "page")],
)
def test_missing_or_extra_parameters_are_a_400_naming_them(client, draft, query, parameter):
    response = client.get(PREVIEW, query)

    assert response.status_code == 400
    assert parameter in errors(response)


def test_admin_shows_editors_the_preview_link_of_the_latest_revision(admin_client, client, draft):
    edit = admin_client.get(f"/admin/pages/{draft.pk}/edit/")
    assert f"/admin/practices/preview/{draft.pk}/" in edit.content.decode()

    page = admin_client.get(f"/admin/practices/preview/{draft.pk}/")
    assert page.status_code == 200
    url = unescape(re.search(r'value="([^"]+)"[^>]*data-headless-preview-url', page.content.decode()).group(1))
    assert urlparse(url).path == PREVIEW
    preview = client.get(PREVIEW, {"token": parse_qs(urlparse(url).query)["token"][0]})
    assert preview.json()["title"] == "Dětský parlament v Brně"


def test_admin_preview_link_is_refused_to_users_who_cannot_edit_the_page(client, draft, django_user_model):
    user = django_user_model.objects.create_user(username="reader", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    response = client.get(f"/admin/practices/preview/{draft.pk}/")

    # Wagtail's admin answers PermissionDenied with a redirect to the dashboard and a message.
    assert (response.status_code, response.url) == (302, "/admin/")
