"""Who the client is and what its browser is told: its address and whether it spoke HTTPS, as the site may believe
them, and the Permissions-Policy header every response carries.

``X-Forwarded-For`` and ``X-Forwarded-Proto`` are written by whoever sends the request. Believed from anyone, a
client names a new address on every request and escapes the rate limits (or spends another address's), and a
spoofed ``X-Forwarded-Proto: https`` skips the HTTPS redirect. ``TrustedProxyMiddleware`` therefore removes the
forwarding headers of every request whose peer (``REMOTE_ADDR``) is not one of TRUSTED_PROXIES (addresses or
networks; empty by default), so that Django (SECURE_PROXY_SSL_HEADER) and DRF's throttles (NUM_PROXIES) only ever
read headers a trusted proxy wrote.
"""

import ipaddress

from django.conf import settings

FORWARDING_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_FORWARDED")


def trusted_networks():
    return [ipaddress.ip_network(proxy, strict=False) for proxy in settings.TRUSTED_PROXIES]


def is_trusted_proxy(address, networks):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


class PermissionsPolicyMiddleware:
    """Send PERMISSIONS_POLICY as every response's Permissions-Policy header (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class TrustedProxyMiddleware:
    """Drop the forwarding headers of requests that did not come through a trusted proxy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR", ""), trusted_networks()):
            for header in FORWARDING_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
