"""The shapes of an item's parts (practices.representation), which every output builds its JSON from: each output's
variant comes from the same function, and the feed's declared schema names the same fields the shape writes."""

from decimal import Decimal

import pytest
from django_countries.fields import Country

from practices.feed.serializers import FeedSerializer, OrganisationReferenceSerializer, OrganisationSerializer
from practices.models import FundingProgramme, Organisation, Theme
from practices.representation.countries import country_code, country_shape
from practices.representation.numbers import budget_shape, decimal_string, json_number, location_shape
from practices.representation.organisations import CONTENT_API, EXCHANGE, FIELDS, RECORD, REFERENCE, organisation_shape
from practices.representation.terms import funding_shape, term_shape


def brno():
    return Organisation(
        slug="brno", name="Statutární město Brno", kind="municipality", country="CZ", city="Brno",
        address="Dominikánské nám. 1", website="https://www.brno.cz/", email="posta@brno.cz", phone="+420 542 171 111",
    )  # fmt: skip


def test_organisation_reference_names_the_country_by_its_code():
    assert organisation_shape(brno(), REFERENCE) == {
        "slug": "brno",
        "name": "Statutární město Brno",
        "kind": "municipality",
        "country": "CZ",
        "website": "https://www.brno.cz/",
    }


def test_organisation_record_names_the_country_in_the_language_asked_and_shapes_the_logo_as_told():
    shape = organisation_shape(
        brno(), RECORD, country=lambda country: country_shape(country, "cs"), logo=lambda organisation: None
    )
    assert list(shape) == list(FIELDS)
    assert shape["country"] == {"code": "CZ", "name": "Česko"}
    assert shape["logo"] is None


@pytest.mark.parametrize("fields", [REFERENCE, RECORD, CONTENT_API, EXCHANGE])
def test_every_output_keeps_the_fields_in_one_order(fields):
    assert list(fields) == [field for field in FIELDS if field in fields]


def test_no_organisation_is_null():
    assert organisation_shape(None, RECORD) is None


def test_the_feed_schema_declares_the_fields_the_organisation_shapes_write():
    identity = list(FeedSerializer().fields)
    assert list(OrganisationSerializer().fields) == identity + list(RECORD)
    assert list(OrganisationReferenceSerializer().fields) == list(REFERENCE)


def test_a_missing_country_is_null_as_an_object_and_empty_as_a_code():
    assert country_shape(Country(code="")) is None
    assert country_code(Country(code="")) == ""


def test_terms_and_funding():
    theme = Theme(slug="youth", name="Mládež")
    programme = FundingProgramme(slug="eea-grants", name="Fondy EHP", url="https://eeagrants.org/")
    item = type("Item", (), {"project_code": "CZ-0042", "programme_record_url": ""})()
    assert term_shape(theme) == {"slug": "youth", "name": "Mládež"}
    assert funding_shape(item, programme) == {
        "programme": {"slug": "eea-grants", "name": "Fondy EHP", "url": "https://eeagrants.org/"},
        "project_code": "CZ-0042",
        "record_url": "",
    }
    assert funding_shape(item, None)["programme"] is None


@pytest.mark.parametrize(
    ("value", "feed", "exchange"),
    [
        (Decimal("125000.00"), "125000", 125000),
        (Decimal("49.19500"), "49.195", "49.195"),
        (None, None, None),
    ],
)
def test_the_feed_writes_numbers_as_strings_and_the_exchange_format_whole_ones_as_integers(value, feed, exchange):
    assert decimal_string(value) == feed
    assert json_number(value) == exchange


def test_places_and_budgets_take_the_writer_of_their_output():
    assert location_shape(Decimal("49.195"), Decimal("16.608"), json_number) == {"lat": "49.195", "lng": "16.608"}
    assert location_shape(None, None, decimal_string) is None
    assert budget_shape(Decimal("1000"), "EUR", decimal_string) == {"amount": "1000", "currency": "EUR"}
    assert budget_shape(None, "EUR", json_number) is None
