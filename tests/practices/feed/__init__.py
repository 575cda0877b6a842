"""Tests of practices/feed/: the partner feed, its filters, change log, caches and exports."""
