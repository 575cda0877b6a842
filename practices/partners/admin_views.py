"""Admin of the partners who sync from the feed: partners and their API keys, their webhooks, and the read-only
log of webhook deliveries. Registered under one "Partners" menu by practices/wagtail_hooks.py.

A partner's API key exists in clear only in the response that issues it (creating the partner, or "Issue a new
key"): it is rendered on that page and never stored, put in a message or a cookie, or shown again. A webhook's
signing secret is stored (every delivery is signed with it) but likewise shown only when it is generated: on
adding the webhook and on "Rotate the signing secret".
"""

from datetime import timedelta

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import CreateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from practices.choices import DeliveryStatus
from practices.editorial.admin_exports import ExportingIndexView
from practices.models import Partner, Webhook, WebhookDelivery
from practices.partners import webhooks
from practices.tasks import deliver_webhook

KEY_TEMPLATE = "practices/admin/partner_key.html"
CONFIRM_TEMPLATE = "practices/admin/confirm.html"
SIGNING_KEY_TEMPLATE = "practices/admin/webhook_secret.html"


def key_page(request, partner, key):
    """The one page that shows a newly issued key."""
    context = {
        "partner": partner,
        "key": key,
        "page_title": _("API key of %(partner)s") % {"partner": partner},
        "header_icon": "key",
        "index_url": reverse("partners:index"),
        "edit_url": reverse("partners:edit", args=[partner.pk]),
    }
    # Wagtail's admin marks every response no-store, so the key stays in no browser or proxy cache.
    return TemplateResponse(request, KEY_TEMPLATE, context)


class PartnerCreateView(CreateView):
    """Creating a partner issues its key and shows it once, instead of redirecting to the listing."""

    def save_instance(self):
        self.issued_key = self.form.instance.issue_key()
        return super().save_instance()

    def save_action(self):
        return key_page(self.request, self.object, self.issued_key)


