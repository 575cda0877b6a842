"""Fixtures for the translation tests: an English practice sent for translation into Bulgarian and Croatian with
wagtail-localize's own "Translate" operation, its Bulgarian translation reviewed and published."""

import pytest
from wagtail_localize.models import StringTranslation, Translation
from wagtail_localize.operations import TranslationCreator

from tests.practices.factories import GoodPracticePageFactory


def publish(page):
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    return page


def translate_string(translation, source_text, translated_text):
    """Record what a translator typed for one source string, as the translation editor does."""
    segment = translation.source.stringsegment_set.select_related("string").get(string__data=source_text)
    StringTranslation.objects.update_or_create(
        translation_of=segment.string,
        locale=translation.target_locale,
        context=segment.context,
        defaults={"data": translated_text},
    )


def build_source_practice(practice_index):
    practice = GoodPracticePageFactory(
        parent=practice_index,
        title="Youth parliament of Brno",
        summary="Pupils advise the city council.",
        lessons_learned="Start with the school parliament.",
        with_facts=True,
    )
    return publish(practice)


def build_translations(source_practice, locales, user):
    """The practice's Bulgarian and Croatian translations; the Bulgarian one is translated and live."""
    TranslationCreator(user, [locales["bg"], locales["hr"]]).create_translations(source_practice)
    bulgarian = Translation.objects.get(source__object_id=source_practice.translation_key, target_locale=locales["bg"])
    croatian = Translation.objects.get(source__object_id=source_practice.translation_key, target_locale=locales["hr"])
    translate_string(bulgarian, "Pupils advise the city council.", "Учениците съветват общинския съвет.")
    bulgarian.save_target(user=user, publish=False)
    publish(bulgarian.get_target_instance().specific)
    return {"bg": bulgarian, "hr": croatian}


@pytest.fixture
def source_practice(practice_index, admin_user):
    return build_source_practice(practice_index)


@pytest.fixture
def translations(source_practice, locales, admin_user):
    return build_translations(source_practice, locales, admin_user)
