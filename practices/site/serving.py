"""What the public site supplies to the page models' public pages (practices.models.serving): an item's detail, a
section's listing with the other languages offered beside it, and the practice section's map with its switch
between list and map. Imported once, when the app is ready (practices.apps)."""

from practices.models import KnowledgePage, PracticeIndexPage, serving
from practices.models.indexes import KnowledgeIndexPage
from practices.site.detail import DetailPage
from practices.site.faces import attach_faces
from practices.site.listing import build_listing
from practices.site.map import serve_geojson, serve_map, view_urls
from practices.site.other_languages import offer_with_listing


@serving.supplies_context(KnowledgePage)
def item_context(page, request, context):
    """``detail``: related items, gallery, documents, player, citation and share metadata, loaded in a fixed number
    of queries (practices.site.detail)."""
    context["detail"] = DetailPage(page, request)


@serving.supplies_context(KnowledgeIndexPage)
def section_context(section, request, context):
    """``listing`` and its page of ``items``, and the ``other_languages`` offered beside them, every card with its
    face loaded at once (the paginator's page keeps the items it was iterated as)."""
    listing = build_listing(section.items(), section.item_model, request.GET, section.locale, section.items_per_page)
    context["listing"] = listing
    context["items"] = listing.page
    context["other_languages"] = offer_with_listing(listing, section.item_model, request.GET, section.locale)
    attach_faces([*listing.page, *(offered.page for offered in context["other_languages"].items)])


@serving.supplies_context(PracticeIndexPage)
def practice_section_context(section, request, context):
    """``list_url`` and ``map_url``: the listing and the map of the same filters."""
    context.update(view_urls(section, request, context["listing"].filter_query))


serving.supplies_route(PracticeIndexPage, "map")(serve_map)
serving.supplies_route(PracticeIndexPage, "map-geojson")(serve_geojson)
