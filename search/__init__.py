"""The search app: the search engine (search.engine: backends, documents, indexing, query parsing, text), which
never imports the domain, and on top of it the knowledge base's search (the search API and page, facets,
suggestions, thesaurus, feeds, reports). The app's models and migrations, the engine's tables among them, stay
here."""
