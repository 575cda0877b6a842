"""The partner feed's list order is served by an index (practices migration 0007), so a feed page costs the same
at any size of the knowledge base (docs/performance.md)."""

from django.db import connection

from practices.feed.serializers import GoodPracticeSerializer
from practices.models import GoodPracticePage

INDEX = "practices_page_published_order"


def test_page_table_has_the_feed_order_index(db):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "wagtailcore_page")

    assert constraints[INDEX]["columns"] == ["last_published_at", "id"]
    assert constraints[INDEX]["index"]


def test_feed_list_query_reads_pages_in_index_order(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # SQLite's planner is rule-based: the feed's own query shows what it does at any size.
            live = GoodPracticePage.objects.live().filter(last_published_at__isnull=False)
            queryset = GoodPracticeSerializer.with_related(live).order_by("last_published_at", "pk")
            sql, params = queryset[:21].query.sql_with_params()
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert INDEX in plan
            assert "TEMP B-TREE FOR ORDER BY" not in plan  # no sort of the whole table
        else:
            # PostgreSQL plans by cost (a nearly empty test table is read whole), and a fresh index can be held
            # back from plans while older transactions of other databases run; what the test can state is that
            # the index is a valid, ready b-tree.
            cursor.execute(
                "SELECT i.indisvalid, i.indisready, am.amname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_am am ON am.oid = c.relam WHERE c.relname = %s",
                [INDEX],
            )
            assert cursor.fetchone() == (True, True, "btree")
