"""Users in the editorial roles created by migration ``0006_roles_and_workflow``, each with its own logged-in
admin client (tests/practices/editorial/test_roles.py, test_workflow.py)."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client


def member_of(django_user_model, codename, username):
    """A user with an e-mail address (workflow notifications need one) in the group of role ``codename``."""
    user = django_user_model.objects.create_user(username=username, email=f"{username}@example.org", password="pw")
    user.groups.add(Group.objects.get(editorial_role__codename=codename))
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor(db, django_user_model):
    return member_of(django_user_model, "editors", "eva")


@pytest.fixture
def reviewer(db, django_user_model):
    return member_of(django_user_model, "reviewers", "radek")


@pytest.fixture
def bg_translator(db, django_user_model):
    return member_of(django_user_model, "translators-bg", "boyana")


@pytest.fixture
def contributor(db, django_user_model):
    return member_of(django_user_model, "partner-contributors-en", "petra")


@pytest.fixture
def cs_contributor(db, django_user_model):
    return member_of(django_user_model, "partner-contributors-cs", "cyril")


@pytest.fixture
def editor_client(editor):
    return client_for(editor)


@pytest.fixture
def reviewer_client(reviewer):
    return client_for(reviewer)


@pytest.fixture
def bg_translator_client(bg_translator):
    return client_for(bg_translator)


@pytest.fixture
def contributor_client(contributor):
    return client_for(contributor)


@pytest.fixture
def cs_contributor_client(cs_contributor):
    return client_for(cs_contributor)


@pytest.fixture
def bg_reviewer(db, django_user_model):
    return member_of(django_user_model, "reviewers-bg", "bozhidar")


@pytest.fixture
def cs_reviewer(db, django_user_model):
    return member_of(django_user_model, "reviewers-cs", "ctibor")
