"""Validators shared by the admin forms and the importer, so both give the same message for the same mistake."""

from babel.numbers import list_currencies
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# ISO 4217 codes known to CLDR, historical ones included: budgets of closed projects stay in the currency they
# were granted in (HRK before 2023, BGN before 2026). Codes reserved for testing are not currencies.
CURRENCY_CODES = frozenset(code for code in list_currencies() if code not in {"XXX", "XTS"})


def validate_currency_code(value):
    """Accept an ISO 4217 alphabetic code such as EUR, CZK, BGN, HRK or NOK."""
    if value and value not in CURRENCY_CODES:
        raise ValidationError(
            _("“%(code)s” is not an ISO 4217 currency code (for example EUR, CZK, BGN, HRK, NOK)."),
            code="unknown_currency",
            params={"code": value},
        )
