"""Editors create, publish and edit knowledge-base items through Wagtail's page admin, and the page type rules keep
each item in its own section."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.models import Page
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

from home.models import HomePage
from practices.choices import Completeness, ContentLanguage, MaterialKind, PracticeStatus
from practices.models import (
    GoodPracticePage,
    MaterialIndexPage,
    MaterialPage,
    PracticeIndexPage,
    PracticePartner,
    TrainingVideoPage,
    VideoIndexPage,
)
from tests.practices.factories import (
    DocumentFactory,
    GoodPracticePageFactory,
    MethodFactory,
    OrganisationFactory,
    TargetGroupFactory,
    ThemeFactory,
    good_practice_form_data,
    material_form_data,
    training_video_form_data,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded documents go to a temporary directory, not the project's var/media."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def anonymous_client():
    return Client()


def add_url(parent, page_model):
    return reverse("wagtailadmin_pages:add", args=(page_model._meta.app_label, page_model._meta.model_name, parent.pk))


def assert_created(response):
    """The add/edit view redirected (success), rather than re-rendering the form with its errors."""
    assert response.status_code == 302, response.context["form"].errors if response.context else response


def assert_refused(response):
    """Wagtail's admin answers a forbidden action by sending the editor to the dashboard with an error message."""
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert "Sorry, you do not have permission to access this area." in [
        str(message).strip() for message in get_messages(response.wsgi_request)
    ]


def checkbox_values(response, name):
    soup = WagtailTestUtils.get_soup(response.content)
    return {int(box["value"]) for box in soup.select(f'input[type="checkbox"][name="{name}"]')}


# --- Creating each kind of item -----------------------------------------------------------------------------------


def test_editor_publishes_complete_good_practice_through_admin(admin_client, anonymous_client, practice_index):
    lead, partner = OrganisationFactory(name="Brno City Hall"), OrganisationFactory(name="Youth Council Brno")
    theme, group, method = ThemeFactory(name="Youth participation"), TargetGroupFactory(), MethodFactory()

    response = admin_client.post(
        add_url(practice_index, GoodPracticePage),
        good_practice_form_data(
            title="Youth parliament of Brno",
            body=streamfield([("paragraph", rich_text("<p>Pupils debate the city budget.</p>"))]),
            outcomes=streamfield([("outcome", {"value": "20", "label": "youth forums"})]),
            partners=inline_formset([{"organisation": partner.pk, "role": "recruits pupils"}]),
            lessons_learned="Start with the school parliaments.",
            country="CZ",
            lead_organisation=lead.pk,
            start_date="2021-03-01",
            end_date="2023-06-30",
            status=PracticeStatus.COMPLETED,
            budget_amount="125000.50",
            budget_currency="EUR",
            themes=[theme.pk],
            target_groups=[group.pk],
            methods=[method.pk],
        ),
    )

    assert_created(response)
    page = GoodPracticePage.objects.get(slug="youth-parliament-of-brno")
    assert page.live
    assert not page.has_unpublished_changes
    assert page.get_parent().specific == practice_index
    assert page.locale == practice_index.locale
    assert [(block.value["value"], block.value["label"]) for block in page.outcomes] == [
        (Decimal("20"), "youth forums")
    ]
    assert [(p.organisation, p.role) for p in page.partners.all()] == [(partner, "recruits pupils")]
    assert list(page.themes.all()) == [theme]
    assert list(page.target_groups.all()) == [group]
    assert list(page.methods.all()) == [method]
    assert page.lead_organisation == lead
    assert (page.budget_amount, page.budget_currency) == (Decimal("125000.50"), "EUR")
    assert (page.start_date, page.end_date) == (datetime.date(2021, 3, 1), datetime.date(2023, 6, 30))
    assert page.completeness == Completeness.COMPLETE

    assert page.url == "/en/practices/youth-parliament-of-brno/"
    public = anonymous_client.get(page.url)
    assert public.status_code == 200
    assert public.context["page"].specific == page
    html = public.content.decode()
    assert "<h1>Youth parliament of Brno</h1>" in html
    assert "Pupils debate the city budget." in html
    assert "Youth Council Brno – recruits pupils" in strip_tags(html)
    assert "€125,000.50" in html


