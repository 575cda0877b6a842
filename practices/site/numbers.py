"""Numbers and amounts written the way the reader's language writes them, with CLDR's rules (Babel): grouping,
decimal separator and the currency's symbol and place. The detail pages use them directly; the templates through
the ``number`` and ``money`` filters (home's site_tags)."""

from babel.numbers import format_currency, format_decimal
from django.conf import settings
from django.utils.translation import get_language, to_locale


def babel_locale():
    """The active language as Babel names it (``cs``, ``nb``); the site's default outside a request."""
    return to_locale(get_language() or settings.LANGUAGE_CODE)


def money(amount, currency):
    """``125000`` and ``"EUR"`` as the reader's language writes them: "€125,000.00" in English,
    "125 000,00 €" in Czech."""
    if amount is None:
        return ""
    if not currency:
        return format_decimal(amount, locale=babel_locale())
    return format_currency(amount, currency, locale=babel_locale())


def number(value):
    """A number with the reader's grouping and decimal separator; text that is not a number is shown as it is
    (an outcome may be "about 300")."""
    try:
        return format_decimal(value, locale=babel_locale())
    except (TypeError, ValueError, ArithmeticError):
        return value
