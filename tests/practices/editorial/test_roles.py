"""The editorial roles of migration ``0006_roles_and_workflow`` through the admin views: a Bulgarian translator
translates into Bulgarian and edits Bulgarian pages and snippets but gets a 403 on Czech and English ones, editors
edit every locale, and partners' contributors add drafts only under "incoming"."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.test.utils import WagtailTestUtils
from wagtail_localize.models import StringSegment, Translation

from practices.choices import TranslationOrigin
from practices.models import EditorialRole, GoodPracticePage, IncomingPracticesPage, PracticeIndexPage, Theme
from tests.practices.factories import GoodPracticePageFactory, ThemeFactory, good_practice_form_data
from tests.practices.role_fixtures import client_for, member_of

pytestmark = pytest.mark.django_db


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=("practices", "goodpracticepage", parent.pk))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def snippet_url(action, theme=None):
    return reverse(f"wagtailsnippets_practices_theme:{action}", args=(theme.pk,) if theme else ())


def practice_form(title, action, slug=None):
    slug = slug or title.lower().replace(" ", "-")
    return good_practice_form_data(title, action, slug=slug, translation_origin=TranslationOrigin.HUMAN)


def offered_locales(response):
    soup = WagtailTestUtils.get_soup(response.content)
    return {int(box["value"]) for box in soup.select('input[type="checkbox"][name="locales"]')}


@pytest.fixture
def themes(locales):
    """One theme in English with its Czech and Bulgarian translations."""
    english = ThemeFactory(name="Youth participation", slug="youth")
    return {
        "en": english,
        "cs": ThemeFactory(name="Participace mládeže", slug="youth", locale=locales["cs"],
                           translation_key=english.translation_key),
        "bg": ThemeFactory(name="Младежко участие", slug="youth", locale=locales["bg"],
                           translation_key=english.translation_key),
    }  # fmt: skip


@pytest.fixture
def practices(locales):
    """A published English practice and its Czech translation."""
    english = GoodPracticePageFactory(title="Youth parliament of Brno", slug="youth-parliament")
    english.save_revision().publish()
    czech = english.copy_for_translation(locales["cs"])
    czech.save_revision().publish()
    return {"en": english, "cs": czech}


def test_roles_exist_with_stable_codenames_and_translators_per_locale(locales):
    codenames = set(EditorialRole.objects.values_list("codename", flat=True))
    assert {"administrators", "editors", "reviewers"} <= codenames
    for code, locale in locales.items():
        role = EditorialRole.objects.get(codename=f"translators-{code}")
        assert role.locale == locale
        assert role.group.name == f"Translators ({code})"
        contributors = EditorialRole.objects.get(codename=f"partner-contributors-{code}")
        assert contributors.locale == locale
        assert contributors.group.name == f"Partners' contributors ({code})"
    assert not Group.objects.filter(name="Moderators").exists()  # Wagtail's moderators became the reviewers
    assert IncomingPracticesPage.objects.count() == len(locales)
    for incoming in IncomingPracticesPage.objects.all():
        assert not incoming.live
        assert isinstance(incoming.get_parent().specific, PracticeIndexPage)


def test_bulgarian_translator_translates_a_page_into_bulgarian_only(bg_translator_client, bg_translator, locales,
                                                                    practices):  # fmt: skip
    url = reverse("wagtail_localize:submit_page_translation", args=(practices["en"].pk,))
    form = bg_translator_client.get(url)
    assert form.status_code == 200
    assert offered_locales(form) == {locales["bg"].pk}

    response = bg_translator_client.post(url, {"locales": [locales["bg"].pk]})
    assert response.status_code == 302
    bulgarian = GoodPracticePage.objects.get(translation_key=practices["en"].translation_key, locale=locales["bg"])
    assert not bulgarian.live  # a draft that goes through the workflow
    log = PageLogEntry.objects.filter(page=bulgarian, user=bg_translator).values_list("action", flat=True)
    assert "wagtail.copy_for_translation" in log

    # The page's edit view is wagtail-localize's translation editor; the translator fills in the title there.
    assert bg_translator_client.get(edit_url(bulgarian)).status_code == 200
    translation = Translation.objects.get(
        target_locale=locales["bg"], source__object_id=practices["en"].translation_key
    )
    title = StringSegment.objects.get(source=translation.source, context__path="title")
    url = reverse("wagtail_localize:edit_string_translation", args=(translation.pk, title.pk))
    body = encode_multipart(BOUNDARY, {"value": "Младежки парламент на Бърно"})
    assert bg_translator_client.put(url, body, content_type=MULTIPART_CONTENT).status_code == 201
    translation.save_target(user=bg_translator, publish=False)
    bulgarian.refresh_from_db()
    assert bulgarian.draft_title == "Младежки парламент на Бърно"


def test_bulgarian_translator_cannot_translate_into_czech(bg_translator_client, locales, practices):
    url = reverse("wagtail_localize:submit_page_translation", args=(practices["en"].pk,))
    GoodPracticePage.objects.filter(locale=locales["hr"]).delete()
    response = bg_translator_client.post(url, {"locales": [locales["hr"].pk]})
    assert response.status_code == 403
    assert not GoodPracticePage.objects.filter(locale=locales["hr"]).exists()


def test_bulgarian_translator_edits_bulgarian_pages(bg_translator_client, home_pages, locales):
    bulgarian_index = PracticeIndexPage.objects.get(locale=locales["bg"])
    slug = "mladezhki-parlament"
    response = bg_translator_client.post(add_url(bulgarian_index), practice_form("Младежки парламент", None, slug))
    assert response.status_code == 302
    page = GoodPracticePage.objects.get(locale=locales["bg"], title="Младежки парламент")
    assert bg_translator_client.get(edit_url(page)).status_code == 200
    response = bg_translator_client.post(edit_url(page), practice_form("Младежки парламент на Бургас", None, slug))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.draft_title == "Младежки парламент на Бургас"
    assert not page.live


@pytest.mark.parametrize("code", ["cs", "en"])
def test_bulgarian_translator_gets_403_on_other_locales_pages(bg_translator_client, practices, code):
    page = practices[code]
    assert bg_translator_client.get(edit_url(page)).status_code == 403
    response = bg_translator_client.post(edit_url(page), practice_form("Overwritten", None))
    assert response.status_code == 403
    page.refresh_from_db()
    assert page.draft_title != "Overwritten"
    bg_translator_client.post(add_url(page.get_parent()), practice_form("Sneaked in", None))
    assert not GoodPracticePage.objects.filter(title="Sneaked in").exists()


def test_bulgarian_translator_edits_bulgarian_snippets(bg_translator_client, themes):
    theme = themes["bg"]
    assert bg_translator_client.get(snippet_url("edit", theme)).status_code == 200
    data = {"name": "Участие на младежите", "slug": "youth", "description": ""}
    response = bg_translator_client.post(snippet_url("edit", theme), data)
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.name == "Участие на младежите"
    assert bg_translator_client.get(snippet_url("add") + "?locale=bg").status_code == 200


@pytest.mark.parametrize("code", ["cs", "en"])
def test_bulgarian_translator_gets_403_on_other_locales_snippets(bg_translator_client, themes, code):
    theme = themes[code]
    original_name = theme.name
    assert bg_translator_client.get(snippet_url("edit", theme)).status_code == 403
    response = bg_translator_client.post(snippet_url("edit", theme), {"name": "Overwritten", "slug": "youth"})
    assert response.status_code == 403
    bg_translator_client.post(snippet_url("delete", theme))  # translators may delete nothing at all
    theme.refresh_from_db()
    assert theme.name == original_name
    assert bg_translator_client.get(snippet_url("add") + f"?locale={code}").status_code == 403
    response = bg_translator_client.post(snippet_url("add") + f"?locale={code}", {"name": "New", "slug": "new-term"})
    assert response.status_code == 403
    assert not Theme.objects.filter(slug="new-term").exists()


def test_bulgarian_translator_cannot_translate_a_snippet_into_czech(bg_translator_client, locales):
    english = ThemeFactory(name="Public space", slug="public-space")
    url = reverse("wagtail_localize:submit_snippet_translation", args=("practices", "theme", english.pk))
    form = bg_translator_client.get(url)
    assert offered_locales(form) == {locales["bg"].pk}
    assert bg_translator_client.post(url, {"locales": [locales["cs"].pk]}).status_code == 403
    assert bg_translator_client.post(url, {"locales": [locales["bg"].pk]}).status_code == 302
    assert set(Theme.objects.filter(slug="public-space").values_list("locale__language_code", flat=True)) == {
        "en",
        "bg",
    }


def test_editor_edits_pages_and_snippets_of_every_locale(editor_client, themes, practices):
    for theme in themes.values():
        assert editor_client.get(snippet_url("edit", theme)).status_code == 200
    for page in practices.values():
        assert editor_client.get(edit_url(page)).status_code == 200


def test_partner_contributor_adds_drafts_only_under_incoming(contributor_client, reviewer, locales, practice_index):
    incoming = IncomingPracticesPage.objects.get(locale=locales["en"])
    response = contributor_client.post(add_url(incoming), practice_form("Participatory budget of Osijek",
                                                                      "action-publish"))  # fmt: skip
    assert response.status_code == 302
    draft = GoodPracticePage.objects.get(title="Participatory budget of Osijek")
    assert draft.get_parent().pk == incoming.pk
    assert not draft.live  # publishing is not theirs: the form saved a draft

    response = contributor_client.post(edit_url(draft), practice_form("Participatory budget of Osijek",
                                                                       "action-submit"))  # fmt: skip
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.workflow_in_progress
    assert any(reviewer.email in message.to for message in mail.outbox)

    contributor_client.post(add_url(practice_index), practice_form("Straight into the index", "action-submit"))
    assert not GoodPracticePage.objects.filter(title="Straight into the index").exists()


def test_partner_contributor_adds_drafts_only_in_their_own_locales_incoming_section(cs_contributor_client, locales):
    czech = cs_contributor_client
    czech_incoming = IncomingPracticesPage.objects.get(locale=locales["cs"])
    assert czech.get(add_url(czech_incoming)).status_code == 200
    for code in ("en", "bg", "hr", "nb"):
        other = IncomingPracticesPage.objects.get(locale=locales[code])
        refused = czech.get(add_url(other))
        assert (refused.status_code, refused.url) == (302, reverse("wagtailadmin_home"))  # Wagtail's refusal
        czech.post(add_url(other), practice_form(f"Outside Czech ({code})", "action-submit"))
        assert not GoodPracticePage.objects.filter(title=f"Outside Czech ({code})").exists()


def test_partner_contributor_sees_only_their_own_drafts_under_incoming(contributor_client, editor_client,
                                                                       django_user_model, locales):  # fmt: skip
    other_client = client_for(member_of(django_user_model, "partner-contributors-en", "oskar"))
    incoming = IncomingPracticesPage.objects.get(locale=locales["en"])
    contributor_client.post(add_url(incoming), practice_form("Participatory budget of Osijek", "action-submit"))
    other_client.post(add_url(incoming), practice_form("Citizens jury of Bergen", "action-submit"))
    theirs = GoodPracticePage.objects.get(title="Citizens jury of Bergen")
    explore = reverse("wagtailadmin_explore", args=(incoming.pk,))

    listing = contributor_client.get(explore).content.decode()
    assert "Participatory budget of Osijek" in listing
    assert "Citizens jury of Bergen" not in listing
    assert contributor_client.get(reverse("wagtailadmin_pages:edit", args=(theirs.pk,))).status_code == 403
    everything = editor_client.get(explore).content.decode()
    assert "Participatory budget of Osijek" in everything and "jury of Bergen" in everything
