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


class RowActionsIndexView(ExportingIndexView):
    """A listing whose rows' "more" menu offers the viewset's confirm views (``row_actions``: URL name and view),
    each labelled and drawn as its confirmation page, on the rows where the view ``is_offered``."""

    row_actions = ()

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for url_name, view in self.row_actions:
            if view.is_offered(self, instance):
                url = reverse(url_name, args=[instance.pk])
                buttons.append(MenuItem(view.confirm_label, url=url, icon_name=view.header_icon))
        return buttons


class RowActionsViewSet(ModelViewSet):
    """A model's admin whose rows offer confirm views besides edit and delete: each of ``row_actions`` is served at
    ``<its url_name with hyphens>/<pk>/`` under the viewset and offered in the rows' "more" menu."""

    index_view_class = RowActionsIndexView
    row_actions = ()

    def get_index_view_kwargs(self, **kwargs):
        actions = [(self.get_url_name(view.url_name), view) for view in self.row_actions]
        return super().get_index_view_kwargs(row_actions=actions, **kwargs)

    def get_urlpatterns(self):
        index_url_name = self.get_url_name("index")
        return [
            *super().get_urlpatterns(),
            *(
                path(
                    f"{view.url_name.replace('_', '-')}/<int:pk>/",
                    view.as_view(index_url_name=index_url_name),
                    name=view.url_name,
                )
                for view in self.row_actions
            ),
        ]


class PartnerIndexView(RowActionsIndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem(_("Webhooks"), url=reverse("webhooks:index") + f"?partner={instance.pk}", icon_name="link")
        )
        return buttons


class ConfirmView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """A confirmation page for one object (GET) and the action it confirms (POST), offered on the rows of its
    viewset's listing (RowActionsViewSet), whose index it goes back to on "Cancel"."""

    template_name = CONFIRM_TEMPLATE
    permission_required = "change"
    confirmation_message = ""
    confirm_label = ""
    url_name = ""  # within the viewset's namespace
    index_url_name = None  # set by the viewset

    @classmethod
    def is_offered(cls, index_view, instance):
        """Whether a row of the listing offers this action: by default to who may change the listed objects."""
        return index_view.user_has_permission(cls.permission_required)

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

    def cancel_url(self):
        return reverse(self.index_url_name)


class PartnerIssueKeyView(ConfirmView):
    """Replace a partner's key: the old key stops working at once."""

    model = Partner
    page_title = _("Issue a new API key")
    header_icon = "key"
    confirmation_message = _(
        "The partner's current key stops working at once. Give the new key to the partner before its next sync."
    )
    confirm_label = _("Issue a new key")
    url_name = "issue_key"

    def post(self, request, *args, **kwargs):
        key = self.object.issue_key()
        self.object.save(update_fields=["key_prefix", "key_hash"])
        return key_page(request, self.object, key)


# The viewsets' menu labels are Wagtail's default, the model's plural name ("Partners"), and their URL prefixes their
# names unless a prefix is given.
class PartnerViewSet(RowActionsViewSet):
    model = Partner
    icon = "key"
    name = "partners"
    add_view_class = PartnerCreateView
    index_view_class = PartnerIndexView
    form_fields = ["name", "contact_name", "contact_email", "is_active"]
    list_display = ["name", "contact_name", "contact_email", "is_active", "key_prefix", "last_used_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "contact_name", "contact_email"]
    # Never the key's hash: an export leaves the admin.
    list_export = ["name", "contact_name", "contact_email", "is_active", "key_prefix", "created_at", "last_used_at"]
    row_actions = (PartnerIssueKeyView,)


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


class WebhookRotateSecretView(ConfirmView):
    """Give a webhook a new secret; the old one keeps signing for WEBHOOK_SECRET_GRACE_PERIOD seconds."""

    model = Webhook
    page_title = _("Rotate the signing secret")
    header_icon = "key"
    confirm_label = _("Rotate the signing secret")
    url_name = "rotate_secret"

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

    def post(self, request, *args, **kwargs):
        secret = self.object.rotate_secret(timedelta(seconds=settings.WEBHOOK_SECRET_GRACE_PERIOD))
        return secret_page(request, self.object, secret)


class WebhookViewSet(RowActionsViewSet):
    model = Webhook
    icon = "link"
    name = "webhooks"
    list_display = ["url", "partner", "is_active", "created_at"]
    list_filter = ["partner", "is_active"]
    search_fields = ["url", "partner__name"]
    add_view_class = WebhookCreateView
    list_export = ["url", "partner", "is_active", "created_at"]  # never the signing secret
    # The secret is shown once, when it is generated (WebhookCreateView, WebhookRotateSecretView), never on a form.
    panels = [FieldPanel("partner"), FieldPanel("url"), FieldPanel("is_active")]
    row_actions = (WebhookRotateSecretView,)


class DeliveryLogPermissionPolicy(ModelPermissionPolicy):
    """The delivery log is written by the hub alone: nobody adds, edits or deletes deliveries in the admin."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


register_permission_policy(WebhookDelivery, DeliveryLogPermissionPolicy(WebhookDelivery))


class WebhookDeliveryRetryView(ConfirmView):
    """Give a failed delivery one more attempt now; who may change webhooks may retry their deliveries."""

    model = WebhookDelivery
    page_title = _("Retry a webhook delivery")
    header_icon = "redirect"
    confirmation_message = _("The delivery is sent once more now.")
    confirm_label = _("Retry now")
    url_name = "retry"

    @classmethod
    def is_offered(cls, index_view, instance):
        return instance.status == DeliveryStatus.FAILED

    @property
    def permission_policy(self):
        return policy_registry.get_by_type(Webhook)

    def post(self, request, *args, **kwargs):
        if self.object.status == DeliveryStatus.FAILED:
            webhooks.retry_now(self.object)
            deliver_webhook.enqueue(self.object.pk)
            messages.success(request, _("The delivery was retried."))
        return redirect(self.cancel_url())


class WebhookDeliveryViewSet(RowActionsViewSet):
    model = WebhookDelivery
    icon = "history"
    url_prefix = "webhook-deliveries"
    name = "webhook_deliveries"
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
    row_actions = (WebhookDeliveryRetryView,)


class PartnerViewSetGroup(ModelViewSetGroup):
    menu_label = _("Partners")
    menu_icon = "key"
    menu_order = 210
    items = (PartnerViewSet, WebhookViewSet, WebhookDeliveryViewSet)
