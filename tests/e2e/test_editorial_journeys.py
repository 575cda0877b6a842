"""Translation work reaches review, in headless Chromium with real accounts in their roles (never a superuser): for
each of cs, bg, hr and nb, the locale's translator starts the translation of an English practice from the translation
overview, translates its title in wagtail-localize's editor, saves a draft and submits it; a reviewer approves it with
a comment in the same editor and the translation goes live in that locale; the overview turns from "missing" to
"published"; the translator is refused (403) on another locale's page and is never offered "Publish". Screenshots of
the translator's submit button, the reviewer's approval and the live translation land in var/screenshots/."""

import re

import pytest
from playwright.sync_api import expect

from practices.models import GoodPracticePage
from tests.e2e.conftest import SCREENSHOTS, TRANSLATED

TITLES = {
    "cs": "Dětský parlament v Brně",
    "bg": "Младежки парламент в Бърно",
    "hr": "Dječji parlament u Brnu",
    "nb": "Ungdomsparlamentet i Brno",
}


def overview_cell(tab, code):
    return tab.locator(f'table.kb-translation-grid td[data-locale="{code}"]')


@pytest.mark.parametrize("code", TRANSLATED)
def test_translator_translates_submits_and_reviewer_publishes(signed_in, editorial_site, code, db):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    translator = signed_in(f"translators-{code}")
    translator.goto("/admin/translation-overview/")
    expect(overview_cell(translator, code)).to_have_attribute("data-state", "missing")

    overview_cell(translator, code).get_by_role("link", name="translate").click()
    locales = translator.locator('input[name="locales"]')
    expect(locales).to_have_count(1)  # only their own language is offered
    locales.check()
    translator.get_by_role("button", name="Submit").click()
    translator.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))

    segment = (
        translator.locator("li", has_text=editorial_site.practice_title)
        .filter(has=translator.get_by_role("button", name="Translate"))
        .last
    )
    segment.get_by_role("button", name="Translate").click()
    translator.locator("textarea:visible").first.fill(TITLES[code])
    translator.get_by_role("button", name="Save", exact=True).click()
    expect(translator.get_by_text(TITLES[code]).first).to_be_visible()
    expect(translator.get_by_role("button", name=re.compile("^Publish in"))).to_have_count(0)

    translator.get_by_role("button", name="Save draft").click()
    submit = translator.get_by_role("button", name="Submit to Review and publish")
    expect(submit).to_be_visible()
    submit.scroll_into_view_if_needed()
    translator.screenshot(path=SCREENSHOTS / f"translation-submit-{code}.png")
    submit.click()
    expect(translator.locator(".messages .success")).to_contain_text(f"Submitted '{TITLES[code]}'")
    translated = GoodPracticePage.objects.get(
        translation_key=GoodPracticePage.objects.get(pk=editorial_site.practice_id).translation_key,
        locale__language_code=code,
    )
    assert translated.workflow_in_progress and not translated.live

    # Another locale's page (the English source) is refused.
    other = translator.goto(f"/admin/pages/{editorial_site.practice_id}/edit/")
    assert other.status == 403

    reviewer = signed_in("reviewers")
    reviewer.goto(f"/admin/pages/{translated.pk}/edit/")
    reviewer.get_by_label("Comment").fill(f"Checked the {code} title.")
    approve = reviewer.get_by_role("button", name="Approve", exact=True)
    approve.scroll_into_view_if_needed()
    reviewer.screenshot(path=SCREENSHOTS / f"translation-approve-{code}.png")
    approve.click()
    reviewer.wait_for_load_state()

    translated.refresh_from_db()
    assert translated.live
    live = signed_in("reviewers")
    live.goto(translated.get_url())
    expect(live.get_by_role("heading", level=1)).to_have_text(TITLES[code])
    live.screenshot(path=SCREENSHOTS / f"translation-live-{code}.png")

    translator.goto("/admin/translation-overview/")
    expect(overview_cell(translator, code)).to_have_attribute("data-state", "published")
