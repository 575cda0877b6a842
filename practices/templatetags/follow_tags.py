"""Template tags of the listings' "Follow this list" links: the feeds of exactly the filtered list shown
(practices.syndication.listing_feeds)."""

from django import template
from django.urls import reverse

from practices.syndication.listing_feeds import item_type_of, listing_feed_query

register = template.Library()


@register.simple_tag
def listing_feed_urls(index_page, listing):
    """``{% listing_feed_urls page listing as follow %}``: ``{"atom": "/cs/feeds/listing/practice.atom?theme=youth",
    "json": "…json?theme=youth"}`` for a section page and its listing's active filters (sort and page left out)."""
    item_type = item_type_of(index_page)
    query = listing_feed_query(listing.active)
    return {
        "atom": reverse("syndication:listing-atom", args=[item_type]) + query,
        "json": reverse("syndication:listing-json", args=[item_type]) + query,
    }
