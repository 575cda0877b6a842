"""Syndication for readers and partner sites without developers: the newest items as Atom, RSS and JSON Feed
(``feeds``, ``feed_urls``), feeds that follow one filtered listing (``listing_feeds``), the embeddable widget
(``widget``, ``widget_urls``) and oEmbed cards (``oembed``, ``oembed_urls``). Entries come from the partner feed's
serialisers (``latest``), so a feed entry says what the feed item says."""
