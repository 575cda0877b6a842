"""Machine translation fills translation drafts for the languages configured, through local stand-ins that speak
the DeepL and LibreTranslate APIs (never the internet); it is off unless configured and never publishes."""

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from django.conf import settings as django_settings
from wagtail_localize.models import StringTranslation

from practices.choices import TranslationOrigin
from practices.models import GoodPracticePage
from practices.translation import translation_sync
from tests.practices.translation_fixtures import publish

pytestmark = pytest.mark.django_db


class TranslationService:
    """An HTTP server on 127.0.0.1 that answers like DeepL (form-encoded ``text``) or LibreTranslate (JSON ``q``),
    translating each text to ``"[<target>] <text>"``, and records what it received."""

    def __init__(self, shape):
        self.shape, self.requests, self.status = shape, [], 200
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                if service.shape == "deepl":
                    fields = parse_qs(body)
                    texts, target = fields["text"], fields["target_lang"][0]
                    answer = {
                        "translations": [{"detected_source_language": "EN", "text": f"[{target}] {t}"} for t in texts]
                    }
                else:
                    fields = json.loads(body)
                    texts, target = fields["q"], fields["target"]
                    answer = {"translatedText": [f"[{target}] {t}" for t in texts]}
                service.requests.append(
                    {"path": self.path, "auth": self.headers.get("Authorization"), "fields": fields}
                )
                payload = json.dumps(answer).encode()
                self.send_response(service.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def deepl(settings, loopback_allowed):
    service = TranslationService("deepl")
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "practices.translation.machine_translation.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": "test-key", "API_URL": f"{service.url}/v2/translate", "TARGET_LANGUAGES": ["hr"]},
    }
    yield service
    service.close()


@pytest.fixture
def libretranslate(settings, loopback_allowed):
    service = TranslationService("libretranslate")
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "practices.translation.machine_translation.LibreTranslator",
        "OPTIONS": {"LIBRETRANSLATE_URL": service.url, "API_KEY": "libre-key", "TARGET_LANGUAGES": ["bg", "hr"]},
    }
    yield service
    service.close()


def draft_of(translation):
    page = GoodPracticePage.objects.get(pk=translation.get_target_instance().pk)
    return page, page.get_latest_revision_as_object()


def test_machine_translation_is_off_by_default(source_practice, translations):
    assert getattr(django_settings, "WAGTAILLOCALIZE_MACHINE_TRANSLATOR", None) is None
    translation_sync.sync_page(source_practice)
    _page, draft = draft_of(translations["hr"])
    assert draft.lessons_learned == "Start with the school parliament."
    assert draft.translation_origin == TranslationOrigin.HUMAN
    assert not StringTranslation.objects.filter(translation_type="machine").exists()


def test_deepl_fills_the_configured_language_only_and_publishes_nothing(source_practice, translations, deepl):
    translation_sync.sync_page(source_practice)

    croatian, draft = draft_of(translations["hr"])
    assert (draft.summary, draft.lessons_learned) == (
        "[HR] Pupils advise the city council.",
        "[HR] Start with the school parliament.",
    )
    assert draft.translation_origin == TranslationOrigin.MACHINE
    assert not croatian.live
    assert deepl.requests and {request["auth"] for request in deepl.requests} == {"DeepL-Auth-Key test-key"}
    assert {request["fields"]["source_lang"][0] for request in deepl.requests} == {"EN"}
    # Bulgarian is not configured for machine translation: its draft keeps the source text where untranslated.
    bulgarian, draft = draft_of(translations["bg"])
    assert draft.lessons_learned == "Start with the school parliament." and draft.translation_origin == "human"
    assert bulgarian.live and bulgarian.lessons_learned == "Start with the school parliament."


def test_libretranslate_fills_only_what_nobody_translated(source_practice, translations, libretranslate):
    translation_sync.sync_page(source_practice)

    bulgarian, draft = draft_of(translations["bg"])
    assert draft.summary == "Учениците съветват общинския съвет."  # the translator's work stays
    assert draft.lessons_learned == "[bg] Start with the school parliament."
    assert draft.translation_origin == TranslationOrigin.MACHINE
    assert bulgarian.live_revision.as_object().lessons_learned == "Start with the school parliament."
    assert {request["path"] for request in libretranslate.requests} == {"/translate"}
    assert {request["fields"]["api_key"] for request in libretranslate.requests} == {"libre-key"}


def test_a_failing_service_is_recorded_in_the_sync_job(source_practice, translations, libretranslate, practice_index):
    libretranslate.status = 503
    publish(source_practice)
    job = translation_sync.start_sync_job(practice_index)
    translation_sync.run_sync_chunk(job)
    assert job.status == "done"
    assert [(error["page"], error["error"]) for error in job.errors] == [
        (source_practice.pk, "MachineTranslationError: HTTP 503")
    ]


def settings_in_a_fresh_process(**environment):
    """Import cms.settings with the given environment, as the site would start, and report the translator."""
    code = "import json, cms.settings as s;print(json.dumps(getattr(s, 'WAGTAILLOCALIZE_MACHINE_TRANSLATOR', None)))"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("MACHINE_", "DEEPL_", "LIBRE"))}
    env.update(DJANGO_DEBUG="true", **environment)
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=django_settings.BASE_DIR
    )


def test_environment_selects_the_service_and_the_languages():
    assert json.loads(settings_in_a_fresh_process().stdout) is None
    result = settings_in_a_fresh_process(
        MACHINE_TRANSLATION="libretranslate",
        LIBRETRANSLATE_URL="http://127.0.0.1:5000/",
        MACHINE_TRANSLATION_LANGUAGES="bg,hr",
    )
    assert json.loads(result.stdout) == {
        "CLASS": "practices.translation.machine_translation.LibreTranslator",
        "OPTIONS": {"LIBRETRANSLATE_URL": "http://127.0.0.1:5000", "API_KEY": "", "TARGET_LANGUAGES": ["bg", "hr"]},
    }
    result = settings_in_a_fresh_process(MACHINE_TRANSLATION="deepl", DEEPL_API_KEY="abc:fx")
    assert json.loads(result.stdout)["OPTIONS"] == {"AUTH_KEY": "abc:fx", "API_URL": "", "TARGET_LANGUAGES": []}
    result = settings_in_a_fresh_process(MACHINE_TRANSLATION="google")
    assert result.returncode != 0 and "MACHINE_TRANSLATION must be 'deepl', 'libretranslate' or empty" in result.stderr
