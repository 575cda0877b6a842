"""The import tests' folders: stored documents and the import file with its PDFs, all under the test's own."""

import shutil

import pytest

from tests.practices.import_kb.lines import PDF_BYTES, RICH_KB


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Stored documents go to a folder of this test, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def kb_dir(tmp_path):
    """The folder holding the import file, with the material's PDF in documents/."""
    folder = tmp_path / "kb"
    (folder / "documents").mkdir(parents=True)
    for name in ("pruvodce.pdf", "guide.pdf"):
        (folder / "documents" / name).write_bytes(PDF_BYTES)
    return folder


@pytest.fixture
def rich_file(kb_dir, locales):
    path = kb_dir / "kb.jsonl"
    shutil.copy(RICH_KB, path)
    return path
