"""Admin registration of the knowledge base's snippets, grouped under one "Knowledge base" menu, and of the
partners' admin (practices.admin_views) under "Partners", and of the pages' "Headless preview" link
(practices.preview_admin)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from practices import dashboard, preview_admin, roles, translation_admin, translation_overview
from practices.admin_views import PartnerViewSetGroup
from practices.knowledge_base import admin_import
from practices.models import FundingProgramme, Method, Organisation, TargetGroup, Theme

# Translators edit only their locale's snippets (practices.roles); the policies must exist before the viewsets.
roles.register_locale_bound_policies([Theme, TargetGroup, Method, FundingProgramme, Organisation])


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


@hooks.register("register_admin_viewset")
def register_partner_admin():
    return PartnerViewSetGroup()


@hooks.register("register_admin_urls")
def register_preview_link_url():
    return preview_admin.admin_urls()


@hooks.register("register_admin_urls")
def register_import_urls():
    return admin_import.admin_urls()


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return admin_import.menu_item()


@hooks.register("register_admin_urls")
def register_translation_overview_urls():
    return translation_overview.admin_urls()


@hooks.register("register_admin_menu_item")
def register_translation_overview_menu_item():
    return translation_overview.menu_item()


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    return dashboard.admin_urls()


@hooks.register("construct_homepage_panels")
def add_knowledge_base_panels(request, panels):
    dashboard.add_panels(request, panels)


@hooks.register("register_page_header_buttons")
def headless_preview_button(page, user, view_name, next_url=None):
    yield from preview_admin.header_buttons(page, user)


@hooks.register("register_admin_urls")
def register_translation_admin_urls():
    return translation_admin.admin_urls()


@hooks.register("register_admin_menu_item")
def register_translation_files_menu_item():
    return translation_admin.menu_item()


@hooks.register("register_page_header_buttons")
def synchronise_translations_button(page, user, view_name, next_url=None):
    yield from translation_admin.header_buttons(page, user)


# Translators' locale bounds (practices.roles): checked before Wagtail's and wagtail-localize's own hooks and views.
hooks.register("before_create_snippet", roles.refuse_snippet_create_outside_locale, order=-1)
hooks.register("before_edit_snippet", roles.refuse_snippet_edit_outside_locale, order=-1)
hooks.register("before_delete_snippet", roles.refuse_snippet_delete_outside_locale, order=-1)
hooks.register("register_admin_urls", roles.translation_urls, order=-1)
