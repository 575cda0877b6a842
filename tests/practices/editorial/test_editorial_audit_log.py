"""The audit log of editors' bulk work (issue 6, "the audit log records every action"): an import from the admin
names its importer in every imported page's history and appears as one entry in Reports → Site history."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry

from practices.models import GoodPracticePage, ImportRun

pytestmark = pytest.mark.django_db

LINES = [
    {"type": "theme", "slug": "youth-participation", "locale": "en", "name": "Youth participation"},
    {
        "type": "practice",
        "slug": "youth-parliament",
        "locale": "en",
        "title": "Youth parliament of Plzeň",
        "summary": "Students advise the city council.",
        "themes": ["youth-participation"],
        "live": True,
    },
]


def test_admin_import_is_in_the_pages_history_and_the_site_history(admin_client, admin_user, home_pages):
    content = "\n".join(json.dumps(line, ensure_ascii=False) for line in LINES).encode()
    upload = SimpleUploadedFile("batch.jsonl", content, content_type="application/jsonl")
    admin_client.post(reverse("kb_import:index"), {"file": upload})
    run = ImportRun.objects.get()
    admin_client.post(reverse("kb_import:confirm", args=[run.pk]))

    page = GoodPracticePage.objects.get(slug="youth-parliament")
    actions = set(PageLogEntry.objects.filter(page=page, user=admin_user).values_list("action", flat=True))
    assert {"wagtail.create", "wagtail.publish"} <= actions
    entry = ModelLogEntry.objects.get(action="practices.import")
    assert (entry.user, entry.object_id, entry.data["created"]) == (admin_user, str(run.pk), 2)
    history = admin_client.get(reverse("wagtailadmin_reports:site_history"), {"action": "practices.import"})
    # Wagtail capitalises a log entry's message.
    assert "Batch.jsonl imported: 2 created, 0 updated, 0 unchanged." in history.content.decode()
