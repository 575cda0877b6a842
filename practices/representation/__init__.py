"""The one representation of an item's parts. The partner feed, the content API (v2 and v3), the blocks' API
representations, export_kb/import_kb and oEmbed build their JSON from it; JSON-LD, search documents, webhooks and
the detail pages speak vocabularies of their own (docs/architecture.md, "One representation of an item").

One small module per part, each with one shape function and, where outputs differ by contract, a parameter that
chooses the variant (never a copy): terms and funding (terms), organisations (organisations), countries
(countries), images, renditions and documents (media), decimals, places, budgets and outcomes (numbers), rich text
(rich_text) and a video URL as an embeddable player (video_embeds). content_api holds the content API's DRF fields,
built from those shapes. Below the models and blocks (import-linter's layers): it imports neither, so each shape
reads an object's attributes and leaves loading and localising to the caller, which knows what it prefetched.
"""
