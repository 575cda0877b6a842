"""The site shell's pages: the home page of each locale (the root of that language's knowledge base) and the
information pages linked from the header and footer (About, Contact, Privacy, Accessibility statement)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from practices.models import (
    INDEX_MODELS,
    ITEM_MODELS,
    GoodPracticePage,
    MaterialPage,
    PracticeIndexPage,
    TrainingVideoPage,
)
from practices.representation.content_api import TranslationsField
from practices.site.faces import attach_faces
from practices.site.listing import CountryFilter, ThemeFilter
from practices.site.other_languages import best_first, offer_from_other_languages

# Added by the language switcher to a home-page link that stands in for a missing translation; the home page then
# tells the reader that the page they came from is not available in this language.
UNTRANSLATED_PARAMETER = "untranslated"


class HomePage(Page):
    """Introduces the knowledge base in one language and leads to its practices, materials and videos."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro"), APIField("translations", serializer=TranslationsField())]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "practices.PracticeIndexPage",
        "practices.MaterialIndexPage",
        "practices.VideoIndexPage",
        "home.InformationPage",
    ]
    template = "home/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = [section.specific for section in self.get_children().live().type(*INDEX_MODELS.values())]
        practices = GoodPracticePage.objects.live_in(self.locale)
        newest = "-first_published_at", "-pk"
        context["newest_practices"] = list(practices.order_by(*newest)[:6])
        context["newest_materials"] = list(MaterialPage.objects.live_in(self.locale).order_by(*newest)[:3])
        context["newest_videos"] = list(TrainingVideoPage.objects.live_in(self.locale).order_by(*newest)[:3])
        context["featured"] = featured_items(self.locale)
        context["other_languages"] = {"items": offer_from_other_languages(GoodPracticePage, self.locale)}
        # Every card of the page at once: the faces' queries do not grow with the lists.
        attach_faces(
            [
                *context["newest_practices"],
                *context["newest_materials"],
                *context["newest_videos"],
                *context["featured"],
                *(offered.page for offered in context["other_languages"]["items"]),
            ]
        )
        context["practice_index"] = next(
            (section for section in context["sections"] if isinstance(section, PracticeIndexPage)), None
        )
        context["theme_counts"] = count_practices_by(ThemeFilter(), practices, self.locale)
        context["country_counts"] = count_practices_by(CountryFilter(), practices, self.locale)
        context["untranslated"] = UNTRANSLATED_PARAMETER in request.GET
        return context


class InformationPage(Page):
    """A page about the site itself: About, Contact, Privacy, Accessibility statement. The live ones directly under
    a home page make up that language's footer in tree order, and the first of them is the header's "About" link,
    so editors choose and order them in the page tree; translations keep the English page's translation key."""

    body = RichTextField(_("text"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    api_fields = [APIField("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    template = "home/information_page.html"

    class Meta:
        verbose_name = _("information page")


def count_practices_by(listing_filter, practices, locale):
    """``[(value, label, count), …]`` of one listing filter over the locale's live practices, largest first; the
    home page links each to the practice listing filtered by it. Two or three queries, whatever the number of items."""
    counts = listing_filter.counts(practices)
    labels = listing_filter.labels(list(counts), locale)
    return sorted(
        ((value, labels.get(value, value), count) for value, count in counts.items()),
        key=lambda row: (-row[2], str(row[1]).casefold()),
    )


# Featured items on a home page: one row of cards.
FEATURED = 6


def featured_items(locale):
    """The locale's quality-marked practices, materials and videos, featured before verified, newest first among
    equals: up to ``FEATURED``, three queries."""
    marked = [
        item
        for model in ITEM_MODELS.values()
        for item in best_first(model.objects.live_in(locale).exclude(quality_mark=""))[:FEATURED]
    ]
    ranks = {"featured": 0, "verified": 1}
    marked.sort(key=lambda item: (ranks.get(item.quality_mark, 2), -item.first_published_at.timestamp()))
    return marked[:FEATURED]
