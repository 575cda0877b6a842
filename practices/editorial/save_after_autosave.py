"""Holds an editor's save back until Wagtail's autosave on its way has answered (the script's header says why), so that
a "Save draft" pressed within half a second of a change neither makes the page twice nor a new inline row twice."""

from django.templatetags.static import static
from django.utils.html import format_html


def editor_js():
    """The ``insert_editor_js`` hook: the script, in every edit and create view of pages and snippets."""
    return format_html('<script src="{}" defer></script>', static("practices/admin/save-after-autosave.js"))
