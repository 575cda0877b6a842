"""Privacy by default: the admin an editor opens makes no request to a third party — no Gravatar avatar, no check
of Wagtail's release server (which the upgrade panel's script would fetch from the editor's browser)."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_settings_turn_off_the_admins_calls_to_third_parties():
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False


def test_admin_dashboard_has_no_gravatar_and_no_upgrade_check(admin_client):
    html = admin_client.get("/admin/").content.decode()

    assert 'data-controller="w-upgrade' not in html
    assert "gravatar.com" not in html
    assert "/static/wagtailadmin/images/default-user-avatar" in html  # the avatar that is shown instead


def test_account_page_shows_the_local_avatar(admin_client):
    html = admin_client.get("/admin/account/").content.decode()

    assert "gravatar.com" not in html
