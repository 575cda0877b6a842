"""The page models ask practices.models.serving for their public parts and practices.site supplies them (the models
never import the site): every page type and route gets its part, and a part nobody supplied is a clear error."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from practices.models import INDEX_MODELS, ITEM_MODELS, PracticeIndexPage, serving


@pytest.mark.parametrize("model", [*ITEM_MODELS.values(), *INDEX_MODELS.values()], ids=lambda model: model.__name__)
def test_every_item_and_section_page_type_has_its_public_context_supplied(model):
    assert any(cls in serving._contexts for cls in model.__mro__)


def test_every_route_of_the_practice_section_has_its_view_supplied():
    names = [pattern.name for pattern in PracticeIndexPage.get_subpage_urls()]
    assert {"map", "map-geojson"} <= set(names)
    for name in names:
        if name != "index_route":
            assert (PracticeIndexPage, name) in serving._routes, name


def test_a_page_type_without_a_supplied_context_is_an_error_naming_it():
    class UnservedPage:
        """A page type the public site supplies nothing for."""

    with pytest.raises(ImproperlyConfigured, match="UnservedPage"):
        serving.add_public_context(UnservedPage(), RequestFactory().get("/"), {})


@pytest.mark.django_db
def test_a_route_without_a_supplied_view_is_an_error_naming_it():
    with pytest.raises(ImproperlyConfigured, match="'timeline' of PracticeIndexPage"):
        serving.serve_route(PracticeIndexPage(), "timeline", RequestFactory().get("/"))
