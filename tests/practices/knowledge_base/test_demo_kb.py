"""load_demo (the demo knowledge base in practices/fixtures/demo) and ensure_admin, run on the real database."""

import json
import re
from decimal import Decimal
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils.html import escape
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from practices.knowledge_base.demo_pictures import DEMO_PICTURES
from practices.management.commands.load_demo import DEMO_FILE
from practices.models import (
    FundingProgramme,
    GoodPracticePage,
    MaterialPage,
    Method,
    TargetGroup,
    Theme,
    TrainingVideoPage,
)

LOCALE_CODES = {"en", "cs", "bg", "hr", "nb"}
DEMO_PICTURE_TITLES = [title for title, _theme, _description in DEMO_PICTURES]
PAGE_MODELS = {"practice": GoodPracticePage, "material": MaterialPage, "video": TrainingVideoPage}
# Slugs as written in practices/fixtures/demo/knowledge_base.jsonl.
HEALTHY_CITIES = {
    "cs": "zapojovani-verejnosti-cesko-norska-spoluprace",
    "en": "citizen-participation-czech-norwegian-healthy-cities",
    "nb": "innbyggermedvirkning-tsjekkisk-norsk-samarbeid",
}
DOLNA_MITROPOLIYA = {
    "bg": "kapatsitet-sgo-i-obshtini-dolna-mitropoliya",
    "en": "civil-society-capacity-dolna-mitropoliya",
}
KRAVARSKO = {"hr": "pokrenimo-kok-kultura-u-opcini-kravarsko", "en": "pokrenimo-kok-culture-in-kravarsko"}


@pytest.fixture(scope="module")
def loaded_demo(module_content):
    """The demo, loaded once for the module (about four seconds) into its transaction; its documents and pictures
    go to the module's media folder (tests/conftest.py), never to var/media. What ``load_demo`` printed."""
    with module_content():
        stdout = StringIO()
        call_command("load_demo", stdout=stdout)
        return stdout.getvalue()


@pytest.fixture
def demo(loaded_demo, db):
    return loaded_demo


def demo_lines():
    lines = DEMO_FILE.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip() and not line.startswith("//")]


def page(slug, code):
    return Page.objects.get(slug=slug, locale__language_code=code).specific


def knowledge_base_state():
    counts = {model.__name__: model.objects.count() for model in (*PAGE_MODELS.values(), Theme, TargetGroup, Method)}
    return counts, Revision.objects.count()


def test_load_demo_reports_every_line_created(demo):
    # The site's information pages come first: About, Contact, Privacy and Accessibility in five languages.
    assert demo == (
        "Information pages created: 20.\n"
        f"Demo knowledge base loaded: {len(demo_lines())} created, 0 updated, 0 unchanged.\n"
    )


@pytest.mark.parametrize(("kind", "minimum"), [("practice", 5), ("material", 2), ("video", 2)])
def test_demo_items_are_published_in_their_original_language_with_an_english_translation(demo, kind, minimum):
    originals = [line for line in demo_lines() if line["type"] == kind and not line.get("translation_of")]

    assert len(originals) >= minimum
    for line in originals:
        original = page(line["slug"], line["locale"])
        assert isinstance(original, PAGE_MODELS[kind])
        assert original.live
        assert line["locale"] != "en"
        english = PAGE_MODELS[kind].objects.get(translation_key=original.translation_key, locale__language_code="en")
        assert english.live
        assert english.slug != original.slug


def test_every_demo_translation_shares_the_translation_key_of_its_source(demo):
    for line in demo_lines():
        if line.get("translation_of"):
            model = PAGE_MODELS[line["type"]]
            translation = model.objects.get(slug=line["slug"], locale__language_code=line["locale"])
            source = model.objects.exclude(pk=translation.pk).get(slug=line["translation_of"])
            assert translation.translation_key == source.translation_key


