"""The translation overview (practices.translation.translation_overview): each cell's state — missing, draft, published,
out of date once the source changes after the last sync — the counts per locale, the filters, and a query count that
does not grow with the items."""

import pytest
from django.test import TestCase
from django.urls import reverse
from wagtail.models import Locale
from wagtail.users.models import UserProfile
from wagtail_localize.models import Translation, TranslationSource

from tests.practices.factories import GoodPracticePageFactory, MaterialPageFactory

URL = reverse("translation_overview")


def published(page):
    page.save_revision().publish()
    return page


def translate(source_page, code, publish):
    """Translate through wagtail-localize, as its "Translate" action does."""
    source, _created = TranslationSource.get_or_create_from_instance(source_page)
    translation = Translation.objects.create(source=source, target_locale=Locale.objects.get(language_code=code))
    # wagtail-localize publishes after the commit; run those callbacks as a commit would.
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(publish=publish)
    return translation


def cells_of(response, title):
    row = next(row for row in response.context["rows"] if row.source["title"] == title)
    return {cell.locale.language_code: cell.state for cell in row.cells}


def counts_of(response, code):
    item = next(item for item in response.context["counts"] if item["locale"].language_code == code)
    return {str(label): count for label, count in item["counts"]}


@pytest.fixture
def youth_parliament(home_pages):
    page = published(GoodPracticePageFactory(title="Youth parliament", slug="youth-parliament"))
    translate(page, "cs", publish=True)
    translate(page, "bg", publish=False)
    return page


def test_cells_show_missing_draft_and_published(admin_client, youth_parliament):
    response = admin_client.get(URL)
    assert response.status_code == 200
    assert cells_of(response, "Youth parliament") == {
        "en": "published",
        "cs": "published",
        "bg": "draft",
        "hr": "missing",
        "nb": "missing",
    }
    html = response.content.decode()
    assert reverse("wagtail_localize:submit_page_translation", args=[youth_parliament.pk]) in html
    assert reverse("wagtailadmin_pages:edit", args=[youth_parliament.pk]) in html
    assert counts_of(response, "hr") == {"missing": 1, "draft": 0, "published": 0, "out of date": 0}


def test_translations_are_out_of_date_after_the_source_changes_until_synced(admin_client, youth_parliament):
    youth_parliament.summary = "The council now asks the students first."
    published(youth_parliament)
    response = admin_client.get(URL)
    assert cells_of(response, "Youth parliament") == {
        "en": "published",
        "cs": "out-of-date",
        "bg": "out-of-date",
        "hr": "missing",
        "nb": "missing",
    }
    source = TranslationSource.objects.get(object_id=youth_parliament.translation_key)
    assert reverse("wagtail_localize:update_translations", args=[source.pk]) in response.content.decode()
    assert counts_of(response, "cs")["out of date"] == 1

    # Synchronising (wagtail-localize's "Sync translated pages") brings the Czech version up to date.
    source.update_from_db()
    with TestCase.captureOnCommitCallbacks(execute=True):
        Translation.objects.get(source=source, target_locale__language_code="cs").save_target(publish=True)
    assert cells_of(admin_client.get(URL), "Youth parliament")["cs"] == "published"
    assert cells_of(admin_client.get(URL), "Youth parliament")["bg"] == "out-of-date"


def test_a_live_translation_stays_out_of_date_while_its_synced_draft_waits_for_review(admin_client, youth_parliament):
    youth_parliament.summary = "The council now asks the students first."
    published(youth_parliament)
    source = TranslationSource.objects.get(object_id=youth_parliament.translation_key)
    source.update_from_db()
    czech = Translation.objects.get(source=source, target_locale__language_code="cs")

    # The sync writes a draft only: Czech readers still see the old version, so the cell keeps asking for review.
    with TestCase.captureOnCommitCallbacks(execute=True):
        czech.save_target(publish=False)
    assert cells_of(admin_client.get(URL), "Youth parliament")["cs"] == "out-of-date"

    with TestCase.captureOnCommitCallbacks(execute=True):
        czech.save_target(publish=True)
    assert cells_of(admin_client.get(URL), "Youth parliament")["cs"] == "published"


def test_filters_by_type_and_by_state_in_a_locale(admin_client, youth_parliament):
    published(MaterialPageFactory(title="Handbook"))
    assert [row.source["title"] for row in admin_client.get(URL, {"type": "material"}).context["rows"]] == ["Handbook"]
    missing_in_cs = admin_client.get(URL, {"locale": "cs", "state": "missing"})
    assert [row.source["title"] for row in missing_in_cs.context["rows"]] == ["Handbook"]


def test_item_types_are_named_in_the_admin_language(admin_client, admin_user, youth_parliament):
    published(MaterialPageFactory(title="Handbook"))
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "cs"
    profile.save()

    page = admin_client.get(URL).content.decode()

    assert "<td>Příklad dobré praxe</td>" in page
    assert "<td>Metodický materiál</td>" in page
    assert "<td>practice</td>" not in page and "<td>material</td>" not in page


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"type": "event"}, "type"),
        ({"state": "lost"}, "state"),
        ({"state": "draft"}, "locale"),
        ({"locale": "de"}, "locale"),
        ({"page": "0"}, "page"),
    ],
)
def test_bad_filter_is_a_400_naming_the_parameter(admin_client, home_pages, query, parameter):
    response = admin_client.get(URL, query)
    assert response.status_code == 400
    assert response.content.decode().startswith(f"{parameter}:")


def test_query_count_does_not_grow_with_the_items(admin_client, youth_parliament, django_assert_max_num_queries):
    admin_client.get(URL)  # warm the content-type and locale caches
    with django_assert_max_num_queries(20) as few:
        admin_client.get(URL)
    for number in range(12):
        page = published(GoodPracticePageFactory(title=f"Practice {number}"))
        translate(page, "nb", publish=number % 2 == 0)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(URL)
    assert len(response.context["rows"]) == 13
