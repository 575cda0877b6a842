"""Count the English interface strings left on an admin page shown in another language.

A text node of the page is an English interface string when it is (or, for messages with placeholders, matches) the
msgid of a message of the catalogues the admin uses (Django's, Wagtail's, wagtail-localize's, ours) that has no
translation in the page's language. Content (titles, names, summaries) is not a msgid and so never counts; nor does a
message whose translation happens to be spelt as in English, since it has one.

The messages are read from each package's English source catalogue as well as from its Czech one: a package's
translated files list the msgids of its last translation only, its English one also those added since (Wagtail 8.0's
status side panel, checks panel, filters and sort labels, the dashboard's "53 Pages"). A plural message counts as
translated only when every count finds its form by the language's own plural rule (three forms in our Czech and
Croatian catalogues, two in Bulgarian and Norwegian), so a translation with a form missing does not pass.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
import wagtail
import wagtail_localize
from django.utils import translation
from django.utils.translation import trans_real

SKIPPED_TAGS = {"script", "style", "template", "textarea", "svg", "code", "pre"}
TAG = re.compile(r"<[^<>]+>")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]+\}")
PACKAGES = (Path(django.__file__).parent, Path(wagtail.__file__).parent, Path(wagtail_localize.__file__).parent)
OUR_CATALOGUE = Path(__file__).resolve().parents[2] / "locales" / "cs" / "LC_MESSAGES" / "django.po"
CATALOGUE_LANGUAGES = ("en", "cs")  # the source, and the last translation (which may still list a removed msgid)
COUNTS = range(200)  # every case of the four languages' plural rules (Croatian's turns on n % 100)


class TextNodes(HTMLParser):
    """The page's visible text nodes and the texts of its title, placeholder and aria-label attributes."""

    def __init__(self):
        super().__init__()
        self.skipping = 0
        self.texts = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        for name, value in attrs:
            if name in {"title", "placeholder", "aria-label"} and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.texts.append(data)


def english_messages():
    """(msgid, plural msgid or "", context or "") of every message of the admin's catalogues, read from their
    ``CATALOGUE_LANGUAGES`` files."""
    paths = [OUR_CATALOGUE]
    for package in PACKAGES:
        for language in CATALOGUE_LANGUAGES:
            paths += list(package.rglob(f"locale/{language}/LC_MESSAGES/django.po"))
    messages = set()
    for path in paths:
        for entry in polib.pofile(str(path)):
            if entry.msgid and not entry.obsolete:
                messages.add((entry.msgid, entry.msgid_plural or "", entry.msgctxt or ""))
    return messages


def texts_of(msgid):
    """What a message shows as text nodes: itself, or, when it holds markup ("%(total)s Pages <span>created in
    %(site_name)s</span>"), each text between its tags, with the whitespace a page's text nodes are read with."""
    parts = TAG.split(msgid) if TAG.search(msgid) else [msgid]
    return [" ".join(part.split()) for part in parts if part.strip()]


def pattern(msgid):
    parts = PLACEHOLDER.split(msgid)
    return re.compile(r".+?".join(re.escape(part) for part in parts)) if len(parts) > 1 else None


class EnglishStringCounter:
    def __init__(self):
        self.plain = {}
        self.formatted = []
        for msgid, plural, context in english_messages():
            for text in (text for whole in filter(None, (msgid, plural)) for text in texts_of(whole)):
                if len(text) < 3 or not re.search(r"[A-Za-z]{3}", text):
                    continue  # "OK", "ID", "%s": nothing that tells English from another language
                compiled = pattern(text)
                if compiled is None:
                    self.plain.setdefault(text, []).append((msgid, plural, context))
                elif len(PLACEHOLDER.sub("", text).strip()) >= 3:
                    self.formatted.append((compiled, (msgid, plural, context)))

    @staticmethod
    def translated(language, message):
        msgid, plural, context = message
        key = f"{context}\x04{msgid}" if context else msgid
        catalog = trans_real.translation(language)._catalog
        if not plural:
            return key in catalog
        # As ngettext looks a count up: in each catalogue holding the message, the form its own plural rule gives.
        try:
            for count in COUNTS:
                catalog.plural(key, count)
        except KeyError:
            return False
        return True

    def english_strings(self, html, language):
        """The page's text nodes that are messages untranslated in ``language``."""
        return [text for text, _message in self.english_messages(html, language)]

    def english_messages(self, html, language):
        """(text node, (msgid, plural msgid)) of the page's messages untranslated in ``language``."""
        parser = TextNodes()
        parser.feed(html)
        found = []
        with translation.override(language):
            for raw in parser.texts:
                text = " ".join(raw.split())
                if not text:
                    continue
                # The text is English if no message it may be has a translation.
                candidates = self.plain.get(text) or [
                    message for compiled, message in self.formatted if compiled.fullmatch(text)
                ]
                if candidates and not any(self.translated(language, message) for message in candidates):
                    found.append((text, candidates[0]))
        return found
