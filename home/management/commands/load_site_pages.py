"""`manage.py load_site_pages`: the demo's information pages (About, Contact, Privacy, Accessibility statement) in
every locale, from home/fixtures/site_pages.json, once.

They are ordinary editable pages (home.InformationPage) under each home page, the English one the source and the
others its translations (one translation key), so the language switcher links them to each other. A page whose
slug already exists under its home page is left as editors made it; `load_demo` calls this command.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale

from home.models import HomePage, InformationPage

SITE_PAGES_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "site_pages.json"
SOURCE_LANGUAGE = "en"


class Command(BaseCommand):
    help = "Create the information pages of the footer in every locale where they are missing."

    def handle(self, **options):
        homes = {home.locale.language_code: home for home in HomePage.objects.select_related("locale")}
        if SOURCE_LANGUAGE not in homes:
            raise CommandError("There is no English home page to put the information pages under.")
        created = 0
        for translations in json.loads(SITE_PAGES_FILE.read_text(encoding="utf-8")).values():
            source = self.find_or_create(homes[SOURCE_LANGUAGE], *translations[SOURCE_LANGUAGE])
            created += source is not None
            source = source or InformationPage.objects.child_of(homes[SOURCE_LANGUAGE]).get(
                slug=translations[SOURCE_LANGUAGE][1]
            )
            for language_code, (title, slug, body) in translations.items():
                if language_code == SOURCE_LANGUAGE or language_code not in homes:
                    continue
                if InformationPage.objects.filter(
                    translation_key=source.translation_key, locale__language_code=language_code
                ).exists():
                    continue
                translation = source.copy_for_translation(Locale.objects.get(language_code=language_code))
                translation.title, translation.slug, translation.body = title, slug, body
                translation.save_revision().publish()
                created += 1
        self.stdout.write(self.style.SUCCESS(f"Information pages created: {created}."))

    def find_or_create(self, home, title, slug, body):
        """The new page, or ``None`` when ``home`` already has a child with this slug."""
        if home.get_children().filter(slug=slug).exists():
            return None
        page = home.add_child(instance=InformationPage(title=title, slug=slug, body=body))
        page.save_revision().publish()
        return page
