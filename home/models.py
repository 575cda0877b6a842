"""The home page of each locale: the root of that language's knowledge base."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from practices.models import GoodPracticePage, MaterialIndexPage, PracticeIndexPage, VideoIndexPage


class HomePage(Page):
    """Introduces the knowledge base in one language and leads to its practices, materials and videos."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["practices.PracticeIndexPage", "practices.MaterialIndexPage", "practices.VideoIndexPage"]
    template = "home/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = [
            section.specific
            for section in self.get_children().live().type(PracticeIndexPage, MaterialIndexPage, VideoIndexPage)
        ]
        context["newest_practices"] = GoodPracticePage.objects.live_in(self.locale).order_by("-first_published_at")[:6]
        return context
