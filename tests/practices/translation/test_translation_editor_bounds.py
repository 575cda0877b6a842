"""A translator works in wagtail-localize's translation editor for their own locale only (practices.editorial.roles): a
Bulgarian translator edits the Bulgarian translation of a page and of a snippet, and gets 403 from every view and
endpoint of the editor for the Czech and English translations — strings, PO files, preview, stopping, syncing
(which may publish) — through the real admin URLs."""

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from practices.models import PracticeIndexPage, Theme
from tests.practices.factories import GoodPracticePageFactory, ThemeFactory

pytestmark = pytest.mark.django_db

TARGETS = ("bg", "cs", "en")


def translate(instance, locales):
    """A Croatian source translated with wagtail-localize into Bulgarian, Czech and English."""
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    translations = {}
    for code in TARGETS:
        translation = Translation.objects.create(source=source, target_locale=locales[code])
        # Snippets have no drafts: their translations are saved as they are.
        translation.save_target(publish=not isinstance(instance, Page))
        translations[code] = translation
    return translations


@pytest.fixture
def page_translations(locales, home_pages):
    croatian = GoodPracticePageFactory(
        title="Dječji gradski parlament",
        slug="djecji-parlament",
        parent=PracticeIndexPage.objects.get(locale=locales["hr"]),
        locale=locales["hr"],
    )
    croatian.save_revision().publish()
    return translate(croatian, locales)


@pytest.fixture
def snippet_translations(locales):
    return translate(ThemeFactory(name="Sudjelovanje mladih", slug="youth", locale=locales["hr"]), locales)


@pytest.fixture(params=["page", "snippet"])
def translations(request):
    return request.getfixturevalue(f"{request.param}_translations")


def edit_string(client, translation, value):
    segment = StringSegment.objects.filter(source=translation.source).first()
    url = reverse("wagtail_localize:edit_string_translation", args=(translation.pk, segment.pk))
    return client.put(url, encode_multipart(BOUNDARY, {"value": value}), content_type=MULTIPART_CONTENT)


def test_bulgarian_translator_edits_the_bulgarian_translation(bg_translator_client, translations):
    bulgarian = translations["bg"]
    assert edit_string(bg_translator_client, bulgarian, "Младежко участие").status_code == 201
    assert StringTranslation.objects.filter(locale=bulgarian.target_locale, data="Младежко участие").exists()
    url = reverse("wagtail_localize:download_pofile", args=(bulgarian.pk,))
    assert bg_translator_client.get(url).status_code == 200


@pytest.mark.parametrize("code", ["cs", "en"])
def test_bulgarian_translator_gets_403_from_other_locales_translation_editor(bg_translator_client, translations,
                                                                           code):  # fmt: skip
    translation = translations[code]
    assert edit_string(bg_translator_client, translation, "Overwritten").status_code == 403
    assert not StringTranslation.objects.filter(data="Overwritten").exists()
    pk = translation.pk
    assert bg_translator_client.get(reverse("wagtail_localize:download_pofile", args=(pk,))).status_code == 403
    upload = reverse("wagtail_localize:upload_pofile", args=(pk,))
    assert bg_translator_client.post(upload, {"file": ""}).status_code == 403
    assert bg_translator_client.get(reverse("wagtail_localize:preview_translation", args=(pk,))).status_code == 403
    assert bg_translator_client.post(reverse("wagtail_localize:stop_translation", args=(pk,))).status_code == 403
    translation.refresh_from_db()
    assert translation.enabled
    assert bg_translator_client.post(reverse("wagtail_localize:machine_translate", args=(pk,))).status_code == 403


def test_bulgarian_translator_cannot_edit_czech_snippet_or_page_in_the_editor(bg_translator_client, translations):
    target = translations["cs"].get_target_instance()
    if isinstance(target, Theme):
        url = reverse("wagtailsnippets_practices_theme:edit", args=(target.pk,))
    else:
        url = reverse("wagtailadmin_pages:edit", args=(target.pk,))
    assert bg_translator_client.get(url).status_code == 403
    assert bg_translator_client.post(url, {"action-publish": "action-publish"}).status_code == 403


def test_bulgarian_translator_cannot_sync_and_publish_every_locale(bg_translator_client, editor_client,
                                                                   translations):  # fmt: skip
    url = reverse("wagtail_localize:update_translations", args=(translations["bg"].source_id,))
    assert bg_translator_client.get(url).status_code == 403
    assert bg_translator_client.post(url, {"publish_translations": "on"}).status_code == 403
    assert editor_client.get(url).status_code == 200  # editors work in every locale
