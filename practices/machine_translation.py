"""Machine translation of translation drafts, per target language, through wagtail-localize's translators.

cms/settings.py turns MACHINE_TRANSLATION (``deepl`` or ``libretranslate``; empty: off) into
WAGTAILLOCALIZE_MACHINE_TRANSLATOR with one of the classes below. They are wagtail-localize's own DeepL and
LibreTranslate clients with two additions: the DeepL endpoint can be set (a proxy, the free API, or a local stand-in
in tests), and ``TARGET_LANGUAGES`` limits machine translation to the languages an organisation accepts it for, both
in the translation editor's "Machine translate" button and in background synchronisation.

Machine output only ever fills strings nobody has translated, and only reaches drafts (practices.translation_sync).
"""

from collections import defaultdict

from django.db import transaction
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.machine_translators.deepl import DeepLTranslator as StockDeepLTranslator
from wagtail_localize.machine_translators.libretranslate import LibreTranslator as StockLibreTranslator
from wagtail_localize.models import StringTranslation


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


class LibreTranslator(TargetLanguagesMixin, StockLibreTranslator):
    """LibreTranslate (self-hosted or libretranslate.com) at ``OPTIONS["LIBRETRANSLATE_URL"]``."""


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
