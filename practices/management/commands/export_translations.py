"""`manage.py export_translations --locale bg [--root <page id or path>] -o dir/`: PO files for translators."""

import zipfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale

from practices.translation.translation_po import TranslationFileError, export_files, find_root


class Command(BaseCommand):
    help = "Write one PO file per page translated into a locale (wagtail-localize's export), for translators."

    def add_arguments(self, parser):
        parser.add_argument("--locale", required=True, help="target language code, e.g. bg")
        parser.add_argument(
            "--root", help="only pages under this page (inclusive): its id or a path like /en/practices/"
        )
        parser.add_argument(
            "--output", "-o", required=True, help="a directory for the .po files, or a .zip file holding them all"
        )

    def handle(self, locale, root, output, **options):
        target = Locale.objects.filter(language_code=locale).first()
        if target is None:
            codes = ", ".join(Locale.objects.values_list("language_code", flat=True))
            raise CommandError(f"--locale: unknown language {locale!r}; one of {codes}.")
        try:
            files = export_files(target, find_root(root) if root else None)
        except TranslationFileError as error:
            raise CommandError(f"--root: {error}") from error
        destination = Path(output)
        try:
            if destination.suffix == ".zip":
                destination.parent.mkdir(parents=True, exist_ok=True)
                with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as archive:
                    for name, text in files:
                        archive.writestr(name, text)
            else:
                destination.mkdir(parents=True, exist_ok=True)
                for name, text in files:
                    (destination / name).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"--output: cannot write {output}: {error}") from error
        self.stdout.write(f"Exported {len(files)} translation(s) into {locale} to {output}.")
