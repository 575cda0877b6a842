"""The thesaurus of the participation domain (issue 15): the concepts of search/data/concepts.json, each with its
labels in every content language (the first of a language being its preferred label) and its related concepts.
Editors change them in the admin (Settings → Thesaurus)."""

import json
from pathlib import Path

from django.db import migrations

CONCEPTS_FILE = Path(__file__).resolve().parent.parent / "data" / "concepts.json"


def add_concepts(apps, schema_editor):
    Concept = apps.get_model("hub_search", "Concept")
    ConceptLabel = apps.get_model("hub_search", "ConceptLabel")
    entries = json.loads(CONCEPTS_FILE.read_text(encoding="utf-8"))
    concepts = {
        concept.slug: concept for concept in Concept.objects.bulk_create(Concept(slug=entry["slug"]) for entry in entries)
    }
    ConceptLabel.objects.bulk_create(
        ConceptLabel(concept=concepts[entry["slug"]], language=language, text=text, sort_order=order)
        for entry in entries
        for order, (language, text) in enumerate(
            (language, text) for language, texts in entry["labels"].items() for text in texts
        )
    )
    for entry in entries:
        concepts[entry["slug"]].related.add(*[concepts[slug] for slug in entry["related"]])


def remove_concepts(apps, schema_editor):
    entries = json.loads(CONCEPTS_FILE.read_text(encoding="utf-8"))
    apps.get_model("hub_search", "Concept").objects.filter(slug__in=[entry["slug"] for entry in entries]).delete()


class Migration(migrations.Migration):
    dependencies = [("hub_search", "0009_concepts")]

    operations = [migrations.RunPython(add_concepts, remove_concepts)]
