"""Search API URLs, mounted at /api/feed/v1/search/ by practices/feed/urls.py (``feed:search:…``)."""

from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("", views.KnowledgeSearchView.as_view(), name="search"),
    path("suggest/", views.SuggestView.as_view(), name="suggest"),
]
