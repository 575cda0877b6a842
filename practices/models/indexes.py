"""The sections of the knowledge base, one of each kind per home page: they list their published items
(practices.site.listing), and the practice section also serves its map (practices.site.map)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from practices.models.material import MaterialPage
from practices.models.practice import GoodPracticePage
from practices.models.video import TrainingVideoPage
from practices.representation.content_api import TranslationsField


class KnowledgeIndexPage(Page):
    """A section of the knowledge base in one locale; lists its published children, newest first."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro"), APIField("translations", serializer=TranslationsField())]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1
    items_per_page = 20

    class Meta:
        abstract = True

    def items(self):
        return self.item_model.objects.child_of(self).live().order_by("-first_published_at", "-pk")

    def get_template(self, request, *args, **kwargs):
        # Every section renders the one listing template. A ``template`` attribute here would not reach the
        # subclasses: Wagtail gives each page type that does not set its own a default named after it.
        return "practices/index_page.html"

    def get_context(self, request, *args, **kwargs):
        # Imported here: the listing module builds on the models this module defines.
        from practices.site.faces import attach_faces
        from practices.site.listing import build_listing
        from practices.site.other_languages import offer_with_listing

        context = super().get_context(request, *args, **kwargs)
        listing = build_listing(self.items(), self.item_model, request.GET, self.locale, self.items_per_page)
        context["listing"] = listing
        context["items"] = listing.page
        context["other_languages"] = offer_with_listing(listing, self.item_model, request.GET, self.locale)
        # Every card at once; the paginator's page keeps the items it was iterated as, faces and all.
        attach_faces([*listing.page, *(offered.page for offered in context["other_languages"].items)])
        return context


class PracticeIndexPage(RoutablePageMixin, KnowledgeIndexPage):
    """The practices of one locale, as a listing and, at ``map/``, as a map of those with a location
    (practices/site/map.py)."""

    item_model = GoodPracticePage
    subpage_types = ["practices.GoodPracticePage", "practices.IncomingPracticesPage"]

    class Meta:
        verbose_name = _("practice index")

    def get_context(self, request, *args, **kwargs):
        from practices.site.map import view_urls

        context = super().get_context(request, *args, **kwargs)
        context.update(view_urls(self, request, context["listing"].filter_query))
        return context

    @path("map/", name="map")
    def practice_map(self, request):
        from practices.site.map import serve_map

        return serve_map(self, request)

    @path("map/geojson/", name="map-geojson")
    def practice_map_geojson(self, request):
        from practices.site.map import serve_geojson

        return serve_geojson(self, request)


class MaterialIndexPage(KnowledgeIndexPage):
    item_model = MaterialPage
    subpage_types = ["practices.MaterialPage"]

    class Meta:
        verbose_name = _("material index")


class VideoIndexPage(KnowledgeIndexPage):
    item_model = TrainingVideoPage
    subpage_types = ["practices.TrainingVideoPage"]

    class Meta:
        verbose_name = _("video index")
