"""The names of the workflow and task that migration 0006 creates ("Review and publish", "Review by reviewers") are
messages of our catalogues: the admin shows them in each editor's language, and the database keeps them in the
site's, as the migration wrote them.

Wagtail renders ``workflow.name`` and ``task.name`` in many places (the action menu's "Submit to …", the status side
panel, the listings, e-mails), so the name is translated when a row is loaded (``post_init``) and given back its
stored spelling before it is saved (``pre_save``); receivers in practices/signal_handlers.py. Names an administrator
gives other workflows are left as written.
"""

from django.utils.translation import gettext, gettext_noop

NAMES = (gettext_noop("Review and publish"), gettext_noop("Review by reviewers"))


def shown_name(name):
    """The stored ``name`` in the active language."""
    return gettext(name) if name in NAMES else name


def stored_name(name):
    """The stored spelling of a name shown in the active language."""
    return next((msgid for msgid in NAMES if name == gettext(msgid)), name)
