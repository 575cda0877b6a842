"""`manage.py ensure_admin`: create the first administrator account and print its generated password once."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the superuser 'admin' with a generated password, unless a superuser exists."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="admin@localhost")

    def handle(self, username, email, **options):
        user_model = get_user_model()
        if user_model.objects.filter(is_superuser=True).exists():
            self.stdout.write("An administrator account exists already; its password is unchanged.")
            return
        password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Administrator account created. Sign in at /admin/ as “{username}” with the password: {password}\n"
                "It is shown only this once."
            )
        )
