"""The site's absolute URLs, all from one setting: ``SITE_BASE_URL`` (e.g. ``https://hub.example.org``).

Feeds, the partner feed, oEmbed, citations, the reuse kit, Open Graph and JSON-LD are read far from the request
that produced them (in a news reader, a partner's database, a printed citation), so their links must be the
site's public address, not whatever host or scheme the request reached the server by (an internal name behind
the proxy, plain HTTP between proxy and server). Pages' own URLs come from the Wagtail Site record, which
``migrate`` and ``manage.py sync_site`` keep equal to the same setting (home.site_record).
"""

from urllib.parse import urljoin

from django.conf import settings


def absolute_url(url):
    """``url`` (a site-relative path such as ``/en/``, or already absolute, as media on S3 are) as an absolute URL
    under ``SITE_BASE_URL``; an empty ``url`` stays empty (``None`` or ``""``)."""
    return urljoin(settings.SITE_BASE_URL, url) if url else url
