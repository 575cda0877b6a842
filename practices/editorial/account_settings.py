"""The admin's account settings without a required name: an editor whose account has no first or last name (demo
and imported accounts, people who sign with their username) can still switch the admin's language or theme.

Wagtail's "Name and Email" panel marks both names required, and the account page saves every panel at once, so
today choosing another language fails with "This field is required" until a name is typed. This view is Wagtail's
own, with that one panel's form relaxed; cms/urls.py mounts it at Wagtail's address, before the admin's URLs.
"""

from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.forms.account import NameEmailForm
from wagtail.admin.views.account import AccountView, NameEmailSettingsPanel


class OptionalNameEmailForm(NameEmailForm):
    """Wagtail's name and e-mail form; the names may stay empty, as Django's user model allows."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].required = False


class OptionalNameSettingsPanel(NameEmailSettingsPanel):
    form_class = OptionalNameEmailForm


class AccountSettingsView(AccountView):
    def get_panels(self):
        return [
            OptionalNameSettingsPanel(panel.request, panel.user, panel.profile)
            if type(panel) is NameEmailSettingsPanel
            else panel
            for panel in super().get_panels()
        ]


account_settings = require_admin_access(never_cache(AccountSettingsView.as_view()))