def test_healthy_cities_practice_exists_in_czech_english_and_norwegian(demo):
    pages = {code: page(slug, code) for code, slug in HEALTHY_CITIES.items()}

    assert all(isinstance(practice, GoodPracticePage) and practice.live for practice in pages.values())
    assert len({practice.translation_key for practice in pages.values()}) == 1
    assert {p.locale.language_code for p in pages["cs"].get_translations(inclusive=True)} == {"cs", "en", "nb"}


@pytest.mark.parametrize("model", [Theme, TargetGroup, Method, FundingProgramme])
def test_every_taxonomy_term_exists_in_all_five_locales(demo, model):
    slugs = set(model.objects.values_list("slug", flat=True))

    assert slugs
    for slug in slugs:
        terms = model.objects.filter(slug=slug)
        assert {term.locale.language_code for term in terms} == LOCALE_CODES, slug
        assert len({term.translation_key for term in terms}) == 1, slug
        assert all(term.name for term in terms)


@pytest.mark.parametrize("code", ["cs", "en"])
def test_healthy_cities_outcomes_count_55_consultations_and_40_municipalities(demo, code):
    practice = page(HEALTHY_CITIES[code], code)

    values = [outcome.value["value"] for outcome in practice.outcomes]
    assert Decimal("55") in values
    assert Decimal("40") in values
    assert values.index(Decimal("55")) + 1 == values.index(Decimal("40"))


def test_healthy_cities_english_outcome_labels(demo):
    practice = page(HEALTHY_CITIES["en"], "en")

    outcomes = {outcome.value["label"]: outcome.value["value"] for outcome in practice.outcomes}
    assert outcomes["consultations with active public participation"] == Decimal("55")
    assert outcomes["municipalities trained to organise consultations"] == Decimal("40")


@pytest.mark.parametrize("code", ["bg", "en"])
def test_dolna_mitropoliya_budget_is_390000_bgn(demo, code):
    practice = page(DOLNA_MITROPOLIYA[code], code)

    assert practice.budget_amount == Decimal("390000.00")
    assert practice.budget_currency == "BGN"
    assert practice.start_date.isoformat() == "2007-11-20"


@pytest.mark.parametrize("code", ["hr", "en"])
def test_kravarsko_budget_dates_and_partners_are_exact(demo, code):
    practice = page(KRAVARSKO[code], code)

    assert practice.budget_amount == Decimal("1989272.02")
    assert str(practice.budget_amount) == "1989272.02"
    assert practice.budget_currency == "HRK"
    assert (practice.start_date.isoformat(), practice.end_date.isoformat()) == ("2020-08-01", "2022-08-01")
    assert [partner.organisation.slug for partner in practice.partners.all()] == [
        "lag-vallis-colapis",
        "opcina-kravarsko",
        "udruga-umirovljenika-kravarsko",
        "kud-kravarsko",
    ]


def test_kravarsko_partners_are_named_in_croatian_in_order(demo):
    practice = page(KRAVARSKO["hr"], "hr")

    assert [partner.organisation.name for partner in practice.partners.all()] == [
        "LAG Vallis Colapis",
        "Općina Kravarsko",
        "Udruga umirovljenika općine Kravarsko",
        "KUD Kravarsko",
    ]
    assert all(partner.organisation.locale.language_code == "hr" for partner in practice.partners.all())


def test_second_load_demo_does_nothing(demo):
    before = knowledge_base_state()
    stdout = StringIO()

    call_command("load_demo", stdout=stdout)

    assert stdout.getvalue() == (
        "Information pages created: 0.\nThe knowledge base already has content; the demo was not loaded.\n"
    )
    assert knowledge_base_state() == before


def test_forced_reload_of_the_demo_finds_every_line_unchanged(demo):
    before = knowledge_base_state()
    stdout = StringIO()

    call_command("load_demo", "--force", stdout=stdout)

    assert stdout.getvalue() == (
        "Information pages created: 0.\n"
        f"Demo knowledge base loaded: 0 created, 0 updated, {len(demo_lines())} unchanged.\n"
    )
    assert knowledge_base_state() == before


