"""An index on Wagtail's page table for the partner feed's order (last_published_at, id).

The feed lists live pages by ``last_published_at`` with the id as tie-breaker; without this index each list request
read and sorted every page (SQLite: 77 ms at 10,000 items, growing with N; with it: 0.4 ms, bench/ and
docs/performance.md). The table is Wagtail's, so the index is raw SQL that Django's model state does not know:
tests/practices/feed/test_feed_order_index.py checks that it exists after all migrations, because a later migration
that rebuilds the table on SQLite would drop it silently.
"""

from django.db import migrations

INDEX = "practices_page_published_order"


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0006_roles_and_workflow"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (last_published_at, id)",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
