"""Signals of the knowledge base that other parts listen to."""

from django.dispatch import Signal

# Sent once the transaction that recorded them has committed, with ``records``: the new ChangeRecord rows, in
# order. Webhook delivery listens to it; the change log (practices.feed.changes) and the importer send it.
changes_recorded = Signal()
