"""Publishing a source page makes its translations out of date and queues a job that saves fresh drafts of them;
a whole section is synchronised by one background job, chunk by chunk, with progress."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_tasks import default_task_backend
from wagtail.models import Page
from wagtail_localize.operations import TranslationCreator

from practices.models import GoodPracticePage, PracticeIndexPage, TranslationSyncJob, TranslationSyncStatus
from practices.tasks import sync_page_translations, sync_translation_subtree
from practices.translation import translation_sync
from tests.practices.factories import GoodPracticePageFactory
from tests.practices.feed_fixtures import locales_by_code
from tests.practices.translation_fixtures import build_source_practice, build_translations, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_tasks(settings):
    """Tasks are kept, not run: the test sees what publishing queued and runs it itself."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    return default_task_backend.results


def change_and_publish(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    return publish(page)


def test_new_translation_of_a_live_page_is_a_draft(source_practice, translations, locales):
    croatian = translations["hr"].get_target_instance()
    assert source_practice.live and not croatian.live


def test_publishing_the_source_marks_translations_out_of_date_and_queues_a_sync(
    source_practice, translations, queued_tasks, django_capture_on_commit_callbacks
):
    assert not translation_sync.out_of_date_translations(source_practice).exists()
    with django_capture_on_commit_callbacks(execute=True):
        change_and_publish(source_practice, summary="Pupils advise the council twice a year.", budget_amount=99000)
    assert set(translation_sync.out_of_date_translations(source_practice)) == {translations["bg"], translations["hr"]}
    assert [result.args for result in queued_tasks if result.task.name == "sync_page_translations"] == [
        [source_practice.pk, None]
    ]


def test_sync_updates_the_draft_and_leaves_the_live_translation_alone(source_practice, translations, locales):
    bulgarian = translations["bg"].get_target_instance().specific
    live_revision_id = bulgarian.live_revision_id
    change_and_publish(
        source_practice,
        summary="Pupils advise the council twice a year.",
        lessons_learned="Start small.",
        budget_amount=99000,
    )
    sync_page_translations.call(source_practice.pk)

    assert not translation_sync.out_of_date_translations(source_practice).exists()
    bulgarian = GoodPracticePage.objects.get(pk=bulgarian.pk)
    # Live content unchanged, not republished; the new text and facts wait in a draft revision.
    assert (bulgarian.live_revision_id, bulgarian.summary, bulgarian.budget_amount) == (
        live_revision_id,
        "Учениците съветват общинския съвет.",
        125000,
    )
    assert bulgarian.has_unpublished_changes
    draft = bulgarian.get_latest_revision_as_object()
    assert (draft.summary, draft.lessons_learned, draft.budget_amount) == (
        "Pupils advise the council twice a year.",  # the changed string has no Bulgarian translation yet
        "Start small.",
        99000,
    )
    croatian = translations["hr"].get_target_instance().specific
    assert not croatian.live and croatian.get_latest_revision_as_object().budget_amount == 99000


def test_publishing_a_page_nobody_translates_queues_nothing(
    practice_index, queued_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(GoodPracticePageFactory(parent=practice_index))
    assert [result for result in queued_tasks if result.task.name == "sync_page_translations"] == []


@pytest.fixture(scope="module")
def shared_translated_section(module_content):
    """The source practice plus 44 more English practices with Croatian translations: 45 pages to synchronise,
    each changed and republished since it was sent for translation. Built once for the module (tests/conftest.py,
    ``module_content``): building it took 15 to 55 seconds for each of four tests."""
    with module_content():
        locales = locales_by_code()
        practice_index = PracticeIndexPage.objects.get(locale=locales["en"])
        sender = get_user_model().objects.create_superuser(username="sender", email="sender@example.org")
        build_translations(build_source_practice(practice_index), locales, sender)
        creator = TranslationCreator(sender, [locales["hr"]])
        for number in range(44):
            practice = publish(GoodPracticePageFactory(parent=practice_index, title=f"Practice {number}"))
            creator.create_translations(practice)
        for page in GoodPracticePage.objects.child_of(practice_index):
            publish(page)
        return practice_index.pk


@pytest.fixture
def translated_section(shared_translated_section, db):
    return PracticeIndexPage.objects.get(pk=shared_translated_section)


def out_of_date_pages(section):
    return [
        page for page in GoodPracticePage.objects.child_of(section) if translation_sync.out_of_date_translations(page)
    ]


def test_subtree_sync_runs_in_chunks_and_records_progress(translated_section, admin_user):
    assert len(out_of_date_pages(translated_section)) == 45
    job = translation_sync.start_sync_job(translated_section, user=admin_user)
    assert (job.total, job.done, job.status) == (45, 0, TranslationSyncStatus.QUEUED)

    assert translation_sync.run_sync_chunk(job) is True
    assert (job.done, job.status) == (translation_sync.CHUNK_SIZE, TranslationSyncStatus.RUNNING)
    assert len(out_of_date_pages(translated_section)) == 45 - translation_sync.CHUNK_SIZE

    sync_translation_subtree.call(job.pk)  # continues from the job's cursor
    job.refresh_from_db()
    assert (job.done, job.total, job.status, job.errors) == (45, 45, TranslationSyncStatus.DONE, [])
    assert job.finished_at is not None
    assert out_of_date_pages(translated_section) == []
    assert not Page.objects.filter(locale__language_code="hr", live=True, depth__gt=3).exists()


def test_a_queue_backend_gets_one_task_per_chunk(translated_section, admin_user, queued_tasks):
    job = translation_sync.start_sync_job(translated_section, user=admin_user)
    sync_translation_subtree.call(job.pk)
    job.refresh_from_db()
    assert (job.done, job.status) == (translation_sync.CHUNK_SIZE, TranslationSyncStatus.RUNNING)
    assert [result.args for result in queued_tasks if result.task.name == "sync_translation_subtree"] == [[job.pk]]


def test_admin_starts_a_subtree_sync_and_shows_its_progress(translated_section, admin_client):
    confirm = admin_client.get(reverse("translation_sync_start", args=[translated_section.pk]))
    assert confirm.status_code == 200 and "45 pages here have translations" in confirm.content.decode()
    response = admin_client.post(reverse("translation_sync_start", args=[translated_section.pk]))
    job = TranslationSyncJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("translation_sync_job", args=[job.pk])
    progress = admin_client.get(response.url)
    assert progress.status_code == 200
    assert "45 / 45 pages synchronised" in progress.content.decode()
    assert out_of_date_pages(translated_section) == []


def test_the_section_header_offers_synchronisation(translated_section, admin_client):
    explorer = admin_client.get(reverse("wagtailadmin_explore", args=[translated_section.pk]))
    assert reverse("translation_sync_start", args=[translated_section.pk]) in explorer.content.decode()


def test_synchronising_a_page_costs_a_bounded_number_of_queries(
    source_practice, translations, django_assert_max_num_queries
):
    # Measured: 195 queries for a practice with two translations (re-extracting the source, then per translation
    # reading its strings, saving the draft revision and its log entries).
    publish(source_practice)
    with django_assert_max_num_queries(220):
        translation_sync.sync_page(source_practice)
