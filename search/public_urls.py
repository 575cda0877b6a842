"""The public search page, mounted under each language prefix by cms/urls.py: /<locale>/search/
(``site_search:search``)."""

from django.urls import path

from search.public_views import search_page

app_name = "site_search"

urlpatterns = [
    path("", search_page, name="search"),
]
