"""PO files for translation agencies: export a language's translations (of one section), translate a msgstr,
import the files back; each page gets a draft and nothing is published. A bad file stops the import whole."""

import io
import zipfile

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import Revision

from practices.models import GoodPracticePage

pytestmark = pytest.mark.django_db

LESSON = "Start with the school parliament."
LESSON_BG = "Започнете с училищния парламент."


def exported(tmp_path, *arguments):
    call_command("export_translations", *arguments, "-o", str(tmp_path))
    return sorted(tmp_path.glob("*.po"))


def translate_in_file(path, source_text, translated_text):
    po = polib.pofile(str(path))
    next(entry for entry in po if entry.msgid == source_text).msgstr = translated_text
    po.save(str(path))


def bulgarian_page(translations):
    return GoodPracticePage.objects.get(pk=translations["bg"].get_target_instance().pk)


def test_export_writes_one_file_per_translated_page_of_the_section(tmp_path, translations, source_practice):
    files = exported(tmp_path, "--locale", "bg", "--root", "/en/practices/")
    assert [path.name for path in files] == [f"{source_practice.translation_key}-youth-parliament-of-brno.bg.po"]
    po = polib.pofile(str(files[0]))
    assert po.metadata["X-WagtailLocalize-TranslationID"] == str(translations["bg"].uuid)
    assert {entry.msgid: entry.msgstr for entry in po}["Pupils advise the city council."] == (
        "Учениците съветват общинския съвет."
    )
    # Without --root, the snippets sent for translation with the practice (its lead organisation) come too.
    assert len(exported(tmp_path / "all", "--locale", "bg")) == 2
    # A section without translations into Bulgarian exports nothing.
    assert exported(tmp_path / "videos", "--locale", "bg", "--root", "/en/videos/") == []


def test_imported_translation_becomes_a_draft_and_is_not_published(tmp_path, translations):
    [path] = exported(tmp_path, "--locale", "bg", "--root", "/en/practices/")
    translate_in_file(path, LESSON, LESSON_BG)
    live_revision_id = bulgarian_page(translations).live_revision_id

    call_command("import_translations", str(path))

    page = bulgarian_page(translations)
    assert page.live_revision_id == live_revision_id and page.lessons_learned == LESSON
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().lessons_learned == LESSON_BG


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'msgid "unterminated\nmsgstr', "broken.po is not a PO file"),
        (b"\xff\xfe not utf-8", "broken.po is not a PO file"),
        (
            b'msgid ""\nmsgstr ""\n"X-WagtailLocalize-TranslationID: 8d1b4f5e-0000-4000-8000-000000000000\\n"\n',
            "broken.po does not belong to any translation",
        ),
        (b'msgid "Start"\nmsgstr "Start"\n', "broken.po does not belong to any translation"),
    ],
)
def test_a_bad_file_stops_the_import_and_nothing_is_written(tmp_path, translations, content, message):
    [good] = exported(tmp_path, "--locale", "bg", "--root", "/en/practices/")
    translate_in_file(good, LESSON, LESSON_BG)
    broken = tmp_path / "broken.po"
    broken.write_bytes(content)
    revisions = Revision.objects.count()

    with pytest.raises(CommandError, match=message):
        call_command("import_translations", str(good), str(broken))

    assert Revision.objects.count() == revisions
    assert bulgarian_page(translations).get_latest_revision_as_object().lessons_learned == LESSON


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--locale", "xx"], "--locale: unknown language 'xx'"),
        (["--locale", "bg", "--root", "/en/no-such-section/"], "--root: No page /en/no-such-section/"),
        (["--locale", "bg", "--root", "999999"], "--root: No page 999999"),
    ],
)
def test_export_rejects_bad_arguments(tmp_path, translations, arguments, message):
    with pytest.raises(CommandError, match=message):
        exported(tmp_path, *arguments)


def test_admin_exports_a_zip_and_imports_the_translated_file(admin_client, translations, practice_index):
    response = admin_client.get(reverse("translation_files"), {"locale": "bg", "root": str(practice_index.pk)})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        [name] = archive.namelist()
        po = polib.pofile(archive.read(name).decode())
    next(entry for entry in po if entry.msgid == LESSON).msgstr = LESSON_BG

    upload = SimpleUploadedFile(name, str(po).encode(), content_type="text/x-gettext-translation")
    response = admin_client.post(reverse("translation_files"), {"files": [upload]})
    assert response.status_code == 302
    assert bulgarian_page(translations).get_latest_revision_as_object().lessons_learned == LESSON_BG


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("practice.txt", b'msgid ""\nmsgstr ""\n', "practice.txt is not a .po file."),
        ("practice.po", b'msgid "unterminated\nmsgstr', "practice.po is not a PO file"),
    ],
)
def test_admin_rejects_a_bad_upload_naming_the_file(admin_client, translations, name, content, message):
    revisions = Revision.objects.count()
    response = admin_client.post(reverse("translation_files"), {"files": [SimpleUploadedFile(name, content)]})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Revision.objects.count() == revisions


def test_admin_export_rejects_an_unknown_section(admin_client, translations):
    response = admin_client.get(reverse("translation_files"), {"locale": "bg", "root": "/en/nowhere/"})
    assert response.status_code == 400
    assert "No page /en/nowhere/" in response.content.decode()
