"""The examples of the served schema are real answers: each list, detail, change-log, search and suggestion 200 has
one, it validates against its own response schema, and it is what the feed answers now on the demo knowledge base
(practices/feed/examples.json, recorded by `manage.py record_feed_examples`), so that a change to an answer without
recording the examples again fails here."""

import json
import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from practices.feed.contract import EXAMPLES_FILE
from practices.management.commands.record_feed_examples import record_examples

EXAMPLED_OPERATIONS = re.compile(r"_list$|_retrieve$|_retrieve_by_locale_and_slug$")
# What differs between two loads of the same demo: database ids (in ids, cursors and URLs), translation keys, times
# of publishing and the cursors that hold them, the site's address.
VOLATILE = [
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<uuid>"),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)"), "<time>"),
    (re.compile(r"cursor=[^&\"]+"), "cursor=<cursor>"),
    (re.compile(r"since=\d+"), "since=<cursor>"),
    (re.compile(r"/\d+/"), "/<id>/"),
]
VOLATILE_KEYS = {"id", "cursor"}
# A search's hits, order, scores and snippets are the search engine's (SQLite's FTS5, PostgreSQL's, OpenSearch):
# only the shape of its answers is the feed's.
ENGINE_ANSWERS = {"search_retrieve", "search_suggest_retrieve"}


def stable(value, site):
    """``value`` with what differs between two loads of the demo replaced by placeholders."""
    if isinstance(value, dict):
        return {key: "<id>" if key in VOLATILE_KEYS else stable(item, site) for key, item in value.items()}
    if isinstance(value, list):
        return [stable(item, site) for item in value]
    if isinstance(value, str):
        value = value.replace(site, "<site>")
        for pattern, placeholder in VOLATILE:
            value = pattern.sub(placeholder, value)
    return value


def test_every_list_detail_log_and_search_answer_has_an_example(served_contract):
    operations = {
        operation["operationId"]: operation["responses"]["200"]["content"].get("application/json", {})
        for item in served_contract.document["paths"].values()
        for operation in item.values()
    }

    exampled = {operation for operation, content in operations.items() if "examples" in content}

    # The preview's answer is a draft, which no recording of the demo can show.
    assert exampled == {op for op in operations if EXAMPLED_OPERATIONS.search(op)} - {"preview_retrieve"}
    assert len(exampled) == 28  # 8 resources × list, by id, by slug; the log, its head; search, suggest


def test_every_example_validates_against_its_own_response_schema(served_contract):
    checked = 0
    for template, item in served_contract.document["paths"].items():
        content = item["get"]["responses"]["200"]["content"].get("application/json", {})
        for example in content.get("examples", {}).values():
            served_contract.assert_valid(template, "200", example["value"])
            checked += 1

    assert checked == 28


def test_examples_carry_this_sites_links(served_contract):
    example = served_contract.document["paths"]["/api/feed/v1/practices/"]["get"]["responses"]["200"]["content"]

    assert example["application/json"]["examples"]["demo"]["value"]["next"].startswith(
        f"{settings.SITE_BASE_URL}/api/feed/v1/practices/?"
    )


def shape(value):
    """The keys and value types of a JSON value; of a list, those of its first item."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return type(value).__name__


def comparable(examples, site):
    """The examples as two loads of the demo on any database and search engine answer them alike."""
    return {
        operation: {
            "request": stable(example["request"], site),
            "value": shape(example["value"]) if operation in ENGINE_ANSWERS else stable(example["value"], site),
        }
        for operation, example in examples.items()
    }


def differences(answered, recorded, path=""):
    """Where two JSON values differ, as JSON pointers with both values."""
    if isinstance(answered, dict) and isinstance(recorded, dict):
        for key in sorted(answered.keys() | recorded.keys()):
            yield from differences(answered.get(key, "<missing>"), recorded.get(key, "<missing>"), f"{path}/{key}")
    elif isinstance(answered, list) and isinstance(recorded, list) and len(answered) == len(recorded):
        for index, (one, other) in enumerate(zip(answered, recorded, strict=True)):
            yield from differences(one, other, f"{path}/{index}")
    elif answered != recorded:
        yield f"{path}: answered {answered!r:.80}, recorded {recorded!r:.80}"


@pytest.fixture
def demo(locales, settings, tmp_path, django_capture_on_commit_callbacks):
    """The demo loaded as on a site: indexed for search once the import commits (in a test, when it would)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=StringIO())


def test_recorded_examples_are_what_the_demo_answers_now(demo, settings):
    recorded = json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))

    answered = record_examples()

    changed = list(
        differences(comparable(answered, settings.SITE_BASE_URL), comparable(recorded["examples"], recorded["site"]))
    )
    assert not changed, (
        "The feed answers the demo differently from practices/feed/examples.json; record the examples again "
        "(practices/management/commands/record_feed_examples.py says how):\n" + "\n".join(changed[:20])
    )


def test_examples_are_recorded_into_the_file_the_schema_reads(demo, tmp_path, settings):
    output = tmp_path / "examples.json"

    call_command("record_feed_examples", output=str(output), stdout=StringIO())

    written = json.loads(output.read_text(encoding="utf-8"))
    assert written["site"] == settings.SITE_BASE_URL
    assert written["examples"]["practices_list"]["value"]["results"]
    assert written["examples"]["changes_head_retrieve"]["request"] == "/api/feed/v1/changes/head/"
