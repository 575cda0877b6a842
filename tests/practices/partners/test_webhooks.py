"""Webhooks: deliveries to a partner's endpoint (a real HTTP server on 127.0.0.1 started by the test) that verifies
each one with the reference Standard Webhooks library, secret rotation, retries with backoff after failures on both
task backends, giving up, and the admin's delivery log and secrets."""

import base64
import datetime
import importlib
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from standardwebhooks.webhooks import Webhook as StandardWebhook
from standardwebhooks.webhooks import WebhookVerificationError

from practices.choices import ChangeAction, DeliveryStatus
from practices.models import ChangeRecord, GoodPracticePage, Partner, Webhook, WebhookDelivery
from practices.partners.webhooks import retry_delay
from practices.signals import changes_recorded


class Receiver:
    """A partner's webhook endpoint: records every POST with whether its signature verifies, and answers with the
    scripted statuses in turn (then 200), after ``delay`` seconds."""

    def __init__(self):
        self.secret = ""
        self.answers = []
        self.delay = 0
        self.huge_body = False
        self.received = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append(
                    {"headers": dict(self.headers), "body": body, "verified": receiver.verify(self.headers, body)}
                )
                time.sleep(receiver.delay)
                status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                if receiver.huge_body:  # announces a gigabyte, sends a little and then nothing more
                    self.send_header("Content-Length", str(2**30))
                    self.end_headers()
                    self.wfile.write(b"x" * 65536)
                    self.wfile.flush()
                    time.sleep(1)
                    return
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/hub"

    def verify(self, headers, body):
        """The check docs/api.md tells partners to make: the reference library, with the secret the partner holds
        (which checks the timestamp too)."""
        try:
            StandardWebhook(self.secret).verify(body, dict(headers))
        except WebhookVerificationError:
            return False
        return True

    def payloads(self):
        return [json.loads(request["body"]) for request in self.received]


@pytest.fixture
def receiver(loopback_allowed):
    receiver = Receiver()
    thread = threading.Thread(target=receiver.server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def webhook(db, receiver, settings):
    settings.WEBHOOK_RETRY_DELAY = 0  # every retry is due at once: the tests run them without waiting
    partner = Partner(name="Regional portal")
    partner.issue_key()
    partner.save()
    webhook = Webhook.objects.create(partner=partner, url=receiver.url)
    receiver.secret = webhook.secret
    return webhook


def record_changes(*actions, resource="practice"):
    """ChangeRecord rows as the change log writes them, announced as it announces them."""
    records = [
        ChangeRecord.objects.create(
            action=action, resource=resource, object_id=40 + n, translation_key=uuid.uuid4(), locale="cs"
        )
        for n, action in enumerate(actions)
    ]
    changes_recorded.send(sender=ChangeRecord, records=records)
    return records


def test_published_change_is_delivered_signed(webhook, receiver):
    (record,) = record_changes(ChangeAction.PUBLISHED)
    assert len(receiver.received) == 1
    request = receiver.received[0]
    assert request["verified"]
    assert request["headers"]["Content-Type"] == "application/json"
    assert receiver.payloads() == [
        {
            "event": "published",
            "type": "practice",
            "id": record.object_id,
            "translation_key": str(record.translation_key),
            "locale": "cs",
            "occurred_at": record.occurred_at.isoformat(),
            "api_url": f"http://testserver/api/feed/v1/practices/{record.object_id}/",
        }
    ]
    delivery = WebhookDelivery.objects.get()
    assert request["headers"]["webhook-id"] == f"msg_{delivery.pk}"
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.DELIVERED, 1, 200)
    assert delivery.delivered_at is not None and delivery.next_attempt_at is None


def test_removals_carry_no_api_url_and_moves_are_not_sent(webhook, receiver):
    record_changes(ChangeAction.UNPUBLISHED, ChangeAction.MOVED, ChangeAction.DELETED, ChangeAction.UPDATED)
    assert [(p["event"], p["api_url"] is None) for p in receiver.payloads()] == [
        ("unpublished", True),
        ("deleted", True),
        ("updated", False),
    ]
    assert all(request["verified"] for request in receiver.received)


def test_inactive_webhooks_and_partners_get_nothing(webhook, receiver):
    other = Webhook.objects.create(partner=webhook.partner, url=receiver.url, is_active=False)
    Partner.objects.filter(pk=webhook.partner.pk).update(is_active=False)
    record_changes(ChangeAction.PUBLISHED)
    assert receiver.received == [] and not WebhookDelivery.objects.exists()
    assert other.secret and other.secret != webhook.secret


