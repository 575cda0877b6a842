"""PostgreSQL only: keep each document's ``search_vector`` in its row instead of in the TOAST table.

A document's vector is about 3 KB, over PostgreSQL's 2 KB threshold, and barely compressible, so by default every
vector lived out of line: a search read it from the TOAST table for the match and again for ``ts_rank_cd``, once
per matching document. Storage ``MAIN`` keeps it in the row (a row still fits a page easily; the text columns stay
out of line). At 10,000 items the embedded backend's p50 went from 80 to 46 ms and its p95 from 124 to 90 ms
(docs/search-embedded.md). Rows written before this migration move in the next time they are indexed
(``update_index`` writes every row again).
"""

from django.db import migrations

INLINE = "ALTER TABLE hub_search_searchdocument ALTER COLUMN search_vector SET STORAGE MAIN"
DEFAULT = "ALTER TABLE hub_search_searchdocument ALTER COLUMN search_vector SET STORAGE EXTENDED"


def _on_postgresql(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("hub_search", "0005_document_generation_index")]

    operations = [migrations.RunPython(_on_postgresql(INLINE), _on_postgresql(DEFAULT))]
