"""``manage.py deliver_webhooks``: send the webhook deliveries whose next attempt is due.

With the immediate task backend (development, or TASKS_DATABASE_QUEUE off) a failed delivery cannot be enqueued for
later, so run this every minute (cron, a systemd timer) to retry. With the database queue the retries are already
queued; the command then only picks up attempts whose worker died.
"""

from django.core.management.base import BaseCommand

from practices.partners.webhooks import due_deliveries
from practices.tasks import deliver_webhook


class Command(BaseCommand):
    help = "Send the webhook deliveries whose next attempt is due."

    def handle(self, *args, **options):
        due = due_deliveries()
        for delivery_id in due:
            deliver_webhook.enqueue(delivery_id)
        self.stdout.write(f"{len(due)} webhook deliveries due.")