def test_a_failed_attempt_is_retried_and_delivered(webhook, receiver):
    receiver.answers = [500]
    record_changes(ChangeAction.PUBLISHED)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.PENDING, 1, 500)
    assert delivery.last_error == "HTTP 500 Internal Server Error"
    assert delivery.next_attempt_at is not None

    call_command("deliver_webhooks", stdout=open("/dev/null", "w"))  # noqa: SIM115
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.DELIVERED, 2, 200)
    assert delivery.last_error == ""
    assert len(receiver.received) == 2 and all(request["verified"] for request in receiver.received)
    # The same delivery id on both attempts, so the partner can drop a duplicate.
    assert {request["headers"]["webhook-id"] for request in receiver.received} == {f"msg_{delivery.pk}"}

    call_command("deliver_webhooks", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(receiver.received) == 2  # nothing is due any more


def test_a_retry_waits_until_it_is_due(webhook, receiver, settings):
    settings.WEBHOOK_RETRY_DELAY = 600
    receiver.answers = [503]
    record_changes(ChangeAction.PUBLISHED)
    call_command("deliver_webhooks", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(receiver.received) == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert (delivery.next_attempt_at - delivery.last_attempt_at).total_seconds() == 600


@pytest.mark.parametrize(("attempts", "delay"), [(1, 60), (2, 120), (3, 240), (7, 3840)])
def test_retries_back_off_exponentially(settings, attempts, delay):
    settings.WEBHOOK_RETRY_DELAY = 60
    assert retry_delay(attempts) == delay


def test_a_delivery_fails_for_good_after_the_last_attempt_and_can_be_retried(webhook, receiver, settings, admin_client):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    receiver.answers = [500, 502, 500]
    record_changes(ChangeAction.DELETED)
    for _ in range(3):
        call_command("deliver_webhooks", stdout=open("/dev/null", "w"))  # noqa: SIM115
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.FAILED, 3, 500)
    assert delivery.next_attempt_at is None and len(receiver.received) == 3

    listing = admin_client.get("/admin/webhook-deliveries/?status=failed")
    assert listing.status_code == 200
    assert f"/admin/webhook-deliveries/retry/{delivery.pk}/" in listing.content.decode()
    assert admin_client.get(f"/admin/webhook-deliveries/retry/{delivery.pk}/").status_code == 200
    assert admin_client.post(f"/admin/webhook-deliveries/retry/{delivery.pk}/").status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.DELIVERED, 4, 200)


def test_a_timeout_is_a_failed_attempt_and_raises_nothing(webhook, receiver, settings):
    settings.WEBHOOK_READ_TIMEOUT = 0.2
    receiver.delay = 1
    record_changes(ChangeAction.UNPUBLISHED)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.PENDING, 1, None)
    assert delivery.last_error == "timed out"


def test_a_huge_answer_is_not_read(webhook, receiver, settings):
    settings.WEBHOOK_READ_TIMEOUT = 0.5
    receiver.huge_body = True
    record_changes(ChangeAction.PUBLISHED)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.last_status_code, delivery.last_error) == (DeliveryStatus.DELIVERED, 200, "")


def test_an_unreachable_endpoint_is_a_failed_attempt(webhook, receiver):
    receiver.server.shutdown()
    receiver.server.server_close()
    record_changes(ChangeAction.PUBLISHED)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)
    assert delivery.last_error == "could not connect"


# The worker closes stale connections between tasks, which would close the connection a rolled-back test holds on
# PostgreSQL: this test commits, and the database's initial content (locales, home pages) is restored after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_queue_runs_the_delivery_in_the_worker_and_defers_the_retry(webhook, receiver, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    receiver.answers = [500]
    record_changes(ChangeAction.PUBLISHED)
    assert receiver.received == []  # nothing is sent by the process that recorded the change
    assert DBTaskResult.objects.filter(task_path="practices.tasks.deliver_webhook").count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.DELIVERED, 2, 200)
    # The retry was queued with run_after at the time the failed attempt set for it, not for at once.
    first, retry = DBTaskResult.objects.filter(task_path="practices.tasks.deliver_webhook").order_by("enqueued_at")
    assert first.started_at <= retry.run_after <= retry.started_at
    assert len(receiver.received) == 2 and all(request["verified"] for request in receiver.received)


def test_delivery_log_is_read_only_in_the_admin(webhook, receiver, admin_client):
    record_changes(ChangeAction.PUBLISHED)
    delivery = WebhookDelivery.objects.get()
    listing = admin_client.get("/admin/webhook-deliveries/")
    assert listing.status_code == 200
    assert "/admin/webhook-deliveries/new/" not in listing.content.decode()
    assert admin_client.get(f"/admin/webhook-deliveries/inspect/{delivery.pk}/").status_code == 200
    for url in ("new/", f"edit/{delivery.pk}/", f"delete/{delivery.pk}/"):
        assert admin_client.get(f"/admin/webhook-deliveries/{url}").status_code != 200, url
    assert admin_client.post(f"/admin/webhook-deliveries/delete/{delivery.pk}/").status_code != 200
    assert WebhookDelivery.objects.filter(pk=delivery.pk).exists()
    # Filterable by status and partner.
    inspect_url = f"/admin/webhook-deliveries/inspect/{delivery.pk}/"
    assert inspect_url in listing.content.decode()
    assert inspect_url in admin_client.get("/admin/webhook-deliveries/?status=delivered").content.decode()
    assert inspect_url not in admin_client.get("/admin/webhook-deliveries/?status=failed").content.decode()
    other = Partner.objects.create(name="Another portal", key_prefix="other-pa", key_hash="x")
    by_partner = "/admin/webhook-deliveries/?webhook__partner={}"
    assert inspect_url in admin_client.get(by_partner.format(webhook.partner.pk)).content.decode()
    assert inspect_url not in admin_client.get(by_partner.format(other.pk)).content.decode()


