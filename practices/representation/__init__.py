"""Shapes of an item's parts that more than one output shares: the content API's fields and the image, document and
rich-text representations of the blocks (content_api), the sanitised HTML and image sizes of every output (shapes),
and a video URL as an embeddable player (video_embeds). Below the models and blocks: it imports neither."""
