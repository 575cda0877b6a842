"""Admin registration of the knowledge base's snippets, grouped under one "Knowledge base" menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from practices.models import FundingProgramme, Method, Organisation, TargetGroup, Theme


class TaxonomySnippetViewSet(SnippetViewSet):
    # Wagtail adds the language filter itself (by locale code) to translatable snippets; declaring "locale"
    # here would replace it with one that expects database ids.
    list_display = ["name", "slug", "locale"]
    search_fields = ["name", "slug"]
    ordering = ["name"]


class ThemeSnippetViewSet(TaxonomySnippetViewSet):
    model = Theme
    icon = "tag"


class TargetGroupSnippetViewSet(TaxonomySnippetViewSet):
    model = TargetGroup
    icon = "group"


class MethodSnippetViewSet(TaxonomySnippetViewSet):
    model = Method
    icon = "cogs"


class FundingProgrammeSnippetViewSet(TaxonomySnippetViewSet):
    model = FundingProgramme
    icon = "euro"


class OrganisationSnippetViewSet(SnippetViewSet):
    model = Organisation
    icon = "site"
    list_display = ["name", "kind", "country", "city", "locale"]
    list_filter = ["kind"]
    search_fields = ["name", "city"]
    ordering = ["name"]


class KnowledgeBaseSnippetGroup(SnippetViewSetGroup):
    menu_label = _("Knowledge base")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (
        OrganisationSnippetViewSet,
        ThemeSnippetViewSet,
        TargetGroupSnippetViewSet,
        MethodSnippetViewSet,
        FundingProgrammeSnippetViewSet,
    )


register_snippet(KnowledgeBaseSnippetGroup)
