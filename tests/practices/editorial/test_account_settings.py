"""The admin's account settings (practices/editorial/account_settings.py): an editor whose account has no name can
switch the admin's language, and the admin then speaks it."""

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile


def account_form_data(client):
    """What the account page's form posts unchanged: every panel's fields with their current values."""
    response = client.get(reverse("wagtailadmin_account"))
    assert response.status_code == 200
    data = {}
    for _tab, panels in response.context["panels_by_tab"].items():
        for panel in panels:
            for field in panel.get_form():
                if field.name == "avatar":  # a file input: posted empty
                    continue
                value = field.value()
                if value not in (None, False):
                    data[field.html_name] = value
    return data


@pytest.mark.parametrize("language", ["cs", "bg", "hr", "nb"])
def test_an_editor_without_a_name_switches_the_admin_language(editor, editor_client, language):
    assert (editor.first_name, editor.last_name) == ("", "")
    data = account_form_data(editor_client)

    response = editor_client.post(reverse("wagtailadmin_account"), {**data, "locale-preferred_language": language})

    assert response.status_code == 302, response.context and [
        panel.get_form().errors for tab in response.context["panels_by_tab"].values() for panel in tab
    ]
    assert UserProfile.get_for_user(editor).preferred_language == language
    dashboard = editor_client.get(reverse("wagtailadmin_home"))
    assert f'<html lang="{language}"' in dashboard.content.decode()


def test_a_name_given_is_still_saved(editor, editor_client):
    data = account_form_data(editor_client)

    editor_client.post(
        reverse("wagtailadmin_account"), {**data, "name_email-first_name": "Eva", "name_email-last_name": "Nová"}
    )

    editor.refresh_from_db()
    assert (editor.first_name, editor.last_name) == ("Eva", "Nová")
