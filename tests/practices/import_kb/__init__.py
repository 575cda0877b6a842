"""import_kb and KnowledgeBaseImporter (docs/import-format.md), on the real database: what a JSON Lines file
creates, updates, leaves alone and rejects, and what an import costs."""
