"""The search engine: backends (embedded on SQLite/PostgreSQL, OpenSearch, Elasticsearch), documents, indexing,
query parsing, text normalisation, stop words, synonyms and snippets. It knows nothing of the knowledge base: it
never imports practices, home or cms (import-linter contract), and the knowledge-base search in search/ is built
on it."""
