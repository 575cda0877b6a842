"""The filter parameters every audience shares (issue 20): ``vocabulary`` holds one class per parameter (``locale``,
``type``, ``country``, ``theme``, ``target_group``, ``method``, ``funding_programme``, ``status``, ``year``,
``page``, ``page_size``), ``fronts`` reads a query string with them in one of two modes: strict for the APIs and
feeds (a 400 naming the parameter), forgiving for the practitioners' pages (a notice, the bad value dropped).

The low-level readers of numbers, ids, dates and text stay in practices.parameters; this package builds on them.
"""