def test_admin_adds_a_webhook_and_shows_its_signing_secret_once(admin_client, receiver):
    partner = Partner(name="Regional portal")
    partner.issue_key()
    partner.save()
    response = admin_client.post(
        "/admin/webhooks/new/", {"partner": partner.pk, "url": receiver.url, "is_active": "on"}
    )
    assert response.status_code == 200
    webhook = Webhook.objects.get(partner=partner)
    assert webhook.secret.startswith("whsec_") and len(base64.b64decode(webhook.secret.removeprefix("whsec_"))) == 32
    assert webhook.secret in response.content.decode()
    assert webhook.secret not in admin_client.get(f"/admin/webhooks/edit/{webhook.pk}/").content.decode()
    listing = admin_client.get(f"/admin/webhooks/?partner={partner.pk}")
    assert receiver.url in listing.content.decode() and webhook.secret not in listing.content.decode()
    assert f"/admin/webhooks/rotate-secret/{webhook.pk}/" in listing.content.decode()


def test_a_rotated_secret_and_its_predecessor_both_verify_during_the_grace_period(webhook, receiver, admin_client):
    old_secret = webhook.secret
    assert admin_client.get(f"/admin/webhooks/rotate-secret/{webhook.pk}/").status_code == 200

    response = admin_client.post(f"/admin/webhooks/rotate-secret/{webhook.pk}/")

    webhook.refresh_from_db()
    assert response.status_code == 200 and webhook.secret in response.content.decode()
    assert webhook.secret != old_secret and webhook.previous_secret == old_secret
    record_changes(ChangeAction.PUBLISHED)
    (request,) = receiver.received
    assert len(request["headers"]["webhook-signature"].split(" ")) == 2
    for secret in (old_secret, webhook.secret):
        StandardWebhook(secret).verify(request["body"], request["headers"])


def test_the_previous_secret_stops_signing_after_the_grace_period(webhook, receiver):
    old_secret = webhook.secret
    webhook.rotate_secret(datetime.timedelta(seconds=-1))
    record_changes(ChangeAction.PUBLISHED)
    (request,) = receiver.received
    StandardWebhook(webhook.secret).verify(request["body"], request["headers"])
    with pytest.raises(WebhookVerificationError):
        StandardWebhook(old_secret).verify(request["body"], request["headers"])


def test_a_tampered_body_or_an_old_timestamp_is_refused_by_the_reference_verifier(webhook, receiver):
    record_changes(ChangeAction.PUBLISHED)
    (request,) = receiver.received
    verifier = StandardWebhook(webhook.secret)
    with pytest.raises(WebhookVerificationError):
        verifier.verify(request["body"].replace(b"published", b"deleted"), request["headers"])
    stale = {**request["headers"], "webhook-timestamp": str(int(time.time()) - 3600)}
    with pytest.raises(WebhookVerificationError):
        verifier.verify(request["body"], stale)


@pytest.mark.parametrize("failure", ["500", "timeout"])
def test_publishing_a_page_is_delivered_and_a_failing_endpoint_does_not_break_it(
    webhook, receiver, practice_index, django_capture_on_commit_callbacks, settings, failure
):
    if failure == "500":
        receiver.answers = [500]
    else:
        settings.WEBHOOK_READ_TIMEOUT = 0.2
        receiver.delay = 1
    page = GoodPracticePage(title="Youth forum", slug="youth-forum", summary="Young people advise the council.")
    practice_index.add_child(instance=page)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()
    assert page.live
    (payload,) = receiver.payloads()
    assert payload["event"] == "published" and payload["id"] == page.pk
    assert payload["translation_key"] == str(page.translation_key) and payload["locale"] == "en"
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)
    assert delivery.last_error.startswith("HTTP 500" if failure == "500" else "timed out")


def test_migration_keeps_the_key_of_a_secret_of_the_old_form(webhook, receiver):
    """A secret from before Standard Webhooks (64 hex characters, used as the HMAC key as text) becomes the
    ``whsec_`` form of the same key bytes, and back."""
    migration = importlib.import_module("practices.migrations.0012_webhook_standard_secrets")
    legacy = "0123456789abcdef" * 4
    Webhook.objects.filter(pk=webhook.pk).update(secret=legacy)

    migration.to_standard_form(django_apps, None)

    webhook.refresh_from_db()
    assert webhook.secret == "whsec_" + base64.b64encode(legacy.encode()).decode()
    receiver.secret = webhook.secret
    record_changes(ChangeAction.PUBLISHED)
    assert receiver.received[0]["verified"]
    migration.to_old_form(django_apps, None)
    webhook.refresh_from_db()
    assert webhook.secret == legacy
