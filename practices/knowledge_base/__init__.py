"""The JSON Lines exchange format of the knowledge base (docs/import-format.md): one field table, read by both the
importer and the exporter, so that what is exported imports back without loss."""
