"""The public site's part in serving a page model, supplied from above: the page models never import practices.site.

Wagtail asks a page model for its public page, through ``get_context()`` and, on a routable page, the view of each
route. What fills them (an item's related items and citation, a section's listing, the practice section's map) is
practices.site's work, and that code builds on these models. So a model only asks here, and practices.site supplies
each part when the app is ready (practices.site.serving, imported by practices.apps). The dependency then points one
way, as the import-linter contracts check (docs/architecture.md).

A page gets the context of every class it derives from that has one supplied, the most general first, just as
``super().get_context()`` would chain them. Asking for a part nobody supplied is an ImproperlyConfigured error that
names it, never a page rendered without it.
"""

from django.core.exceptions import ImproperlyConfigured

_contexts = {}
_routes = {}


def supplies_context(page_class):
    """Register ``function(page, request, context)``, which adds to the context of ``page_class``'s pages."""

    def register(function):
        _contexts[page_class] = function
        return function

    return register


def supplies_route(page_class, name):
    """Register ``function(page, request) -> response`` as the view of ``page_class``'s route ``name``."""

    def register(function):
        _routes[page_class, name] = function
        return function

    return register


def add_public_context(page, request, context):
    """Add to ``context`` what the public site supplies for ``page``'s class and the classes it derives from."""
    suppliers = [_contexts[cls] for cls in reversed(type(page).__mro__) if cls in _contexts]
    if not suppliers:
        raise ImproperlyConfigured(f"No public context is supplied for {type(page).__name__} (practices.site.serving).")
    for supplier in suppliers:
        supplier(page, request, context)
    return context


def serve_route(page, name, request):
    """The response of ``page``'s route ``name``, from the view the public site supplied for it."""
    for cls in type(page).__mro__:
        if (cls, name) in _routes:
            return _routes[cls, name](page, request)
    raise ImproperlyConfigured(f"No view is supplied for the route {name!r} of {type(page).__name__}.")
