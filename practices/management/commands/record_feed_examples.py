"""`manage.py record_feed_examples`: record the examples of the feed's OpenAPI document from this site's answers.

Each list, detail, change-log, search and suggestion operation of /api/feed/v1/ gets one real 200 answer as its
example (practices.feed.contract puts them into the served schema), so that a partner reads what the feed sends
rather than what someone wrote about it. The answers are asked for through the whole stack (middleware, throttles,
cache), as a partner would, of the demo knowledge base::

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 python manage.py load_demo
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 python manage.py record_feed_examples

A test (tests/practices/feed_contract/test_examples.py) records them again from the demo and fails when the file
is out of date, so a change to what the feed answers comes with new examples.
"""

import json
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client

from practices.feed.contract import EXAMPLES_FILE
from practices.feed.related import operation_prefix
from practices.feed.urls import RESOURCES
from practices.feed.views import FEED_PATH_PREFIX

LIST_PAGE_SIZE = 1  # an item and a next link show a page; a longer example only weighs on the served document
# Searches the demo answers in every language it is written in.
SEARCH_QUERY = "participation"
SUGGEST_PREFIX = "partic"


def feed_requests(get):
    """The requests whose answers are the examples, by operation id: each resource's first page, and its first
    item by id and by locale and slug; the log's first changes and its head; a search and a suggestion.
    ``get(path)`` answers a request (a path under /api/feed/v1/) with the body as JSON."""
    requests = {}
    for url_prefix, viewset in RESOURCES.items():
        operation = operation_prefix(viewset.model)
        requests[f"{operation}_list"] = f"{url_prefix}/?page_size={LIST_PAGE_SIZE}"
        first = get(requests[f"{operation}_list"])["results"][0]
        requests[f"{operation}_retrieve"] = urlsplit(first["api_url"]).path.removeprefix(FEED_PATH_PREFIX)
        requests[f"{operation}_retrieve_by_locale_and_slug"] = f"{url_prefix}/{first['locale']}/{first['slug']}/"
    requests["changes_list"] = "changes/?since=0&limit=2"
    requests["changes_head_retrieve"] = "changes/head/"
    requests["search_retrieve"] = f"search/?q={SEARCH_QUERY}"
    requests["search_suggest_retrieve"] = f"search/suggest/?q={SUGGEST_PREFIX}"
    return requests


def record_examples():
    """{operation id: {"request": path, "value": the 200 answer's body}} from this site's feed."""
    site = urlsplit(settings.SITE_BASE_URL)
    client = Client(HTTP_HOST=site.netloc, **({"wsgi.url_scheme": "https"} if site.scheme == "https" else {}))
    answers = {}

    def get(path):
        if path not in answers:
            response = client.get(f"{FEED_PATH_PREFIX}{path}")
            if response.status_code != 200:
                raise CommandError(f"{FEED_PATH_PREFIX}{path} answered {response.status_code}, not 200.")
            answers[path] = response.json()
        return answers[path]

    try:
        requests = feed_requests(get)
    except IndexError:
        raise CommandError("A resource of the feed has no items: load the demo (manage.py load_demo).") from None
    return {operation: {"request": FEED_PATH_PREFIX + path, "value": get(path)} for operation, path in requests.items()}


def write_examples(examples, path):
    text = json.dumps({"site": settings.SITE_BASE_URL, "examples": examples}, ensure_ascii=False, indent=1)
    Path(path).write_text(text + "\n", encoding="utf-8")


class Command(BaseCommand):
    help = "Record the feed's OpenAPI examples from this site's answers (load the demo knowledge base first)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default=str(EXAMPLES_FILE), help=f"where to write them (default {EXAMPLES_FILE})"
        )

    def handle(self, output, **options):
        examples = record_examples()
        write_examples(examples, output)
        self.stdout.write(self.style.SUCCESS(f"{len(examples)} examples recorded in {output}."))
