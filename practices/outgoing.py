"""The one way the hub asks another server for something: the link checker, webhook deliveries, oEmbed look-ups and
machine translation all go through ``fetch``.

Editors and partners choose the URLs these features fetch (a link in an item, a webhook's endpoint), so an
unguarded client would let them reach what only the server can: the cloud's metadata service at 169.254.169.254,
Redis on 127.0.0.1:6379, a database on the private network (server-side request forgery). ``fetch`` therefore

- accepts only http and https URLs;
- resolves the host itself and refuses loopback, private, link-local, shared, reserved, multicast and unspecified
  addresses, IPv4 and IPv6 alike, including IPv4 addresses written inside IPv6 (``::ffff:127.0.0.1``, 6to4, NAT64);
- connects to the address it checked, not to the name again, so a name that resolves to a public address for the
  check and to 127.0.0.1 for the connection (DNS rebinding) gains nothing; TLS still verifies the name;
- follows redirects itself, at most ``max_redirects``, checking each new location as the first;
- bounds the time (connect and read timeouts and an overall deadline) and the size of the answer it reads.

Failures are ``OutgoingRequestError`` with a ``category`` (``OutgoingError``) that admins may see; the socket's own
message never leaves this module, because "connection refused" against "timed out" on an internal address is a port
scanner's answer. ``OUTGOING_ALLOW_LOOPBACK`` (tests only) lets 127.0.0.1 and ::1 through, nothing else.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_TIMEOUT = (5, 10)  # seconds to connect, seconds to wait for each read
DEFAULT_MAX_BYTES = 1_000_000
DEFAULT_MAX_REDIRECTS = 5
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# IPv6 prefixes that carry an IPv4 address a router may deliver to: NAT64's well-known prefix (RFC 6052).
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class OutgoingError(models.TextChoices):
    """Why no answer came, in words an admin can act on."""

    DNS = "dns", _("host name not found")
    REFUSED = "refused", _("refused: private address")
    TIMEOUT = "timeout", _("timed out")
    CONNECTION = "connection", _("could not connect")
    TLS = "tls", _("certificate or TLS error")
    REDIRECTS = "redirects", _("too many redirects")
    INVALID = "invalid", _("not a valid http or https URL")
    TOO_LARGE = "too_large", _("answer too large")


class OutgoingRequestError(Exception):
    """A request that got no usable answer; ``category`` says why (an ``OutgoingError``)."""

    def __init__(self, category):
        super().__init__(category.label)
        self.category = category


@dataclass
class OutgoingResponse:
    """The final answer after redirects: ``url`` is where it came from, ``body`` at most ``max_bytes`` long."""

    status: int
    url: str
    reason: str = ""
    headers: dict = field(default_factory=dict)
    body: bytes = b""


def is_forbidden_address(address):
    """True for an address no outgoing request may reach: anything not on the public internet."""
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return is_forbidden_address(embedded)
    if ip.is_loopback and getattr(settings, "OUTGOING_ALLOW_LOOPBACK", False):
        return False
    return (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def checked_target(url):
    """(scheme, host name, port, address to connect to) of ``url``, or OutgoingRequestError."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        raise OutgoingRequestError(OutgoingError.INVALID) from None
    if parts.scheme not in ("http", "https") or not host or parts.username or parts.password:
        raise OutgoingRequestError(OutgoingError.INVALID)
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        addresses = [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]
    except (socket.gaierror, UnicodeError):
        raise OutgoingRequestError(OutgoingError.DNS) from None
    # A name with one internal address among public ones is refused outright rather than trimmed to the public
    # ones: such a name is a probe, not a web site.
    addresses = [address.split("%")[0] for address in addresses]  # no IPv6 zone ids
    if not addresses or any(is_forbidden_address(address) for address in addresses):
        raise OutgoingRequestError(OutgoingError.REFUSED)
    return parts.scheme, host, port, addresses[0]


