"""Where the full-text data of a search lives, per engine: what a search must read for each match stays small and
local, so the cost per match does not include a second lookup (search migrations 0005 and 0006,
docs/search-embedded.md)."""

from django.db import connection

from search.models import SearchDocument


def test_matches_are_read_from_narrow_or_inline_data(db):
    table = SearchDocument._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # FTS5 rowids are joined through the narrow index, not the documents' wide rows.
            constraints = connection.introspection.get_constraints(cursor, table)
            assert constraints["hub_search_doc_match"]["columns"] == ["id", "content_type_id", "object_id"]
        else:
            # The vector stays in the row (storage MAIN), not in the TOAST table.
            cursor.execute(
                "SELECT attstorage FROM pg_attribute WHERE attrelid = %s::regclass AND attname = 'search_vector'",
                [table],
            )
            assert cursor.fetchone() == ("m",)
