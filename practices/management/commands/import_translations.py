"""`manage.py import_translations file.po…`: bring translators' PO files back as translation drafts."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from practices.translation.translation_po import TranslationFileError, import_files


class Command(BaseCommand):
    help = "Import PO files exported by export_translations; each translated page gets a draft, nothing is published."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="PO files; a bad one stops the import before anything is written")

    def handle(self, files, **options):
        contents = []
        for name in files:
            try:
                contents.append((name, Path(name).read_bytes()))
            except OSError as error:
                raise CommandError(f"Cannot read {name}: {error}") from error
        try:
            report = import_files(contents)
        except TranslationFileError as error:
            raise CommandError(str(error)) from error
        for name, warnings in report.warnings.items():
            for warning in warnings:
                self.stderr.write(f"{name}: {warning}")
        self.stdout.write(f"Imported {len(contents)} file(s); {len(report.drafts)} translation draft(s) saved.")
