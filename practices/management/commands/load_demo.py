"""`manage.py load_demo`: load the demo knowledge base shipped in practices/fixtures/demo, once.

It does nothing when the database already holds knowledge-base items, so `make run` can call it every time; the
site's information pages (About, Contact, Privacy, Accessibility) are added by `load_site_pages` where missing.
The pictures the demo's practices show (their galleries name them by title) are drawn first, where missing
(practices.knowledge_base.demo_pictures): nothing is fetched from the internet.
"""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from practices.knowledge_base.demo_pictures import make_demo_pictures
from practices.knowledge_base.importer import KnowledgeBaseImporter
from practices.models import ITEM_MODELS

DEMO_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "demo" / "knowledge_base.jsonl"


class Command(BaseCommand):
    help = "Load the demo knowledge base if the database has no knowledge-base items yet."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="import even if items exist (updates in place)")

    def handle(self, force, **options):
        # The site's own pages (About, Contact, …) are missing-only whatever the items, so run it every time.
        call_command("load_site_pages", stdout=self.stdout)
        has_items = any(model.objects.exists() for model in ITEM_MODELS.values())
        if has_items and not force:
            self.stdout.write("The knowledge base already has content; the demo was not loaded.")
            return
        make_demo_pictures()
        report = KnowledgeBaseImporter(publish=True).import_file(DEMO_FILE)
        if report.errors:
            raise CommandError("The demo knowledge base did not load:\n" + "\n".join(map(str, report.errors)))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo knowledge base loaded: {len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged."
            )
        )
