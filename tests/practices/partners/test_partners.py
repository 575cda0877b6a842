"""Partners of the feed: API keys issued in the admin and shown once, key authentication with its 401s, the two
throttle rates, the client's identity behind proxies (practices.site.client_identity), and CORS on /api/."""

import datetime
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver
from django.utils import timezone

from practices.feed import urls as feed_urls
from practices.feed.access import FeedAnonRateThrottle, FeedPartnerRateThrottle, PartnerKeyAuthentication
from practices.models import Partner
from tests.practices.feed_fixtures import FEED

# The throttle counts requests in the cache: each test starts with a clean count.

PRACTICES = f"{FEED}practices/"
BASE_DIR = Path(__file__).resolve().parents[3]
THEMES = f"{FEED}themes/"


def make_partner(name="Regional portal", **fields):
    """A partner and its key in clear, as the admin issues it."""
    partner = Partner(name=name, **fields)
    key = partner.issue_key()
    partner.save()
    return partner, key


def shown_key(response):
    match = re.search(r'value="([^"]+)" size="60" data-partner-api-key', response.content.decode())
    assert match, "the page shows no key"
    return match.group(1)


def test_admin_creates_a_partner_and_shows_its_key_once(admin_client):
    response = admin_client.post(
        "/admin/partners/new/",
        {
            "name": "Czech municipal association",
            "contact_name": "Eva",
            "contact_email": "eva@example.org",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    key = shown_key(response)
    partner = Partner.objects.get(name="Czech municipal association")
    assert partner.is_active and partner.contact_email == "eva@example.org"
    assert partner.key_hash == Partner.hash_key(key) and key not in partner.key_hash
    # Nowhere else: not on the listing, not on the edit page.
    for url in ("/admin/partners/", f"/admin/partners/edit/{partner.pk}/"):
        page = admin_client.get(url)
        assert page.status_code == 200 and key not in page.content.decode()
    assert admin_client.get(THEMES, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_admin_issues_a_new_key_and_the_old_one_stops_working(admin_client, locales):
    partner, old_key = make_partner()
    confirm = admin_client.get(f"/admin/partners/issue-key/{partner.pk}/")
    assert confirm.status_code == 200 and old_key not in confirm.content.decode()
    listing = admin_client.get("/admin/partners/")
    assert f"/admin/partners/issue-key/{partner.pk}/" in listing.content.decode()

    new_key = shown_key(admin_client.post(f"/admin/partners/issue-key/{partner.pk}/"))
    assert new_key != old_key
    assert admin_client.get(THEMES, HTTP_AUTHORIZATION=f"Bearer {old_key}").status_code == 401
    assert admin_client.get(THEMES, HTTP_AUTHORIZATION=f"Bearer {new_key}").status_code == 200


def test_admin_edits_and_deactivates_a_partner(admin_client, locales):
    partner, key = make_partner()
    response = admin_client.post(
        f"/admin/partners/edit/{partner.pk}/", {"name": "Regional portal", "contact_name": "", "contact_email": ""}
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert not partner.is_active
    assert partner.key_hash == Partner.hash_key(key)  # editing keeps the key


def test_partners_admin_requires_an_administrator(client, django_user_model):
    editor = django_user_model.objects.create_user(username="reader", password="pw")
    client.force_login(editor)
    assert client.get("/admin/partners/new/").status_code in (302, 403)
    partner, key = make_partner()
    assert client.post(f"/admin/partners/issue-key/{partner.pk}/").status_code in (302, 403)
    partner.refresh_from_db()
    assert partner.key_hash == Partner.hash_key(key)
    assert list(Partner.objects.all()) == [partner]


def test_admin_finds_partners_by_name_and_filters_by_active(admin_client):
    make_partner("Regional portal")
    make_partner("Youth network", is_active=False)
    found = admin_client.get("/admin/partners/?q=regional").content.decode()
    assert "Regional portal" in found and "Youth network" not in found
    inactive = admin_client.get("/admin/partners/?is_active=false").content.decode()
    assert "Youth network" in inactive and "Regional portal" not in inactive


@pytest.mark.parametrize("header", ["HTTP_AUTHORIZATION", "HTTP_X_API_KEY"])
def test_feed_accepts_a_partner_key_in_either_header(client, locales, header):
    partner, key = make_partner()
    value = f"Bearer {key}" if header == "HTTP_AUTHORIZATION" else key
    response = client.get(PRACTICES, **{header: value})
    assert response.status_code == 200
    partner.refresh_from_db()
    assert partner.last_used_at is not None


def test_last_used_at_is_written_at_most_once_a_minute(client, locales):
    partner, key = make_partner()
    recently = timezone.now() - datetime.timedelta(seconds=30)
    Partner.objects.filter(pk=partner.pk).update(last_used_at=recently)
    client.get(THEMES, HTTP_X_API_KEY=key)
    partner.refresh_from_db()
    assert partner.last_used_at == recently

    long_ago = timezone.now() - datetime.timedelta(minutes=2)
    Partner.objects.filter(pk=partner.pk).update(last_used_at=long_ago)
    client.get(THEMES, HTTP_X_API_KEY=key)
    partner.refresh_from_db()
    assert partner.last_used_at > long_ago


@pytest.mark.parametrize(
    ("headers", "named", "message"),
    [
        ({"HTTP_AUTHORIZATION": "Bearer not-a-key-of-anyone"}, "Authorization", "Unknown API key."),
        ({"HTTP_X_API_KEY": "not-a-key-of-anyone"}, "X-API-Key", "Unknown API key."),
        ({"HTTP_AUTHORIZATION": "Basic dXNlcjpwdw=="}, "Authorization", "Send the API key as “Bearer <key>”."),
        ({"HTTP_AUTHORIZATION": "Bearer "}, "Authorization", "Send the API key as “Bearer <key>”."),
        ({"HTTP_X_API_KEY": " "}, "X-API-Key", "The API key is empty."),
    ],
)
def test_feed_rejects_a_bad_key_naming_its_header(client, locales, headers, named, message):
    make_partner()
    response = client.get(PRACTICES, **headers)
    assert response.status_code == 401
    assert response.json() == {"errors": {named: [message]}}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_feed_rejects_two_different_keys(client, locales):
    _partner, key = make_partner()
    response = client.get(PRACTICES, HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_X_API_KEY="another")
    assert response.status_code == 401
    assert list(response.json()["errors"]) == ["X-API-Key"]


def test_feed_rejects_the_key_of_an_inactive_partner(client, locales):
    _partner, key = make_partner(is_active=False)
    for path in (PRACTICES, f"{PRACTICES}1/", f"{PRACTICES}en/some-slug/"):
        response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code == 401, path
        assert response.json() == {"errors": {"Authorization": ["This API key belongs to an inactive partner."]}}


def throttle(settings, anon, partner):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": anon, "partner": partner},
    }


def test_partners_get_a_higher_rate_than_anonymous_clients(client, locales, settings):
    throttle(settings, anon="2/min", partner="4/min")
    _partner, key = make_partner()
    anonymous = [client.get(THEMES).status_code for _ in range(3)]
    assert anonymous == [200, 200, 429]
    # The same address with a key is counted per partner, at the partner rate.
    with_key = [client.get(THEMES, HTTP_X_API_KEY=key).status_code for _ in range(5)]
    assert with_key == [200, 200, 200, 200, 429]


def test_anonymous_clients_past_the_rate_get_429_with_retry_after(client, locales, settings):
    throttle(settings, anon="1/min", partner="10/min")
    assert client.get(PRACTICES).status_code == 200
    response = client.get(PRACTICES)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "detail" in response.json()


def test_partners_past_their_rate_get_429_with_retry_after(client, locales, settings):
    throttle(settings, anon="1/min", partner="2/min")
    _partner, key = make_partner()
    statuses = [client.get(PRACTICES, HTTP_AUTHORIZATION=f"Bearer {key}") for _ in range(3)]
    assert [response.status_code for response in statuses] == [200, 200, 429]
    assert 0 < int(statuses[-1]["Retry-After"]) <= 60


def test_the_settings_state_the_documented_rates(settings):
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] == {"anon": "120/min", "partner": "1200/min"}


def feed_views(patterns=None):
    """Every DRF view class mounted under /api/feed/v1/ (included URL modules too), including those added later."""
    views = set()
    for pattern in feed_urls.urlpatterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            views |= feed_views(pattern.url_patterns)
        elif (view_class := getattr(pattern.callback, "cls", None)) and pattern.name not in (
            "schema",
            "docs",
            "docs-redoc",
        ):
            views.add(view_class)
    return views


def test_every_feed_view_accepts_partner_keys_and_throttles():
    assert feed_views()
    for view_class in feed_views():
        assert PartnerKeyAuthentication in view_class.authentication_classes, view_class
        assert {FeedAnonRateThrottle, FeedPartnerRateThrottle} <= set(view_class.throttle_classes), view_class


def test_cors_allows_any_origin_to_read_the_feed(client, locales):
    response = client.get(THEMES, HTTP_ORIGIN="https://partner.example.org")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert {"etag", "retry-after"} <= {h.strip().lower() for h in response["Access-Control-Expose-Headers"].split(",")}


def test_cors_preflight_allows_get_with_the_key_headers(client):
    response = client.options(
        PRACTICES,
        HTTP_ORIGIN="https://partner.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, x-api-key, if-none-match",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    methods = {method.strip() for method in response["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS"}
    allowed = {header.strip() for header in response["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "x-api-key", "if-none-match"} <= allowed


def test_cors_stays_closed_outside_the_api(client, home_pages):
    response = client.get("/en/", HTTP_ORIGIN="https://partner.example.org")
    assert "Access-Control-Allow-Origin" not in response


def test_a_partner_key_costs_one_query_once_last_used_at_is_fresh(client, locales, django_assert_num_queries):
    _partner, key = make_partner()
    client.get(THEMES)
    client.get(THEMES, HTTP_X_API_KEY=key)  # writes last_used_at
    with CaptureQueriesContext(connection) as anonymous:
        client.get(THEMES)
    with django_assert_num_queries(len(anonymous.captured_queries) + 1):
        assert client.get(THEMES, HTTP_X_API_KEY=key).status_code == 200


# --- Client identity: forwarding headers count only from trusted proxies -------------------------------------------
@pytest.fixture
def behind_proxy(settings):
    """The site behind one trusted proxy at 10.0.0.1, as TRUSTED_PROXIES=10.0.0.1 configures it."""
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}


def test_a_new_forwarded_address_on_each_request_does_not_escape_the_limit(client, locales, settings):
    throttle(settings, anon="2/min", partner="10/min")
    statuses = [
        client.get(THEMES, REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 429, 429]


def test_naming_another_address_spends_only_ones_own(client, locales, settings):
    throttle(settings, anon="2/min", partner="10/min")
    for _ in range(3):
        client.get(THEMES, REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert client.get(THEMES, REMOTE_ADDR="192.0.2.99").status_code == 200


def test_behind_a_trusted_proxy_each_client_is_counted_by_the_address_the_proxy_saw(
    client, locales, settings, behind_proxy
):
    throttle(settings, anon="2/min", partner="10/min")

    def through_proxy(forwarded_for):
        return client.get(THEMES, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for).status_code

    # The client may prepend anything; the proxy appends the address it saw, and only that one counts.
    assert [through_proxy(f"203.0.113.{n}, 192.0.2.7") for n in range(3)] == [200, 200, 429]
    assert through_proxy("192.0.2.8") == 200


def test_invalid_keys_are_throttled_with_the_anonymous_requests_of_their_address(client, locales, settings):
    throttle(settings, anon="2/min", partner="10/min")
    statuses = [client.get(THEMES, HTTP_X_API_KEY=f"guess-{n}-aaaaaaaa").status_code for n in range(3)]
    assert statuses == [401, 401, 429]
    assert client.get(THEMES).status_code == 429


@pytest.mark.parametrize(("peer", "status"), [("192.0.2.7", 301), ("10.0.0.1", 200)])
def test_forwarded_proto_is_believed_only_from_a_trusted_proxy(client, locales, settings, behind_proxy, peer, status):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get("/robots.txt", REMOTE_ADDR=peer, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == status


def test_throttle_counters_are_shared_by_every_worker():
    """Redis when REDIS_URL is set, otherwise the database: never one process's memory."""
    assert settings_in_a_fresh_process()["throttle"] == "django.core.cache.backends.db.DatabaseCache"
    with_redis = settings_in_a_fresh_process(REDIS_URL="redis://127.0.0.1:6379/5")
    assert with_redis["throttle"] == "django.core.cache.backends.redis.RedisCache"


@pytest.mark.parametrize(
    ("environment", "num_proxies", "proxy_header"),
    [({}, 0, None), ({"TRUSTED_PROXIES": "10.0.0.1,fd00::/8"}, 1, ["HTTP_X_FORWARDED_PROTO", "https"])],
)
def test_forwarding_headers_are_configured_only_with_trusted_proxies(environment, num_proxies, proxy_header):
    values = settings_in_a_fresh_process(**environment)
    assert (values["num_proxies"], values["proxy_header"]) == (num_proxies, proxy_header)


@pytest.mark.parametrize(
    "secret_key", ["x", "change-me-to-50-random-characters", "k" * 49], ids=["one-letter", "example", "49-characters"]
)
def test_the_site_refuses_to_start_with_a_weak_secret_key(secret_key):
    result = run_settings(SECRET_KEY=secret_key)
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 random characters" in result.stderr


def run_settings(**environment):
    """Import cms.settings (not the test settings) in a new process with ``environment`` and print what matters."""
    script = (
        "import json; from cms import settings as s; print(json.dumps({'throttle': s.CACHES['throttle']['BACKEND'],"
        " 'num_proxies': s.REST_FRAMEWORK['NUM_PROXIES'], 'proxy_header': s.SECURE_PROXY_SSL_HEADER}))"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": "k" * 50,
        **environment,
    }
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=BASE_DIR, check=False
    )


def settings_in_a_fresh_process(**environment):
    result = run_settings(**environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
