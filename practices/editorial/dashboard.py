"""Panels of the admin's dashboard for the knowledge base's editors (added by the construct_homepage_panels hook in
practices/wagtail_hooks.py): items per type and locale, items waiting for review, untranslated items per locale,
recently published items, items whose last verification is more than a year old, with the one-click
"re-verify" that reviewers use after checking an item's facts, and the broken links found by the link check.

Each panel runs a fixed number of queries, so the dashboard does not slow down as the knowledge base grows.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.models import Locale, Page, WorkflowState

from practices.editorial import link_checks
from practices.editorial.link_check_report import link_check_permission_policy
from practices.feed.cache import bump_content_generation
from practices.models import ITEM_MODELS, ITEM_TYPES, LinkCheck

VERIFICATION_MAX_AGE = datetime.timedelta(days=365)
LIST_LENGTH = 10


def item_content_types():
    """Content type id → type key; ContentType's cache makes this free after the first request."""
    content_types = ContentType.objects.get_for_models(*ITEM_MODELS.values())
    return {content_types[model].pk: kind for kind, model in ITEM_MODELS.items()}


def items():
    return Page.objects.filter(content_type_id__in=item_content_types())


class KnowledgeBasePanel(Component):
    """A dashboard panel with a heading; subclasses give their figures (``figures``) and may leave themselves out
    for some requests (``is_shown``). The knowledge base's panels are drawn by the template named as the panel,
    practices/admin/dashboard/<name>.html; another app's panel sets its own ``template_name``."""

    heading = ""

    @property
    def template_name(self):
        return f"practices/admin/dashboard/{self.name}.html"

    def figures(self):
        """What the panel's template shows under the heading."""
        return {}

    def is_shown(self, request):
        return True

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(heading=self.heading, panel_id=self.name, request=parent_context["request"])
        context["csrf_token"] = parent_context.get("csrf_token")
        context.update(self.figures())
        return context

    def render_html(self, parent_context=None):
        if not self.is_shown(parent_context["request"]):
            return ""
        return super().render_html(parent_context)


class ItemsPerLocalePanel(KnowledgeBasePanel):
    """Items per type and locale, with how many of them are untranslated (no version in that locale)."""

    name = "kb-items-per-locale"
    heading = gettext_lazy("Knowledge base per language")
    order = 120

    def figures(self):
        locales = list(Locale.objects.order_by("pk"))
        kinds = item_content_types()
        counts = {
            (kinds[row["content_type_id"]], row["locale_id"]): row["n"]
            for row in items().values("content_type_id", "locale_id").annotate(n=Count("id")).order_by()
        }
        total = items().values("translation_key").distinct().count()
        per_locale = dict(
            items().values_list("locale_id").annotate(n=Count("translation_key", distinct=True)).order_by()
        )
        return {
            "locales": locales,
            "type_rows": [
                (ITEM_TYPES[kind].label, [counts.get((kind, locale.pk), 0) for locale in locales])
                for kind in ITEM_MODELS
            ],
            "untranslated": [total - per_locale.get(locale.pk, 0) for locale in locales],
            "overview_url": reverse("translation_overview"),
        }


class WaitingForReviewPanel(KnowledgeBasePanel):
    """Items in a moderation workflow, oldest first: what the review team owes the authors."""

    name = "kb-waiting-for-review"
    heading = gettext_lazy("Waiting for review")
    order = 130

    def figures(self):
        waiting = WorkflowState.objects.active().filter(content_type_id__in=item_content_types())
        states = list(waiting.order_by("created_at").values("object_id", "created_at")[:LIST_LENGTH])
        pages = Page.objects.in_bulk([int(state["object_id"]) for state in states])
        return {
            "waiting_count": waiting.count(),
            "waiting": [
                (pages[int(state["object_id"])], state["created_at"])
                for state in states
                if int(state["object_id"]) in pages
            ],
        }

    def is_shown(self, request):
        # Without workflows (or with nothing in them) the panel would only say "nothing": leave it out.
        return WorkflowState.objects.active().filter(content_type_id__in=item_content_types()).exists()


class RecentlyPublishedPanel(KnowledgeBasePanel):
    name = "kb-recently-published"
    heading = gettext_lazy("Recently published")
    order = 140

    def figures(self):
        published = items().live().exclude(last_published_at=None).select_related("locale")
        return {"published": list(published.order_by("-last_published_at")[:LIST_LENGTH])}


class VerificationDuePanel(KnowledgeBasePanel):
    """Items last verified more than a year ago, oldest first; a reviewer re-verifies one with one click."""

    name = "kb-verification-due"
    heading = gettext_lazy("Verification more than a year old")
    order = 150

    def figures(self):
        due_count, due = verification_due(LIST_LENGTH)
        return {"due_count": due_count, "due": due}


class BrokenLinksPanel(KnowledgeBasePanel):
    """Outside links of live items that answered 4xx/5xx or not at all at the last link check
    (practices.editorial.link_checks), with the items to edit; shown to who may view link checks."""

    name = "kb-broken-links"
    heading = gettext_lazy("Broken links")
    order = 160

    def figures(self):
        return {
            "broken_count": LinkCheck.objects.broken().count(),
            "broken": link_checks.broken_links(LIST_LENGTH),
            "last_checked_at": LinkCheck.objects.aggregate(last=Max("checked_at"))["last"],
            "report_url": reverse("kb_link_checks:broken"),
        }

    def is_shown(self, request):
        return link_check_permission_policy.user_has_permission(request.user, "view")


def verification_due(limit):
    """How many items were last verified more than a year ago, and the ``limit`` oldest of them."""
    cutoff = timezone.localdate() - VERIFICATION_MAX_AGE
    count, oldest = 0, []
    for model in ITEM_MODELS.values():
        due = model.objects.filter(last_verified_at__lt=cutoff)
        count += due.count()
        oldest += due.select_related("locale").order_by("last_verified_at", "pk")[:limit]
    return count, sorted(oldest, key=lambda page: (page.last_verified_at, page.pk))[:limit]


def verifier_name(user):
    return user.get_full_name() or user.get_username()


@require_POST
def reverify(request, page_id):
    """Record that the requesting reviewer verified the item today.

    The verification goes through a revision, so that the page history and audit log show who did it and a later
    edit (which starts from the latest revision) keeps it. An item without pending changes is published at once;
    one with a pending draft keeps the draft, and the live row gets the new date so the panel stops listing it.
    """
    page = get_object_or_404(items(), pk=page_id).specific
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    today, verifier = timezone.localdate(), verifier_name(request.user)
    had_draft = page.has_unpublished_changes
    latest = page.get_latest_revision_as_object()
    latest.last_verified_at, latest.last_verified_by = today, verifier
    revision = latest.save_revision(user=request.user, log_action=True)
    if page.live and not had_draft:
        revision.publish(user=request.user)
    else:
        type(page).objects.filter(pk=page.pk).update(last_verified_at=today, last_verified_by=verifier)
        bump_content_generation()  # update() sends no signal; the feed shows the verification date
    messages.success(request, _("“%(title)s” verified today by %(name)s.") % {"title": page.title, "name": verifier})
    return redirect("wagtailadmin_home")


def admin_urls():
    return [path("kb-reverify/<int:page_id>/", reverify, name="kb_reverify")]


def add_panels(request, panels):
    panels.extend(
        [
            ItemsPerLocalePanel(),
            WaitingForReviewPanel(),
            RecentlyPublishedPanel(),
            VerificationDuePanel(),
            BrokenLinksPanel(),
        ]
    )
