"""The parts every output shapes alike: the HTML a rich text may carry once sanitised, and the fixed sizes of an
image's renditions. The partner feed (practices.feed), the content API (practices.representation.content_api) and the
blocks' API representations all read them here, so a partner and a headless front end get the same HTML and sizes.
"""

import nh3

# Fixed rendition sizes offered for every image; partners choose the one that fits their layout.
RENDITIONS = {"thumbnail": "fill-320x240", "medium": "max-800x800", "large": "max-1600x1600"}

# The HTML the feed promises: the rich-text features editors have, plus the markup the block serialisers write.
ALLOWED_TAGS = {
    "h2", "h3", "p", "a", "b", "strong", "i", "em", "ol", "ul", "li", "blockquote", "br",
    "figure", "figcaption", "img", "dl", "dt", "dd", "cite",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}}


def sanitise(html):
    """HTML reduced to ALLOWED_TAGS and ALLOWED_ATTRIBUTES; scripts and styles go with their content."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES)
