"""The parts of the feed's OpenAPI document that no single view declares: what every operation may answer besides
its 200, and the headers that come with each answer. A drf-spectacular postprocessing hook
(SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]) adds them to every operation of /api/feed/v1/, so that a generated
client or a contract tester (schemathesis) knows each status, its body and its headers::

    200  the resource; ETag, Last-Modified (items and change pages), Cache-Control; on a page of a list or of the
         change log, Link to its neighbours (rel="next", rel="prev")
    304  Not Modified for If-None-Match / If-Modified-Since; ETag, no body
    400  {"errors": {"<parameter>": ["message"]}}    401  the same, naming the header of a bad API key
    404  {"detail": "Not found."}                     429  {"detail": "…"} with Retry-After (seconds)

The error shapes are those practices.feed.views.feed_exception_handler produces. Each list, detail, change-log,
search and suggestion 200 carries a real answer of the demo knowledge base as its example (EXAMPLES_FILE, recorded
by ``manage.py record_feed_examples``).
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from string import Template

from django.conf import settings
from django.utils.http import http_date
from django.utils.translation import gettext as _
from rest_framework.settings import api_settings

from practices.parameters import TEXT_PATTERN

CONTRACT_VERSION = "1.2.0"  # the version in the OpenAPI document's info; docs/api.md's changelog says what changed

GETTING_STARTED = Path(__file__).with_name("getting_started.md")
# Real answers of the demo knowledge base, by operation id, recorded by `manage.py record_feed_examples`.
EXAMPLES_FILE = Path(__file__).with_name("examples.json")
CHANGELOG_URL = "/api/feed/v1/docs/"  # the served docs, whose description ends with the versioning policy
FEED_ERRORS = "FeedErrors"
DETAIL = "Detail"

# Operations answered without the feed's validators (ETag, 304): the draft preview is private and never cached; a
# search's answer depends on the index as much as on the content generation.
UNCACHED_OPERATIONS = {"preview_retrieve", "search_retrieve", "search_suggest_retrieve"}


@dataclass(frozen=True)
class Deprecation:
    """An operation to be withdrawn: from ``announced`` its answers carry ``Deprecation`` (RFC 9745), ``Sunset``
    (RFC 8594) and a ``Link`` to the changelog, and the schema marks it deprecated, until ``sunset``.

    ``url_name`` is the operation's URL name in the feed (``practice-list``), ``operation_id`` its OpenAPI id
    (``practices_list``): the answers are found by the one, the schema's operation by the other."""

    url_name: str
    operation_id: str
    announced: datetime.datetime
    sunset: datetime.datetime

    def headers(self):
        return {
            "Deprecation": f"@{int(self.announced.timestamp())}",
            "Sunset": http_date(self.sunset.timestamp()),
            "Link": f'<{CHANGELOG_URL}>; rel="deprecation"',
        }


# Nothing is deprecated in this version; an entry here announces a withdrawal (docs/api.md, "Versioning").
DEPRECATIONS: tuple[Deprecation, ...] = ()


def deprecation_of(url_name=None, operation_id=None):
    """The announced Deprecation of an operation, by its URL name or its OpenAPI id, or None."""
    for deprecation in DEPRECATIONS:
        if url_name in (None, deprecation.url_name) and operation_id in (None, deprecation.operation_id):
            return deprecation
    return None


def headers():
    """The response headers the feed sends, as OpenAPI header objects."""
    string = {"type": "string"}
    return {
        "ETag": {
            "description": _("A strong validator of the body; send it back in If-None-Match to get a 304."),
            "schema": string,
        },
        "Last-Modified": {
            "description": _("When the newest item of the answer was last published (HTTP date)."),
            "schema": string,
        },
        "Cache-Control": {"description": _("Shared caches may keep the answer for a minute."), "schema": string},
        "Link": {
            "description": _(
                "The neighbouring pages (RFC 8288), the same URLs as the body's next and previous: "
                '<url>; rel="next", <url>; rel="prev". Absent on a single page.'
            ),
            "schema": string,
        },
        "Retry-After": {
            "description": _("Seconds to wait before the next request."),
            "schema": {"type": "integer"},
            "required": True,
        },
        "WWW-Authenticate": {"description": _("How to send an API key."), "schema": string, "required": True},
        "Deprecation": {
            "description": _("When this operation was deprecated (@ Unix time); see Sunset and the changelog."),
            "schema": string,
            "required": True,
        },
        "Sunset": {
            "description": _("When this operation stops answering (HTTP date)."),
            "schema": string,
            "required": True,
        },
    }


def schemas():
    """The two error bodies of the feed."""
    return {
        FEED_ERRORS: {
            "type": "object",
            "description": _("Every offending parameter or header, with what would be right."),
            "properties": {
                "errors": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                }
            },
            "required": ["errors"],
        },
        DETAIL: {
            "type": "object",
            "description": _("What went wrong, in a sentence."),
            "properties": {"detail": {"type": "string"}},
            "required": ["detail"],
        },
    }


def json_body(schema_name):
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}}


def header_refs(*names):
    return {name: {"$ref": f"#/components/headers/{name}"} for name in names}


