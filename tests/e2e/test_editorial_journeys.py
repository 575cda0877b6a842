"""The editorial journeys, in headless Chromium with real accounts in their roles (never a superuser).

Journey 1: the English editor creates a practice with every tab of its edit view filled, saves a draft and submits it;
the English reviewer requests changes with a comment, which the editor reads in the workflow's history; the editor fixes
the practice and resubmits, the reviewer approves, and the practice is live on the site, in the JSON feed and in the
content API. Journey 2: for each of cs, bg, hr and nb, the locale's translator starts the translation of an English
practice from the translation overview, translates its title in wagtail-localize's editor, switches the admin into their
own language in their account settings, then saves a draft and submits it (the editor's buttons, ours and
wagtail-localize's, in that language); another locale's reviewer is refused (403) and the locale's own reviewer approves
it with a comment in the same editor, in that language too, and the translation goes live in that locale; the overview
turns from "missing" to "published"; the translator is refused (403) on another locale's page and is never offered
"Publish". Journeys 3 (partners' contributors) and 4 (a source that changes after translation) follow. Screenshots of
each journey's submit, review and live page land in var/screenshots/."""

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from practices.models import GoodPracticePage
from tests.e2e.conftest import SCREENSHOTS, TRANSLATED

# The reviewer of another locale, refused on each locale's translation.
OTHER_LOCALE = {"cs": "bg", "bg": "cs", "hr": "nb", "nb": "hr"}
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


def speak(signed_in, codename, code):
    """Switch the account's admin into language ``code`` from its own account settings, as its owner would. The
    choice is the account's, so every tab of it follows, and it is stored (a journey that needs English says so
    too). Saving the account page renews the session key, so this is done in a session of its own."""
    tab = signed_in.afresh(codename)
    tab.goto("/admin/account/")
    tab.locator('select[name="locale-preferred_language"]').select_option(code)
    tab.locator("#w-editor-form button[type=submit]").click()
    expect(tab.locator("html")).to_have_attribute("lang", code)
    tab.context.close()


def in_language(code, message, **values):
    """``message`` of our catalogues (or Wagtail's) as the admin shows it in language ``code``."""
    with translation.override(code):
        return gettext(message) % values if values else gettext(message)


def in_editor_language(code, message):
    """``message`` of wagtail-localize's translation editor (a React app) as our djangojs catalogue of ``code`` has
    it."""
    catalogue = Path(__file__).resolve().parents[2] / "locales" / code / "LC_MESSAGES" / "djangojs.po"
    return polib.pofile(str(catalogue)).find(message).msgstr


def translation_of(site, code, practice_id=None):
    source = GoodPracticePage.objects.get(pk=practice_id or site.practice_id)
    return GoodPracticePage.objects.get(translation_key=source.translation_key, locale__language_code=code)


PRACTICE = "Participatory budget of Litomyšl"
FIXED_SUMMARY = "Residents of Litomyšl decide each year how to spend two per cent of the town's budget."
CHANGES_REQUESTED = "Please say which share of the budget the residents decide on."


def choose_in_modal(tab, opener, name):
    """Open a chooser (image or snippet) with its button and pick ``name`` from the modal's listing."""
    opener.click()
    modal = tab.locator(".modal.fade.show, .modal[open], [role=dialog]:visible").last
    modal.get_by_text(name, exact=True).first.click()
    expect(modal).to_be_hidden()


def insert_block(tab, field, block_label=None):
    """Add a block at the end of StreamField ``field``; with several block types, pick the one labelled
    ``block_label`` from Wagtail's block menu."""
    tab.locator(f'[data-contentpath="{field}"]').get_by_role("button", name="Insert a block").last.click()
    if block_label:
        tab.get_by_role("option", name=block_label, exact=True).click()


