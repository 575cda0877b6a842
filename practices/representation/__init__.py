"""Shapes of an item's parts that more than one output shares: the content API's fields and the image, document and
rich-text representations of the blocks, and a video URL as an embeddable player."""
