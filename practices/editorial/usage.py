"""What uses a taxonomy term or an organisation: the items (pages, live or draft) whose fields name it.

Deleting a term or organisation that items use would silently empty those fields (a practice losing its partner
and the partner's role) without a revision saying so. Wagtail's own usage count reads the reference index, which
bulk imports leave unfilled, so the snippets' delete views (practices.wagtail_hooks) ask the database itself,
through every relation that points at the object: foreign keys, many-to-many fields and the rows of a page's
inline lists (a practice's partners).
"""

from modelcluster.fields import ParentalKey
from wagtail.models import Page


def pages_using(obj):
    """The pages whose fields name ``obj``, by title, each once."""
    pages = {}
    for relation in obj._meta.get_fields(include_hidden=True):
        if not (relation.is_relation and relation.auto_created and not relation.concrete):
            continue
        model = relation.related_model
        rows = model._default_manager.filter(**{relation.field.name: obj})
        if issubclass(model, Page):
            pages.update((page.pk, page) for page in rows.select_related("locale"))
            continue
        parent = next(
            (field for field in model._meta.get_fields() if isinstance(field, ParentalKey)),
            None,
        )
        if parent is not None and issubclass(parent.related_model, Page):
            for row in rows.select_related(f"{parent.name}__locale"):
                page = getattr(row, parent.name)
                pages[page.pk] = page
    return sorted(pages.values(), key=lambda page: (page.title, page.locale.language_code))
