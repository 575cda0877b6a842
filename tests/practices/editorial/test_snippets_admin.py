"""Editors manage taxonomy terms and organisations in the snippet admin, and translate them with wagtail-localize."""

import pytest
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils

from practices.choices import OrganisationKind
from practices.models import FundingProgramme, Method, Organisation, TargetGroup, Theme
from tests.practices.factories import (
    FundingProgrammeFactory,
    MethodFactory,
    OrganisationFactory,
    TargetGroupFactory,
    ThemeFactory,
)

SNIPPETS = [
    pytest.param(Theme, ThemeFactory, id="theme"),
    pytest.param(TargetGroup, TargetGroupFactory, id="target-group"),
    pytest.param(Method, MethodFactory, id="method"),
    pytest.param(FundingProgramme, FundingProgrammeFactory, id="funding-programme"),
    pytest.param(Organisation, OrganisationFactory, id="organisation"),
]


def snippet_url(model, action, *args):
    return reverse(model.snippet_viewset.get_url_name(action), args=args)


def translate_url(instance):
    return reverse(
        "wagtail_localize:submit_snippet_translation",
        args=(instance._meta.app_label, instance._meta.model_name, instance.pk),
    )


# --- Creating ---------------------------------------------------------------------------------------------------


def test_editor_creates_theme_through_snippet_admin(admin_client, locales):
    response = admin_client.post(
        snippet_url(Theme, "add"),
        {"name": "Youth participation", "slug": "youth", "description": "Children and young people take part."},
    )

    assert response.status_code == 302
    assert response["Location"].startswith(snippet_url(Theme, "list"))
    theme = Theme.objects.get(slug="youth")
    assert theme.name == "Youth participation"
    assert theme.description == "Children and young people take part."
    assert theme.locale == locales["en"]


def test_editor_creates_theme_in_czech_through_snippet_admin(admin_client, locales):
    response = admin_client.post(
        snippet_url(Theme, "add") + "?locale=cs", {"name": "Veřejný prostor", "slug": "public-space"}
    )

    assert response.status_code == 302
    assert response["Location"] == snippet_url(Theme, "list") + "?locale=cs"
    assert Theme.objects.get(slug="public-space").locale == locales["cs"]


def test_editor_creates_organisation_through_snippet_admin(admin_client, locales):
    response = admin_client.post(
        snippet_url(Organisation, "add"),
        {
            "name": "Union of Towns and Municipalities",
            "slug": "union-of-towns",
            "kind": OrganisationKind.MUNICIPAL_ASSOCIATION,
            "country": "CZ",
            "city": "Praha",
            "address": "5. května 1640/65, 140 00 Praha 4",
            "website": "https://www.smocr.cz/",
            "email": "info@smocr.cz",
            "phone": "+420 234 709 711",
            "logo": "",
        },
    )

    assert response.status_code == 302
    organisation = Organisation.objects.get(slug="union-of-towns")
    assert organisation.name == "Union of Towns and Municipalities"
    assert organisation.kind == OrganisationKind.MUNICIPAL_ASSOCIATION
    assert organisation.country.code == "CZ"
    assert organisation.city == "Praha"
    assert organisation.website == "https://www.smocr.cz/"
    assert organisation.email == "info@smocr.cz"
    assert organisation.locale == locales["en"]


@pytest.mark.parametrize(("model", "factory"), SNIPPETS)
def test_snippet_add_form_opens_for_editor(admin_client, locales, model, factory):
    assert admin_client.get(snippet_url(model, "add")).status_code == 200


# --- Listing and editing ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("model", "factory"), SNIPPETS)
def test_snippet_list_shows_entries(admin_client, locales, model, factory):
    entry = factory(name="Listed entry")

    response = admin_client.get(snippet_url(model, "list"))

    assert response.status_code == 200
    assert entry.name in response.content.decode()


@pytest.mark.parametrize(("model", "factory"), SNIPPETS)
def test_snippet_list_filters_by_locale(admin_client, locales, model, factory):
    english = factory(name="English entry")
    czech = factory(
        name="Czech entry", slug=english.slug, locale=locales["cs"], translation_key=english.translation_key
    )

    # ?locale=<language code> is what Wagtail's own links use, e.g. the list it returns to after a Czech entry is
    # added (see test_editor_creates_theme_in_czech_through_snippet_admin).
    response = admin_client.get(snippet_url(model, "list") + "?locale=cs")

    assert response.status_code == 200
    assert list(response.context["object_list"]) == [czech]


def test_editor_renames_theme_through_snippet_admin(admin_client, locales):
    theme = ThemeFactory(name="Youth", slug="youth")

    response = admin_client.post(
        snippet_url(Theme, "edit", theme.pk), {"name": "Youth participation", "slug": "youth", "description": ""}
    )

    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.name == "Youth participation"


# --- Translating --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("model", "factory"), SNIPPETS)
def test_snippet_list_offers_translate_action(admin_client, locales, model, factory):
    entry = factory(slug="youth")

    response = admin_client.get(snippet_url(model, "list"))

    assert response.status_code == 200
    assert translate_url(entry) in response.content.decode()


def test_translate_form_offers_the_other_four_locales(admin_client, locales):
    theme = ThemeFactory(slug="youth")

    response = admin_client.get(translate_url(theme))

    assert response.status_code == 200
    soup = WagtailTestUtils.get_soup(response.content)
    offered = {int(box["value"]) for box in soup.select('input[type="checkbox"][name="locales"]')}
    assert offered == {locales[code].pk for code in ("cs", "bg", "hr", "nb")}


@pytest.mark.parametrize(("model", "factory"), SNIPPETS)
def test_editor_translates_snippet_into_czech_with_localize(admin_client, locales, model, factory):
    english = factory(name="Youth participation", slug="youth")

    response = admin_client.post(translate_url(english), {"locales": [locales["cs"].pk]})

    czech = model.objects.get(locale=locales["cs"], translation_key=english.translation_key)
    assert response.status_code == 302
    assert response["Location"] == snippet_url(model, "edit", czech.pk)
    # The slug is synchronised: the translation shares it, as feed filters expect.
    assert czech.slug == "youth"
    assert english.get_translation(locales["cs"]) == czech
    # Until a translator fills it in, the text is the source's.
    assert czech.name == "Youth participation"
    assert admin_client.get(response["Location"]).status_code == 200


def test_czech_theme_with_same_translation_key_is_a_translation(locales):
    english = ThemeFactory(name="Youth participation", slug="youth")
    czech = ThemeFactory(
        name="Zapojení mládeže", slug="youth", locale=locales["cs"], translation_key=english.translation_key
    )

    assert english.get_translation(locales["cs"]) == czech
    assert set(czech.get_translations()) == {english}
    assert czech.get_translation(locales["en"]) == english
