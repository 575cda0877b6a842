"""Related concepts name each other (``Concept.related`` is symmetrical, as SKOS's ``related`` is), but migration 0010
wrote each relation of search/data/concepts.json one way only: a migration's historical model of a relation to its
own model is not symmetrical, so the concept named on the other side did not list it, and an export of the
thesaurus (practices.knowledge_base) could not be imported back as it was. This adds the missing direction."""

from django.db import migrations


def relate_both_ways(apps, schema_editor):
    Related = apps.get_model("hub_search", "Concept").related.through
    pairs = set(Related.objects.values_list("from_concept_id", "to_concept_id"))
    Related.objects.bulk_create(
        Related(from_concept_id=second, to_concept_id=first)
        for first, second in sorted(pairs)
        if (second, first) not in pairs
    )


class Migration(migrations.Migration):
    dependencies = [("hub_search", "0010_seed_concepts")]

    operations = [migrations.RunPython(relate_both_ways, migrations.RunPython.noop)]
