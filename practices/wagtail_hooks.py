"""The admin hub: registers the knowledge base's snippets, grouped under one "Knowledge base" menu, the explorer
downloads of the item sections, the partners' admin (practices.partners.admin_views) under "Partners", and what each
admin feature module offers Wagtail's hooks (``FEATURE_HOOKS``: the import, the translation overview and files, the
dashboard panels, the broken-links report, the "Headless preview" link, the editor's save held back for a pending
autosave), and the translators' locale bounds."""

from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from practices.editorial import dashboard, link_check_report, preview_admin, roles, save_after_autosave
from practices.editorial.admin_exports import ExportingSnippetIndexView, ListingExportMixin
from practices.editorial.usage import pages_using
from practices.knowledge_base import admin_import
from practices.models import (
    FundingProgramme,
    GoodPracticePage,
    IncomingPracticesPage,
    MaterialIndexPage,
    MaterialPage,
    Method,
    Organisation,
    PracticeIndexPage,
    TargetGroup,
    Theme,
    TrainingVideoPage,
    VideoIndexPage,
)
from practices.partners.admin_views import PartnerViewSetGroup
from practices.translation import translation_admin, translation_overview, translation_review

# Translators edit only their locale's snippets (practices.editorial.roles); the policies must exist before the
# viewsets.
roles.register_locale_bound_policies([Theme, TargetGroup, Method, FundingProgramme, Organisation])


class TaxonomySnippetViewSet(SnippetViewSet):
    """The admin of one taxonomy's terms; the Knowledge base menu gives each taxonomy its model and icon."""

    # Wagtail adds the language filter itself (by locale code) to translatable snippets; declaring "locale"
    # here would replace it with one that expects database ids.
    list_display = ["name", "slug", "locale"]
    search_fields = ["name", "slug"]
    ordering = ["name"]
    index_view_class = ExportingSnippetIndexView
    list_export = ["name", "slug", "locale.language_code", "description", "translation_key"]
    export_headings = {"locale.language_code": _("Locale"), "translation_key": _("Translation key")}


class OrganisationSnippetViewSet(SnippetViewSet):
    model = Organisation
    icon = "site"
    list_display = ["name", "kind", "country", "city", "locale"]
    list_filter = ["kind"]
    search_fields = ["name", "city"]
    ordering = ["name"]
    index_view_class = ExportingSnippetIndexView
    list_export = [
        "name", "slug", "kind", "country", "city", "address", "website", "email", "phone", "locale.language_code",
        "translation_key",
    ]  # fmt: skip
    export_headings = {"locale.language_code": _("Locale"), "translation_key": _("Translation key")}


class KnowledgeBaseSnippetGroup(SnippetViewSetGroup):
    menu_label = _("Knowledge base")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (
        OrganisationSnippetViewSet,
        TaxonomySnippetViewSet(model=Theme, icon="tag"),
        TaxonomySnippetViewSet(model=TargetGroup, icon="group"),
        TaxonomySnippetViewSet(model=Method, icon="cogs"),
        TaxonomySnippetViewSet(
            model=FundingProgramme, icon="euro", list_export=[*TaxonomySnippetViewSet.list_export, "url"]
        ),
    )


register_snippet(KnowledgeBaseSnippetGroup)

IN_USE_SHOWN = 20  # items named in the refusal; the count covers all


@hooks.register("before_delete_snippet")
def refuse_deleting_what_items_use(request, instances):
    """A term or organisation that items use is not deleted, alone or in a bulk delete: the admin names the items,
    so an editor changes them first (each change with its revision) and nothing is lost silently
    (practices.editorial.usage)."""
    refusals = []
    for instance in instances:
        if not isinstance(instance, (Theme, TargetGroup, Method, FundingProgramme, Organisation)):
            continue
        pages = pages_using(instance)
        if pages:
            names = ", ".join(f"{page.title} ({page.locale.language_code})" for page in pages[:IN_USE_SHOWN])
            if len(pages) > IN_USE_SHOWN:
                names += ", …"
            message = ngettext(
                "“%(object)s” cannot be deleted: %(count)d item uses it: %(items)s. Change it first.",
                "“%(object)s” cannot be deleted: %(count)d items use it: %(items)s. Change them first.",
                len(pages),
            )
            refusals.append(message % {"object": instance, "count": len(pages), "items": names})
    if not refusals:
        return None
    for refusal in refusals:
        messages.error(request, refusal)
    return redirect(instances[0].snippet_viewset.get_url_name("list"))


