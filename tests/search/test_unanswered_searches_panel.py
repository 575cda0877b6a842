"""The dashboard panel "Top searches without results" (search.reports): the ten most frequent searches that found
nothing in the last 30 days, linking to the report, for editors and reviewers but not partners' contributors."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from search.models import UnansweredQueryDailyHits
from search.statistics import record_search

pytestmark = pytest.mark.django_db

HOME = reverse("wagtailadmin_home")
PANEL = "kb-unanswered-searches"


@pytest.fixture
def unanswered(db):
    """Twelve terms searched 12, 11, … 1 times without results today, one found something, and one old term."""
    for count, term in enumerate([f"term{n:02d}" for n in range(12)], start=1):
        for _ in range(count):
            record_search(term, 0)
    record_search("mládež", 3)
    for _ in range(50):
        record_search("ancient", 0)
    UnansweredQueryDailyHits.objects.filter(query__query_string="ancient").update(
        date=timezone.localdate() - datetime.timedelta(days=31)
    )


def panel(response, name):
    """The HTML of one dashboard panel, from its id to the next panel."""
    html = response.content.decode()
    start = html.index(f'id="{name}-section"')
    end = html.find('class="w-panel w-panel--dashboard"', start)
    return html[start : end if end > 0 else len(html)]


@pytest.mark.parametrize("role_client", ["editor_client", "reviewer_client"])
def test_editors_and_reviewers_see_the_top_ten_of_the_last_30_days(request, role_client, unanswered):
    client = request.getfixturevalue(role_client)
    html = panel(client.get(HOME), PANEL)
    terms = [f"term{n:02d}" for n in range(11, 1, -1)]  # most frequent first
    positions = [html.index(f"<td>{term}</td>") for term in terms]
    assert positions == sorted(positions)
    assert "<td>term01</td>" not in html and "<td>term00</td>" not in html  # the 11th and 12th
    assert "ancient" not in html and "mládež" not in html
    today = timezone.localdate()
    since = today - datetime.timedelta(days=29)
    report = reverse("hub_search_reports:unanswered")
    assert f"{report}?hit_date_after={since.isoformat()}&amp;hit_date_before={today.isoformat()}" in html
    assert client.get(report).status_code == 200


def test_partner_contributors_do_not_see_the_panel_or_the_report(contributor_client, unanswered):
    html = contributor_client.get(HOME).content.decode()
    assert f'id="{PANEL}-section"' not in html
    refused = contributor_client.get(reverse("hub_search_reports:unanswered"))
    assert (refused.status_code, refused.url) == (302, HOME)  # Wagtail's refusal: back to the dashboard


def test_panel_says_so_when_every_search_found_something(editor_client, db):
    record_search("mládež", 3)
    assert "Every search of the last 30 days found something." in panel(editor_client.get(HOME), PANEL)
