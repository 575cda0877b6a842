"""Every validation rule of the knowledge base, checked twice: through the admin form an editor submits (the form
comes back with the error on the right field and nothing is saved) and through the model's ``full_clean()``, which
the importer relies on.

Each table row is (field that carries the error, submitted values, expected message fragment), in the spirit of DRF's
``FieldValues``. Values are given as the admin submits them, as strings; ``full_clean()`` converts them the same way.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.blocks import StreamBlockValidationError
from wagtail.test.utils.form_data import streamfield

from practices.models import (
    FundingProgramme,
    GoodPracticePage,
    Method,
    Organisation,
    TargetGroup,
    Theme,
    TrainingVideoPage,
)
from tests.practices.factories import (
    DocumentFactory,
    FundingProgrammeFactory,
    GoodPracticePageFactory,
    MethodFactory,
    OrganisationFactory,
    TargetGroupFactory,
    ThemeFactory,
    TrainingVideoPageFactory,
    good_practice_form_data,
    training_video_form_data,
)

pytestmark = pytest.mark.django_db

INVALID_SLUG = "invalid-item"

# Rules that hold for both the admin form and the model.
PRACTICE_RULES = [
    pytest.param(
        "end_date",
        {"start_date": "2023-05-01", "end_date": "2023-04-30"},
        "The end date is before the start date.",
        id="end-date-before-start-date",
    ),
    pytest.param(
        "budget_amount",
        {"budget_amount": "-1", "budget_currency": "EUR"},
        "The budget cannot be negative.",
        id="negative-budget",
    ),
    pytest.param(
        "budget_currency", {"budget_amount": "1000"}, "Give the currency of the budget.", id="budget-without-currency"
    ),
    pytest.param(
        "budget_amount",
        {"budget_currency": "EUR"},
        "Give the amount of the budget, or remove its currency.",
        id="currency-without-budget",
    ),
    pytest.param(
        "budget_currency",
        {"budget_amount": "1000", "budget_currency": "XYZ"},
        "“XYZ” is not an ISO 4217 currency code",
        id="unknown-currency",
    ),
    pytest.param(
        "budget_currency",
        {"budget_amount": "1000", "budget_currency": "xxx"},
        "“xxx” is not an ISO 4217 currency code",
        id="lowercase-test-currency",
    ),
    pytest.param(
        "programme_record_url",
        {"programme_record_url": "not a url"},
        "Enter a valid URL.",
        id="malformed-programme-record-url",
    ),
    pytest.param(
        "longitude",
        {"latitude": "50.087465"},
        "A map location needs both latitude and longitude.",
        id="latitude-without-longitude",
    ),
    pytest.param(
        "latitude",
        {"longitude": "14.421254"},
        "A map location needs both latitude and longitude.",
        id="longitude-without-latitude",
    ),
    pytest.param(
        "latitude",
        {"latitude": "95", "longitude": "14.421254"},
        "Ensure this value is less than or equal to 90.",
        id="latitude-out-of-range",
    ),
    pytest.param(
        "longitude",
        {"latitude": "50.087465", "longitude": "-181"},
        "Ensure this value is greater than or equal to -180.",
        id="longitude-out-of-range",
    ),
]

VIDEO_RULES = [
    pytest.param(
        "duration_seconds",
        {"duration_seconds": "0"},
        "The duration must be a positive number of seconds.",
        id="zero-duration",
    ),
    pytest.param(
        "duration_seconds",
        {"duration_seconds": "-5"},
        "The duration must be a positive number of seconds.",
        id="negative-duration",
    ),
    pytest.param("video_url", {"video_url": "not a url"}, "Enter a valid URL.", id="malformed-video-url"),
    pytest.param(
        "video_url", {"video_url": ""}, "Give the video's URL or upload its file.", id="neither-video-url-nor-file"
    ),
]

# The admin offers subtitle languages as checkboxes, so an unknown code fails as an invalid choice there, and as an
# unknown code in the model (the importer's path).
VIDEO_ADMIN_ONLY_RULES = [
    pytest.param(
        "subtitle_languages",
        {"subtitle_languages": ["en", "xx"]},
        "Select a valid choice. xx is not one of the available choices.",
        id="unknown-subtitle-language",
    ),
]
VIDEO_MODEL_ONLY_RULES = [
    pytest.param(
        "subtitle_languages",
        {"subtitle_languages": ["en", "xx"]},
        "Unknown language codes: xx.",
        id="unknown-subtitle-language",
    ),
]


def error_messages(error):
    """Every message inside a form or block error, including those nested in StreamField blocks."""
    if hasattr(error, "as_json_data"):
        return list(_json_messages(error.as_json_data()))
    return error.messages


def _json_messages(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _json_messages(value)
    elif isinstance(data, list):
        for value in data:
            yield from _json_messages(value)


def assert_form_rejected(response, field, message):
    """The form came back (200) with ``message`` on ``field`` and on no other field."""
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert set(errors) == {field}
    messages = [text for error in errors[field] for text in error_messages(error)]
    assert any(message in text for text in messages), messages


def assert_model_rejects(instance, field, message):
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    errors = excinfo.value.message_dict
    assert set(errors) == {field}
    assert any(message in text for text in errors[field]), errors[field]


# --- Good practices -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "values", "message"), PRACTICE_RULES)
def test_admin_rejects_invalid_practice(admin_client, practice_index, field, values, message):
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=("practices", "goodpracticepage", practice_index.pk)),
        good_practice_form_data(slug=INVALID_SLUG, **values),
    )

    assert_form_rejected(response, field, message)
    assert not GoodPracticePage.objects.filter(slug=INVALID_SLUG).exists()


@pytest.mark.parametrize(("field", "values", "message"), PRACTICE_RULES)
def test_practice_model_rejects_invalid_values(field, values, message):
    practice = GoodPracticePageFactory()
    for name, value in values.items():
        setattr(practice, name, value)

    assert_model_rejects(practice, field, message)


def test_admin_rejects_practice_source_link_with_malformed_url(admin_client, practice_index):
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=("practices", "goodpracticepage", practice_index.pk)),
        good_practice_form_data(
            slug=INVALID_SLUG, source_links=streamfield([("link", {"url": "not a url", "title": "Project report"})])
        ),
    )

    assert_form_rejected(response, "source_links", "Enter a valid URL.")
    assert not GoodPracticePage.objects.filter(slug=INVALID_SLUG).exists()


def test_source_link_block_rejects_malformed_url():
    # page.full_clean() does not look inside StreamField blocks (Wagtail validates them in the form); the block
    # itself is the model-side check, and the importer parses source URLs with its own validator.
    stream_block = GoodPracticePage._meta.get_field("source_links").stream_block
    value = stream_block.to_python([{"type": "link", "value": {"url": "not a url", "title": "Project report"}}])

    with pytest.raises(StreamBlockValidationError) as excinfo:
        stream_block.clean(value)

    assert "Enter a valid URL." in error_messages(excinfo.value)


def test_practice_with_consistent_facts_passes_model_validation():
    practice = GoodPracticePageFactory(with_facts=True, latitude="50.087465", longitude="14.421254")

    practice.full_clean()


def test_practice_accepts_end_date_equal_to_start_date():
    practice = GoodPracticePageFactory(start_date="2023-05-01", end_date="2023-05-01")

    practice.full_clean()


# --- Training videos ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "values", "message"), VIDEO_RULES + VIDEO_ADMIN_ONLY_RULES)
def test_admin_rejects_invalid_training_video(admin_client, video_index, field, values, message):
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=("practices", "trainingvideopage", video_index.pk)),
        training_video_form_data(slug=INVALID_SLUG, **values),
    )

    assert_form_rejected(response, field, message)
    assert not TrainingVideoPage.objects.filter(slug=INVALID_SLUG).exists()


@pytest.mark.parametrize(("field", "values", "message"), VIDEO_RULES + VIDEO_MODEL_ONLY_RULES)
def test_training_video_model_rejects_invalid_values(field, values, message):
    video = TrainingVideoPageFactory()
    for name, value in values.items():
        setattr(video, name, value)

    assert_model_rejects(video, field, message)


def test_training_video_with_uploaded_file_needs_no_url(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    video = TrainingVideoPageFactory(video_url="", video_file=DocumentFactory(), subtitle_languages=["cs", "hr"])

    video.full_clean()


# --- Snippets: URLs ---------------------------------------------------------------------------------------------


SNIPPET_URL_RULES = [
    pytest.param(
        Organisation,
        OrganisationFactory,
        {"name": "Brno City Hall", "slug": "brno-city-hall", "kind": "municipality", "website": "not a url"},
        "website",
        id="organisation-website",
    ),
    pytest.param(
        FundingProgramme,
        FundingProgrammeFactory,
        {"name": "ESF+", "slug": "esf-plus", "url": "http://"},
        "url",
        id="funding-programme-url",
    ),
]


@pytest.mark.parametrize(("model", "factory", "values", "field"), SNIPPET_URL_RULES)
def test_snippet_admin_rejects_malformed_url(admin_client, locales, model, factory, values, field):
    response = admin_client.post(reverse(model.snippet_viewset.get_url_name("add")), values)

    assert_form_rejected(response, field, "Enter a valid URL.")
    assert not model.objects.filter(slug=values["slug"]).exists()


@pytest.mark.parametrize(("model", "factory", "values", "field"), SNIPPET_URL_RULES)
def test_snippet_model_rejects_malformed_url(locales, model, factory, values, field):
    assert_model_rejects(factory.build(**values), field, "Enter a valid URL.")


# --- Snippets: slugs shared by translations -------------------------------------------------------------------------

SHARED_SLUG_MODELS = [
    pytest.param(Theme, ThemeFactory, id="theme"),
    pytest.param(TargetGroup, TargetGroupFactory, id="target-group"),
    pytest.param(Method, MethodFactory, id="method"),
    pytest.param(FundingProgramme, FundingProgrammeFactory, id="funding-programme"),
    pytest.param(Organisation, OrganisationFactory, id="organisation"),
]
ANOTHER_ENTRY = "This slug belongs to another entry; translations of one entry share a slug."
ALREADY_IN_LANGUAGE = "This entry already exists in this language."


@pytest.mark.parametrize(("model", "factory"), SHARED_SLUG_MODELS)
@pytest.mark.parametrize("locale_code", ["en", "cs"])
def test_snippet_admin_rejects_slug_of_another_entry(admin_client, locales, model, factory, locale_code):
    existing = factory(slug="youth")
    values = {"name": "Another entry", "slug": "youth"}
    if model is Organisation:
        values["kind"] = "ngo"

    response = admin_client.post(reverse(model.snippet_viewset.get_url_name("add")) + f"?locale={locale_code}", values)

    assert_form_rejected(response, "slug", ANOTHER_ENTRY)
    assert list(model.objects.filter(slug="youth")) == [existing]


@pytest.mark.parametrize(("model", "factory"), SHARED_SLUG_MODELS)
@pytest.mark.parametrize("locale_code", ["en", "cs"])
def test_snippet_model_rejects_slug_of_another_entry(locales, model, factory, locale_code):
    factory(slug="youth")

    assert_model_rejects(factory.build(slug="youth", locale=locales[locale_code]), "slug", ANOTHER_ENTRY)


@pytest.mark.parametrize(("model", "factory"), SHARED_SLUG_MODELS)
def test_snippet_model_rejects_second_translation_in_same_locale(locales, model, factory):
    english = factory(slug="youth")
    duplicate = factory.build(slug="youth", locale=locales["en"], translation_key=english.translation_key)

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    # The (translation_key, locale) uniqueness of wagtail's TranslatableMixin reports it too, as a form-wide error.
    assert ALREADY_IN_LANGUAGE in excinfo.value.message_dict["slug"]


@pytest.mark.parametrize(("model", "factory"), SHARED_SLUG_MODELS)
def test_snippet_translation_shares_slug_of_its_source(locales, model, factory):
    english = factory(slug="youth")

    factory.build(slug="youth", locale=locales["cs"], translation_key=english.translation_key).full_clean()
