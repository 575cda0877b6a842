"""Nothing is lost by deleting a term or organisation: one that items use (a theme, a lead organisation, a partner
of a practice, through any relation) is refused, alone or in a bulk delete, with the items named; one nobody
uses is deleted as before."""

import pytest
from django.urls import reverse

from practices.models import Organisation, Theme


def delete_url(instance):
    return reverse(instance.snippet_viewset.get_url_name("delete"), args=[instance.pk])


def english(model, slug):
    return model.objects.get(slug=slug, locale__language_code="en")


@pytest.mark.parametrize(
    ("model", "slug", "items"),
    [
        (
            Theme,
            "youth",
            "3 items use it: Future City Game guide (en), Parlament mládeže Brno (cs), Youth parliament of Brno (en)",
        ),
        # The lead organisation, of the practice and of its Czech translation.
        (Organisation, "brno", "2 items use it: Parlament mládeže Brno (cs), Youth parliament of Brno (en)"),
        (Organisation, "partnerstvi", "1 item uses it: Youth parliament of Brno (en). Change it first"),  # a partner
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_deleting_what_items_use_is_refused_naming_them(admin_client, feed_content, model, slug, items, method):
    instance = english(model, slug)
    response = getattr(admin_client, method)(delete_url(instance), follow=True)
    assert response.status_code == 200
    shown = [str(message) for message in response.context["messages"]]
    assert any(f"cannot be deleted: {items}" in message for message in shown), shown
    assert model.objects.filter(pk=instance.pk).exists()


def test_bulk_deleting_what_items_use_is_refused(admin_client, feed_content):
    youth, environment = english(Theme, "youth"), english(Theme, "environment")
    url = reverse("wagtail_bulk_action", args=["practices", "theme", "delete"])
    response = admin_client.post(f"{url}?id={youth.pk}&id={environment.pk}", follow=True)
    assert any("“Youth” cannot be deleted" in str(message) for message in response.context["messages"])
    assert Theme.objects.filter(pk__in=[youth.pk, environment.pk]).count() == 2


def test_what_nobody_uses_is_deleted(admin_client, feed_content, locales):
    unused = Theme.objects.create(slug="unused", name="Unused", locale=locales["en"])
    response = admin_client.post(delete_url(unused))
    assert response.status_code == 302
    assert not Theme.objects.filter(pk=unused.pk).exists()
