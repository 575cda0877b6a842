"""`manage.py generate_kb --items N`: create (or write out) a synthetic knowledge base for benchmarks."""

import json
import time

from django.core.management.base import BaseCommand, CommandError

from practices.knowledge_base.importer import KnowledgeBaseImporter
from practices.knowledge_base.synthetic import generate


class Command(BaseCommand):
    help = "Generate N synthetic knowledge-base items over the five locales and import them (or write JSONL)."

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, required=True, help="number of pages to create")
        parser.add_argument("--seed", type=int, default=0, help="random seed; the same seed gives the same data")
        parser.add_argument("--output", help="write JSON Lines to this file instead of importing")
        parser.add_argument("--batch", type=int, default=2000, help="lines per import transaction")

    def handle(self, items, seed, output, batch, **options):
        if items < 1:
            raise CommandError("--items must be a positive number")
        lines = (json.dumps(line, ensure_ascii=False) for line in generate(items, seed))
        started = time.perf_counter()
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                count = sum(1 for line in lines if handle.write(line + "\n"))
            self.stdout.write(f"{count} lines written to {output}")
            return
        created = 0
        chunk = []
        for line in lines:
            chunk.append(line)
            if len(chunk) >= batch:
                created += self._import(chunk)
                chunk = []
        if chunk:
            created += self._import(chunk)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"{created} objects created in {elapsed:.1f} s ({created / elapsed:.0f} per second)")
        )

    def _import(self, lines):
        report = KnowledgeBaseImporter(publish=True).import_lines(lines)
        if report.errors:
            raise CommandError("\n".join(map(str, report.errors[:20])))
        return len(report.created)