def test_editor_publishes_complete_material_through_admin(admin_client, anonymous_client, material_index):
    author, document = OrganisationFactory(name="Union of Towns"), DocumentFactory(title="Handbook (PDF)")
    theme, group = ThemeFactory(), TargetGroupFactory()

    response = admin_client.post(
        add_url(material_index, MaterialPage),
        material_form_data(
            title="Participatory budgeting handbook",
            material_kind=MaterialKind.HANDBOOK,
            publication_date="2024-02-15",
            authoring_organisation=author.pk,
            documents=streamfield([("document", {"document": document.pk, "language": ContentLanguage.EN})]),
            body=streamfield([("heading", "How to run the first round")]),
            themes=[theme.pk],
            target_groups=[group.pk],
        ),
    )

    assert_created(response)
    page = MaterialPage.objects.get(slug="participatory-budgeting-handbook")
    assert page.live
    assert page.material_kind == MaterialKind.HANDBOOK
    assert page.publication_date == datetime.date(2024, 2, 15)
    assert page.authoring_organisation == author
    assert [(block.value["document"], block.value["language"]) for block in page.documents] == [(document, "en")]
    assert list(page.themes.all()) == [theme]
    assert page.completeness == Completeness.COMPLETE

    assert page.url == "/en/materials/participatory-budgeting-handbook/"
    public = anonymous_client.get(page.url)
    assert public.status_code == 200
    assert "Handbook (PDF)" in public.content.decode()


def test_editor_publishes_complete_training_video_through_admin(admin_client, anonymous_client, video_index):
    theme, group = ThemeFactory(), TargetGroupFactory()

    response = admin_client.post(
        add_url(video_index, TrainingVideoPage),
        training_video_form_data(
            title="Running a round table",
            video_url="https://www.youtube.com/watch?v=round-table",
            duration_seconds="754",
            spoken_language=ContentLanguage.CS,
            subtitle_languages=[ContentLanguage.EN, ContentLanguage.NB],
            chapters=streamfield([("chapter", {"start_seconds": "0", "title": "Inviting people"})]),
            speakers=streamfield([("speaker", {"name": "Jana Nováková", "role": "facilitator"})]),
            transcript="Welcome to the round table.",
            body=streamfield([("paragraph", rich_text("<p>Recorded in Olomouc.</p>"))]),
            themes=[theme.pk],
            target_groups=[group.pk],
        ),
    )

    assert_created(response)
    page = TrainingVideoPage.objects.get(slug="running-a-round-table")
    assert page.live
    assert page.video_url == "https://www.youtube.com/watch?v=round-table"
    assert page.duration_seconds == 754
    assert page.spoken_language == "cs"
    assert page.subtitle_languages == ["en", "nb"]
    assert [block.value["title"] for block in page.chapters] == ["Inviting people"]
    assert [block.value["name"] for block in page.speakers] == ["Jana Nováková"]
    assert page.completeness == Completeness.COMPLETE

    assert page.url == "/en/videos/running-a-round-table/"
    public = anonymous_client.get(page.url)
    assert public.status_code == 200
    assert "Inviting people" in public.content.decode()


@pytest.mark.parametrize(
    ("index_name", "page_model", "form_data"),
    [
        ("practice_index", GoodPracticePage, good_practice_form_data),
        ("material_index", MaterialPage, material_form_data),
        ("video_index", TrainingVideoPage, training_video_form_data),
    ],
)
def test_item_published_with_only_its_required_fields_is_a_stub(
    request, admin_client, anonymous_client, index_name, page_model, form_data
):
    index = request.getfixturevalue(index_name)

    response = admin_client.post(add_url(index, page_model), form_data(title="Bare minimum"))

    assert_created(response)
    page = page_model.objects.get(slug="bare-minimum")
    assert page.live
    assert page.completeness == Completeness.STUB
    assert anonymous_client.get(page.url).status_code == 200


