"""The guarded outgoing client (practices.outgoing) and the features that use it: the link checker, webhooks (on
save and on delivery) and oEmbed look-ups all refuse internal addresses, other schemes and redirects inside; a
local HTTP server on 127.0.0.1 (opted in with ``loopback_allowed``) shows redirects, sizes and the single
resolution that defeats DNS rebinding."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError
from wagtail.embeds.exceptions import EmbedNotFoundException

from practices.editorial.link_checks import LinkChecker
from practices.models import Partner, Webhook, WebhookDelivery
from practices.outgoing import OutgoingError, OutgoingRequestError, fetch
from practices.partners.webhooks import WebhookSender
from practices.site.embed_finders import GuardedOEmbedFinder

# Every kind of address a server can reach and the internet cannot, as an editor or partner might write it.
INTERNAL_URLS = [
    "http://127.0.0.1/",
    "http://127.1.2.3:8000/",
    "http://localhost:5432/",
    "http://2130706433/",  # 127.0.0.1 as one decimal number
    "http://0x7f.1/",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata
    "http://100.64.0.1/",  # shared address space (carrier-grade NAT)
    "http://0.0.0.0:6379/",
    "http://224.0.0.1/",
    "http://240.0.0.1/",
    "http://255.255.255.255/",
    "http://127.0.0.1:6379/",
    "https://[::1]:5432/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[ff02::1]/",
    "http://[2002:7f00:1::]/",  # 6to4 wrapping 127.0.0.1
    "http://[64:ff9b::a00:1]/",  # NAT64 wrapping 10.0.0.1
]
NOT_HTTP_URLS = ["ftp://example.org/file", "file:///etc/passwd", "gopher://127.0.0.1:6379/", "http://user:pw@/"]


class LocalServer:
    """Answers /ok with 200 and a 2,000-byte body, /to-internal with a redirect to the metadata service, /loop with
    a redirect to itself; records each request's Host header."""

    def __init__(self):
        self.hosts = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.hosts.append(self.headers["Host"])
                target = {"/to-internal": "http://169.254.169.254/latest/meta-data/", "/loop": "/loop"}
                if self.path in target:
                    self.send_response(302)
                    self.send_header("Location", target[self.path])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = b"x" * 2000
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_HEAD = do_GET

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_port
        self.base = f"http://127.0.0.1:{self.port}"


@pytest.fixture
def local_server(loopback_allowed):
    server = LocalServer()
    threading.Thread(target=server.server.serve_forever, daemon=True).start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.mark.parametrize("url", INTERNAL_URLS)
def test_link_checker_refuses_internal_addresses(url, settings):
    settings.LINK_CHECK_HOST_INTERVAL = 0
    outcome = LinkChecker().check(url)
    assert (outcome.status, outcome.error, outcome.is_broken) == (None, "refused", True)


@pytest.mark.parametrize("url", INTERNAL_URLS)
def test_webhook_delivery_refuses_internal_addresses(url):
    webhook = Webhook(url=url, secret="s" * 64)
    status, error = WebhookSender().post(WebhookDelivery(webhook=webhook, event="published", payload={}))
    assert (status, error) == (None, "refused: private address")


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "reason"), [(url, "refused: private address") for url in INTERNAL_URLS] + [
    (url, "not a valid http or https URL") for url in NOT_HTTP_URLS[:2]
])  # fmt: skip
def test_webhook_url_is_refused_on_save_naming_the_reason(url, reason):
    partner = Partner.objects.create(name="Regional portal", key_prefix="regional", key_hash="x")
    with pytest.raises(ValidationError) as raised:
        Webhook(partner=partner, url=url).full_clean()
    assert any(reason in message for message in raised.value.message_dict["url"])


@pytest.mark.parametrize("url", INTERNAL_URLS)
def test_oembed_lookup_refuses_internal_provider_endpoints(url):
    finder = GuardedOEmbedFinder(providers=[{"endpoint": url, "urls": [r"^https://video\.example/.+"]}])
    with pytest.raises(EmbedNotFoundException, match="refused: private address"):
        finder.find_embed("https://video.example/42")


@pytest.mark.parametrize("url", NOT_HTTP_URLS)
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(OutgoingRequestError) as raised:
        fetch("GET", url)
    assert raised.value.category == OutgoingError.INVALID


def test_loopback_opt_in_leaves_private_ranges_refused(loopback_allowed):
    for url in ("http://10.0.0.1/", "http://169.254.169.254/", "http://[fc00::1]/"):
        with pytest.raises(OutgoingRequestError) as raised:
            fetch("GET", url)
        assert raised.value.category == OutgoingError.REFUSED


def test_a_redirect_to_an_internal_address_is_refused(local_server, settings):
    settings.LINK_CHECK_HOST_INTERVAL = 0
    outcome = LinkChecker().check(f"{local_server.base}/to-internal")
    assert (outcome.status, outcome.error) == (None, "refused")


def test_redirects_are_bounded(local_server):
    with pytest.raises(OutgoingRequestError) as raised:
        fetch("GET", f"{local_server.base}/loop", max_redirects=3)
    assert raised.value.category == OutgoingError.REDIRECTS
    assert len(local_server.hosts) == 4


def test_an_answer_larger_than_the_bound_is_refused_or_truncated(local_server):
    with pytest.raises(OutgoingRequestError) as raised:
        fetch("GET", f"{local_server.base}/ok", max_bytes=1000)
    assert raised.value.category == OutgoingError.TOO_LARGE
    assert fetch("GET", f"{local_server.base}/ok", max_bytes=1000, truncate=True).body == b"x" * 1000


def test_the_host_is_resolved_once_and_the_checked_address_is_the_one_connected(local_server, monkeypatch):
    """Against DNS rebinding: a name is looked up once per request, and the connection goes to that answer,
    while the request still names the host (here a name no resolver knows, so a second look-up would fail)."""
    real_getaddrinfo = socket.getaddrinfo
    lookups = []

    def getaddrinfo(host, *args, **kwargs):
        if host == "partner.invalid":
            lookups.append(host)
            return real_getaddrinfo("127.0.0.1", *args, **kwargs) if len(lookups) == 1 else []
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    response = fetch("GET", f"http://partner.invalid:{local_server.port}/ok")
    assert (response.status, lookups, local_server.hosts) == (200, ["partner.invalid"], [
        f"partner.invalid:{local_server.port}"
    ])  # fmt: skip


def test_connection_errors_are_categories_not_socket_messages(loopback_allowed):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    with pytest.raises(OutgoingRequestError) as raised:
        fetch("GET", f"http://127.0.0.1:{port}/")
    assert (raised.value.category, str(raised.value)) == (OutgoingError.CONNECTION, "could not connect")


def test_admin_webhook_form_names_the_refused_address(admin_client):
    partner = Partner.objects.create(name="Regional portal", key_prefix="regional", key_hash="x")
    response = admin_client.post(
        "/admin/webhooks/new/", {"partner": partner.pk, "url": "http://169.254.169.254/hook", "is_active": "on"}
    )
    assert response.status_code == 200
    assert "cannot send webhooks to this URL (refused: private address)" in response.content.decode()
    assert not Webhook.objects.exists()
