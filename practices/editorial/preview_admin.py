"""The admin's "Headless preview" page: the preview link of a knowledge-base item's latest revision, for editors
who check a draft in the headless front end (practices.api.preview, docs/api.md).

Reached from the page header's "Headless preview" button; shown only to users who may edit the page, since the
link shows its draft to whoever holds it.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin import widgets
from wagtail.models import Page

from practices.api.preview import issue_preview_token, previewable
from practices.site_url import absolute_url

TEMPLATE = "practices/admin/preview_link.html"


def preview_link(request, page_id):
    """The preview link of the page's latest revision, issued afresh on each visit."""
    page = get_object_or_404(Page.objects.select_related("locale", "latest_revision"), pk=page_id)
    if not previewable(page) or not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    revision = page.latest_revision
    context = {
        "page": page,
        "revision": revision,
        "page_title": _("Headless preview of “%(title)s”") % {"title": page.get_admin_display_title()},
        "header_icon": "view",
        "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
    }
    if revision is not None:
        token = issue_preview_token(page, revision)
        context["preview_url"] = absolute_url(f"{reverse('feed:preview')}?{urlencode({'token': token})}")
        context["token"] = token
        context["expires_at"] = timezone.now() + timedelta(seconds=settings.PREVIEW_TOKEN_MAX_AGE)
    # Wagtail's admin marks every response no-store, so the link stays in no shared cache.
    return TemplateResponse(request, TEMPLATE, context)


def admin_urls():
    return [path("practices/preview/<int:page_id>/", preview_link, name="practices_preview_link")]


def header_buttons(page, user, view_name=None, next_url=None):
    """The page header's "Headless preview" button, on knowledge-base items the user may edit (the
    register_page_header_buttons hook; the view's name and next URL change nothing)."""
    if previewable(page) and page.permissions_for_user(user).can_edit():
        url = reverse("practices_preview_link", args=[page.pk])
        yield widgets.Button(_("Headless preview"), url, icon_name="view", priority=85)