def test_practice_saved_as_draft_is_not_served(admin_client, anonymous_client, practice_index):
    response = admin_client.post(
        add_url(practice_index, GoodPracticePage), good_practice_form_data(title="Work in progress", action=None)
    )

    assert_created(response)
    page = GoodPracticePage.objects.get(slug="work-in-progress")
    assert not page.live
    assert anonymous_client.get("/en/practices/work-in-progress/").status_code == 404


# --- Editing ------------------------------------------------------------------------------------------------------


def test_editor_edits_published_practice_through_edit_view(admin_client, anonymous_client):
    practice = GoodPracticePageFactory(title="Round tables in Kutná Hora", with_facts=True)
    first_partner = OrganisationFactory(name="Kutná Hora Library")
    practice.partners = [PracticePartner(organisation=first_partner, role="venue")]
    practice.save()
    practice.save_revision().publish()
    existing_partner = PracticePartner.objects.get(page=practice)
    new_partner = OrganisationFactory(name="Regional Museum")

    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=(practice.pk,)),
        good_practice_form_data(
            title="Round tables in Kutná Hora",
            slug=practice.slug,
            summary="Monthly round tables between the town hall and its NGOs.",
            country="CZ",
            lead_organisation=practice.lead_organisation.pk,
            start_date="2021-03-01",
            end_date="2024-12-31",
            status=PracticeStatus.ONGOING,
            budget_amount="9000",
            budget_currency="CZK",
            partners=inline_formset(
                [
                    {"id": existing_partner.pk, "organisation": first_partner.pk, "role": "venue and catering"},
                    {"id": "", "organisation": new_partner.pk, "role": "exhibition"},
                ],
                initial=1,
            ),
        ),
    )

    assert_created(response)
    practice.refresh_from_db()
    assert practice.live
    assert not practice.has_unpublished_changes
    assert practice.summary == "Monthly round tables between the town hall and its NGOs."
    assert (practice.budget_amount, practice.budget_currency) == (Decimal("9000"), "CZK")
    assert practice.end_date == datetime.date(2024, 12, 31)
    assert practice.status == PracticeStatus.ONGOING
    assert [(p.organisation, p.role) for p in practice.partners.order_by("sort_order")] == [
        (first_partner, "venue and catering"),
        (new_partner, "exhibition"),
    ]
    html = anonymous_client.get(practice.url).content.decode()
    assert "Monthly round tables between the town hall and its NGOs." in html
    assert "CZK9,000.00" in html


def test_edit_view_of_practice_opens_for_editor(admin_client):
    practice = GoodPracticePageFactory(title="Emotional maps of Zadar")

    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(practice.pk,)))

    assert response.status_code == 200
    assert response.context["form"].instance.specific == practice


# --- Page type rules ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page_model", "parent_name"),
    [
        (GoodPracticePage, "material_index"),
        (GoodPracticePage, "video_index"),
        (GoodPracticePage, "home"),
        (MaterialPage, "practice_index"),
        (MaterialPage, "home"),
        (TrainingVideoPage, "material_index"),
        (TrainingVideoPage, "home"),
        (PracticeIndexPage, "practice_index"),
    ],
)
def test_page_cannot_be_added_outside_its_section(request, admin_client, home_pages, page_model, parent_name):
    parent = home_pages["en"] if parent_name == "home" else request.getfixturevalue(parent_name)

    assert not page_model.can_create_at(parent)
    assert page_model not in parent.specific_class.allowed_subpage_models()
    assert_refused(admin_client.get(add_url(parent, page_model)))
    children_before = parent.get_children().count()
    assert_refused(admin_client.post(add_url(parent, page_model), good_practice_form_data(title="Misplaced")))
    assert parent.get_children().count() == children_before
    assert not Page.objects.filter(slug="misplaced").exists()


