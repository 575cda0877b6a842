"""Webhook deliveries: what partners receive when an item is published, updated, unpublished or deleted, how it is
signed, and how failed attempts are retried.

Each change record becomes one WebhookDelivery per active webhook, delivered by the ``deliver_webhook`` task
(practices.tasks). A delivery is a POST of this JSON body::

    {"event": "published", "type": "practice", "id": 42, "translation_key": "…", "locale": "cs",
     "occurred_at": "2026-11-23T12:00:00+00:00", "api_url": "https://hub.example.org/api/feed/v1/practices/42/"}

``api_url`` is null for ``unpublished`` and ``deleted``: the item is gone from the feed. Deliveries are signed as
the Standard Webhooks specification says (https://www.standardwebhooks.com/), so partners can verify them with any
of its libraries: ``webhook-id`` (the delivery's id, the same on every attempt, so a receiver can drop
duplicates), ``webhook-timestamp`` (Unix seconds of this attempt) and ``webhook-signature: v1,<base64 HMAC-SHA256
of "<id>.<timestamp>.<body>">``, keyed with the base64-decoded part of the webhook's ``whsec_`` secret. While a
rotated secret's predecessor is in its grace period, the header carries both signatures, space-separated.

An answer other than 2xx, a timeout or a connection error is a failed attempt; the next one is due after
WEBHOOK_RETRY_DELAY seconds, doubled after each failure, and after WEBHOOK_MAX_ATTEMPTS attempts the delivery is
marked failed. Task backends that can run a task later (the database queue) get the retry enqueued with
``run_after``; the immediate backend cannot, so ``manage.py deliver_webhooks`` sends whatever is due.
"""

import base64
import hashlib
import hmac
import json
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from practices.choices import ChangeAction, DeliveryStatus
from practices.feed.related import change_api_url
from practices.models import Webhook, WebhookDelivery
from practices.models.partners import SECRET_PREFIX
from practices.outgoing import OutgoingRequestError, fetch

logger = logging.getLogger(__name__)

# The change log's actions that partners are told about; moves change no content a partner shows.
NOTIFIED_ACTIONS = (ChangeAction.PUBLISHED, ChangeAction.UPDATED, ChangeAction.UNPUBLISHED, ChangeAction.DELETED)
SIGNATURE_VERSION = "v1"
MESSAGE_ID_PREFIX = "msg_"  # Standard Webhooks' habit; the delivery's id follows
# An attempt in progress holds its delivery this long; if the worker dies, the delivery is due again after it.
ATTEMPT_LEASE = timedelta(minutes=5)
LAST_ERROR_LENGTH = 1000


def event_payload(record):
    """The JSON body partners receive for one ChangeRecord."""
    return {
        "event": record.action,
        "type": record.resource,
        "id": record.object_id,
        "translation_key": str(record.translation_key),
        "locale": record.locale,
        "occurred_at": record.occurred_at.isoformat(),
        "api_url": change_api_url(record),
    }


def create_deliveries(records):
    """One pending delivery per active webhook of an active partner and per record partners are told about."""
    notified = [record for record in records if record.action in NOTIFIED_ACTIONS]
    if not notified:
        return []
    webhooks = list(Webhook.objects.filter(is_active=True, partner__is_active=True))
    now = timezone.now()
    return WebhookDelivery.objects.bulk_create(
        WebhookDelivery(webhook=webhook, event=record.action, payload=event_payload(record), next_attempt_at=now)
        for record in notified
        for webhook in webhooks
    )


def sign(secret, message_id, timestamp, body):
    """One Standard Webhooks signature, ``v1,<base64>``, of ``body`` (bytes) for a message id and a timestamp."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    message = f"{message_id}.{timestamp}.".encode() + body
    return f"{SIGNATURE_VERSION},{base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()}"


def signature_header(webhook, message_id, timestamp, body):
    """The ``webhook-signature`` value: a signature per secret in use, space-separated."""
    return " ".join(sign(secret, message_id, timestamp, body) for secret in webhook.signing_secrets())


def retry_delay(attempts):
    """Seconds to wait after the ``attempts``-th failed attempt: exponential backoff."""
    return settings.WEBHOOK_RETRY_DELAY * 2 ** (attempts - 1)


class WebhookSender:
    """Posts one signed delivery over HTTP with short timeouts; redirects count as failures, because a receiver
    that moved should have its webhook's URL changed rather than be followed blindly. The answer's body is never
    read (only its status matters), so a receiver answering with a huge body cannot hold the worker."""

    def post(self, delivery):
        """Send ``delivery`` once and return (HTTP status or None, error message or "")."""
        body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
        timestamp = str(int(time.time()))
        message_id = f"{MESSAGE_ID_PREFIX}{delivery.pk}"
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "GoodPracticeHub-Webhooks/1",
            "webhook-id": message_id,
            "webhook-timestamp": timestamp,
            "webhook-signature": signature_header(delivery.webhook, message_id, timestamp, body),
        }
        try:
            response = fetch(
                "POST",
                delivery.webhook.url,
                body=body,
                headers=headers,
                timeout=(settings.WEBHOOK_CONNECT_TIMEOUT, settings.WEBHOOK_READ_TIMEOUT),
                max_redirects=0,
                max_bytes=LAST_ERROR_LENGTH,
                truncate=True,
            )
        except OutgoingRequestError as error:
            # The category only ("could not connect", "refused: private address"): a socket's own message would
            # tell whoever edits the URL which internal ports are open.
            return None, str(error.category.label)
        if 200 <= response.status < 300:
            return response.status, ""
        return response.status, f"HTTP {response.status} {response.reason}".strip()


def claim(delivery_id):
    """Take a pending, due delivery for one attempt, or return None if it is not due, already delivered, given up,
    or being attempted by another worker. The conditional UPDATE makes the claim atomic, so the same attempt is
    never sent twice when a queued retry and ``deliver_webhooks`` both reach it."""
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + ATTEMPT_LEASE)
    if not claimed:
        return None
    return WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)


def attempt(delivery):
    """Send a claimed delivery once and record the outcome; returns the time of the next attempt, or None when
    there is none (delivered, or failed for good)."""
    status_code, error = WebhookSender().post(delivery)
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status_code = status_code
    delivery.last_error = error[:LAST_ERROR_LENGTH]
    delivery.next_attempt_at = None
    if not error:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = now
    elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        logger.warning("Webhook delivery %s to %s failed for good: %s", delivery.pk, delivery.webhook.url, error)
    else:
        delivery.next_attempt_at = now + timedelta(seconds=retry_delay(delivery.attempts))
        logger.info("Webhook delivery %s to %s, attempt %d failed: %s", delivery.pk, delivery.webhook.url,
                    delivery.attempts, error)  # fmt: skip
    delivery.save(
        update_fields=[
            "attempts", "last_attempt_at", "last_status_code", "last_error", "next_attempt_at", "status",
            "delivered_at",
        ]
    )  # fmt: skip
    return delivery.next_attempt_at


def due_deliveries():
    """Ids of pending deliveries whose next attempt is due, oldest first."""
    return list(
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)
    )


def retry_now(delivery):
    """Give a failed delivery one more attempt, at once (the admin's "Retry now")."""
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "next_attempt_at"])
