"""The feed's change log (/api/feed/v1/changes/): what each kind of change records, including the cases stock
Wagtail's signals miss, the importer's records, the endpoint's contract and its bad parameters."""

import datetime
import importlib
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, Workflow
from wagtail_localize.operations import TranslationCreator

from practices.models import (
    ChangeRecord,
    GoodPracticePage,
    MaterialIndexPage,
    PracticeIndexPage,
    PracticePartner,
    Theme,
)
from practices.signals import changes_recorded
from tests.practices.feed_fixtures import (
    FEED,
    add_page,
    index_of,
    make_organisation,
    make_term,
    publish,
)

CHANGES = f"{FEED}changes/"


def log():
    """The change log as (action, type, slug-free identity) tuples, oldest first."""
    return [(r.action, r.resource, str(r.translation_key), r.locale) for r in ChangeRecord.objects.order_by("pk")]


def entry(action, page, resource="practice"):
    return (action, resource, str(page.translation_key), page.locale.language_code)


@pytest.fixture
def practice(practice_index):
    return add_page(practice_index, GoodPracticePage, "Youth parliament")


# --- what publishing records -----------------------------------------------------------------------------------
def test_first_publication_records_published_and_later_ones_updated(practice):
    publish(practice)

    assert log() == [entry("published", practice), entry("updated", practice)]


def test_republishing_after_unpublishing_records_published_again(practice):
    practice.unpublish()
    publish(practice)

    assert log() == [entry("published", practice), entry("unpublished", practice), entry("published", practice)]


def test_page_that_was_never_published_records_nothing(practice_index):
    draft = add_page(practice_index, GoodPracticePage, "Draft", live=False)
    draft.save_revision()

    assert log() == []


