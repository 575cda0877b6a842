"""Webhook secrets in the Standard Webhooks form (``whsec_`` + base64 of the HMAC key), and room for the previous
secret while a rotated one is in its grace period.

An existing secret keeps its key: the old signatures were keyed with the secret's text, so ``whsec_`` + base64 of
that text signs with the very same bytes. A partner holding the old hex secret can derive the new form itself
(docs/api.md, "Changelog"); the admin shows the new form on request by rotating."""

import base64

from django.db import migrations, models

PREFIX = "whsec_"


def to_standard_form(apps, schema_editor):
    Webhook = apps.get_model("practices", "Webhook")
    for webhook in Webhook.objects.exclude(secret__startswith=PREFIX).only("secret"):
        webhook.secret = PREFIX + base64.b64encode(webhook.secret.encode()).decode()
        webhook.save(update_fields=["secret"])


def to_old_form(apps, schema_editor):
    """Back to the text the old code keyed with: a converted secret's text; a new one stays as it is (the old code
    keys with any text, and it fits the old 64 characters)."""
    Webhook = apps.get_model("practices", "Webhook")
    for webhook in Webhook.objects.filter(secret__startswith=PREFIX).only("secret"):
        key = base64.b64decode(webhook.secret.removeprefix(PREFIX))
        if len(key) == 64 and all(byte in b"0123456789abcdef" for byte in key):
            webhook.secret = key.decode()
            webhook.save(update_fields=["secret"])


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0011_link_checks"),
    ]

    operations = [
        migrations.AddField(
            model_name="webhook",
            name="previous_secret",
            field=models.CharField(blank=True, editable=False, max_length=100, verbose_name="previous signing secret"),
        ),
        migrations.AddField(
            model_name="webhook",
            name="previous_secret_expires_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="previous secret valid until"
            ),
        ),
        migrations.AlterField(
            model_name="webhook",
            name="secret",
            field=models.CharField(editable=False, max_length=100, verbose_name="signing secret"),
        ),
        migrations.RunPython(to_standard_form, to_old_form),
    ]
