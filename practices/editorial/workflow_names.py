"""The names of the workflows and tasks that migrations 0006 and 0021 create, one per locale ("Review and publish
(cs)", "Review by reviewers (cs)"), are messages of our catalogues followed by the locale's code: the admin shows them
in each editor's language, and the database keeps them in the site's, as the migrations wrote them.

Wagtail renders ``workflow.name`` and ``task.name`` in many places (the action menu's "Submit to …", the status side
panel, the listings, e-mails), so the name is translated when a row is loaded (``post_init``) and given back its
stored spelling before it is saved (``pre_save``); receivers in practices/signal_handlers.py. Names an administrator
gives other workflows are left as written.
"""

import re

from django.utils.translation import gettext, gettext_noop

NAMES = (gettext_noop("Review and publish"), gettext_noop("Review by reviewers"))
# "Review and publish (cs)": a name of NAMES and the code of the locale whose pages the workflow reviews.
LOCALE_SUFFIX = re.compile(r"^(?P<name>.*?)(?P<suffix> \([a-z]{2,3}(?:-[a-z0-9]+)?\))?$")


def shown_name(name):
    """The stored ``name`` in the active language."""
    match = LOCALE_SUFFIX.match(name)
    if match["name"] not in NAMES:
        return name
    return gettext(match["name"]) + (match["suffix"] or "")


def stored_name(name):
    """The stored spelling of a name shown in the active language."""
    match = LOCALE_SUFFIX.match(name)
    msgid = next((msgid for msgid in NAMES if match["name"] == gettext(msgid)), None)
    return name if msgid is None else msgid + (match["suffix"] or "")
