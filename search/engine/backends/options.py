"""What both of our backends add to Wagtail's search interface: options for their query compilers.

modelsearch's ``search()`` and ``autocomplete()`` take no keyword options, but ours need two: ``languages`` (the
content languages whose analysis a query goes through) and ``include_shared`` (whether a search over all languages
also matches through shared taxonomy and English translations). The mixin hands any such option to the compiler.
"""


class CompilerOptionsMixin:
    """Put before modelsearch's backend class: ``search()`` and ``autocomplete()`` pass ``**options`` on to the
    query compiler. modelsearch's own keywords (``fields``, ``operator``, ``order_by_relevance``) travel among
    them, and the compilers default them as modelsearch's methods do."""

    def search(self, query, model_or_queryset, **options):
        return self._search(self.query_compiler_class, query, model_or_queryset, **options)

    def autocomplete(self, query, model_or_queryset, **options):
        return self._search(self.autocomplete_query_compiler_class, query, model_or_queryset, **options)
