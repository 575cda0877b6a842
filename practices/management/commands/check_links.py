"""``manage.py check_links``: queue the broken-link check of the live knowledge base (practices.editorial.link_checks).

Run it from cron once a night. With the database queue (TASKS_DATABASE_QUEUE) the check runs in ``db_worker``;
with the immediate backend it runs here, in this command.
"""

from django.core.management.base import BaseCommand

from practices.tasks import check_links


class Command(BaseCommand):
    help = "Queue the check of every outside link of the live knowledge base."

    def handle(self, *args, **options):
        result = check_links.enqueue()
        if result.is_finished:
            self.stdout.write("{checked} links checked, {broken} broken.".format_map(result.return_value))
        else:
            self.stdout.write(f"Link check queued ({result.id}).")
