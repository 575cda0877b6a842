"""URLs of the embeddable widget, mounted at /embed/ by cms/urls.py (``embed:help``, ``embed:latest``,
``embed:widget-js``)."""

from django.urls import path

from practices.syndication.widget import latest_practices_embed, widget_help, widget_script

app_name = "embed"

urlpatterns = [
    path("", widget_help, name="help"),
    path("latest/", latest_practices_embed, name="latest"),
    path("widget.js", widget_script, name="widget-js"),
]
