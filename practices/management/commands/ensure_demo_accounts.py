"""`manage.py ensure_demo_accounts`: one account per editorial role, so that a newcomer can try the whole workflow.

Run by `make run` (the Makefile's demo target) beside ensure_admin. Each account is created once with a generated
password, printed only then; an existing account is left alone. Refused unless DEBUG is on: accounts with passwords
printed to a terminal have no place on a production site.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

# (username, first name, last name, role codename): the roles of migration 0006_roles_and_workflow, a reviewer of
# every locale's workflow, and a reviewer (0021_reviewers_by_locale) and a translator for each locale but English,
# the source language of the demo.
DEMO_ACCOUNTS = [
    ("editor", "Eva", "Editor", "editors"),
    ("reviewer", "Radek", "Reviewer", "reviewers"),
    ("reviewer-cs", "Cyril", "Reviewer", "reviewers-cs"),
    ("reviewer-bg", "Bozhidar", "Reviewer", "reviewers-bg"),
    ("reviewer-hr", "Hana", "Reviewer", "reviewers-hr"),
    ("reviewer-nb", "Nils", "Reviewer", "reviewers-nb"),
    ("translator-cs", "Tereza", "Translator", "translators-cs"),
    ("translator-bg", "Boyana", "Translator", "translators-bg"),
    ("translator-hr", "Hrvoje", "Translator", "translators-hr"),
    ("translator-nb", "Nora", "Translator", "translators-nb"),
    ("contributor", "Petra", "Contributor", "partner-contributors-en"),
]


class Command(BaseCommand):
    help = "With DEBUG on, create one demo account per editorial role and print each new account's password once."

    def handle(self, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are created only with DEBUG on (DJANGO_DEBUG=true), never in production.")
        user_model = get_user_model()
        created = []
        for username, first_name, last_name, codename in DEMO_ACCOUNTS:
            if user_model.objects.filter(username=username).exists():
                continue
            group = Group.objects.get(editorial_role__codename=codename)
            password = secrets.token_urlsafe(12)
            # An e-mail address, because the workflow's notifications go to it (docs/editorial.md).
            user = user_model.objects.create_user(
                username=username,
                email=f"{username}@localhost",
                password=password,
                first_name=first_name,
                last_name=last_name,
            )
            user.groups.add(group)
            created.append((username, group.name, password))
        if not created:
            self.stdout.write("The demo accounts exist already; their passwords are unchanged.")
            return
        lines = [f"  {username:<15} {group:<28} {password}" for username, group, password in created]
        self.stdout.write(
            self.style.SUCCESS(
                "Demo accounts created, one per role (sign in at /admin/). Their passwords are shown only this once:\n"
                + "\n".join(lines)
            )
        )