def validate_url(url):
    """Raise OutgoingRequestError(REFUSED or INVALID or DNS) if ``url`` may never be fetched; used on save."""
    checked_target(url)


def _pool(scheme, host, port, address, timeout):
    options = {"timeout": timeout, "retries": False, "maxsize": 1}
    if scheme == "https":
        # Connect to the checked address while TLS sends and verifies the name (SNI and certificate).
        return urllib3.HTTPSConnectionPool(
            address, port, server_hostname=host, assert_hostname=host, cert_reqs="CERT_REQUIRED", **options
        )
    return urllib3.HTTPConnectionPool(address, port, **options)


def _read(response, max_bytes, deadline, truncate):
    chunks, size = [], 0
    # read1: one socket read at a time, so a server dripping bytes meets the deadline between reads.
    while chunk := response.read1(64 * 1024):
        size += len(chunk)
        if size > max_bytes:
            if truncate:
                chunks.append(chunk[: max_bytes - size + len(chunk)])
                break
            raise OutgoingRequestError(OutgoingError.TOO_LARGE)
        chunks.append(chunk)
        if time.monotonic() > deadline:
            raise OutgoingRequestError(OutgoingError.TIMEOUT)
    return b"".join(chunks)


def fetch(
    method,
    url,
    *,
    headers=None,
    body=None,
    timeout=DEFAULT_TIMEOUT,
    max_bytes=DEFAULT_MAX_BYTES,
    max_redirects=DEFAULT_MAX_REDIRECTS,
    read_body=True,
    truncate=False,
):
    """Send one request and return its final OutgoingResponse; redirects are followed up to ``max_redirects``
    (0: a redirect is the answer). ``read_body=False`` reads the status and headers only (the link checker);
    ``truncate`` keeps the first ``max_bytes`` of a longer answer instead of failing. Raises OutgoingRequestError."""
    connect_timeout, read_timeout = timeout
    deadline = time.monotonic() + connect_timeout + 2 * read_timeout
    redirects = 0
    while True:
        scheme, host, port, address = checked_target(url)
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        host_header = f"[{host}]" if ":" in host else host  # an IPv6 literal keeps its brackets
        if port != (443 if scheme == "https" else 80):
            host_header += f":{port}"
        request_headers = {"Host": host_header, **(headers or {})}
        pool = _pool(scheme, host, port, address, urllib3.Timeout(connect=connect_timeout, read=read_timeout))
        try:
            response = pool.urlopen(
                method, path, body=body, headers=request_headers, redirect=False, preload_content=False
            )
            try:
                location = response.headers.get("Location")
                if response.status in REDIRECT_STATUSES and location and redirects < max_redirects:
                    redirects += 1
                    url = urljoin(url, location)
                    if response.status == 303 or (response.status in (301, 302) and method == "POST"):
                        method, body = ("HEAD" if method == "HEAD" else "GET"), None
                    continue
                if response.status in REDIRECT_STATUSES and location and max_redirects:
                    raise OutgoingRequestError(OutgoingError.REDIRECTS)
                content = _read(response, max_bytes, deadline, truncate) if read_body and method != "HEAD" else b""
                return OutgoingResponse(
                    status=response.status,
                    url=url,
                    reason=response.reason or "",
                    headers=dict(response.headers),
                    body=content,
                )
            finally:
                response.release_conn()
        except urllib3.exceptions.SSLError:
            raise OutgoingRequestError(OutgoingError.TLS) from None
        except urllib3.exceptions.NewConnectionError:  # a subclass of ConnectTimeoutError in urllib3 2
            raise OutgoingRequestError(OutgoingError.CONNECTION) from None
        except (TimeoutError, urllib3.exceptions.TimeoutError):
            raise OutgoingRequestError(OutgoingError.TIMEOUT) from None
        except (urllib3.exceptions.HTTPError, OSError):
            raise OutgoingRequestError(OutgoingError.CONNECTION) from None
        finally:
            pool.close()
