"""What a partner reads without the repository: the served OpenAPI description carries the getting-started text
(from its one source, with this site's rate limits), Swagger UI and Redoc are served from this server, and /embed/
explains the widget."""

from django.conf import settings as django_settings

from practices.feed.contract import CONTRACT_VERSION, GETTING_STARTED
from tests.practices.feed_contract.conftest import served_document
from tests.practices.feed_fixtures import FEED


def test_schema_describes_getting_started_with_this_sites_rate_limits(client, db):
    info = served_document(client)["info"]

    rates = django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert info["version"] == CONTRACT_VERSION
    assert f"limited to {rates['anon']} requests" in info["description"]
    assert f"raises that to {rates['partner']} requests" in info["description"]
    for heading in ("## Keys and rate limits", "## Errors", "## Staying in sync", "## Webhooks", "## Versioning"):
        assert heading in info["description"] and heading in GETTING_STARTED.read_text()
    assert "practices/feed/getting_started.md" in (django_settings.BASE_DIR / "docs" / "api.md").read_text()


def test_swagger_ui_and_redoc_are_served_without_a_cdn(client, db):
    for path, asset in (("docs/", "swagger-ui-dist"), ("docs/redoc/", "redoc")):
        response = client.get(f"{FEED}{path}")
        assert response.status_code == 200, path
        html = response.content.decode()
        assert f"drf_spectacular_sidecar/{asset}" in html and "cdn" not in html.lower()


def test_embed_explains_the_widget_with_snippets_to_paste(client, db):
    response = client.get("/embed/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "http://testserver/embed/widget.js" in html and "data-good-practice-hub" in html
    assert "http://testserver/embed/latest/?locale=en" in html
