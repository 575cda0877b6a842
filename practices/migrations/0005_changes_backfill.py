"""Start the feed's change log with what is published already.

The log is also the record of what partners have seen (practices.feed.changes): an item published before the log
existed would otherwise get no tombstone when it is unpublished or deleted, and replaying the log from cursor 0
would miss it. One ``published`` record per published item (oldest publication first) and per term and
organisation."""

from django.db import migrations

ITEMS = {"GoodPracticePage": "practice", "MaterialPage": "material", "TrainingVideoPage": "video"}
SNIPPETS = {
    "Organisation": "organisation",
    "Theme": "theme",
    "TargetGroup": "target-group",
    "Method": "method",
    "FundingProgramme": "funding-programme",
}


def record_published_set(apps, schema_editor):
    ChangeRecord = apps.get_model("practices", "ChangeRecord")
    if ChangeRecord.objects.exists():
        return
    records = []
    for model_name, resource in SNIPPETS.items():
        snippets = apps.get_model("practices", model_name).objects.order_by("pk")
        for pk, key, locale in snippets.values_list("pk", "translation_key", "locale__language_code"):
            records.append(ChangeRecord(action="published", resource=resource, object_id=pk, translation_key=key,
                                        locale=locale))  # fmt: skip
    items = []
    for model_name, resource in ITEMS.items():
        published = apps.get_model("practices", model_name).objects.filter(live=True, last_published_at__isnull=False)
        fields = ("last_published_at", "pk", "translation_key", "locale__language_code")
        items += [(moment, pk, resource, key, locale) for moment, pk, key, locale in published.values_list(*fields)]
    for moment, pk, resource, key, locale in sorted(items):
        records.append(ChangeRecord(action="published", resource=resource, object_id=pk, translation_key=key,
                                    locale=locale, occurred_at=moment))  # fmt: skip
    ChangeRecord.objects.bulk_create(records, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("practices", "0004_partners_next_attempt")]

    operations = [migrations.RunPython(record_published_set, migrations.RunPython.noop)]
