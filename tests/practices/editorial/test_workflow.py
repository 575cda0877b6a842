"""The "Review and publish" workflow through the admin views: an editor submits, a reviewer approves (or asks for
changes) with a comment, the page goes live, e-mails go out and the audit log records each step; and scheduled
publishing and expiry with ``publish_scheduled`` for every page type."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision, WorkflowState

from practices.choices import TranslationOrigin
from practices.models import (
    GoodPracticePage,
    MaterialIndexPage,
    MaterialPage,
    PracticeIndexPage,
    TrainingVideoPage,
    VideoIndexPage,
)
from tests.practices.factories import good_practice_form_data, material_form_data, training_video_form_data

pytestmark = pytest.mark.django_db

FORMS = {
    GoodPracticePage: good_practice_form_data,
    MaterialPage: material_form_data,
    TrainingVideoPage: training_video_form_data,
}
SECTIONS = {GoodPracticePage: PracticeIndexPage, MaterialPage: MaterialIndexPage, TrainingVideoPage: VideoIndexPage}


def form_data(page_model, title, action, **fields):
    """The admin form's POST data, written by a person (the field every knowledge page requires)."""
    return FORMS[page_model](title, action, translation_origin=TranslationOrigin.HUMAN, **fields)


def add_url(parent, page_model):
    return reverse("wagtailadmin_pages:add", args=(page_model._meta.app_label, page_model._meta.model_name, parent.pk))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def actions(page):
    return list(PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk").values_list("action", flat=True))


def submit_practice(client, practice_index, title="Youth parliament of Brno"):
    response = client.post(
        add_url(practice_index, GoodPracticePage), form_data(GoodPracticePage, title, "action-submit")
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return GoodPracticePage.objects.get(title=title)


def workflow_action(client, page, action, comment=""):
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    return client.post(url, {"comment": comment})


def test_editor_submits_and_reviewer_approves_with_comment(editor_client, reviewer_client, editor, reviewer,
                                                           practice_index):  # fmt: skip
    practice = submit_practice(editor_client, practice_index)
    assert not practice.live
    assert practice.workflow_in_progress
    submitted = [message for message in mail.outbox if reviewer.email in message.to]
    assert submitted and "Youth parliament of Brno" in submitted[0].subject
    assert editor.email not in {address for message in mail.outbox for address in message.to}
    mail.outbox.clear()

    response = workflow_action(reviewer_client, practice, "approve", comment="Checked against the city's report.")
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.live
    assert practice.get_latest_revision().user == editor
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(practice.pk))
    assert state.status == WorkflowState.STATUS_APPROVED
    approved = [message for message in mail.outbox if editor.email in message.to]
    assert approved and "approved" in approved[0].subject.lower()
    log = actions(practice)
    for action in ("wagtail.create", "wagtail.workflow.start", "wagtail.workflow.approve", "wagtail.publish"):
        assert action in log
    approval = PageLogEntry.objects.get(page=practice, action="wagtail.workflow.approve")
    assert approval.user == reviewer
    assert approval.data["comment"] == "Checked against the city's report."


def test_reviewer_asks_for_changes_and_the_editor_is_told(editor_client, reviewer_client, editor, practice_index):
    practice = submit_practice(editor_client, practice_index)
    mail.outbox.clear()
    response = workflow_action(reviewer_client, practice, "reject", comment="Add the project's budget.")
    assert response.status_code == 302
    practice.refresh_from_db()
    assert not practice.live
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(practice.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    rejected = [message for message in mail.outbox if editor.email in message.to]
    assert rejected and "Add the project's budget." in rejected[0].body
    assert "wagtail.workflow.reject" in actions(practice)


def test_editor_cannot_publish(editor_client, practice_index):
    response = editor_client.post(
        add_url(practice_index, GoodPracticePage), form_data(GoodPracticePage, "Round tables", "action-publish")
    )
    practice = GoodPracticePage.objects.get(title="Round tables")
    assert response.status_code == 302
    assert not practice.live
    assert "wagtail.publish" not in actions(practice)
    edit_form = editor_client.get(edit_url(practice))
    assert edit_form.status_code == 200
    assert b'name="action-publish"' not in edit_form.content
    assert b'name="action-submit"' in edit_form.content
    editor_client.post(edit_url(practice), form_data(GoodPracticePage, "Round tables", "action-publish"))
    practice.refresh_from_db()
    assert not practice.live


def test_editor_cannot_approve_a_submission(editor_client, django_user_model, practice_index):
    practice = submit_practice(editor_client, practice_index)
    workflow_action(editor_client, practice, "approve", comment="Looks good to me.")
    practice.refresh_from_db()
    assert not practice.live
    assert "wagtail.workflow.approve" not in actions(practice)


def schedule(client, page_model, locale_code="en", **moments):
    parent = SECTIONS[page_model].objects.get(locale__language_code=locale_code)
    title = f"Scheduled {page_model._meta.model_name}"
    fields = {name: moment.strftime("%Y-%m-%d %H:%M") for name, moment in moments.items()}
    response = client.post(add_url(parent, page_model), form_data(page_model, title, "action-publish", **fields))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return page_model.objects.get(title=title)


@pytest.mark.parametrize("page_model", [GoodPracticePage, MaterialPage, TrainingVideoPage])
def test_scheduled_publishing_and_expiry_for_every_page_type(reviewer_client, page_model):
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    page = schedule(reviewer_client, page_model, go_live_at=tomorrow, expire_at=tomorrow + datetime.timedelta(days=7))
    assert not page.live
    assert "wagtail.publish.schedule" in actions(page)
    revision = page.scheduled_revision
    assert revision is not None

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live  # not yet due

    # The day comes: move the scheduled moment (on the revision and in its content) into the past.
    due = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = due.isoformat()
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=due, content=revision.content)
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert "wagtail.publish.scheduled" in actions(page)

    # A week later it expires.
    Page.objects.filter(pk=page.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live
    assert page.expired
    assert "wagtail.unpublish.scheduled" in actions(page)


def test_reviewer_unpublishes_through_admin_and_it_is_logged(reviewer_client, practice_index):
    page = schedule(reviewer_client, GoodPracticePage)
    assert page.live
    response = reviewer_client.post(reverse("wagtailadmin_pages:unpublish", args=(page.pk,)))
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert actions(page)[-1] == "wagtail.unpublish"
