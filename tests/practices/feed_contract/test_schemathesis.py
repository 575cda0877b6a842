"""schemathesis against the served schema of /api/feed/v1/, with all of its checks (server errors, status codes,
content types, response schemas, response headers, positive and negative data): each operation of the schema gets
generated requests, valid and invalid, through the site's WSGI application, and every answer must be what the
schema documents; and stateful sequences that follow the schema's links.

``CONTRACT_EXAMPLES`` sets the examples per operation: ``make test`` runs a quick pass, ``make contract`` 200.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from cms.wsgi import application
from tests.practices.feed_fixtures import FEED

EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "25"))


@pytest.fixture
def feed_api_schema(sparse_content, settings):
    """The schema as the site serves it, over content with nulls, with rate limits no generated run reaches (the
    429 is tested on its own in test_responses.py)."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000000/min", "partner": "1000000/min"},
    }
    cache.clear()
    # As Django's test client does: the WSGI handler's request signals would close the database connection that
    # holds the test's transaction (on PostgreSQL; SQLite's in-memory database is never closed).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi(f"{FEED}schema/?format=json", application)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("feed_api_schema")

# Values a static schema cannot enumerate: slugs of terms that exist (content), cursors taken from earlier answers
# (opaque, and a "since" ahead of the log's head), and country codes of ISO 3166 (the schema gives their form).
# A schema-valid value of these may be refused with a 400 naming it; any other refusal of valid data is a failure.
CONTENT_DEPENDENT = {"theme", "target_group", "method", "funding_programme", "cursor", "since", "country"}


@schemathesis.check
def valid_data_refused_only_for_content_dependent_values(ctx, response, case):
    """schemathesis' positive_data_acceptance, allowing only the refusals CONTENT_DEPENDENT explains."""
    if case.meta is None or not case.meta.generation.mode.is_positive or response.status_code != 400:
        return None
    named = set(response.json().get("errors", {}))
    assert named and named <= CONTENT_DEPENDENT, f"Schema-valid request refused: {response.text}"
    return None


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
    database=None,
)
def test_feed_keeps_its_contract_under_generated_requests(case):
    case.call_and_validate(
        excluded_checks=[positive_data_acceptance],
        additional_checks=[valid_data_refused_only_for_content_dependent_values],
    )


def test_feed_keeps_its_contract_along_the_schemas_links(feed_api_schema):
    """schemathesis' stateful testing: sequences of requests that follow the schema's links (a list page to its
    first item by id and by slug, the log's head to the changes since it), every answer checked as above."""

    class FeedStateMachine(feed_api_schema.as_state_machine()):
        def validate_response(self, response, case, **kwargs):
            case.validate_response(
                response,
                excluded_checks=[positive_data_acceptance],
                additional_checks=[valid_data_refused_only_for_content_dependent_values],
            )

    # The schema's links (each list to its first item by id and by slug, the head to the changes) and those
    # schemathesis infers besides.
    assert feed_api_schema.statistic.transitions.total >= 2 * 8 + 1
    FeedStateMachine.run(
        settings=settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            stateful_step_count=6,
        )
    )
