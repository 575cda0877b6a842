"""Keeping translations in step: synchronisation as drafts, PO files, machine translation, the translation overview
and the translators' review actions."""
