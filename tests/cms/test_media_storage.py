"""Media on S3-compatible storage: with ``AWS_STORAGE_BUCKET_NAME`` set, uploads go to the bucket through
django-storages (a local S3 server on 127.0.0.1, moto's, stands in for the provider) and every output links them
where the bucket serves them; without it, they stay on the local disk."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from moto.server import ThreadedMotoServer
from wagtail.documents import get_document_model

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "hub-media"
READ_STORAGE = "import json; from django.conf import settings; print(json.dumps(settings.STORAGES['default']))"


def default_storage_with(**environment):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings", "ENV_FILE": "", **environment}
    output = subprocess.run(
        [sys.executable, "-c", READ_STORAGE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(output.stdout)


def test_media_stay_on_the_local_disk_without_a_bucket():
    assert default_storage_with() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_bucket_switches_media_to_s3():
    storage = default_storage_with(AWS_STORAGE_BUCKET_NAME=BUCKET, AWS_S3_ENDPOINT_URL="https://s3.example.org")

    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == BUCKET
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.example.org"
    assert storage["OPTIONS"]["querystring_auth"] is False


@pytest.fixture
def s3_endpoint(monkeypatch):
    """A local S3 server with an empty bucket; the credentials boto3 reads from the environment."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    for name, value in {"AWS_ACCESS_KEY_ID": "hub", "AWS_SECRET_ACCESS_KEY": "hub-secret"}.items():
        monkeypatch.setenv(name, value)
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


def test_uploaded_document_lands_in_the_bucket_and_the_api_links_it_there(client, locales, settings, s3_endpoint):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": BUCKET, "endpoint_url": s3_endpoint, "querystring_auth": False},
        },
    }

    document = get_document_model().objects.create(
        title="Future City Game guide", file=ContentFile(b"%PDF-1.4 guide", name="guide.pdf")
    )

    stored = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1").get_object(
        Bucket=BUCKET, Key=document.file.name
    )
    assert stored["Body"].read() == b"%PDF-1.4 guide"
    assert document.file.url == f"{s3_endpoint}/{BUCKET}/{document.file.name}"
    detail = client.get(f"/api/v2/documents/{document.pk}/").json()
    assert detail["meta"]["download_url"].endswith(f"/documents/{document.pk}/guide.pdf")
    download = client.get(f"/documents/{document.pk}/guide.pdf")
    assert download.status_code == 302 and download["Location"] == document.file.url  # served by the bucket
