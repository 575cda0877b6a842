"""Partner websites that pull the feed: an optional API key raises their rate limit, and webhooks tell their
servers when an item is published, unpublished or deleted."""

import base64
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices.choices import DeliveryStatus
from practices.outgoing import OutgoingRequestError, validate_url

KEY_PREFIX_LENGTH = 8
SECRET_PREFIX = "whsec_"  # noqa: S105 (the Standard Webhooks prefix of a secret, not a secret)


class Partner(models.Model):
    """A partner website. Its API key is shown once when it is issued; only a hash of it is stored."""

    name = models.CharField(_("name"), max_length=255)
    contact_name = models.CharField(_("contact person"), max_length=255, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    key_prefix = models.CharField(_("key prefix"), max_length=KEY_PREFIX_LENGTH, unique=True, editable=False)
    key_hash = models.CharField(_("key hash"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ("name",)
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name

    @staticmethod
    def hash_key(key):
        return hashlib.sha256(key.encode()).hexdigest()

    def issue_key(self):
        """Set a new key and return it in clear: the caller shows it once; it cannot be read back later."""
        key = secrets.token_urlsafe(32)
        self.key_prefix = key[:KEY_PREFIX_LENGTH]
        self.key_hash = self.hash_key(key)
        return key


def new_signing_secret():
    """A Standard Webhooks secret: ``whsec_`` and 32 random bytes in base64, the key of the HMAC."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


class Webhook(models.Model):
    """A partner's URL that receives a POST, signed as Standard Webhooks sign, for every change of the feed.

    The secret is stored in clear because every delivery is signed with it. Rotating it keeps the previous secret
    valid until ``previous_secret_expires_at``: meanwhile each delivery carries both signatures, so the partner can
    switch to the new secret whenever it likes within the grace period.
    """

    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=100, editable=False)
    previous_secret = models.CharField(_("previous signing secret"), max_length=100, blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(
        _("previous secret valid until"), null=True, blank=True, editable=False
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ("partner__name", "url")
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self):
        return self.url

    def clean(self):
        """Refuse, on save, a URL the hub would never post to (practices.outgoing): an internal address, a name
        that resolves to one, another scheme than http and https."""
        super().clean()
        if not self.url:
            return
        try:
            validate_url(self.url)
        except OutgoingRequestError as error:
            raise ValidationError(
                {
                    "url": _("The hub cannot send webhooks to this URL (%(reason)s). Give a public http or https URL.")
                    % {"reason": error.category.label}
                }
            ) from None

    def save(self, *args, **kwargs):
        if not self.secret:
            self.secret = new_signing_secret()
        super().save(*args, **kwargs)

    def rotate_secret(self, grace):
        """Replace the secret, keep the current one valid for ``grace`` (a timedelta), and return the new one."""
        self.previous_secret = self.secret
        self.previous_secret_expires_at = timezone.now() + grace
        self.secret = new_signing_secret()
        self.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at"])
        return self.secret

    def signing_secrets(self):
        """The secrets a delivery is signed with now: the current one, and the previous one in its grace period."""
        expires = self.previous_secret_expires_at
        if self.previous_secret and expires and expires > timezone.now():
            return [self.secret, self.previous_secret]
        return [self.secret]


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one webhook, with what happened on each attempt."""

    webhook = models.ForeignKey(Webhook, verbose_name=_("webhook"), on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=32)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    # When a pending delivery is due for its next attempt (practices.partners.webhooks); null once delivered or failed.
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=("status", "created_at")),
            models.Index(fields=("status", "next_attempt_at")),
        ]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self):
        return f"{self.event} → {self.webhook}"
