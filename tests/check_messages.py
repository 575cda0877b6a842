"""Check the gettext catalogues in locales/: every msgid the code and templates use today is in each of the four
catalogues, translated and not fuzzy; and every message of wagtail-localize's translation editor (its English
djangojs catalogue) is translated in our four djangojs catalogues, so an upgrade that adds one is noticed. Run by
`make test` (and by tests/test_translations.py).

makemessages is run on the real catalogues to see what the source needs, and the files are restored afterwards,
so a check never leaves the working tree changed.
"""

import os
import subprocess
import sys
from pathlib import Path

import polib
import wagtail_localize

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["cs", "bg", "hr", "nb"]


def catalogue_path(language):
    return ROOT / "locales" / language / "LC_MESSAGES" / "django.po"


def editor_problems():
    """The translation editor's messages missing, or left empty, in our djangojs catalogues."""
    english = polib.pofile(str(Path(wagtail_localize.__file__).parent / "locale/en/LC_MESSAGES/djangojs.po"))
    problems = []
    for language in LANGUAGES:
        path = ROOT / "locales" / language / "LC_MESSAGES" / "djangojs.po"
        ours = {entry.msgid: entry for entry in polib.pofile(str(path))} if path.exists() else {}
        for entry in english:
            translated = ours.get(entry.msgid)
            if entry.msgid and not (translated and translated.translated()):
                problems.append(f"{language}: the translation editor's {entry.msgid!r} is not in djangojs.po")
    return problems


def find_problems():
    paths = [catalogue_path(language) for language in LANGUAGES]
    originals = {path: path.read_bytes() for path in paths if path.exists()}
    problems = [f"{path.relative_to(ROOT)} is missing" for path in paths if path not in originals]
    try:
        command = [sys.executable, "manage.py", "makemessages", "--no-obsolete", "-v0"]
        command += [f"--locale={language}" for language in LANGUAGES]
        command += ["--ignore=.venv", "--ignore=var", "--ignore=node_modules", "--ignore=tests", "--ignore=bench"]
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings_test"}
        subprocess.run(command, cwd=ROOT, env=env, check=True)
        for language, path in zip(LANGUAGES, paths, strict=True):
            for entry in polib.pofile(str(path)):
                if entry.obsolete or not entry.msgid:
                    continue
                if "fuzzy" in entry.flags:
                    problems.append(f"{language}: fuzzy: {entry.msgid!r}")
                elif not entry.translated():
                    problems.append(f"{language}: untranslated: {entry.msgid!r}")
    finally:
        for path, content in originals.items():
            path.write_bytes(content)
    return problems + editor_problems()


def main():
    problems = find_problems()
    for problem in problems:
        sys.stderr.write(problem + "\n")
    if problems:
        sys.stderr.write("Run `make messages`, translate the new entries, and commit locales/.\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