def fill_every_tab(editor, choices):
    """Fill each tab of the practice's edit view: Content, Facts, Classification, Quality and reuse and Promote.
    (The Settings tab holds only the publishing schedule, which Wagtail edits in the status side panel.)"""
    editor.locator('input[name="title"]').fill(PRACTICE)
    editor.locator('textarea[name="summary"]').fill("Residents of Litomyšl decide on part of the budget.")
    insert_block(editor, "body", "Heading")
    editor.locator('input[name="body-0-value"]').fill("How the vote works")
    insert_block(editor, "body", "Paragraph")
    editor.locator('[data-contentpath="body"] [contenteditable="true"]').last.click()
    editor.keyboard.type("Every resident over fifteen may propose a project and vote.")
    insert_block(editor, "outcomes")
    editor.locator('input[name="outcomes-0-value-value"]').fill("42")
    editor.locator('input[name="outcomes-0-value-label"]').fill("projects proposed")
    editor.locator('textarea[name="lessons_learned"]').fill("Publish every proposal, even those that lose.")
    insert_block(editor, "gallery")
    choose_in_modal(editor, editor.get_by_role("button", name="Choose an image"), choices["image"])
    editor.locator('input[name="gallery-0-value-caption"]').fill("Residents vote at the town hall.")
    insert_block(editor, "source_links")
    editor.locator('input[name="source_links-0-value-url"]').fill("https://www.litomysl.cz/participativni-rozpocet")
    editor.locator('input[name="source_links-0-value-title"]').fill("The town's page of the budget")

    editor.get_by_role("tab", name="Facts").click()
    editor.locator('select[name="country"]').select_option("CZ")
    editor.locator('input[name="region"]').fill("Pardubice Region")
    editor.locator('input[name="municipality"]').fill("Litomyšl")
    editor.locator('input[name="latitude"]').fill("49.8683")
    editor.locator('input[name="longitude"]').fill("16.3131")
    choose_in_modal(
        editor, editor.get_by_role("button", name="Choose organisation").first, choices["lead_organisation"]
    )
    editor.get_by_role("button", name=re.compile("Add partner organisation", re.I)).click()
    choose_in_modal(editor, editor.get_by_role("button", name="Choose organisation").last, choices["partner"])
    editor.locator('input[name="partners-0-role"]').fill("Runs the residents' meetings")
    editor.locator('input[name="start_date"]').fill("2015-01-01")
    editor.locator('input[name="end_date"]').fill("2024-12-31")
    editor.locator('select[name="status"]').select_option("completed")
    editor.locator('input[name="budget_amount"]').fill("80000")
    editor.locator('input[name="budget_currency"]').fill("CZK")
    editor.locator('select[name="transfer_cost_band"]').select_option("low")
    editor.locator('input[name="transfer_staff_time"]').fill("one coordinator a quarter of the time")
    editor.locator('select[name="transfer_municipality_size"]').select_option("medium")
    editor.locator('textarea[name="transfer_prerequisites"]').fill("A council that commits to carry out the result.")

    editor.get_by_role("tab", name="Classification").click()
    for name in (choices["theme"], choices["target_group"], choices["method"]):
        editor.get_by_label(name, exact=True).check()
    editor.locator('select[name="related_materials"]').select_option(label=choices["material"])
    editor.locator('select[name="related_videos"]').select_option(label=choices["video"])

    editor.get_by_role("tab", name="Quality and reuse").click()
    editor.locator('select[name="licence"]').select_option("cc-by-sa-4.0")
    editor.locator('input[name="last_verified_at"]').fill("2025-03-01")
    editor.locator('input[name="last_verified_by"]').fill("Eva Editor")
    editor.locator('select[name="quality_mark"]').select_option("verified")
    editor.locator('select[name="translation_origin"]').select_option("human")
    choose_in_modal(editor, editor.get_by_role("button", name="Choose funding programme"), choices["funding_programme"])
    editor.locator('input[name="project_code"]').fill("ACF-CZ-2015-07")
    editor.locator('input[name="programme_record_url"]').fill("https://www.activecitizensfund.cz/projects/acf-07/")

    editor.get_by_role("tab", name="Promote").click()
    expect(editor.locator('input[name="slug"]')).to_have_value("participatory-budget-of-litomysl")
    editor.locator('input[name="seo_title"]').fill("Litomyšl's participatory budget")
    editor.locator('textarea[name="search_description"]').fill("How Litomyšl's residents decide on the budget.")
    editor.locator('input[name="show_in_menus"]').check()


