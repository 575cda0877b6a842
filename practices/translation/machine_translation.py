"""Machine translation of translation drafts, per target language, through wagtail-localize's translators.

cms/settings.py turns MACHINE_TRANSLATION (``deepl`` or ``libretranslate``; empty: off) into
WAGTAILLOCALIZE_MACHINE_TRANSLATOR with one of the classes below. They are wagtail-localize's own DeepL and
LibreTranslate clients with three changes: the DeepL endpoint can be set (a proxy, the free API, or a local stand-in
in tests); ``TARGET_LANGUAGES`` limits machine translation to the languages an organisation accepts it for, both
in the translation editor's "Machine translate" button and in background synchronisation; and the requests go
through practices.outgoing (public addresses only, bounded time and size), so an endpoint is not a way inside.

Machine output only ever fills strings nobody has translated, and only reaches drafts
(practices.translation.translation_sync).
"""

import json
from collections import defaultdict
from urllib.parse import urlencode

from django.db import transaction
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.machine_translators.deepl import DeepLTranslator as StockDeepLTranslator
from wagtail_localize.machine_translators.libretranslate import LibreTranslator as StockLibreTranslator
from wagtail_localize.models import StringTranslation
from wagtail_localize.strings import StringValue

from practices.outgoing import OutgoingRequestError, fetch

TRANSLATION_MAX_BYTES = 10_000_000


class MachineTranslationError(Exception):
    """The service gave no usable answer; the message is a category or an HTTP status, never a socket's words."""


def post(url, body, headers, timeout):
    """POST to the translation service through practices.outgoing and return its decoded JSON answer."""
    try:
        response = fetch(
            "POST", url, body=body, headers=headers, timeout=(timeout, timeout), max_bytes=TRANSLATION_MAX_BYTES
        )
    except OutgoingRequestError as error:
        raise MachineTranslationError(str(error.category.label)) from None
    if response.status != 200:
        raise MachineTranslationError(f"HTTP {response.status}")
    try:
        return json.loads(response.body)
    except ValueError:
        raise MachineTranslationError("not a JSON answer") from None


class TargetLanguagesMixin:
    """Translate only into ``OPTIONS["TARGET_LANGUAGES"]`` (language codes); an empty list allows every language."""

    def can_translate(self, source_locale, target_locale):
        languages = self.options.get("TARGET_LANGUAGES") or []
        allowed = not languages or target_locale.language_code in languages
        return allowed and super().can_translate(source_locale, target_locale)


class DeepLTranslator(TargetLanguagesMixin, StockDeepLTranslator):
    """DeepL; ``OPTIONS["API_URL"]`` overrides the endpoint the stock class derives from the key."""

    def get_api_endpoint(self):
        return self.options.get("API_URL") or super().get_api_endpoint()

    def translate(self, source_locale, target_locale, strings):
        answer = post(
            self.get_api_endpoint(),
            urlencode(self.get_parameters(source_locale, target_locale, strings), doseq=True).encode(),
            {**self.get_headers(), "Content-Type": "application/x-www-form-urlencoded"},
            int(self.options.get("TIMEOUT", 30)),
        )
        texts = [translation["text"] for translation in answer["translations"]]
        return {string: StringValue(text) for string, text in zip(strings, texts, strict=True)}


class LibreTranslator(TargetLanguagesMixin, StockLibreTranslator):
    """LibreTranslate (self-hosted or libretranslate.com) at ``OPTIONS["LIBRETRANSLATE_URL"]``."""

    def translate(self, source_locale, target_locale, strings):
        body = {
            "q": [string.data for string in strings],
            "source": self.language_code(source_locale.language_code),
            "target": self.language_code(target_locale.language_code),
            "api_key": self.options["API_KEY"],
            "format": "html",
        }
        answer = post(
            self.get_api_endpoint() + "/translate",
            json.dumps(body).encode(),
            {"Content-Type": "application/json"},
            self.get_timeout(),
        )
        return {string: StringValue(text) for string, text in zip(strings, answer["translatedText"], strict=True)}


def fill_untranslated(translation, user=None):
    """Machine-translate the strings of ``translation`` that have no translation yet; returns how many were filled.

    Does nothing (returns 0) when machine translation is off or not allowed for the target language. The strings
    are stored as wagtail-localize machine translations, so the translation editor shows them as such.
    """
    translator = get_machine_translator()
    source = translation.source
    if translator is None or not translator.can_translate(source.locale, translation.target_locale):
        return 0
    contexts_by_string = defaultdict(list)
    translated = set(
        StringTranslation.objects.filter(
            locale=translation.target_locale, context__object_id=source.object_id
        ).values_list("translation_of_id", "context_id")
    )
    for segment in source.stringsegment_set.select_related("string"):
        if (segment.string_id, segment.context_id) in translated:
            continue
        contexts_by_string[segment.string.as_value()].append((segment.string_id, segment.context_id))
    if not contexts_by_string:
        return 0
    results = translator.translate(source.locale, translation.target_locale, list(contexts_by_string))
    filled = 0
    with transaction.atomic():
        for value, contexts in contexts_by_string.items():
            result = results.get(value)
            if result is None or result.data is None:
                continue
            for string_id, context_id in contexts:
                StringTranslation.objects.create(
                    translation_of_id=string_id,
                    locale=translation.target_locale,
                    context_id=context_id,
                    data=result.data,
                    translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
                    tool_name=translator.display_name,
                    last_translated_by=user,
                )
                filled += 1
    return filled
