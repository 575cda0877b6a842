"""Each locale's pages go through that locale's reviewers (migration 0021_reviewers_by_locale): a Bulgarian
translation submitted for review becomes a task of the Bulgarian reviewers (and of the "Reviewers" group, who review
every language); a Czech reviewer gets no e-mail and no task for it, may not open, approve or reject it, and reviews
and publishes Czech pages only. Through the real admin views."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState
from wagtail_localize.models import Translation
from wagtail_localize.operations import TranslationCreator

from practices.models import GoodPracticePage, MaterialIndexPage, PracticeIndexPage, VideoIndexPage
from practices.translation.translation_review import SUBMIT
from tests.practices.factories import GoodPracticePageFactory
from tests.practices.role_fixtures import client_for

pytestmark = pytest.mark.django_db

LOCALES = ["en", "cs", "bg", "hr", "nb"]


@pytest.fixture
def submitted_bulgarian(source_practice, bg_translator, bg_translator_client, locales, reviewer, bg_reviewer,
                        cs_reviewer):  # fmt: skip
    """The practice's Bulgarian translation, submitted for review by the Bulgarian translator once the reviewers of
    every language, of Bulgarian and of Czech have their accounts."""
    TranslationCreator(bg_translator, [locales["bg"]]).create_translations(source_practice)
    translation = Translation.objects.get(
        source__object_id=source_practice.translation_key, target_locale=locales["bg"]
    )
    page = GoodPracticePage.objects.get(translation_key=source_practice.translation_key, locale=locales["bg"])
    mail.outbox.clear()
    response = bg_translator_client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), {"action": SUBMIT})
    assert response.status_code == 302
    assert translation.enabled
    page.refresh_from_db()
    assert page.workflow_in_progress
    return page


def workflow_action(client, page, action, comment=""):
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    return client.post(url, {"comment": comment})


@pytest.mark.parametrize("code", LOCALES)
def test_every_locale_has_its_own_workflow_for_its_own_reviewers(locales, code):
    sections = [model.objects.get(locale=locales[code]) for model in (PracticeIndexPage, MaterialIndexPage,
                                                                         VideoIndexPage)]  # fmt: skip
    workflows = {section.get_workflow() for section in sections}
    assert len(workflows) == 1
    (workflow,) = workflows
    assert workflow.name == f"Review and publish ({code})"
    task = workflow.tasks.get().specific
    assert task.name == f"Review by reviewers ({code})"
    assert sorted(group.name for group in task.groups.all()) == ["Reviewers", f"Reviewers ({code})"]


def test_submitted_translation_is_a_task_of_its_locales_reviewers_only(submitted_bulgarian, bg_reviewer, cs_reviewer,
                                                                        reviewer):  # fmt: skip
    notified = {address for message in mail.outbox for address in message.to}
    assert bg_reviewer.email in notified and reviewer.email in notified
    assert cs_reviewer.email not in notified
    assert TaskState.objects.reviewable_by(bg_reviewer).count() == 1
    assert TaskState.objects.reviewable_by(cs_reviewer).count() == 0
    # The dashboard's "Awaiting your review" panel is shown only to those with something to review.
    assert "Awaiting your review" in client_for(bg_reviewer).get(reverse("wagtailadmin_home")).content.decode()
    assert "Awaiting your review" not in client_for(cs_reviewer).get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_reviewer_of_another_locale_is_refused(submitted_bulgarian, cs_reviewer, action):
    czech = client_for(cs_reviewer)

    assert czech.get(reverse("wagtailadmin_pages:edit", args=(submitted_bulgarian.pk,))).status_code == 403
    response = workflow_action(czech, submitted_bulgarian, action, "Looks fine to me.")

    assert response.status_code in (302, 403)
    submitted_bulgarian.refresh_from_db()
    assert not submitted_bulgarian.live
    assert submitted_bulgarian.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert submitted_bulgarian.current_workflow_task_state.status == "in_progress"


def test_locales_reviewer_approves_and_the_translation_goes_live(submitted_bulgarian, bg_reviewer):
    response = workflow_action(client_for(bg_reviewer), submitted_bulgarian, "approve", "Checked.")

    assert response.status_code == 302
    submitted_bulgarian.refresh_from_db()
    assert submitted_bulgarian.live
    assert submitted_bulgarian.current_workflow_state is None


def test_locale_reviewer_publishes_in_their_locale_only(cs_reviewer, locales):
    czech_section = PracticeIndexPage.objects.get(locale=locales["cs"])
    english = GoodPracticePageFactory(parent=PracticeIndexPage.objects.get(locale=locales["en"]))
    czech = GoodPracticePageFactory(parent=czech_section, live=False)

    assert czech.permissions_for_user(cs_reviewer).can_publish()
    assert not english.permissions_for_user(cs_reviewer).can_edit()
    assert client_for(cs_reviewer).get(reverse("wagtailadmin_pages:edit", args=(english.pk,))).status_code == 403
