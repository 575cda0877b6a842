"""``manage.py replay_index_updates``: apply the index updates a search backend missed while it was failing
(search.models.PendingIndexUpdate). Run it every minute beside the web servers; it does nothing when nothing
waits, and leaves the rows of a backend that still fails for the next run."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from search.models import PendingIndexUpdate
from search.tasks import replay_pending_updates


class Command(BaseCommand):
    help = _("Apply the search index updates that a failing search backend missed.")

    def handle(self, **options):
        for backend, replayed in replay_pending_updates().items():
            waiting = PendingIndexUpdate.objects.filter(backend=backend).count()
            self.stdout.write(
                _("%(backend)s: %(replayed)d updates replayed, %(waiting)d waiting")
                % {"backend": backend, "replayed": replayed, "waiting": waiting}
            )
