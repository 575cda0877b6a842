"""Rich text as every output publishes it: HTML reduced to the markup the feed promises (``sanitise``), and, for a
front end on another origin, with its site-relative links made absolute (``public_rich_text``).

The partner feed's body (practices.feed.blocks, which expands links from what it loaded for a whole response) and
the content API's blocks (practices.blocks) both sanitise here, so a partner and a headless front end get the same
HTML. What an import accepts (practices.knowledge_base.fields) and what the site's own pages render
(practices.blocks) are other formats, with tag lists of their own: input to clean, and HTML the site controls.
"""

import re

import nh3

from practices.site_url import absolute_url

# The HTML the feed promises: the rich-text features editors have, plus the markup the block serialisers write.
ALLOWED_TAGS = {
    "h2", "h3", "p", "a", "b", "strong", "i", "em", "ol", "ul", "li", "blockquote", "br",
    "figure", "figcaption", "img", "dl", "dt", "dd", "cite",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}}

# Absolute href/src values start with a scheme; site-relative ones ("/…", not "//host/…") are made absolute.
RELATIVE_LINK = re.compile(r'(href|src)="(/(?!/)[^"]*)"')


def sanitise(html):
    """HTML reduced to ALLOWED_TAGS and ALLOWED_ATTRIBUTES; scripts and styles go with their content."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES)


def public_rich_text(html):
    """Expanded rich text as a front end may insert it: sanitised like the partner feed's HTML (no scripts or
    styles, whatever was stored), with its site-relative links (expanded page and document links) made absolute,
    so that a front end on another origin can follow them."""
    return RELATIVE_LINK.sub(lambda match: f'{match[1]}="{absolute_url(match[2])}"', sanitise(html))
