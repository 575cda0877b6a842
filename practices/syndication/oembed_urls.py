"""URLs of oEmbed (practices.syndication.oembed), mounted at the root by cms/urls.py: ``oembed:endpoint``
(/api/oembed/) and ``oembed:item`` (/embed/item/<id>/, the card its iframes show)."""

from django.urls import path

from practices.syndication.oembed import item_embed, oembed

app_name = "oembed"

urlpatterns = [
    path("api/oembed/", oembed, name="endpoint"),
    path("embed/item/<int:pk>/", item_embed, name="item"),
]
