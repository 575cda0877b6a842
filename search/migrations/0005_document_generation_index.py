"""Indexes that keep a search's own queries small as the knowledge base grows (docs/performance.md, search).

- ``hub_search_doc_generation`` (language, indexed_at, id): the index's generation per language, read by
  search.facets and search.suggestions on every search, from the index alone instead of the wide rows.
- SQLite only, ``hub_search_doc_match`` (id, content_type_id, object_id): what a full-text match needs of each
  matching document, so the engine (search.engine.backends.engines) reads this narrow index rather than every matching
  row with its text.
"""

from django.db import migrations, models

SQLITE_MATCH_INDEX = (
    "CREATE INDEX hub_search_doc_match ON hub_search_searchdocument (id, content_type_id, object_id)",
    "DROP INDEX IF EXISTS hub_search_doc_match",
)


def _on_sqlite(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("hub_search", "0004_unanswered_queries"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["language", "indexed_at", "id"], name="hub_search_doc_generation"),
        ),
        migrations.RunPython(_on_sqlite(SQLITE_MATCH_INDEX[0]), _on_sqlite(SQLITE_MATCH_INDEX[1])),
    ]
