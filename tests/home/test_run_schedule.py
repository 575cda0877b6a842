"""The scheduler (``manage.py run_schedule``): which periodic command is due when, and one round of them run for
real — a page scheduled to go live is published by Wagtail's ``publish_scheduled``."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from home.management.commands.run_schedule import is_due
from practices.models import GoodPracticePage, PracticeIndexPage
from tests.practices.feed_fixtures import add_page, index_of

NOON = datetime.datetime(2026, 12, 6, 12, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("at", "now", "due"),
    [
        (None, NOON, True),
        (None, NOON.replace(minute=17), True),
        ("12:00", NOON, True),
        ("12:00", NOON.replace(second=59), True),
        ("12:00", NOON.replace(minute=1), False),
        ("02:30", NOON, False),
    ],
)
def test_command_is_due_every_minute_or_once_a_day(at, now, due):
    assert is_due(at, now) is due


def test_one_round_publishes_a_page_scheduled_to_go_live(locales):
    page = add_page(index_of(PracticeIndexPage, locales["en"]), GoodPracticePage, "Participatory budget", live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()  # a go-live time in the future: Wagtail leaves the page for the scheduler
    page.refresh_from_db()
    assert not page.live
    # The hour has passed: the revision's go-live time, and the page's in it, are now.
    revision.approved_go_live_at = timezone.now()
    revision.content["go_live_at"] = revision.approved_go_live_at.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])

    out = io.StringIO()
    call_command("run_schedule", "--once", stdout=out)

    page.refresh_from_db()
    assert page.live
    assert "webhook deliveries due" in out.getvalue()
