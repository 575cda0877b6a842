"""Translation work reaches review (practices.translation.translation_review): in wagtail-localize's translation editor
a translator saves a draft and submits it to the locale's workflow, a reviewer rejects with a comment or approves, and
approval publishes the translation, which the feed's change log records; e-mails go to the reviewers and back to the
translator. Through the real admin views."""

import json
import re

import pytest
from django.core import mail
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail_localize.models import StringSegment, Translation
from wagtail_localize.operations import TranslationCreator

from practices.models import ChangeRecord, GoodPracticePage
from practices.translation.translation_review import SAVE_DRAFT, SUBMIT
from tests.practices.role_fixtures import client_for, member_of

pytestmark = pytest.mark.django_db

SUMMARY = "Pupils advise the city council."


@pytest.fixture
def bulgarian(source_practice, bg_translator, locales):
    """The practice's Bulgarian translation, started by the Bulgarian translator (a draft, never published)."""
    TranslationCreator(bg_translator, [locales["bg"]]).create_translations(source_practice)
    return Translation.objects.get(source__object_id=source_practice.translation_key, target_locale=locales["bg"])


def target(translation):
    return GoodPracticePage.objects.get(translation_key=translation.source.object_id, locale=translation.target_locale)


def edit_url(translation):
    return reverse("wagtailadmin_pages:edit", args=(target(translation).pk,))


def type_string(client, translation, source_text, value):
    """What the translation editor sends when a string is typed in."""
    segment = StringSegment.objects.get(source=translation.source, string__data=source_text)
    url = reverse("wagtail_localize:edit_string_translation", args=(translation.pk, segment.pk))
    response = client.put(url, encode_multipart(BOUNDARY, {"value": value}), content_type=MULTIPART_CONTENT)
    assert response.status_code in (200, 201), response.content  # 201 for a first translation, 200 for a change


def editor_props(response):
    """The props wagtail-localize hands to its React editor (its action menu reads ``perms``)."""
    return json.loads(re.search(rb'data-props="([^"]*)"', response.content).group(1).decode().replace("&quot;", '"'))


def review(client, translation, action, comment):
    """What a reviewer does in the translation editor's review bar: type a comment, press the action's button."""
    page = target(translation)
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, page.current_workflow_task_state.pk))
    assert f'formaction="{url}"'.encode() in client.get(edit_url(translation)).content
    return client.post(url, {"comment": comment, "next": edit_url(translation)})


def test_translator_is_offered_save_draft_and_submit_but_not_publish(bg_translator_client, bulgarian):
    response = bg_translator_client.get(edit_url(bulgarian))
    assert response.status_code == 200
    assert f'value="{SAVE_DRAFT}"'.encode() in response.content
    assert f'value="{SUBMIT}"'.encode() in response.content
    assert b"Submit to Review and publish" in response.content
    assert editor_props(response)["perms"]["canPublish"] is False


def test_reviewer_keeps_publish_beside_save_draft(reviewer_client, bulgarian):
    response = reviewer_client.get(edit_url(bulgarian))
    assert editor_props(response)["perms"]["canPublish"] is True
    assert f'value="{SAVE_DRAFT}"'.encode() in response.content


def test_save_draft_keeps_the_translated_strings_in_a_revision_without_publishing(bg_translator_client, bulgarian):
    type_string(bg_translator_client, bulgarian, SUMMARY, "Учениците съветват общинския съвет.")
    response = bg_translator_client.post(edit_url(bulgarian), {"action": SAVE_DRAFT})
    assert response.status_code == 302
    page = target(bulgarian)
    assert not page.live
    assert page.get_latest_revision().as_object().summary == "Учениците съветват общинския съвет."
    assert page.get_latest_revision().user.username == "boyana"
    assert not page.workflow_in_progress


def test_translator_cannot_publish_from_the_translation_editor(bg_translator_client, bulgarian):
    response = bg_translator_client.post(edit_url(bulgarian), {"action": "publish"})
    assert response.status_code == 403
    assert not target(bulgarian).live


