"""Synonym sets applied at query time (search.models.SynonymSet, edited in the admin under Settings)."""

from search.models import SynonymSet


def synonym_sets(languages):
    """The synonym phrases of the given languages: ``[["ngo", "non-profit organisation", …], …]``.

    Read on every search: the table is small (a few dozen rows per language) and an editor's change then applies
    to the next query without a cache to invalidate.
    """
    return [
        synonym_set.term_list()
        for synonym_set in SynonymSet.objects.filter(locale__language_code__in=list(languages)).only("terms")
    ]
