"""Speed knobs for the test run only; everything else is cms.settings as read from the environment."""

import os

os.environ.setdefault("ENV_FILE", "")  # the tests' environment is this file's, never a developer's .env
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "t" * 40)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# The test client's host, so that absolute URLs built from SITE_BASE_URL and the Site record match its requests.
os.environ.setdefault("SITE_BASE_URL", "http://testserver")

from cms.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# One process runs the tests: its own memory is shared enough, and the queries the tests bound stay the site's own.
# The shared cache itself is tested in a fresh process and under gunicorn (tests/practices/partners/test_partners.py,
# test_throttle_workers.py).
CACHES = {**CACHES, "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # noqa: F405
ALLOWED_HOSTS = ["*"]
# Making an item's meaning vector costs about a tenth of a second: the suite searches by words, and the tests of
# search by meaning turn it on for their own items (tests/search/test_semantic.py).
SEARCH_SEMANTIC = False