class PartnerIndexView(ExportingIndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission("change"):
            buttons.append(
                MenuItem(_("Issue a new key"), url=reverse("partners:issue_key", args=[instance.pk]), icon_name="key")
            )
        buttons.append(
            MenuItem(_("Webhooks"), url=reverse("webhooks:index") + f"?partner={instance.pk}", icon_name="link")
        )
        return buttons


class ConfirmView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """A confirmation page for one object (GET) and the action it confirms (POST)."""

    template_name = CONFIRM_TEMPLATE
    permission_required = "change"
    confirmation_message = ""
    confirm_label = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(self.model, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            confirmation_message=self.confirmation_message,
            confirm_label=self.confirm_label,
            cancel_url=self.cancel_url(),
        )
        return context


class PartnerIssueKeyView(ConfirmView):
    """Replace a partner's key: the old key stops working at once."""

    model = Partner
    page_title = _("Issue a new API key")
    header_icon = "key"
    confirmation_message = _(
        "The partner's current key stops working at once. Give the new key to the partner before its next sync."
    )
    confirm_label = _("Issue a new key")

    def cancel_url(self):
        return reverse("partners:index")

    def post(self, request, *args, **kwargs):
        key = self.object.issue_key()
        self.object.save(update_fields=["key_prefix", "key_hash"])
        return key_page(request, self.object, key)


class PartnerViewSet(ModelViewSet):
    model = Partner
    icon = "key"
    menu_label = _("Partners")
    url_prefix = "partners"
    name = "partners"
    add_view_class = PartnerCreateView
    index_view_class = PartnerIndexView
    form_fields = ["name", "contact_name", "contact_email", "is_active"]
    list_display = ["name", "contact_name", "contact_email", "is_active", "key_prefix", "last_used_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "contact_name", "contact_email"]
    # Never the key's hash: an export leaves the admin.
    list_export = ["name", "contact_name", "contact_email", "is_active", "key_prefix", "created_at", "last_used_at"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("issue-key/<int:pk>/", PartnerIssueKeyView.as_view(), name="issue_key"),
        ]


def secret_page(request, webhook, secret):
    """The one page that shows a webhook's new signing secret."""
    context = {
        "webhook": webhook,
        "secret": secret,
        "previous_valid_until": webhook.previous_secret_expires_at if webhook.previous_secret else None,
        "page_title": _("Signing secret of a webhook"),
        "header_icon": "link",
        "index_url": reverse("webhooks:index"),
    }
    return TemplateResponse(request, SIGNING_KEY_TEMPLATE, context)


class WebhookCreateView(CreateView):
    """Adding a webhook generates its secret and shows it once, instead of redirecting to the listing."""

    def save_action(self):
        return secret_page(self.request, self.object, self.object.secret)


class WebhookIndexView(ExportingIndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission("change"):
            buttons.append(
                MenuItem(
                    _("Rotate the signing secret"),
                    url=reverse("webhooks:rotate_secret", args=[instance.pk]),
                    icon_name="key",
                )
            )
        return buttons


class WebhookRotateSecretView(ConfirmView):
    """Give a webhook a new secret; the old one keeps signing for WEBHOOK_SECRET_GRACE_PERIOD seconds."""

    model = Webhook
    page_title = _("Rotate the signing secret")
    header_icon = "key"
    confirm_label = _("Rotate the signing secret")

    @property
    def confirmation_message(self):
        hours = settings.WEBHOOK_SECRET_GRACE_PERIOD // 3600
        return ngettext(
            "A new secret is generated and shown once. Deliveries carry signatures with both secrets for %(hours)d "
            "hour; then only the new secret signs.",
            "A new secret is generated and shown once. Deliveries carry signatures with both secrets for %(hours)d "
            "hours; then only the new secret signs.",
            hours,
        ) % {"hours": hours}

    def cancel_url(self):
        return reverse("webhooks:index")

    def post(self, request, *args, **kwargs):
        secret = self.object.rotate_secret(timedelta(seconds=settings.WEBHOOK_SECRET_GRACE_PERIOD))
        return secret_page(request, self.object, secret)


class WebhookViewSet(ModelViewSet):
    model = Webhook
    icon = "link"
    menu_label = _("Webhooks")
    url_prefix = "webhooks"
    name = "webhooks"
    list_display = ["url", "partner", "is_active", "created_at"]
    list_filter = ["partner", "is_active"]
    search_fields = ["url", "partner__name"]
    index_view_class = WebhookIndexView
    add_view_class = WebhookCreateView
    list_export = ["url", "partner", "is_active", "created_at"]  # never the signing secret
    # The secret is shown once, when it is generated (WebhookCreateView, WebhookRotateSecretView), never on a form.
    panels = [FieldPanel("partner"), FieldPanel("url"), FieldPanel("is_active")]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("rotate-secret/<int:pk>/", WebhookRotateSecretView.as_view(), name="rotate_secret"),
        ]


class DeliveryLogPermissionPolicy(ModelPermissionPolicy):
    """The delivery log is written by the hub alone: nobody adds, edits or deletes deliveries in the admin."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


register_permission_policy(WebhookDelivery, DeliveryLogPermissionPolicy(WebhookDelivery))


class WebhookDeliveryIndexView(ExportingIndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == DeliveryStatus.FAILED:
            buttons.append(
                MenuItem(
                    _("Retry now"), url=reverse("webhook_deliveries:retry", args=[instance.pk]), icon_name="redirect"
                )
            )
        return buttons


class WebhookDeliveryRetryView(ConfirmView):
    """Give a failed delivery one more attempt now; who may change webhooks may retry their deliveries."""

    model = WebhookDelivery
    page_title = _("Retry a webhook delivery")
    header_icon = "redirect"
    confirmation_message = _("The delivery is sent once more now.")
    confirm_label = _("Retry now")

    @property
    def permission_policy(self):
        return policy_registry.get_by_type(Webhook)

    def cancel_url(self):
        return reverse("webhook_deliveries:index")

    def post(self, request, *args, **kwargs):
        if self.object.status == DeliveryStatus.FAILED:
            webhooks.retry_now(self.object)
            deliver_webhook.enqueue(self.object.pk)
            messages.success(request, _("The delivery was retried."))
        return redirect(self.cancel_url())


class WebhookDeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    icon = "history"
    menu_label = _("Webhook deliveries")
    url_prefix = "webhook-deliveries"
    name = "webhook_deliveries"
    index_view_class = WebhookDeliveryIndexView
    inspect_view_enabled = True
    form_fields = []  # no delivery is ever added or edited here (DeliveryLogPermissionPolicy)
    list_display = ["event", "webhook", "status", "attempts", "last_status_code", "last_error", "last_attempt_at"]
    list_filter = ["status", "event", "webhook__partner"]
    list_export = [
        "event", "webhook.url", "webhook.partner", "status", "attempts", "last_status_code", "last_error",
        "created_at", "last_attempt_at", "next_attempt_at", "delivered_at",
    ]  # fmt: skip
    export_headings = {"webhook.url": _("Webhook"), "webhook.partner": _("Partner")}
    inspect_view_fields = [
        "webhook", "event", "payload", "status", "attempts", "last_status_code", "last_error", "created_at",
        "last_attempt_at", "next_attempt_at", "delivered_at",
    ]  # fmt: skip

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("retry/<int:pk>/", WebhookDeliveryRetryView.as_view(), name="retry"),
        ]


class PartnerViewSetGroup(ModelViewSetGroup):
    menu_label = _("Partners")
    menu_icon = "key"
    menu_order = 210
    items = (PartnerViewSet, WebhookViewSet, WebhookDeliveryViewSet)
