"""Images and documents as every output links them: an image as a set of renditions at the fixed sizes
(``RENDITIONS``), a document as a download link.

The partner feed (practices.feed) and the content API (practices.representation.content_api, and the blocks' API
representations) build both here. They differ by contract only: the content API follows Wagtail's conventions (an
``id``, and each rendition as Wagtail's ``ImageRenditionField`` gives it, with ``url``, ``full_url`` and ``alt``),
the feed gives absolute URLs alone. Which images are loaded, and how (one query per response in the feed), stays
with the caller. The detail page's gallery (``srcset`` widths) and social networks' share image (a 1.91:1 crop)
use sizes of their own, for HTML rather than JSON; the exchange format names an image or document by its title.
"""

from practices.site_url import absolute_url

# Fixed rendition sizes offered for every image; partners choose the one that fits their layout.
RENDITIONS = {"thumbnail": "fill-320x240", "medium": "max-800x800", "large": "max-1600x1600"}


def absolute_rendition(rendition):
    """``{"url": "https://…/media/images/forum.fill-320x240.jpg", "width": 320, "height": 240}`` (the feed)."""
    return {"url": absolute_url(rendition.url), "width": rendition.width, "height": rendition.height}


def wagtail_rendition(rendition):
    """A rendition as Wagtail's ImageRenditionField shows it (the content API)::

    {"url": "/media/images/forum.fill-320x240.png", "full_url": "https://…", "width": 320, "height": 240,
     "alt": "Youth forum"}
    """
    return {
        "url": rendition.url,
        "full_url": rendition.full_url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": rendition.alt,
    }


def image_shape(image, rendition=absolute_rendition, alt=""):
    """An image as a rendition set, each rendition shaped by ``rendition``; null when there is no image::

    {"title": "Youth forum", "alt": "Youth forum", "width": 2400, "height": 1600,
     "renditions": {"thumbnail": {rendition}, "medium": {…}, "large": {…}}}

    The alt text is ``alt`` (a caption), else the image's default alt text, else its title. The renditions are
    fetched (or created) in one go; an image loaded with them prefetched costs no query."""
    if image is None:
        return None
    renditions = image.get_renditions(*RENDITIONS.values())
    return {
        "title": image.title,
        "alt": alt or image.default_alt_text or image.title,
        "width": image.width,
        "height": image.height,
        "renditions": {size: rendition(renditions[spec]) for size, spec in RENDITIONS.items()},
    }


def document_shape(document):
    """A document as a download link; null when there is no document::

    {"title": "Future City Game guide", "file_type": "pdf", "size": 482133,
     "download_url": "https://…/documents/7/future-city-game-guide-en.pdf"}
    """
    if document is None:
        return None
    return {
        "title": document.title,
        "file_type": document.file_extension,
        "size": document.get_file_size(),  # read from storage once, then kept on the document
        "download_url": absolute_url(document.url),
    }


def image_representation(image, alt=""):
    """An image in the content API and the blocks' API representations: its id, and each rendition as Wagtail's
    ImageRenditionField shows it::

    {"id": 3, "title": "Youth forum", "alt": "Youth forum", "width": 1200, "height": 800,
     "renditions": {"thumbnail": {"url": "/media/images/forum.fill-320x240.png", "full_url": "https://…",
                                  "width": 320, "height": 240, "alt": "Youth forum"},
                    "medium": {…}, "large": {…}}}
    """
    if image is None:
        return None
    return {"id": image.pk, **image_shape(image, wagtail_rendition, alt)}


def document_representation(document):
    """A document in the content API and the blocks' API representations: the download link with its id::

    {"id": 7, "title": "Future City Game guide", "file_type": "pdf", "size": 14,
     "download_url": "https://…/documents/7/guide.pdf"}
    """
    if document is None:
        return None
    return {"id": document.pk, **document_shape(document)}
