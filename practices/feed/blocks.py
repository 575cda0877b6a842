"""The registry of StreamField block serialisers: each body block becomes JSON, sanitised HTML and plain text, so
nothing of Wagtail's internals leaks into the feed, the syndication feeds or the exports."""

from html import escape
from urllib.parse import urlsplit

from django.utils.html import strip_tags

from practices.feed.related import list_items
from practices.representation.rich_text import sanitise

# --- StreamField blocks ----------------------------------------------------------------------------------------
BLOCK_SERIALIZERS = {}


def register_block_serializer(block_type):
    def register(cls):
        BLOCK_SERIALIZERS[block_type] = cls()
        return cls

    return register


class BlockSerializer:
    """Turns one body block's stored value into JSON (``data``), HTML (``html``) and plain text (``text``).
    Register a subclass for every block type of ``practices.blocks.BodyBlock``."""

    def data(self, value, related):
        return value

    def html(self, value, related):
        return ""

    def text(self, value, related):
        return strip_tags(self.html(value, related))


@register_block_serializer("heading")
class HeadingBlockSerializer(BlockSerializer):
    """``{"type": "heading", "value": "How it started"}``"""

    def html(self, value, related):
        return f"<h2>{escape(value)}</h2>"

    def text(self, value, related):
        return value


@register_block_serializer("paragraph")
class ParagraphBlockSerializer(BlockSerializer):
    """``{"type": "paragraph", "value": "<p>See <a href=\\"https://…/en/practices/…/\\">the guide</a>.</p>"}``:
    sanitised rich text with internal links expanded to absolute public URLs, in the item's language when the
    linked page is translated."""

    def data(self, value, related):
        return self.html(value, related)

    def html(self, value, related):
        return sanitise(related.expand_rich_text(value, related.locale_id))

    def text(self, value, related):
        return strip_tags(self.html(value, related).replace("</p>", "</p>\n").replace("</li>", "</li>\n")).strip()


@register_block_serializer("quote")
class QuoteBlockSerializer(BlockSerializer):
    """``{"type": "quote", "value": {"text": "We were heard.", "attribution": "A student"}}``"""

    def data(self, value, related):
        return {"text": value.get("text", ""), "attribution": value.get("attribution", "")}

    def html(self, value, related):
        cite = f"<cite>{escape(value['attribution'])}</cite>" if value.get("attribution") else ""
        return f"<blockquote><p>{escape(value.get('text', ''))}</p>{cite}</blockquote>"

    def text(self, value, related):
        attribution = f" — {value['attribution']}" if value.get("attribution") else ""
        return f"“{value.get('text', '')}”{attribution}"


@register_block_serializer("key_figures")
class KeyFiguresBlockSerializer(BlockSerializer):
    """``{"type": "key_figures", "value": [{"value": "55", "label": "consultations with the public"}]}``"""

    def data(self, value, related):
        return [{"value": item.get("value", ""), "label": item.get("label", "")} for item in list_items(value)]

    def html(self, value, related):
        rows = "".join(
            f"<dt>{escape(item['value'])}</dt><dd>{escape(item['label'])}</dd>" for item in self.data(value, related)
        )
        return f"<dl>{rows}</dl>"

    def text(self, value, related):
        return "\n".join(f"{item['value']} {item['label']}" for item in self.data(value, related))


@register_block_serializer("embed")
class EmbedBlockSerializer(BlockSerializer):
    """``{"type": "embed", "value": {"url": "https://www.youtube.com/watch?v=…", "provider": "www.youtube.com"}}``:
    the embed's URL and host, without asking the provider (the feed makes no outgoing requests)."""

    def data(self, value, related):
        return {"url": value or "", "provider": urlsplit(value or "").hostname or ""}

    def html(self, value, related):
        return f'<p><a href="{escape(value or "")}">{escape(value or "")}</a></p>'

    def text(self, value, related):
        return value or ""


@register_block_serializer("image")
class ImageBlockSerializer(BlockSerializer):
    """``{"type": "image", "value": {"caption": "…", "image": {rendition set, see RelatedContent.image}}}``"""

    def data(self, value, related):
        return {"caption": value.get("caption", ""), "image": related.image(value.get("image"), value.get("caption"))}

    def html(self, value, related):
        data = self.data(value, related)
        if data["image"] is None:
            return ""
        medium = data["image"]["renditions"]["medium"]
        caption = f"<figcaption>{escape(data['caption'])}</figcaption>" if data["caption"] else ""
        return (
            f'<figure><img src="{escape(medium["url"])}" alt="{escape(data["image"]["alt"])}" '
            f'width="{medium["width"]}" height="{medium["height"]}">{caption}</figure>'
        )

    def text(self, value, related):
        return value.get("caption", "")


@register_block_serializer("document")
class DocumentBlockSerializer(BlockSerializer):
    """``{"type": "document", "value": {"label": "The guide", "document": {download link, see
    RelatedContent.document}}}``"""

    def data(self, value, related):
        return {"label": value.get("label", ""), "document": related.document(value.get("document"))}

    def html(self, value, related):
        data = self.data(value, related)
        if data["document"] is None:
            return ""
        label = data["label"] or data["document"]["title"]
        return f'<p><a href="{escape(data["document"]["download_url"])}">{escape(label)}</a></p>'

    def text(self, value, related):
        data = self.data(value, related)
        return (data["label"] or data["document"]["title"]) if data["document"] else ""


def serialize_body(stream, related):
    """A body as ``{"blocks": [{"type", "value"}…], "html": "<h2>…</h2><p>…</p>", "text": "…"}``; the HTML is
    sanitised to the tags and attributes of practices.representation.rich_text."""
    blocks, html, text = [], [], []
    for raw in stream.raw_data:
        serializer = BLOCK_SERIALIZERS.get(raw["type"])
        if serializer is None:
            continue
        blocks.append({"type": raw["type"], "value": serializer.data(raw["value"], related)})
        html.append(serializer.html(raw["value"], related))
        text.append(serializer.text(raw["value"], related))
    return {
        "blocks": blocks,
        "html": sanitise("".join(html)),
        "text": "\n\n".join(part for part in text if part),
    }