class KnowledgeExplorerView(ListingExportMixin, ExplorableIndexView):
    """The page explorer of a knowledge-base section, with the three downloads of its current listing."""


class KnowledgePageViewSet(PageViewSet):
    """The explorer listing of the sections whose children are all of ``model`` (``parent_models``): Wagtail's
    own, plus the downloads. Rows are the pages the user may explore, as in the listing."""

    index_view_class = KnowledgeExplorerView
    list_export = [
        "id", "title", "slug", "locale.language_code", "status_string", "first_published_at", "last_published_at",
        "latest_revision_created_at", "go_live_at", "expire_at", "last_verified_at", "last_verified_by",
        "completeness", "quality_mark", "licence", "project_code", "programme_record_url", "translation_key",
    ]  # fmt: skip
    export_headings = {
        "locale.language_code": _("Locale"),
        "status_string": _("Status"),
        "latest_revision_created_at": _("Updated"),
        "translation_key": _("Translation key"),
    }


class GoodPracticePageViewSet(KnowledgePageViewSet):
    model = GoodPracticePage
    parent_models = [PracticeIndexPage, IncomingPracticesPage]
    list_export = [
        *KnowledgePageViewSet.list_export, "country", "region", "municipality", "start_date", "end_date", "status",
    ]  # fmt: skip


class MaterialPageViewSet(KnowledgePageViewSet):
    model = MaterialPage
    parent_models = [MaterialIndexPage]
    list_export = [*KnowledgePageViewSet.list_export, "material_kind", "publication_date"]


class TrainingVideoPageViewSet(KnowledgePageViewSet):
    model = TrainingVideoPage
    parent_models = [VideoIndexPage]
    list_export = [*KnowledgePageViewSet.list_export, "video_url", "duration_seconds", "spoken_language"]


@hooks.register("register_admin_viewset")
def register_admin_viewsets():
    return [
        GoodPracticePageViewSet(),
        MaterialPageViewSet(),
        TrainingVideoPageViewSet(),
        PartnerViewSetGroup(),
        admin_import.ImportHistoryViewSet(),
    ]


# Each admin feature module offers the functions that Wagtail's hooks call (its URLs, menu item, dashboard panels,
# page header buttons…); they are registered here, each hook's in this order.
FEATURE_HOOKS = {
    "register_admin_urls": [
        preview_admin.admin_urls,
        admin_import.admin_urls,
        translation_overview.admin_urls,
        dashboard.admin_urls,
        link_check_report.admin_urls,
        translation_admin.admin_urls,
    ],
    "register_admin_menu_item": [admin_import.menu_item, translation_overview.menu_item, translation_admin.menu_item],
    "register_reports_menu_item": [link_check_report.menu_item],
    "register_log_actions": [admin_import.register_log_actions],
    "construct_homepage_panels": [dashboard.add_panels],
    "register_page_header_buttons": [preview_admin.header_buttons, translation_admin.header_buttons],
    "insert_editor_js": [save_after_autosave.editor_js],
}
for hook_name, feature_functions in FEATURE_HOOKS.items():
    for feature_function in feature_functions:
        hooks.register(hook_name, feature_function)

# Translators' locale bounds (practices.editorial.roles): checked before Wagtail's and wagtail-localize's own hooks and
# views.
hooks.register("before_create_snippet", roles.refuse_snippet_create_outside_locale, order=-1)
hooks.register("before_edit_snippet", roles.refuse_snippet_edit_outside_locale, order=-1)
hooks.register("before_delete_snippet", roles.refuse_snippet_delete_outside_locale, order=-1)
hooks.register("register_admin_urls", roles.translation_urls, order=-1)
# Before wagtail-localize's own hook, which would otherwise answer the translation editor's POST itself.
hooks.register("before_edit_page", translation_review.handle_translation_review_action, order=-1)
hooks.register("construct_explorer_page_queryset", roles.own_drafts_only)
