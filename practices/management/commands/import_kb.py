"""`manage.py import_kb FILE.jsonl`: import knowledge-base items from JSON Lines (docs/import-format.md)."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from practices.knowledge_base.importer import KnowledgeBaseImporter


class Command(BaseCommand):
    help = "Import taxonomy, organisations, practices, materials and videos from a JSON Lines file."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the .jsonl file")
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        parser.add_argument("--publish", action="store_true", help="publish every item (as if each had live: true)")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid lines even if some lines are invalid",
        )
        parser.add_argument(
            "--create-terms",
            action="store_true",
            help="create the taxonomy terms and organisations the file names but the site does not have",
        )
        parser.add_argument("--no-progress", action="store_true", help="never show a progress bar")

    def handle(self, path, dry_run, publish, skip_invalid, create_terms, no_progress, **options):
        try:
            with open(path, encoding="utf-8") as handle:
                total = sum(1 for line in handle if line.strip() and not line.lstrip().startswith("//"))
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        show_bar = not no_progress and sys.stderr.isatty()
        bar = tqdm(total=total, unit="line", disable=not show_bar, file=sys.stderr)
        importer = KnowledgeBaseImporter(
            publish=publish,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            create_terms=create_terms,
            progress=lambda: bar.update(1),
        )
        started = time.perf_counter()
        report = importer.import_file(path)
        elapsed = time.perf_counter() - started
        bar.close()

        for error in report.errors:
            self.stderr.write(str(error))
        for kind, name, locale in report.new_terms:
            self.stdout.write(f"new {kind}: {name} ({locale})")
        rate = total / elapsed if elapsed else 0
        summary = (
            f"{len(report.created)} created, {len(report.updated)} updated, {len(report.unchanged)} unchanged, "
            f"{len({e.line for e in report.errors})} rejected in {elapsed:.1f} s ({rate:.0f} lines/s)"
        )
        if dry_run:
            self.stdout.write(f"Dry run, nothing written: {summary}")
        elif report.errors and not skip_invalid:
            raise CommandError(f"Nothing was imported because of the errors above: {summary}")
        else:
            self.stdout.write(self.style.SUCCESS(summary))
