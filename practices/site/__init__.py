"""The practitioners' public site: listings and their filters, detail pages and their downloads (citations, reuse
kit), structured data, numbers in the reader's language, the practice map, sitemaps, the full-page cache and the
site-wide HTTP middleware (client_identity)."""
