"""Template tags of the item pages: the oEmbed discovery URL (practices.syndication.oembed)."""

from django import template

from practices.syndication.oembed import discovery_url

register = template.Library()


@register.simple_tag(takes_context=True)
def oembed_discovery_url(context, page):
    """``{% oembed_discovery_url page %}``: the absolute oEmbed URL of an item page, for its head."""
    return discovery_url(context["request"], page)
