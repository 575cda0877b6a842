"""ensure_demo_accounts: one account per editorial role with DEBUG on, passwords printed once; refused with DEBUG
off."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from practices.management.commands.ensure_demo_accounts import DEMO_ACCOUNTS

pytestmark = pytest.mark.django_db

ACCOUNT_RE = re.compile(r"^  (\S+) +.+ (\S+)$", re.MULTILINE)


def test_demo_accounts_are_created_in_their_roles_with_passwords_printed_once(settings):
    settings.DEBUG = True
    first, second = StringIO(), StringIO()

    call_command("ensure_demo_accounts", stdout=first)
    call_command("ensure_demo_accounts", stdout=second)

    passwords = dict(ACCOUNT_RE.findall(first.getvalue()))
    assert set(passwords) == {username for username, *_rest in DEMO_ACCOUNTS}
    for username, _first, _last, codename in DEMO_ACCOUNTS:
        user = get_user_model().objects.get(username=username)
        assert user.check_password(passwords[username])
        assert [group.editorial_role.codename for group in user.groups.all()] == [codename]
        assert not user.is_superuser and user.email
    assert {"translators-cs", "translators-bg", "translators-hr", "translators-nb"} <= {
        codename for *_rest, codename in DEMO_ACCOUNTS
    }
    assert second.getvalue() == "The demo accounts exist already; their passwords are unchanged.\n"
    assert not any(password in second.getvalue() for password in passwords.values())


def test_demo_accounts_are_refused_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="only with DEBUG on"):
        call_command("ensure_demo_accounts", stdout=StringIO())

    assert not get_user_model().objects.exists()


def test_demo_accounts_leave_an_existing_account_alone(settings, django_user_model):
    settings.DEBUG = True
    django_user_model.objects.create_user(username="editor", password="mine")
    stdout = StringIO()

    call_command("ensure_demo_accounts", stdout=stdout)

    assert "editor " not in stdout.getvalue()
    assert django_user_model.objects.get(username="editor").check_password("mine")
    assert django_user_model.objects.count() == len(DEMO_ACCOUNTS)
