"""`manage.py export_kb`: write the knowledge base as JSON Lines, the format import_kb reads."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from practices.knowledge_base.exporter import SNIPPET_MODELS, iter_export
from practices.knowledge_base.schema import CONCEPT_TYPE, LOCALES
from practices.models import ITEM_MODELS


class Command(BaseCommand):
    help = "Export taxonomy, organisations, the search thesaurus and knowledge-base items as JSON Lines."

    def add_arguments(self, parser):
        parser.add_argument("--locale", choices=LOCALES, help="only this language (and so not the thesaurus)")
        parser.add_argument(
            "--type",
            action="append",
            choices=[*SNIPPET_MODELS, CONCEPT_TYPE, *ITEM_MODELS],
            help="only this type (repeatable)",
        )
        parser.add_argument(
            "--with-drafts",
            action="store_true",
            help="keep unpublished work: each item's latest draft (as its line's draft member, or as the line of an "
            "item that was never published)",
        )
        parser.add_argument(
            "--output",
            "-o",
            help="write to this file instead of standard output, with the materials' files in documents/ beside it",
        )

    def handle(self, locale, type, output, with_drafts, **options):
        try:
            handle = open(output, "w", encoding="utf-8") if output else self.stdout  # noqa: SIM115
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error}") from error
        count = 0
        try:
            documents_dir = Path(output).resolve().parent / "documents" if output else None
            for line in iter_export(locale=locale, types=type, documents_dir=documents_dir, with_drafts=with_drafts):
                text = json.dumps(line, ensure_ascii=False)
                if output:
                    handle.write(text + "\n")
                else:
                    handle.write(text)  # OutputWrapper ends each write with a newline
                count += 1
        finally:
            if output:
                handle.close()
        if output:
            self.stdout.write(f"{count} lines written to {output}")
