"""Decimal numbers and what is made of them (a place's coordinates, a budget, an outcome) in JSON.

A JSON float would lose digits of a budget or a coordinate, so no output writes a Decimal as one. The partner feed
writes every number as a string (``decimal_string``), as its OpenAPI schema promises; the exchange format
(export_kb) writes whole numbers as integers (``json_number``), so that a hand-written import file reads
naturally. Each shape below takes the writer its output uses. The content API shows the model's decimal fields one
by one, as Django REST framework's DecimalField writes them.
"""

from decimal import Decimal, InvalidOperation


def decimal_string(value):
    """A number as a string that keeps every significant digit: "125000", "49.195"; None when missing or not a
    number."""
    if value is None or value == "":
        return None
    try:
        return format(Decimal(str(value)).normalize(), "f")
    except InvalidOperation:
        return None


def json_number(value):
    """Decimals as JSON: whole numbers as integers, others as strings that keep every digit."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else format(value.normalize(), "f")


def location_shape(latitude, longitude, number):
    """``{"lat": "49.195", "lng": "16.608"}``; null when the place has no coordinates."""
    if latitude is None:
        return None
    return {"lat": number(latitude), "lng": number(longitude)}


def budget_shape(amount, currency, number):
    """``{"amount": "125000", "currency": "EUR"}`` (ISO 4217); null when no amount is given."""
    if amount is None:
        return None
    return {"amount": number(amount), "currency": currency}


def outcome_shape(value, label, number):
    """``{"value": "20", "label": "youth forums"}``: a practice's outcome, a number with what it counts."""
    return {"value": number(value), "label": label}