def set_expiry(editor, value):
    """The Settings tab's publishing schedule, in the status side panel's dialog, whose "Save schedule" saves the
    draft with it."""
    editor.get_by_role("button", name="Toggle status").click()
    editor.get_by_role("button", name="Set schedule").click()
    dialog = editor.get_by_role("dialog")
    dialog.locator('input[name="expire_at"]').fill(value)
    # With the keyboard: the date picker covers the dialog's button while it is open.
    with editor.expect_navigation():
        dialog.get_by_role("button", name="Save schedule").press("Enter")


def footer_action(tab, name):
    """A button of the edit view's footer, opening its "More actions" menu first when the button is in it."""
    footer = tab.locator("footer")
    button = footer.get_by_role("button", name=name)
    if not button.first.is_visible():
        footer.get_by_role("button", name="More actions").click()
    wait_until_opaque(tab, button.first)
    return button.first


def wait_until_opaque(tab, locator):
    """Menus and dialogs fade in: wait until ``locator`` and its ancestors are opaque, so that a screenshot shows
    them as a reader sees them."""
    expect(locator).to_be_visible()
    tab.wait_for_function(
        """(element) => {
            for (let node = element; node; node = node.parentElement) {
                if (getComputedStyle(node).opacity !== "1") return false;
            }
            return true;
        }""",
        arg=locator.element_handle(),
    )


