"""Fixtures of the contract tests: the served OpenAPI document as a partner's tooling reads it, and content full of
the nulls partners meet (on top of the feed's own fixtures, tests.practices.feed_fixtures).

``ServedContract`` checks a real response against what /api/feed/v1/schema/ says about its operation and status:
the body against the response's JSON Schema (OpenAPI 3.1 schemas are JSON Schema 2020-12, resolved with the
``referencing`` registry over the whole document) and the documented required headers against the response's.
"""

import re
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from practices.models import GoodPracticePage, MaterialIndexPage, MaterialPage, PracticeIndexPage
from tests.practices.feed_fixtures import FEED, add_page, index_of, make_organisation

SCHEMA_URI = "urn:feed-schema"


class ServedContract:
    """The served schema, and the check of one response against it."""

    def __init__(self, document):
        self.document = document
        resource = Resource(contents=document, specification=DRAFT202012)
        self.registry = Registry().with_resource(SCHEMA_URI, resource)
        self.templates = [(self.path_pattern(path), path) for path in document["paths"]]

    @staticmethod
    def path_pattern(template):
        return re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template)) + "$")

    def operation(self, path):
        """The GET operation of the schema's path template that ``path`` matches; literal paths win over
        templated ones (``/practices/export.csv`` over ``/practices/{id}/``)."""
        matches = [template for pattern, template in self.templates if pattern.match(path)]
        assert matches, f"{path} is not in the served schema"
        template = min(matches, key=lambda t: t.count("{"))
        return template, self.document["paths"][template]["get"]

    def check(self, path, response):
        """Assert that ``response`` (to GET ``path``) is what the schema documents; return the parsed body."""
        template, operation = self.operation(urlsplit(path).path)
        status = str(response.status_code)
        assert status in operation["responses"], f"{template} answers {status}, which its operation does not document"
        documented = operation["responses"][status]
        for name, header in documented.get("headers", {}).items():
            header = self.resolve(header)
            if header.get("required") or name in ("ETag", "Cache-Control"):
                assert response.has_header(name), f"{template} {status} lacks its {name} header"
        if "content" not in documented:
            assert not response.content, f"{template} {status} has a body the schema does not describe"
            return None
        media_type = response["Content-Type"].split(";")[0]
        assert media_type in documented["content"], f"{template} {status} is {media_type}, not documented"
        if media_type != "application/json":
            return response.content
        body = response.json()
        self.assert_valid(template, status, body)
        return body

    def assert_valid(self, template, status, body, media_type="application/json"):
        """Assert that ``body`` validates against the schema of ``template``'s ``status`` answer."""
        pointer = "/".join(
            part.replace("~", "~0").replace("/", "~1")
            for part in ("paths", template, "get", "responses", status, "content", media_type, "schema")
        )
        validator = Draft202012Validator({"$ref": f"{SCHEMA_URI}#/{pointer}"}, registry=self.registry)
        errors = sorted(validator.iter_errors(body), key=lambda error: list(error.absolute_path))
        assert not errors, f"{template} {status}: " + "; ".join(
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5]
        )

    def resolve(self, node):
        if "$ref" not in node:
            return node
        target = self.document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return target


def served_document(client):
    response = client.get(f"{FEED}schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def served_contract(client, db):
    return ServedContract(served_document(client))


def with_sparse_content(content, locales):
    """What editors leave empty, added to ``feed_content``: a practice with no country, organisation, place, budget
    or dates; a material with no date or author; an organisation with no country. ``feed_content``'s video has no
    file and its organisations no logo."""
    en = locales["en"]
    return {
        **content,
        "bare_practice": add_page(index_of(PracticeIndexPage, en), GoodPracticePage, "Bare practice"),
        "bare_material": add_page(
            index_of(MaterialIndexPage, en), MaterialPage, "Bare material", material_kind="guide"
        ),
        "stateless": make_organisation("stateless", "Stateless", en, country="", website=""),
    }


@pytest.fixture
def sparse_content(feed_content, locales):
    return with_sparse_content(feed_content, locales)


@pytest.fixture
def live_sparse_content(live_feed_content, locales):
    """The same, committed, for a test whose live server reads it from its own thread."""
    return with_sparse_content(live_feed_content, locales)
