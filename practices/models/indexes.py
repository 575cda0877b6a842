"""The sections of the knowledge base, one of each kind per home page: they list their published items, and the
practice section also serves its map; practices.site supplies both (practices.models.serving)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from practices.models import serving
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
        """The section's ``listing`` of its items and the ``other_languages`` offered beside it, which practices.site
        supplies (practices.models.serving)."""
        context = super().get_context(request, *args, **kwargs)
        return serving.add_public_context(self, request, context)


class PracticeIndexPage(RoutablePageMixin, KnowledgeIndexPage):
    """The practices of one locale, as a listing and, at ``map/``, as a map of those with a location
    (practices/site/map.py)."""

    item_model = GoodPracticePage
    subpage_types = ["practices.GoodPracticePage", "practices.IncomingPracticesPage"]

    class Meta:
        verbose_name = _("practice index")

    @path("map/", name="map")
    def practice_map(self, request):
        return serving.serve_route(self, "map", request)

    @path("map/geojson/", name="map-geojson")
    def practice_map_geojson(self, request):
        return serving.serve_route(self, "map-geojson", request)


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
