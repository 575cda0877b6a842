"""The Wagtail Site record, kept equal to ``SITE_BASE_URL``.

Wagtail builds every page's absolute URL (canonical and hreflang links, the sitemap, the content API's
``html_url``, citations) from the default Site's host name and port, which the home app's migration created as
``localhost:80``. The setting is the one place an operator states the public address, so the record follows it:
after every ``migrate`` (``post_migrate``) and on ``manage.py sync_site``; and a system check says so when the two
disagree (``check --database default``), for a database restored from another site or a setting changed since.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.db import DEFAULT_DB_ALIAS, DatabaseError
from wagtail.models import Site


def site_address():
    """``(hostname, port)`` of ``SITE_BASE_URL`` as Wagtail's Site stores it: 443 for https, 80 for http unless
    the URL names a port (settings allow https on 443 only, the one port Wagtail writes as https)."""
    url = urlsplit(settings.SITE_BASE_URL)
    return url.hostname, url.port or (443 if url.scheme == "https" else 80)


def sync_site():
    """Set the default site's host name and port from ``SITE_BASE_URL``; returns the site when it changed, else
    ``None`` (also when there is no default site yet, before the home app's migration has run)."""
    site = Site.objects.filter(is_default_site=True).first()
    hostname, port = site_address()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return None
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])  # Site.save clears Wagtail's cached root paths
    return site


def sync_site_after_migrate(sender, **kwargs):
    """``post_migrate`` receiver: every ``migrate`` (install, upgrade, restore) leaves the Site at the setting."""
    sync_site()


@checks.register(checks.Tags.database)
def check_site_matches_base_url(app_configs, databases=None, **kwargs):
    """Warn when the default Site's address is not ``SITE_BASE_URL``: pages' absolute URLs would then name another
    host than the feeds and the API do. A database check, as Django's own: run by ``check --database default``
    (``make serve`` runs it before starting) and ``migrate``; skipped while the database is not migrated yet."""
    if not databases or DEFAULT_DB_ALIAS not in databases:
        return []
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:
        return []
    if site is None or (site.hostname, site.port) == site_address():
        return []
    return [
        checks.Warning(
            f"The default Wagtail site's address is {site.root_url}, but SITE_BASE_URL is {settings.SITE_BASE_URL}.",
            hint="Run `manage.py sync_site` (or `manage.py migrate`, which runs it) to set it from SITE_BASE_URL.",
            obj=site,
            id="home.W001",
        )
    ]