@pytest.mark.parametrize(
    ("index_name", "page_model"),
    [
        ("practice_index", GoodPracticePage),
        ("material_index", MaterialPage),
        ("video_index", TrainingVideoPage),
    ],
)
def test_section_offers_only_its_own_item_type(request, admin_client, index_name, page_model):
    index = request.getfixturevalue(index_name)

    assert index.specific_class.creatable_subpage_models() == [page_model]
    assert page_model.can_create_at(index)
    # With a single allowed type, "Add child page" goes straight to that type's form.
    response = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=(index.pk,)))
    assert response.status_code == 302
    assert response["Location"] == add_url(index, page_model)


@pytest.mark.parametrize("index_model", [PracticeIndexPage, MaterialIndexPage, VideoIndexPage])
def test_home_page_holds_at_most_one_index_of_each_kind(admin_client, home_pages, index_model):
    for home in home_pages.values():
        assert not index_model.can_create_at(home)
    assert_refused(admin_client.get(add_url(home_pages["en"], index_model)))

    # A home page without that section may still get one: the limit is per home page, not site-wide.
    new_home = Page.get_first_root_node().add_child(instance=HomePage(title="Staging home", slug="staging-home"))
    assert index_model.can_create_at(new_home)
    assert admin_client.get(add_url(new_home, index_model)).status_code == 200


def test_home_page_cannot_be_added_under_a_section(practice_index):
    assert not HomePage.can_create_at(practice_index)


# --- Taxonomy choices follow the page's locale --------------------------------------------------------------------


@pytest.fixture
def youth_terms(locales):
    """The "youth" theme, target group and method in English and their Czech translations, by form field."""
    terms = {}
    for field_name, factory, english_name, czech_name in [
        ("themes", ThemeFactory, "Youth participation", "Zapojení mládeže"),
        ("target_groups", TargetGroupFactory, "Young people", "Mladí lidé"),
        ("methods", MethodFactory, "Youth parliament", "Dětský parlament"),
    ]:
        english = factory(name=english_name, slug="youth")
        czech = factory(name=czech_name, slug="youth", locale=locales["cs"], translation_key=english.translation_key)
        terms[field_name] = {"en": english, "cs": czech}
    return terms


@pytest.mark.parametrize("locale_code", ["en", "cs"])
def test_practice_add_form_offers_only_taxonomy_terms_of_its_locale(admin_client, locales, youth_terms, locale_code):
    index = PracticeIndexPage.objects.get(locale=locales[locale_code])

    response = admin_client.get(add_url(index, GoodPracticePage))

    assert response.status_code == 200
    html = response.content.decode()
    for field_name, translations in youth_terms.items():
        expected = translations[locale_code]
        other = translations["cs" if locale_code == "en" else "en"]
        assert checkbox_values(response, field_name) == {expected.pk}, field_name
        assert expected.name in html
        assert other.name not in html


def test_practice_edit_form_offers_only_taxonomy_terms_of_the_page_locale(admin_client, locales, youth_terms):
    czech_index = PracticeIndexPage.objects.get(locale=locales["cs"])
    czech_practice = GoodPracticePageFactory(parent=czech_index, title="Sousedské slavnosti")

    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(czech_practice.pk,)))

    assert response.status_code == 200
    for field_name, translations in youth_terms.items():
        assert checkbox_values(response, field_name) == {translations["cs"].pk}, field_name


def test_practice_rejects_theme_of_another_locale(admin_client, practice_index, youth_terms):
    czech_theme = youth_terms["themes"]["cs"]

    response = admin_client.post(
        add_url(practice_index, GoodPracticePage), good_practice_form_data(title="Mixed", themes=[czech_theme.pk])
    )

    assert response.status_code == 200
    assert "themes" in response.context["form"].errors
    assert not GoodPracticePage.objects.filter(slug="mixed").exists()
