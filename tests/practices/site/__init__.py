"""Tests of practices/site/: the public pages (listings, detail pages, map, citations, reuse kit, caches)."""
