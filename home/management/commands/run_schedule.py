"""``manage.py run_schedule``: the scheduler process — runs the periodic commands of ``PERIODIC_COMMANDS`` in
cms/settings.py at their times, for as long as it runs (``make serve``'s Procfile runs one).

One process of its own rather than cron, so that the stack is one Procfile on any host; exactly one must run.
``--once`` runs the commands due this minute and exits (for a cron job or a systemd timer instead). A command that
fails is logged and tried again at its next time; the others go on.
"""

import logging
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

logger = logging.getLogger(__name__)


def is_due(at, now):
    """``at`` is ``None`` (every minute) or ``"HH:MM"`` (once a day at that UTC time)."""
    return at is None or now.strftime("%H:%M") == at


class Command(BaseCommand):
    help = "Run the periodic commands (PERIODIC_COMMANDS) at their times: every minute, or daily at HH:MM UTC."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run what is due this minute, then exit.")

    def handle(self, *args, once=False, **options):
        while True:
            started = timezone.now()
            for command, at in settings.PERIODIC_COMMANDS:
                if is_due(at, started):
                    self.run(command)
            if once:
                return
            time.sleep(60 - timezone.now().second)  # wake at the start of the next minute

    def run(self, command):
        try:
            call_command(command, stdout=self.stdout, stderr=self.stderr)
        except Exception:  # one failing command must not stop the schedule
            logger.exception("Periodic command %s failed", command)
