"""The full-text index over SearchDocument, for the database vendor in use (search.engine.backends.embedded).

SQLite: an external-content FTS5 table (the text lives once, in the documents table) kept in step by triggers.
PostgreSQL: a stored generated tsvector column, each field with its weight (title A, summary B, body C, shared D),
under a GIN index. The text is already normalised and folded, so both use plain tokenisers ('simple').
"""

from django.db import migrations

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE hub_search_fts USING fts5(
        title, summary, body, shared,
        content='hub_search_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0', prefix='3'
    )""",
    """CREATE TRIGGER hub_search_fts_insert AFTER INSERT ON hub_search_searchdocument BEGIN
        INSERT INTO hub_search_fts(rowid, title, summary, body, shared)
        VALUES (new.id, new.title, new.summary, new.body, new.shared);
    END""",
    """CREATE TRIGGER hub_search_fts_delete AFTER DELETE ON hub_search_searchdocument BEGIN
        INSERT INTO hub_search_fts(hub_search_fts, rowid, title, summary, body, shared)
        VALUES ('delete', old.id, old.title, old.summary, old.body, old.shared);
    END""",
    """CREATE TRIGGER hub_search_fts_update AFTER UPDATE ON hub_search_searchdocument BEGIN
        INSERT INTO hub_search_fts(hub_search_fts, rowid, title, summary, body, shared)
        VALUES ('delete', old.id, old.title, old.summary, old.body, old.shared);
        INSERT INTO hub_search_fts(rowid, title, summary, body, shared)
        VALUES (new.id, new.title, new.summary, new.body, new.shared);
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS hub_search_fts_update",
    "DROP TRIGGER IF EXISTS hub_search_fts_delete",
    "DROP TRIGGER IF EXISTS hub_search_fts_insert",
    "DROP TABLE IF EXISTS hub_search_fts",
]
POSTGRES_CREATE = [
    """ALTER TABLE hub_search_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', summary), 'B')
        || setweight(to_tsvector('simple', body), 'C') || setweight(to_tsvector('simple', shared), 'D')
    ) STORED""",
    "CREATE INDEX hub_search_document_vector ON hub_search_searchdocument USING GIN (search_vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS hub_search_document_vector",
    "ALTER TABLE hub_search_searchdocument DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("hub_search", "0001_documents_and_synonyms")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
