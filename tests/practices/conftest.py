"""Fixtures of the practices tests that more than one module uses."""

import pytest


@pytest.fixture
def kb_import_folders(settings, tmp_path):
    """Media and the uploads kept between preview and confirmation of an admin import go to folders of the test's
    own (tests/practices/knowledge_base/test_admin_import.py and test_admin_import_runs.py)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KB_IMPORT_PENDING_ROOT = tmp_path / "pending"
