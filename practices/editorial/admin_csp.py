"""The Content-Security-Policy in Wagtail's admin: enforced, as on the public site, with the few inline scripts
Wagtail and wagtail-localize still write let through by name.

Wagtail 8 still initialises some widgets with an inline ``<script>`` (snippet choosers, date and date-time
pickers, inline panels) and wagtail-localize's translation editor sets its chooser URLs in one. A policy without
``'unsafe-inline'`` blocks them, and with it any injected script would run too. ``AdminScriptNonceMiddleware``
gives the request's CSP nonce only to an inline script whose whole text is one of those initialisers, with nothing
but element ids, URLs and JSON-escaped options in its variable parts; every other inline script in an admin page,
an injected one included, stays without a nonce and the browser refuses it. The admin's own scripts (Draftail,
Tippy, the sortable lists) insert ``<style>`` elements at run time, so the admin's ``style-src`` allows inline
styles, which run no code.

tests/e2e/test_csp.py opens the pages editors use in Chromium and counts the policy's violations: none.
"""

import re

from csp.constants import NONCE, SELF
from django.conf import settings

ADMIN_PREFIX = "/admin/"
IDENT = r"[\w-]+"
URL = r"[\w/.:-]+"
# Django's escapejs writes every quote, backslash, angle bracket and semicolon as \uXXXX, so the JSON literal holds
# no character that could end the string.
ESCAPED_JSON = r'(?:[^"\\<>]|\\u[0-9A-F]{4})*'
# The whole text of each inline script Wagtail 8.0 and wagtail-localize 1.14 write in the admin's pages.
KNOWN_INITIALISERS = [
    re.compile(pattern)
    for pattern in (
        rf'new SnippetChooser\("{IDENT}", \{{"modalUrl": "{URL}"\}}\);',
        rf'init(?:Date|DateTime|Time)Chooser\("{IDENT}", \{{[^<>;(){{}}]*\}}\);',
        rf'\(function\(\) \{{\s*var panel = new InlinePanel\(JSON\.parse\("{ESCAPED_JSON}"\)\);\s*\}}\)\(\);',
        rf'if \(typeof window\.chooserUrls === "undefined"\) \{{\s*window\.chooserUrls = \{{\s*'
        rf'imageChooser: "{URL}",\s*documentChooser: "{URL}",\s*pageChooser: "{URL}",\s*\}}\s*\}}',
    )
]
INLINE_SCRIPT = re.compile(r"<script>(?P<body>.*?)</script>", re.DOTALL)


def is_known_initialiser(body):
    return any(pattern.fullmatch(body.strip()) for pattern in KNOWN_INITIALISERS)


def add_nonce_to_known_initialisers(html, nonce):
    """``html`` with ``nonce`` on each bare inline script that is one of Wagtail's known initialisers."""

    def with_nonce(match):
        if not is_known_initialiser(match["body"]):
            return match[0]
        return f'<script nonce="{nonce}">{match["body"]}</script>'

    return INLINE_SCRIPT.sub(with_nonce, html)


class AdminScriptNonceMiddleware:
    """Nonces for Wagtail's known inline initialisers in the admin's HTML pages, and the admin's ``style-src``.

    Sits after ``csp.middleware.CSPMiddleware`` in MIDDLEWARE, so that it sees the response first and the nonce it
    reads is written into the header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(ADMIN_PREFIX):
            return response
        response._csp_replace = {"script-src": [SELF, NONCE], "style-src": [SELF, "'unsafe-inline'"]}
        is_html = response.get("Content-Type", "").startswith("text/html")
        if is_html and not response.streaming and b"<script>" in response.content:
            html = response.content.decode(response.charset or settings.DEFAULT_CHARSET)
            response.content = add_nonce_to_known_initialisers(html, str(request.csp_nonce))
            if response.has_header("Content-Length"):  # CommonMiddleware measured the content before the nonces
                response["Content-Length"] = str(len(response.content))
        return response
