from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Good practices")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from practices import signal_handlers  # noqa: F401  (connects every receiver)
        from practices.site import serving  # noqa: F401  (supplies the page models' public pages)