def test_editor_creates_a_practice_and_the_reviewer_sends_it_back_then_publishes(signed_in, editorial_site, db):
    """Journey 1, in English."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    editor = signed_in("editors")
    editor.goto(f"/admin/pages/add/practices/goodpracticepage/{editorial_site.practice_index_id}/")
    fill_every_tab(editor, editorial_site.choices)
    editor.get_by_role("tab", name="Content").click()
    expect(editor.locator("footer").get_by_role("button", name="Publish")).to_have_count(0)
    footer_action(editor, "Save draft").click()
    editor.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    expect(editor.locator(".messages .success")).to_contain_text(PRACTICE)
    set_expiry(editor, "2099-12-31 00:00")
    expect(editor.locator(".messages .success")).to_contain_text(PRACTICE)

    practice = GoodPracticePage.objects.get(title=PRACTICE)
    draft = practice.get_latest_revision().as_object()
    assert not practice.live
    assert (draft.country.code, draft.municipality, draft.status, draft.budget_currency) == (
        "CZ",
        "Litomyšl",
        "completed",
        "CZK",
    )
    assert [block.block_type for block in draft.body] == ["heading", "paragraph"]
    assert draft.gallery[0].value["image"].title == editorial_site.choices["image"]
    assert draft.lead_organisation.name == editorial_site.choices["lead_organisation"]
    assert [partner.organisation.name for partner in draft.partners.all()] == [editorial_site.choices["partner"]]
    assert [theme.name for theme in draft.themes.all()] == [editorial_site.choices["theme"]]
    assert [material.title for material in draft.related_materials.all()] == [editorial_site.choices["material"]]
    assert draft.funding_programme.name == editorial_site.choices["funding_programme"]
    assert (draft.seo_title, draft.show_in_menus, draft.expire_at.year) == (
        "Litomyšl's participatory budget",
        True,
        2099,
    )

    submit = footer_action(editor, "Submit to Review and publish")
    editor.screenshot(path=SCREENSHOTS / "editor-submit-en.png")
    submit.click()
    expect(editor.locator(".messages .success")).to_contain_text("submitted")
    practice.refresh_from_db()
    assert practice.workflow_in_progress and not practice.live

    reviewer = signed_in("reviewers-en")
    reviewer.goto(f"/admin/pages/{practice.pk}/edit/")
    footer_action(reviewer, "Request changes").click()
    modal = reviewer.get_by_role("dialog")
    modal.get_by_label("Comment").fill(CHANGES_REQUESTED)
    wait_until_opaque(reviewer, modal.get_by_label("Comment"))
    reviewer.screenshot(path=SCREENSHOTS / "reviewer-requests-changes-en.png")
    modal.get_by_role("button", name="Request changes").click()
    expect(reviewer.locator(".messages .success")).to_contain_text(PRACTICE)
    practice.refresh_from_db()
    assert practice.current_workflow_state.status == "needs_changes"

    # The editor reads the comment in the workflow's history, fixes the summary and resubmits.
    editor.goto(f"/admin/pages/{practice.pk}/workflow_history/")
    editor.get_by_role("link", name=re.compile("Review and publish")).first.click()
    expect(editor.get_by_text(CHANGES_REQUESTED).first).to_be_visible()
    editor.goto(f"/admin/pages/{practice.pk}/edit/")
    editor.locator('textarea[name="summary"]').fill(FIXED_SUMMARY)
    footer_action(editor, re.compile("^Resubmit to")).click()
    expect(editor.locator(".messages .success")).to_contain_text("submitted")

    reviewer.goto(f"/admin/pages/{practice.pk}/edit/")
    approve = footer_action(reviewer, "Approve and Publish")
    reviewer.screenshot(path=SCREENSHOTS / "reviewer-approves-en.png")
    approve.click()
    expect(reviewer.locator(".messages .success")).to_contain_text(PRACTICE)

    practice.refresh_from_db()
    assert practice.live and practice.summary == FIXED_SUMMARY
    reader = signed_in("reviewers-en")
    reader.context.clear_cookies()  # an anonymous reader
    reader.goto(practice.get_url())
    expect(reader.get_by_role("heading", level=1)).to_have_text(PRACTICE)
    expect(reader.get_by_text(FIXED_SUMMARY).first).to_be_visible()
    reader.screenshot(path=SCREENSHOTS / "editor-practice-live-en.png", full_page=True)
    feed = reader.request.get("/en/feeds/latest.json").json()
    assert PRACTICE in [item["title"] for item in feed["items"]]
    api = reader.request.get(f"/api/v2/pages/{practice.pk}/").json()
    assert (api["title"], api["summary"], api["meta"]["locale"]) == (PRACTICE, FIXED_SUMMARY, "en")


def test_save_draft_pressed_while_the_autosave_is_on_its_way_saves_the_practice_once(signed_in, editorial_site, db):
    """Wagtail's autosave answers the create view with the page it made; a "Save draft" pressed before that answer
    arrived used to post to the create view again (a second page, or a refusal for the slug in use) or post new
    inline rows without their ids (a partner twice). The create view's first autosave is held at the browser here
    until the editor has added a partner and pressed "Save draft", so the save has to wait for it
    (practices/static/practices/admin/save-after-autosave.js): without the wait, the form's own POST to the create
    view is held too and the edit view never opens."""
    title = "Neighbourhood walks of Třebíč"
    editor = signed_in("editors")
    add_url = f"/admin/pages/add/practices/goodpracticepage/{editorial_site.practice_index_id}/"
    held = []

    def hold_posts(route):
        if route.request.method == "POST":
            held.append(route)
        else:
            route.continue_()

    editor.route(f"**{add_url}", hold_posts)
    editor.goto(add_url)
    # Wagtail watches for changes from its snapshot of the form, taken two seconds after the view opens.
    editor.wait_for_function(
        """() => {
            const form = document.querySelector("[data-edit-form]");
            const unsaved = window.wagtail.app.getControllerForElementAndIdentifier(form, "w-unsaved");
            return unsaved && unsaved.initialFormData !== undefined;
        }"""
    )
    editor.locator('input[name="title"]').fill(title)
    editor.locator('input[name="title"]').press("Tab")  # which fills in the slug, so the autosave makes the page
    for _ in range(100):  # the autosave leaves half a second after the change
        if held:
            break
        editor.wait_for_timeout(100)
    assert [route.request.headers.get("accept") for route in held] == ["application/json"]

    editor.get_by_role("tab", name="Facts").click()
    editor.get_by_role("button", name=re.compile("Add partner organisation", re.I)).click()
    choose_in_modal(
        editor, editor.get_by_role("button", name="Choose organisation").last, editorial_site.choices["partner"]
    )
    editor.locator('input[name="partners-0-role"]').fill("Leads the walks")
    footer_action(editor, "Save draft").click(no_wait_after=True)
    held[0].continue_()
    editor.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"), timeout=15_000)
    expect(editor.locator(".messages .success")).to_contain_text(title)

    assert len(held) == 1
    practice = GoodPracticePage.objects.get(title=title)
    draft = practice.get_latest_revision().as_object()
    assert [(partner.organisation.name, partner.role) for partner in draft.partners.all()] == [
        (editorial_site.choices["partner"], "Leads the walks")
    ]
    assert editor.url.endswith(f"/admin/pages/{practice.pk}/edit/")


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

    # The translator saves and submits with the admin in their own language, which they choose in their account.
    editor_url = translator.url
    speak(signed_in, f"translators-{code}", code)
    translator.goto(editor_url)
    expect(translator.get_by_role("button", name=in_editor_language(code, "Translate")).first).to_be_visible()
    translator.get_by_role("button", name=in_language(code, "Save draft")).click()
    workflow = in_language(code, "Review and publish") + f" ({code})"
    submit = translator.get_by_role("button", name=in_language(code, "Submit to %(workflow)s", workflow=workflow))
    expect(submit).to_be_visible()
    submit.scroll_into_view_if_needed()
    translator.screenshot(path=SCREENSHOTS / f"translation-submit-{code}.png")
    submit.click()
    expect(translator.locator(".messages .success")).to_contain_text(TITLES[code])
    translated = translation_of(editorial_site, code)
    assert translated.workflow_in_progress and not translated.live

    # Another locale's page (the English source) is refused.
    other = translator.goto(f"/admin/pages/{editorial_site.practice_id}/edit/")
    assert other.status == 403

    # Another locale's reviewer may not open it; the locale's own reviewer approves it.
    other_reviewer = signed_in(f"reviewers-{OTHER_LOCALE[code]}")
    assert other_reviewer.goto(f"/admin/pages/{translated.pk}/edit/").status == 403
    reviewer = signed_in(f"reviewers-{code}")
    speak(signed_in, f"reviewers-{code}", code)
    reviewer.goto(f"/admin/pages/{translated.pk}/edit/")
    reviewer.get_by_label(in_language(code, "Comment")).fill(f"Checked the {code} title.")
    approve = reviewer.get_by_role("button", name=in_language(code, "Approve"), exact=True)
    approve.scroll_into_view_if_needed()
    reviewer.screenshot(path=SCREENSHOTS / f"translation-approve-{code}.png")
    approve.click()
    reviewer.wait_for_load_state()

    translated.refresh_from_db()
    assert translated.live
    live = signed_in(f"reviewers-{code}")
    live.goto(translated.get_url())
    expect(live.get_by_role("heading", level=1)).to_have_text(TITLES[code])
    live.screenshot(path=SCREENSHOTS / f"translation-live-{code}.png")

    translator.goto("/admin/translation-overview/")
    expect(overview_cell(translator, code)).to_have_attribute("data-state", "published")
    expect(translator.locator("html")).to_have_attribute("lang", code)


def test_source_change_makes_the_translation_out_of_date_and_the_translator_resubmits(signed_in, editorial_site, db):
    """Journey 4, in Czech: the published translation falls behind its English source; "sync" brings the new
    string into the translation editor as a draft, and the translator submits it again for review."""
    translator, reviewer, source_reviewer = (
        signed_in("translators-cs"),
        signed_in("reviewers-cs"),
        signed_in("reviewers-en"),
    )
    for account in ("translators-cs", "reviewers-cs"):
        speak(signed_in, account, "en")  # journey 2 left them in Czech
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
    source_reviewer.goto(f"/admin/pages/{source_id}/edit/")
    source_reviewer.locator('textarea[name="summary"]').fill(changed)
    source_reviewer.locator("footer").get_by_role("button", name="More actions").click()
    source_reviewer.get_by_role("button", name="Publish", exact=True).click()
    expect(source_reviewer.locator(".messages .success")).to_contain_text("published")  # the publish has been answered

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
