"""``manage.py sync_site``: set the default Wagtail Site's host name and port from ``SITE_BASE_URL``."""

from django.conf import settings
from django.core.management.base import BaseCommand

from home.site_record import sync_site


class Command(BaseCommand):
    help = "Set the default Wagtail site's host name and port from SITE_BASE_URL (migrate does it too)."

    def handle(self, *args, **options):
        site = sync_site()
        if site is None:
            self.stdout.write(f"The default site already answers at {settings.SITE_BASE_URL}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"The default site now answers at {site.root_url}."))
