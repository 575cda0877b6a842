"""``manage.py update_semantic_index``: make the meaning vector of every object that has none or whose text changed,
and drop the vectors of objects that are gone (search.engine.semantic). Run after ``update_index`` on a database
whose items were written while search by meaning was off, or after an upgrade of the model (docs/search.md)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search.engine import semantic
from search.engine.indexing import with_related_search_fields

CHUNK = 200


class Command(BaseCommand):
    help = _("Make the vectors of search by meaning for every item that has none or whose text changed.")

    def handle(self, **options):
        if not semantic.enabled():
            raise CommandError(_("Search by meaning is off (SEARCH_SEMANTIC); no vector was made."))
        made = 0
        for model in semantic.semantic_models():
            pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(pks), CHUNK):
                chunk = with_related_search_fields(model, model.objects.filter(pk__in=pks[start : start + CHUNK]))
                made += semantic.refresh(list(chunk))
        dropped = semantic.drop_orphans()
        self.stdout.write(
            _("%(made)d vectors made, %(dropped)d of objects that are gone dropped.")
            % {"made": made, "dropped": dropped}
        )