def test_submitted_translation_is_rejected_with_a_comment_then_approved_and_published(
    bg_translator_client, bg_translator, reviewer_client, reviewer, bulgarian
):
    type_string(bg_translator_client, bulgarian, SUMMARY, "Учениците съветват съвета.")
    mail.outbox.clear()
    assert bg_translator_client.post(edit_url(bulgarian), {"action": SUBMIT}).status_code == 302
    page = target(bulgarian)
    assert page.workflow_in_progress and not page.live
    assert any(reviewer.email in message.to for message in mail.outbox)
    # In review, the page is locked for the translator: no more saving or submitting.
    assert f'value="{SAVE_DRAFT}"'.encode() not in bg_translator_client.get(edit_url(bulgarian)).content

    mail.outbox.clear()
    assert review(reviewer_client, bulgarian, "reject", "Use 'общинския съвет'.").status_code == 302
    page.refresh_from_db()
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    told = [message for message in mail.outbox if bg_translator.email in message.to]
    assert told and "Use 'общинския съвет'." in told[0].body

    type_string(bg_translator_client, bulgarian, SUMMARY, "Учениците съветват общинския съвет.")
    assert bg_translator_client.post(edit_url(bulgarian), {"action": SUBMIT}).status_code == 302
    page.refresh_from_db()
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    mail.outbox.clear()
    assert review(reviewer_client, bulgarian, "approve", "Good.").status_code == 302
    page = target(bulgarian)
    assert page.live
    assert page.summary == "Учениците съветват общинския съвет."
    assert any(bg_translator.email in message.to for message in mail.outbox)
    assert ChangeRecord.objects.filter(locale="bg", action="published", translation_key=page.translation_key).exists()
    changes = Client().get("/api/feed/v1/changes/").json()["results"]
    assert any(change["locale"] == "bg" and change["action"] == "published" for change in changes), changes


def test_translator_of_another_locale_cannot_save_or_submit(django_user_model, bulgarian):
    czech_client = client_for(member_of(django_user_model, "translators-cs", "cyril"))
    for action in (SAVE_DRAFT, SUBMIT):
        assert czech_client.post(edit_url(bulgarian), {"action": action}).status_code == 403
    assert not target(bulgarian).workflow_in_progress


def sync_url(translation):
    return reverse("wagtail_localize:update_translations", args=(translation.source_id,))


def test_translator_syncs_a_changed_source_without_publishing_and_resubmits(
    bg_translator_client,
    reviewer_client,
    bulgarian,
    source_practice,
):
    type_string(bg_translator_client, bulgarian, SUMMARY, "Учениците съветват общинския съвет.")
    bg_translator_client.post(edit_url(bulgarian), {"action": SUBMIT})
    review(reviewer_client, bulgarian, "approve", "")
    source_practice.summary = "Pupils advise the city council every month."
    source_practice.save_revision().publish()

    assert bg_translator_client.post(sync_url(bulgarian), {"publish_translations": "on"}).status_code == 403
    assert bg_translator_client.post(sync_url(bulgarian), {}).status_code == 302
    type_string(bg_translator_client, bulgarian, source_practice.summary, "Учениците съветват съвета всеки месец.")
    assert bg_translator_client.post(edit_url(bulgarian), {"action": SUBMIT}).status_code == 302
    page = target(bulgarian)
    assert page.summary == "Учениците съветват общинския съвет."  # live stays as approved until the review
    assert page.workflow_in_progress
    assert page.get_latest_revision().as_object().summary == "Учениците съветват съвета всеки месец."


def test_reviewer_may_sync_and_publish_at_once(reviewer_client, bulgarian, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes once the sync commits
        response = reviewer_client.post(sync_url(bulgarian), {"publish_translations": "on"})
    assert response.status_code == 302
    assert target(bulgarian).live