def test_demo_leaves_a_valid_page_tree(demo):
    assert Page.find_problems() == ([], [], [], [], [])


@pytest.mark.parametrize("code", ["cs", "en", "bg", "hr", "nb"])
def test_home_page_lists_the_newest_practices_of_its_language(demo, client, code):
    response = client.get(f"/{code}/")

    assert response.status_code == 200
    html = response.content.decode()
    newest = BeautifulSoup(html, "html.parser").select_one('section[aria-labelledby="newest"]')
    own = GoodPracticePage.objects.live().filter(locale__language_code=code)
    others = GoodPracticePage.objects.live().exclude(locale__language_code=code)
    assert own.exists()
    for practice in own:
        assert practice.title in newest.get_text()
    for practice in others:  # offered apart, under "From other languages", if at all
        assert practice.title not in newest.get_text()


def test_czech_home_page_shows_a_czech_practice_title(demo, client):
    response = client.get("/cs/")

    assert "Future City Game: komunitní plánování hrou" in response.content.decode()


def test_every_demo_detail_page_is_served(demo, client):
    pages = [item for model in PAGE_MODELS.values() for item in model.objects.live()]

    assert len(pages) == len([line for line in demo_lines() if line["type"] in PAGE_MODELS])
    for item in pages:
        response = client.get(item.get_url())
        assert response.status_code == 200, item.get_url()
        assert escape(item.title) in response.content.decode()


def test_every_demo_practice_shows_a_picture_drawn_for_the_demo_on_its_card(demo, client):
    pictures = {image.pk: image for image in get_image_model().objects.filter(title__in=DEMO_PICTURE_TITLES)}
    assert len(pictures) == len(DEMO_PICTURES)
    assert all(image.description and image.file.name.endswith(".jpg") for image in pictures.values())

    for practice in GoodPracticePage.objects.live():
        assert practice.gallery[0].value["image"].pk in pictures, practice.slug
    for code in LOCALE_CODES:
        soup = BeautifulSoup(client.get(f"/{code}/").content, "html.parser")
        newest = soup.select('section[aria-labelledby="newest"] li.item')
        assert newest and all(card.select_one("img.face") for card in newest), code


def test_a_forced_reload_draws_no_picture_twice(demo):
    call_command("load_demo", "--force", stdout=StringIO())

    assert get_image_model().objects.filter(title__in=DEMO_PICTURE_TITLES).count() == len(DEMO_PICTURES)


# --- ensure_admin ----------------------------------------------------------------------------------------------
PASSWORD_RE = re.compile(r"with the password: (\S+)")


def test_ensure_admin_creates_a_superuser_and_prints_its_password_once(db):
    first, second = StringIO(), StringIO()

    call_command("ensure_admin", stdout=first)
    call_command("ensure_admin", stdout=second)

    [password] = PASSWORD_RE.findall(first.getvalue())
    [admin] = get_user_model().objects.all()
    assert (admin.username, admin.email, admin.is_superuser, admin.is_staff) == ("admin", "admin@localhost", True, True)
    assert admin.check_password(password)
    assert "password: " not in second.getvalue()
    assert password not in second.getvalue()
    assert second.getvalue() == "An administrator account exists already; its password is unchanged.\n"
    assert get_user_model().objects.count() == 1


def test_ensure_admin_takes_username_and_email(db):
    stdout = StringIO()

    call_command("ensure_admin", "--username", "root", "--email", "root@example.org", stdout=stdout)

    admin = get_user_model().objects.get(username="root")
    assert admin.email == "root@example.org"
    assert admin.check_password(PASSWORD_RE.search(stdout.getvalue()).group(1))


def test_ensure_admin_leaves_an_existing_superuser_alone(admin_user):
    stdout = StringIO()

    call_command("ensure_admin", stdout=stdout)

    assert list(get_user_model().objects.values_list("username", flat=True)) == ["editor"]
    admin_user.refresh_from_db()
    assert admin_user.check_password("pw")
