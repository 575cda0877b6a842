"""Tests of practices/syndication/: Atom/RSS/JSON Feed, followable listings, the widget, oEmbed."""
