"""Downloads of a detail page, at its own URL plus a file name: ``<practice URL>reuse-kit.zip``,
``<item URL>citation.bib`` and ``citation.ris``. Mounted under the language prefix before Wagtail's pages, whose
URL pattern has no room for a dot."""

from django.urls import re_path

from practices.site import detail_views

app_name = "detail"

PAGE_PATH = r"(?P<path>(?:[\w\-]+/)+)"

urlpatterns = [
    re_path(rf"^{PAGE_PATH}reuse-kit\.zip$", detail_views.reuse_kit, name="reuse-kit"),
    re_path(rf"^{PAGE_PATH}citation\.(?P<style>bib|ris)$", detail_views.citation, name="citation"),
]
