"""Every interface string is translated into cs, bg, hr and nb, and the catalogues compile."""

import subprocess
from pathlib import Path

from tests.check_messages import LANGUAGES, catalogue_path, find_problems


def test_every_msgid_is_translated_in_all_four_catalogues():
    assert find_problems() == []


def test_catalogues_compile_without_errors(tmp_path):
    for language in LANGUAGES:
        result = subprocess.run(
            ["msgfmt", "--check", "-o", str(tmp_path / f"{language}.mo"), str(catalogue_path(language))],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        assert Path(tmp_path / f"{language}.mo").stat().st_size > 0
