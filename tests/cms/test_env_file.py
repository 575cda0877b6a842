"""``.env``: cms.settings reads it when present (ENV_FILE names another file), the process environment wins over
it, and no file at all is fine. Each case imports the settings in a fresh interpreter, as manage.py would."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READ_SETTINGS = (
    "import json; from django.conf import settings; "
    "print(json.dumps([settings.SITE_BASE_URL, settings.FEED_ANON_RATE]))"
)


def settings_with(env_file, **environment):
    # The test run's own environment (cms.settings_test's defaults: debug off, a secret key) minus what is tested.
    clean = {key: value for key, value in os.environ.items() if key not in {"SITE_BASE_URL", "FEED_ANON_RATE"}}
    env = {**clean, "DJANGO_SETTINGS_MODULE": "cms.settings", "ENV_FILE": str(env_file), **environment}
    output = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(output.stdout)


def test_settings_read_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("SITE_BASE_URL=https://hub.example.org\nFEED_ANON_RATE=30/min\n")

    assert settings_with(env_file) == ["https://hub.example.org", "30/min"]


def test_process_environment_wins_over_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("SITE_BASE_URL=https://hub.example.org\n")

    assert settings_with(env_file, SITE_BASE_URL="https://other.example.org")[0] == "https://other.example.org"


def test_no_env_file_is_fine(tmp_path):
    assert settings_with(tmp_path / "missing.env") == ["http://127.0.0.1:8000", "120/min"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("hub.example.org", "SITE_BASE_URL must be the site's origin, scheme and host only"),
        ("ftp://hub.example.org", "SITE_BASE_URL must be the site's origin, scheme and host only"),
        ("https://hub.example.org/hub", "SITE_BASE_URL must be the site's origin, scheme and host only"),
        ("https://hub.example.org:8443", "SITE_BASE_URL may use https only on port 443"),
    ],
)
def test_settings_refuse_a_site_base_url_that_is_not_an_origin(tmp_path, value, message):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings", "ENV_FILE": "", "SITE_BASE_URL": value}
    result = subprocess.run([sys.executable, "-c", READ_SETTINGS], cwd=ROOT, env=env, capture_output=True, text=True)

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {message}" in result.stderr
    assert repr(value) in result.stderr
