"""The detail pages' downloads: a practice's reuse kit and any item's citation file (practices.site.detail_urls).

Each finds its page as Wagtail's own ``serve`` does (routing from the site's root in the current language, so only
a live page is found) and runs Wagtail's serve hooks first: a page under a view restriction asks for its password
or a login here as it does on the page itself.
"""

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe
from wagtail import hooks
from wagtail.models import Page

from practices.models import ITEM_MODELS, GoodPracticePage
from practices.site.detail import DetailPage
from practices.site.reuse_kit import ReuseKit

CITATION_TYPES = {
    "bib": "application/x-bibtex; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
}


def serve_item(request, path, models, respond):
    """``respond(page, request)`` for the live item at ``path`` (one of ``models``), after Wagtail's serve hooks."""
    route = Page.route_for_request(request, path)
    if route is None:
        raise Http404
    page, args, kwargs = route
    if args or kwargs or not isinstance(page, models):
        raise Http404

    def chain(page, request, args, kwargs):
        return respond(page, request)

    for wrap in reversed(hooks.get_hooks("on_serve_page")):
        chain = wrap(chain)
    for hook in hooks.get_hooks("before_serve_page"):
        result = hook(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return chain(page, request, args, kwargs)


def attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def reuse_kit(request, path):
    """GET <practice URL>reuse-kit.zip: the practice's reuse kit (practices.site.reuse_kit), streamed."""

    def respond(page, request):
        kit = ReuseKit(DetailPage(page, request))
        response = StreamingHttpResponse(kit.stream(), content_type="application/zip")
        return attachment(response, kit.filename)

    return serve_item(request, path, GoodPracticePage, respond)


@require_safe
def citation(request, path, style):
    """GET <item URL>citation.bib or .ris: the item's citation for a reference manager."""

    def respond(page, request):
        detail = DetailPage(page, request)
        text = detail.citation.bibtex() if style == "bib" else detail.citation.ris()
        return attachment(HttpResponse(text, content_type=CITATION_TYPES[style]), f"{page.slug}.{style}")

    return serve_item(request, path, tuple(ITEM_MODELS.values()), respond)