def test_scheduled_publication_is_recorded_when_publish_scheduled_runs(practice_index):
    page = add_page(practice_index, GoodPracticePage, "Scheduled", live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    page.save_revision().publish()
    assert log() == []

    # The hour passes: the scheduled revision's time is now in the past.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision = page.revisions.get(approved_go_live_at__isnull=False)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    call_command("publish_scheduled")

    assert GoodPracticePage.objects.get(pk=page.pk).live
    assert log() == [entry("published", page)]


def test_workflow_approval_records_the_publication(practice_index, admin_user):
    page = add_page(practice_index, GoodPracticePage, "Moderated", live=False)
    workflow = Workflow.objects.get(name="Moderators approval")
    page.save_revision(user=admin_user)
    workflow.start(page, admin_user)

    page.refresh_from_db()
    page.current_workflow_task_state.approve(user=admin_user)

    assert GoodPracticePage.objects.get(pk=page.pk).live
    assert log() == [entry("published", page)]


def test_translation_created_by_wagtail_localize_appears_as_published_once_it_is_published(
    practice, admin_user, locales, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        TranslationCreator(admin_user, [locales["cs"]]).create_translations(practice)
    czech = GoodPracticePage.objects.get(translation_key=practice.translation_key, locale=locales["cs"])
    assert not czech.live  # a new translation is a draft that goes through the locale's workflow
    assert not ChangeRecord.objects.filter(locale="cs", resource="practice").exists()

    with django_capture_on_commit_callbacks(execute=True):
        czech.get_latest_revision().publish()

    czech.refresh_from_db()
    assert czech.live
    assert log()[-1] == entry("published", czech)
    assert ChangeRecord.objects.filter(locale="cs", resource="practice").count() == 1


# --- unpublishing and deleting -----------------------------------------------------------------------------------
def test_unpublishing_an_item_records_a_tombstone(practice):
    practice.unpublish()

    assert log()[-1] == entry("unpublished", practice)


def test_unpublishing_a_section_unpublishes_each_live_item_below_it(practice_index, practice):
    second = add_page(practice_index, GoodPracticePage, "Second")
    draft = add_page(practice_index, GoodPracticePage, "Draft", live=False)

    practice_index.unpublish()

    assert not GoodPracticePage.objects.live().filter(pk__in=[practice.pk, second.pk]).exists()
    assert log()[2:] == [entry("unpublished", practice), entry("unpublished", second)]
    assert entry("unpublished", draft) not in log()


def test_deleting_a_section_records_a_tombstone_for_each_published_item(practice_index, practice):
    second = add_page(practice_index, GoodPracticePage, "Second")
    add_page(practice_index, GoodPracticePage, "Draft", live=False)

    Page.objects.get(pk=practice_index.pk).delete()

    assert sorted(log()[2:]) == sorted([entry("deleted", practice), entry("deleted", second)])
    assert not GoodPracticePage.objects.exists()


def test_deleting_a_page_that_was_never_live_leaves_no_tombstone(practice_index):
    draft = add_page(practice_index, GoodPracticePage, "Draft", live=False)

    draft.delete()

    assert log() == []


def test_deleting_a_published_item_records_deleted(practice):
    practice.delete()

    assert log()[-1] == entry("deleted", practice)


# --- moves -----------------------------------------------------------------------------------------------------
def test_moving_an_item_to_another_section_records_moved(practice, home_pages):
    other = PracticeIndexPage(title="Archive", slug="archive")
    home_pages["en"].add_child(instance=other)

    practice.move(other, pos="last-child")

    assert log()[-1] == entry("moved", practice)


def test_moving_a_section_records_moved_for_each_published_item_below_it(practice_index, practice, locales):
    second = add_page(practice_index, GoodPracticePage, "Second")
    target = index_of(MaterialIndexPage, locales["en"])

    Page.objects.get(pk=practice_index.pk).move(target, pos="last-child")

    assert log()[2:] == [entry("moved", practice), entry("moved", second)]


def test_reordering_siblings_records_nothing(practice_index, practice):
    second = add_page(practice_index, GoodPracticePage, "Second")

    Page.objects.get(pk=second.pk).move(Page.objects.get(pk=practice.pk), pos="left")

    assert len(log()) == 2


# --- snippets --------------------------------------------------------------------------------------------------
def test_creating_a_term_records_it_as_published(locales):
    theme = make_term(Theme, "youth", "Youth", locales["en"])

    assert log() == [entry("published", theme, "theme")]


def test_changing_a_term_updates_it_and_every_published_item_showing_it_in_any_locale(practice_index, locales):
    youth = make_term(Theme, "youth", "Youth", locales["en"])
    youth_cs = make_term(Theme, "youth", "Mládež", locales["cs"], source=youth)
    shows = add_page(practice_index, GoodPracticePage, "Shows it", relations={"themes": [youth]})
    czech = add_page(
        index_of(PracticeIndexPage, locales["cs"]), GoodPracticePage, "Ukazuje", relations={"themes": [youth]}
    )
    add_page(practice_index, GoodPracticePage, "Other")
    add_page(practice_index, GoodPracticePage, "Draft shows it", live=False, relations={"themes": [youth]})
    before = len(log())

    youth_cs.name = "Mladí"
    youth_cs.save()

    assert sorted(log()[before:]) == sorted(
        [entry("updated", youth_cs, "theme"), entry("updated", shows), entry("updated", czech)]
    )


def test_changing_a_lead_organisation_updates_the_practice(practice_index, locales):
    brno = make_organisation("brno", "City of Brno", locales["en"])
    practice = add_page(practice_index, GoodPracticePage, "Led", lead_organisation=brno)
    before = len(log())

    brno.name = "Statutory City of Brno"
    brno.save()

    assert log()[before:] == [entry("updated", brno, "organisation"), entry("updated", practice)]


def test_changing_a_partner_organisation_updates_the_practice(practice_index, locales):
    agora = make_organisation("agora", "Agora CE", locales["en"])
    practice = add_page(practice_index, GoodPracticePage, "Partnered", partners=[PracticePartner(organisation=agora)])
    before = len(log())

    agora.name = "Agora Central Europe"
    agora.save()

    assert log()[before:] == [entry("updated", agora, "organisation"), entry("updated", practice)]


def test_deleting_a_term_records_its_tombstone_and_updates_items_showing_it(practice_index, locales):
    youth = make_term(Theme, "youth", "Youth", locales["en"])
    shows = add_page(practice_index, GoodPracticePage, "Shows it", relations={"themes": [youth]})
    before = len(log())

    youth.delete()

    assert log()[before:] == [entry("deleted", youth, "theme"), entry("updated", shows)]


# --- the signal for webhooks -------------------------------------------------------------------------------------
def test_changes_recorded_is_sent_after_commit_with_the_records_in_order(practice, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, records, **kwargs):
        received.append([(record.pk, record.action) for record in records])

    changes_recorded.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            practice.unpublish()
            assert received == []
        for callback in callbacks:
            callback()
    finally:
        changes_recorded.disconnect(receiver)

    last = ChangeRecord.objects.latest("pk")
    assert received == [[(last.pk, "unpublished")]]


# --- the importer ----------------------------------------------------------------------------------------------
def bare_practice(slug, **values):
    return {"type": "practice", "slug": slug, "locale": "en", "title": slug.title(), "summary": "Summary.", **values}


def import_lines(tmp_path, lines, *options):
    path = tmp_path / "kb.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    call_command("import_kb", str(path), "--no-progress", *options, stdout=StringIO())


def test_import_records_published_updated_and_unpublished_in_file_order(tmp_path, locales):
    import_lines(tmp_path, [bare_practice("first", live=True), bare_practice("second", live=True)])
    first, second = GoodPracticePage.objects.get(slug="first"), GoodPracticePage.objects.get(slug="second")
    assert log() == [entry("published", first), entry("published", second)]

    import_lines(
        tmp_path, [bare_practice("first", title="First, renamed", live=True), bare_practice("second", live=False)]
    )

    assert log()[2:] == [entry("updated", first), entry("unpublished", second)]


def test_import_of_drafts_records_nothing(tmp_path, locales):
    import_lines(tmp_path, [bare_practice("draft")])

    assert log() == []


def test_dry_run_import_records_nothing(tmp_path, locales):
    import_lines(tmp_path, [bare_practice("first", live=True)], "--dry-run")

    assert log() == []


@pytest.mark.parametrize("items", [5, 40])
def test_import_records_with_the_same_few_queries_for_any_number_of_items(tmp_path, locales, items):
    lines = [bare_practice(f"item-{n}", live=True) for n in range(items)]
    with CaptureQueriesContext(connection) as queries:
        import_lines(tmp_path, lines)

    log_queries = [query["sql"] for query in queries.captured_queries if "practices_changerecord" in query["sql"]]
    assert len(log_queries) <= 3  # which items are in the feed (two steps), then one insert
    assert ChangeRecord.objects.filter(action="published").count() == items


# --- the endpoint ----------------------------------------------------------------------------------------------
def test_changes_lists_records_after_the_cursor_with_api_urls(client, practice):
    practice.unpublish()
    first = ChangeRecord.objects.order_by("pk").first()

    response = client.get(CHANGES, {"since": first.pk})

    assert response.status_code == 200
    body = response.json()
    assert body["has_more"] is False
    assert body["next"] == f"http://testserver{CHANGES}?since={first.pk + 1}"
    assert body["results"] == [
        {
            "cursor": str(first.pk + 1),
            "action": "unpublished",
            "type": "practice",
            "id": practice.pk,
            "translation_key": str(practice.translation_key),
            "locale": "en",
            "occurred_at": body["results"][0]["occurred_at"],
            "api_url": None,
        }
    ]
    published = client.get(CHANGES).json()["results"][0]
    assert published["api_url"] == f"http://testserver{FEED}practices/{practice.pk}/"


def test_changes_pages_with_limit_and_next(client, practice_index):
    for number in range(5):
        add_page(practice_index, GoodPracticePage, f"Practice {number}")

    page = client.get(CHANGES, {"limit": 2}).json()
    seen = [item["cursor"] for item in page["results"]]
    while page["has_more"]:
        page = client.get(page["next"]).json()
        seen += [item["cursor"] for item in page["results"]]

    assert seen == [str(pk) for pk in ChangeRecord.objects.order_by("pk").values_list("pk", flat=True)]
    assert client.get(page["next"]).json() == {"results": [], "next": page["next"], "has_more": False}


def test_head_gives_the_newest_cursor(client, practice):
    head = client.get(f"{CHANGES}head/").json()

    newest = ChangeRecord.objects.latest("pk").pk
    assert head == {"cursor": str(newest), "changes_url": f"http://testserver{CHANGES}?since={newest}"}


def test_changes_answer_conditional_requests_with_304(client, practice):
    response = client.get(CHANGES)

    assert response["ETag"] and response["Last-Modified"]
    assert client.get(CHANGES, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("since=abc", "since", "This cursor is not valid"),
        ("since=-1", "since", "This cursor is not valid"),
        ("since=1.5", "since", "This cursor is not valid"),
        ("since=999999", "since", "ahead of the change log"),
        ("since=0&since=1", "since", "Give this parameter once."),
        ("limit=0", "limit", "positive whole number"),
        ("limit=abc", "limit", "positive whole number"),
        ("limit=1001", "limit", "The largest limit is 1000."),
        ("cursor=abc", "cursor", "Unknown parameter"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(client, db, query, parameter, message):
    response = client.get(f"{CHANGES}?{query}")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [parameter]
    assert message in response.json()["errors"][parameter][0]


def test_head_rejects_parameters(client, db):
    assert list(client.get(f"{CHANGES}head/?since=1").json()["errors"]) == ["since"]


@pytest.mark.parametrize("items", [3, 30])
def test_changes_query_count_does_not_grow_with_the_page(client, practice_index, items, django_assert_max_num_queries):
    for number in range(items):
        add_page(practice_index, GoodPracticePage, f"Practice {number}")

    with django_assert_max_num_queries(3):
        response = client.get(CHANGES, {"limit": 1000})

    assert len(response.json()["results"]) == items


def test_changes_appear_in_the_openapi_schema(client, db):
    schema = client.get(f"{FEED}schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    parameters = {p["name"] for p in schema["paths"][f"{CHANGES}"]["get"]["parameters"]}
    assert {"since", "limit"} <= parameters
    assert f"{CHANGES}head/" in schema["paths"]


# --- content published before the log existed --------------------------------------------------------------------
def test_backfill_migration_lets_items_published_before_the_log_get_tombstones(practice, locales):
    from django.apps import apps

    backfill = importlib.import_module("practices.migrations.0005_changes_backfill")
    theme = make_term(Theme, "youth", "Youth", locales["en"])
    ChangeRecord.objects.all().delete()  # as on a site that had content before the change log

    backfill.record_published_set(apps, None)
    practice.unpublish()

    assert log() == [entry("published", theme, "theme"), entry("published", practice), entry("unpublished", practice)]


def test_publishing_a_section_under_a_new_slug_records_moved_for_each_item_below_it(practice_index, practice):
    second = add_page(practice_index, GoodPracticePage, "Second")
    section = Page.objects.get(pk=practice_index.pk).specific
    section.slug = "case-studies"
    section.save_revision().publish()
    section.title = "Case studies"
    section.save_revision().publish()

    assert log()[2:] == [entry("moved", practice), entry("moved", second)]
    assert GoodPracticePage.objects.get(pk=practice.pk).url_path.endswith("/case-studies/youth-parliament/")