def error_responses(operation, has_path_parameters):
    """The answers every feed operation may give besides its success."""
    responses = {
        "400": {"description": _("A bad query parameter, named in the body."), "content": json_body(FEED_ERRORS)},
        "401": {
            "description": _("An API key was sent but is unknown, inactive or malformed; the body names the header."),
            "content": json_body(FEED_ERRORS),
            "headers": header_refs("WWW-Authenticate"),
        },
        "429": {
            "description": _("Too many requests for the anonymous or the partner rate."),
            "content": json_body(DETAIL),
            "headers": header_refs("Retry-After"),
        },
    }
    # A list or the log's head answers 200 or an error about its parameters; only a lookup by id or slug can miss.
    if has_path_parameters:
        responses["404"] = {"description": _("No such item in the feed."), "content": json_body(DETAIL)}
    if operation["operationId"] not in UNCACHED_OPERATIONS:
        responses["304"] = {
            "description": _("Not Modified: the ETag or date sent in If-None-Match / If-Modified-Since still holds."),
            "headers": header_refs("ETag", "Cache-Control"),
        }
    return responses


def operation_links(operation_ids):
    """OpenAPI links from an answer to the requests it leads to, so that tools can follow them (schemathesis'
    stateful tests, Swagger UI's "Links"): a list page to its first item by id and by locale + slug, and the
    change log's head to the changes since it."""
    links = {"changes_head_retrieve": {"ChangesSinceHead": {
        "operationId": "changes_list", "parameters": {"since": "$response.body#/cursor"},
    }}}  # fmt: skip
    for list_id in sorted(op for op in operation_ids if op.endswith("_list") and op != "changes_list"):
        prefix = list_id.removesuffix("_list")
        links[list_id] = {
            "FirstItem": {"operationId": f"{prefix}_retrieve", "parameters": {"id": "$response.body#/results/0/id"}},
            "FirstItemBySlug": {
                "operationId": f"{prefix}_retrieve_by_locale_and_slug",
                "parameters": {"locale": "$response.body#/results/0/locale", "slug": "$response.body#/results/0/slug"},
            },
        }
    return links


def examples():
    """The recorded answers, by operation id, as OpenAPI example objects. They were recorded on the demo under the
    recording site's address; the links in them are given this site's, as this site would answer."""
    if not EXAMPLES_FILE.exists():
        return {}
    text = EXAMPLES_FILE.read_text(encoding="utf-8")
    recorded_site = json.loads(text)["site"]
    recorded = json.loads(text.replace(json.dumps(recorded_site)[1:-1], json.dumps(settings.SITE_BASE_URL)[1:-1]))
    return {
        operation: {"demo": {"summary": f"GET {example['request']}", "value": example["value"]}}
        for operation, example in recorded["examples"].items()
    }


def getting_started():
    """The getting-started text partners read first, from its one source (also linked from docs/api.md), with this
    site's rate limits."""
    rates = api_settings.DEFAULT_THROTTLE_RATES
    return Template(GETTING_STARTED.read_text(encoding="utf-8")).safe_substitute(
        anon_rate=rates["anon"], partner_rate=rates["partner"]
    )


def refuse_control_characters(parameter):
    """A free-text query parameter's schema says what every parameter's parser refuses (practices.parameters)."""
    schema = parameter.get("schema", {})
    schema = schema.get("items", schema) if schema.get("type") == "array" else schema
    if (
        parameter.get("in") == "query"
        and schema.get("type") == "string"
        and not {"pattern", "enum", "format"} & set(schema)
    ):
        schema["pattern"] = TEXT_PATTERN


def document_feed_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: adds the getting-started text, the error answers, the headers and the
    recorded examples to every operation."""
    recorded_examples = examples()
    result["info"]["description"] = getting_started()
    result["info"]["version"] = CONTRACT_VERSION
    links = operation_links({op["operationId"] for item in result.get("paths", {}).values() for op in item.values()})
    components = result.setdefault("components", {})
    components.setdefault("schemas", {}).update(schemas())
    components.setdefault("headers", {}).update(headers())
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                refuse_control_characters(parameter)
            has_path_parameters = any(p.get("in") == "path" for p in operation.get("parameters", []))
            responses = operation.setdefault("responses", {})
            for status, response in error_responses(operation, has_path_parameters).items():
                documented = responses.setdefault(status, response)
                if documented is not response:  # the view described it: keep its words, give it the shared shape
                    documented["content"] = response.get("content", documented.get("content"))
                    if "headers" in response:
                        documented["headers"] = response["headers"]
            if "403" in responses:  # the preview's refused token, in the shape of the other errors
                responses["403"]["content"] = json_body(FEED_ERRORS)
            success = responses.get("200")
            if success is not None and operation["operationId"] not in UNCACHED_OPERATIONS:
                success.setdefault("headers", {}).update(header_refs("ETag", "Last-Modified", "Cache-Control"))
            if success is not None and operation["operationId"].endswith("_list"):  # the pages: lists, the log
                success.setdefault("headers", {}).update(header_refs("Link"))
            if success is not None and operation["operationId"] in links:
                success["links"] = links[operation["operationId"]]
            if success is not None and operation["operationId"] in recorded_examples:
                success["content"]["application/json"]["examples"] = recorded_examples[operation["operationId"]]
            if success is not None and deprecation_of(operation_id=operation["operationId"]):
                operation["deprecated"] = True
                success.setdefault("headers", {}).update(header_refs("Deprecation", "Sunset"))
    return result
