"""Tests of practices/knowledge_base/: import and export of the knowledge base, in files and in the admin."""
