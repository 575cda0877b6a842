"""Wagtail's oEmbed finder (the "embed" block asks a provider such as YouTube for an embed's HTML) sending its
requests through practices.outgoing, so a provider endpoint or a redirect never reaches an internal address and an
answer is bounded in time and size. Selected by WAGTAILEMBEDS_FINDERS in cms/settings.py."""

import contextlib
import json
from datetime import timedelta
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.html import format_html
from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.embeds.finders.oembed import OEmbedFinder

from practices.outgoing import OutgoingRequestError, fetch

OEMBED_TIMEOUT = (5, 10)
OEMBED_MAX_BYTES = 512_000  # an oEmbed answer is a small JSON object


class GuardedOEmbedFinder(OEmbedFinder):
    """Wagtail's OEmbedFinder with the same providers, parameters and result, fetched through practices.outgoing."""

    def find_embed(self, url, max_width=None, max_height=None):
        endpoint = self._get_endpoint(url)
        if endpoint is None:
            raise EmbedNotFoundException
        params = {**self.options, "url": url, "format": "json"}
        if max_width:
            params["maxwidth"] = max_width
        if max_height:
            params["maxheight"] = max_height
        separator = "&" if "?" in endpoint else "?"
        try:
            response = fetch(
                "GET",
                f"{endpoint}{separator}{urlencode(params)}",
                headers={"User-Agent": "Mozilla/5.0"},
                timeout=OEMBED_TIMEOUT,
                max_bytes=OEMBED_MAX_BYTES,
            )
        except OutgoingRequestError as error:
            raise EmbedNotFoundException(f"Request failed: {error.category.label}") from None
        if response.status != 200:
            raise EmbedNotFoundException(f"Request failed: HTTP {response.status}")
        try:
            oembed = json.loads(response.body)
        except ValueError:
            raise EmbedNotFoundException("Not a JSON answer") from None
        if not isinstance(oembed, dict) or "type" not in oembed:
            raise EmbedNotFoundException("Missing 'type' in response")
        html = format_html('<img src="{}" alt="">', oembed["url"]) if oembed["type"] == "photo" else oembed.get("html")
        result = {
            "title": oembed.get("title", "") or "",
            "author_name": oembed.get("author_name", "") or "",
            "provider_name": oembed.get("provider_name", "") or "",
            "type": oembed["type"],
            "thumbnail_url": oembed.get("thumbnail_url"),
            "width": oembed.get("width"),
            "height": oembed.get("height"),
            "html": html,
        }
        with contextlib.suppress(KeyError, TypeError, ValueError, OverflowError):
            result["cache_until"] = timezone.now() + timedelta(seconds=int(oembed["cache_age"]))
        return result


embed_finder_class = GuardedOEmbedFinder
