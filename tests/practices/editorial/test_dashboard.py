"""The knowledge base's dashboard panels (practices.editorial.dashboard): items per type and locale, untranslated
counts, items waiting for review, recently published items, and the verification that is more than a year old, with the
one-click re-verify that records who and when."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupApprovalTask, PageLogEntry, Workflow, WorkflowTask

from practices.models import GoodPracticePage, PracticeIndexPage
from tests.practices.factories import GoodPracticePageFactory, MaterialPageFactory

HOME = reverse("wagtailadmin_home")
TWO_YEARS_AGO = datetime.date.today() - datetime.timedelta(days=730)


def published(page):
    page.save_revision().publish()
    return page


def panel(response, name):
    """The HTML of one dashboard panel, from its id to the next panel."""
    html = response.content.decode()
    start = html.index(f'id="{name}-section"')
    end = html.find('class="w-panel w-panel--dashboard"', start)
    return html[start : end if end > 0 else len(html)]


@pytest.fixture
def knowledge_base(home_pages, locales):
    english = published(
        GoodPracticePageFactory(title="Youth parliament", last_verified_at=TWO_YEARS_AGO, last_verified_by="Jana")
    )
    czech_index = PracticeIndexPage.objects.get(locale=locales["cs"])
    published(
        GoodPracticePageFactory(
            title="Parlament mladých", parent=czech_index, locale=locales["cs"], translation_key=english.translation_key
        )
    )
    published(GoodPracticePageFactory(title="Participatory budget", last_verified_at=datetime.date.today()))
    MaterialPageFactory(title="Handbook draft", live=False)
    return english


def test_items_per_type_and_locale_and_untranslated(admin_client, knowledge_base):
    response = admin_client.get(HOME)
    assert response.status_code == 200
    html = panel(response, "kb-items-per-locale")
    # en: two practices and a material; cs: one practice. Three items in all: two lack cs, three lack bg.
    assert "<tr><td>Practices</td><td>2</td><td>1</td><td>0</td><td>0</td><td>0</td></tr>" in html
    assert "<tr><td>Materials</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>" in html
    assert "<td>0</td><td>2</td><td>3</td><td>3</td><td>3</td></tr>" in html
    assert reverse("translation_overview") in html


def test_recently_published_lists_live_items_newest_first(admin_client, knowledge_base):
    html = panel(admin_client.get(HOME), "kb-recently-published")
    assert html.index("Participatory budget") < html.index("Parlament mladých") < html.index("Youth parliament")
    assert "Handbook draft" not in html


def test_waiting_for_review_appears_once_an_item_is_in_a_workflow(admin_client, admin_user, knowledge_base):
    assert 'id="kb-waiting-for-review-section"' not in admin_client.get(HOME).content.decode()
    workflow = Workflow.objects.create(name="Review before publishing")
    WorkflowTask.objects.create(workflow=workflow, task=GroupApprovalTask.objects.create(name="Review"), sort_order=0)
    knowledge_base.save_revision(user=admin_user)
    workflow.start(knowledge_base, admin_user)
    html = panel(admin_client.get(HOME), "kb-waiting-for-review")
    assert "1 item is waiting for review." in html
    assert reverse("wagtailadmin_pages:edit", args=[knowledge_base.pk]) in html


def test_verification_due_lists_items_verified_more_than_a_year_ago(admin_client, knowledge_base):
    html = panel(admin_client.get(HOME), "kb-verification-due")
    assert "1 item was last verified more than a year ago." in html
    assert "Youth parliament" in html and "Participatory budget" not in html
    assert reverse("kb_reverify", args=[knowledge_base.pk]) in html


def test_reverify_records_who_and_when_and_publishes(admin_client, admin_user, knowledge_base):
    admin_user.first_name, admin_user.last_name = "Petra", "Nováková"
    admin_user.save()
    response = admin_client.post(reverse("kb_reverify", args=[knowledge_base.pk]))
    assert response.status_code == 302
    page = GoodPracticePage.objects.get(pk=knowledge_base.pk)
    assert (page.last_verified_at, page.last_verified_by) == (timezone.localdate(), "Petra Nováková")
    assert page.live and not page.has_unpublished_changes
    assert page.get_latest_revision_as_object().last_verified_by == "Petra Nováková"
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish", user=admin_user).exists()
    assert "Youth parliament" not in panel(admin_client.get(HOME), "kb-verification-due")


def test_reverify_keeps_a_pending_draft(admin_client, knowledge_base):
    knowledge_base.title = "Youth parliament (draft)"
    knowledge_base.save_revision()
    admin_client.post(reverse("kb_reverify", args=[knowledge_base.pk]))
    page = GoodPracticePage.objects.get(pk=knowledge_base.pk)
    assert page.title == "Youth parliament" and page.has_unpublished_changes
    assert page.last_verified_at == timezone.localdate()
    draft = page.get_latest_revision_as_object()
    assert draft.title == "Youth parliament (draft)" and draft.last_verified_at == timezone.localdate()


def test_reverify_needs_publish_permission_and_a_post(client, admin_client, django_user_model, knowledge_base):
    user = django_user_model.objects.create_user(username="reader", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    # Wagtail's admin answers a refusal with its dashboard and a message.
    refused = client.post(reverse("kb_reverify", args=[knowledge_base.pk]), follow=True)
    assert "Sorry, you do not have permission to access this area." in refused.content.decode()
    assert admin_client.get(reverse("kb_reverify", args=[knowledge_base.pk])).status_code == 405
    assert GoodPracticePage.objects.get(pk=knowledge_base.pk).last_verified_at == TWO_YEARS_AGO
