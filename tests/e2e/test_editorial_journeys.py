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


def overview_cell(tab, code, title="Youth parliament of Brno"):
    """The translation overview's cell of the journeys' practice (the row of its English title) in one locale."""
    row = tab.locator("table.kb-translation-grid tr", has_text=title)
    return row.locator(f'td[data-locale="{code}"]')


def translate_string(tab, source_text, translated_text):
    """Type a translation for one source string in wagtail-localize's editor and save it."""
    segment = tab.locator("li", has_text=source_text).filter(has=tab.get_by_role("button", name="Translate")).last
    segment.get_by_role("button", name="Translate").click()
    tab.locator("textarea:visible").first.fill(translated_text)
    tab.get_by_role("button", name="Save", exact=True).click()
    expect(tab.get_by_text(translated_text).first).to_be_visible()


def submit_translation(tab, title):
    submit = tab.get_by_role("button", name="Submit to Review and publish")
    submit.click()
    expect(tab.locator(".messages .success")).to_contain_text(f"Submitted '{title}'")


def approve(reviewer, page_id, comment):
    reviewer.goto(f"/admin/pages/{page_id}/edit/")
    reviewer.get_by_label("Comment").fill(comment)
    reviewer.get_by_role("button", name="Approve", exact=True).click()
    reviewer.wait_for_load_state()


def translation_of(site, code, practice_id=None):
    source = GoodPracticePage.objects.get(pk=practice_id or site.practice_id)
    return GoodPracticePage.objects.get(translation_key=source.translation_key, locale__language_code=code)


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
    translated = translation_of(editorial_site, code)
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


def test_source_change_makes_the_translation_out_of_date_and_the_translator_resubmits(signed_in, editorial_site, db):
    """Journey 4, in Czech: the published translation falls behind its English source; "sync" brings the new
    string into the translation editor as a draft, and the translator submits it again for review."""
    translator, reviewer = signed_in("translators-cs"), signed_in("reviewers")
    source_id, source_title = editorial_site.changing_practice_id, editorial_site.changing_practice_title
    translator.goto(f"/admin/localize/submit/page/{source_id}/")
    translator.locator('input[name="locales"]').check()
    translator.get_by_role("button", name="Submit").click()
    translator.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    translate_string(translator, source_title, "Rada mladých v Písku")
    submit_translation(translator, "Rada mladých v Písku")
    czech = translation_of(editorial_site, "cs", source_id)
    approve(reviewer, czech.pk, "")

    changed = "Young people advise the town hall every month."
    reviewer.goto(f"/admin/pages/{source_id}/edit/")
    reviewer.locator('textarea[name="summary"]').fill(changed)
    reviewer.locator("footer").get_by_role("button", name="More actions").click()
    reviewer.get_by_role("button", name="Publish", exact=True).click()
    expect(reviewer.locator(".messages .success")).to_contain_text("published")  # the publish has been answered

    translator.goto("/admin/translation-overview/")
    cell = overview_cell(translator, "cs", title=source_title)
    expect(cell).to_have_attribute("data-state", "out-of-date")
    cell.get_by_role("link", name="sync").click()
    translator.get_by_role("button", name="Submit").click()
    translator.goto(f"/admin/pages/{czech.pk}/edit/")
    translate_string(translator, changed, "Mladí radí radnici každý měsíc.")
    submit_translation(translator, "Rada mladých v Písku")
    translator.screenshot(path=SCREENSHOTS / "translation-resubmitted-cs.png")
    czech.refresh_from_db()
    assert czech.workflow_in_progress
    assert czech.get_latest_revision().as_object().summary == "Mladí radí radnici každý měsíc."


def test_partner_contributor_drafts_under_incoming_and_submits(signed_in, editorial_site, db):
    """Journey 3: the partners' contributor adds a practice under "incoming" and submits it; "Publish" is never
    offered, and another partner's draft is not listed."""
    contributor = signed_in("partner-contributors-en")
    contributor.goto(f"/admin/pages/{editorial_site.incoming_id}/")
    expect(contributor.get_by_text("Another partner's draft")).to_have_count(0)

    contributor.goto(f"/admin/pages/add/practices/goodpracticepage/{editorial_site.incoming_id}/")
    contributor.locator('input[name="title"]').fill("Participatory budget of Osijek")
    contributor.locator('textarea[name="summary"]').fill("Residents of Osijek decide on part of the budget.")
    expect(contributor.locator('button[name="action-publish"]')).to_have_count(0)
    contributor.locator("footer").get_by_role("button", name="More actions").click()
    contributor.get_by_role("button", name="Submit to Review and publish").click()
    contributor.wait_for_load_state()
    contributor.screenshot(path=SCREENSHOTS / "contributor-submitted.png")

    draft = GoodPracticePage.objects.get(title="Participatory budget of Osijek")
    assert draft.get_parent().pk == editorial_site.incoming_id
    assert draft.workflow_in_progress and not draft.live
