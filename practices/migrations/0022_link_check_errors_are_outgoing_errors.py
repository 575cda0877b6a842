"""A link check's error is one of the outgoing client's categories (practices.outgoing.OutgoingError), with their
wording, instead of a second table of the same categories; the stored values do not change."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0021_reviewers_by_locale"),
    ]

    operations = [
        migrations.AlterField(
            model_name="linkcheck",
            name="error",
            field=models.CharField(
                blank=True,
                choices=[
                    ("dns", "host name not found"),
                    ("refused", "refused: private address"),
                    ("timeout", "timed out"),
                    ("connection", "could not connect"),
                    ("tls", "certificate or TLS error"),
                    ("redirects", "too many redirects"),
                    ("invalid", "not a valid http or https URL"),
                    ("too_large", "answer too large"),
                ],
                max_length=16,
                verbose_name="error",
            ),
        ),
    ]
