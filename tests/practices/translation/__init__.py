"""Tests of practices/translation/: translation sync, PO files, review, machine translation."""
