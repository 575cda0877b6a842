"""The one parser of query parameters: every number, id, date and text a request carries is read here, so that no
input reaches Python's ``int()`` or the database raw.

Python's ``int()`` and ``str.isdigit()`` accept Unicode digits (``"²"``, ``"٣"``), the database drivers fail on
integers wider than their columns and on NUL bytes (PostgreSQL), and SQLite compares date-times as text, so an
unchecked parameter is a 500. The rules:

- numbers are ASCII digits only, at most ``MAX_DIGITS`` of them, within the bounds the caller gives;
- ids are 1 to 2**31 - 1, the range of the database's integer primary keys;
- offsets are capped at ``MAX_OFFSET`` (deeper pages are reached by narrowing the query or by the feed's cursor);
- text has no NUL or other control character (tab, line feed and carriage return excepted) and a bounded length;
- date-times take any valid UTC offset and are turned into UTC before they reach a query.

``QueryParameterMiddleware`` applies the text rule to every parameter of every request to the APIs (/api/: the
feed, API v2 and v3, oEmbed), and the number rules to the shared vocabulary (``NUMBER_PARAMETERS``) on Wagtail's
API v2 and v3, whose own parsing we do not own; it answers a 400 that names the parameter in the error shape of the
API asked. The filter parameters (``theme``, ``country``, ``year``…) are read with these functions by the shared
vocabulary (practices.filtering), strict on the APIs and feeds, forgiving on the pages.

The APIs' error answers share this module too: ``error_response`` (the 400 in each API's shape) and
``keep_not_found`` (a 404 of an API stays that API's JSON 404).
"""

import datetime
import re

from django.http import JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

MAX_ID = 2**31 - 1
MAX_OFFSET = 10_000
MAX_DIGITS = 18
MAX_TEXT_LENGTH = 2000
WAGTAIL_APIS = ("/api/v2/", "/api/v3/")
ASCII_DIGITS = re.compile(r"[0-9]+")
# C0 and C1 control characters and DEL, except tab, line feed and carriage return (allowed in search text); the
# same class in the served OpenAPI schema's patterns (TEXT_PATTERN, an ECMA-262 regular expression), so that what
# the schema allows is what the parser accepts.
CONTROL_CHARACTER_CLASS = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
CONTROL_CHARACTERS = re.compile(f"[{CONTROL_CHARACTER_CLASS}]")
TEXT_PATTERN = f"^[^{CONTROL_CHARACTER_CLASS}]*$"


class ParameterError(ValueError):
    """A parameter that cannot be read: ``parameter`` is its name, ``message`` says what would be right."""

    def __init__(self, parameter, message):
        super().__init__(f"{parameter}: {message}")
        self.parameter, self.message = parameter, message


def parse_integer(name, raw, *, minimum=0, maximum=MAX_ID):
    """``raw`` as an int from ``minimum`` to ``maximum``, or ParameterError naming ``name``."""
    value = raw.strip()
    if not ASCII_DIGITS.fullmatch(value) or len(value) > MAX_DIGITS or not minimum <= int(value) <= maximum:
        raise ParameterError(
            name,
            _("Expected a whole number from %(minimum)d to %(maximum)d, written with the digits 0-9.")
            % {"minimum": minimum, "maximum": maximum},
        )
    return int(value)


def parse_id(name, raw):
    """An id of a database row: a whole number from 1 to 2**31 - 1."""
    return parse_integer(name, raw, minimum=1, maximum=MAX_ID)


def parse_offset(name, raw):
    return parse_integer(name, raw, minimum=0, maximum=MAX_OFFSET)


def parse_text(name, raw, max_length=MAX_TEXT_LENGTH):
    """``raw`` if it holds no control character and at most ``max_length`` characters."""
    if CONTROL_CHARACTERS.search(raw):
        raise ParameterError(name, _("Control characters (such as NUL) are not allowed."))
    if len(raw) > max_length:
        raise ParameterError(name, _("At most %(length)d characters.") % {"length": max_length})
    return raw


def parse_moment(name, raw):
    """An ISO 8601 date or date-time, any valid UTC offset (``+14:00``, ``Z``), as an aware date-time in UTC; a
    date is its midnight in UTC. Converted to UTC because SQLite compares stored date-times as text."""
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            moment = datetime.datetime.combine(day, datetime.time()) if day else None
        if moment is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, datetime.UTC)
            moment = moment.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        moment = None
    if moment is None:
        raise ParameterError(
            name, _("“%(value)s” is not an ISO 8601 date or date-time, e.g. 2025-06-01T12:00:00Z.") % {"value": raw}
        )
    return moment


# The parameters that mean a number on every API of the site (the feed, API v2 and v3, oEmbed): name → parser.
# Each endpoint still applies its own, narrower bounds (the feed's largest page size, Wagtail's limit).
NUMBER_PARAMETERS = {
    "page": lambda name, raw: parse_integer(name, raw, minimum=1, maximum=MAX_OFFSET),
    "page_size": lambda name, raw: parse_integer(name, raw, minimum=1, maximum=MAX_ID),
    "limit": lambda name, raw: parse_integer(name, raw, minimum=0, maximum=MAX_ID),
    "offset": parse_offset,
    "maxwidth": lambda name, raw: parse_integer(name, raw, minimum=1, maximum=MAX_ID),
    "maxheight": lambda name, raw: parse_integer(name, raw, minimum=1, maximum=MAX_ID),
    "year": lambda name, raw: parse_integer(name, raw, minimum=1, maximum=9999),
    "id": parse_id,
    "child_of": parse_id,
    "descendant_of": parse_id,
    "ancestor_of": parse_id,
    "translation_of": parse_id,
}


def check_query(query, numbers):
    """Raise ParameterError for the first parameter of ``query`` (a QueryDict) that breaks the rules above; the
    shared numbers are checked when ``numbers`` is true."""
    for name, values in query.lists():
        parse_text(name, name, max_length=100)
        for value in values:
            parse_text(name, value)
            if numbers and name in NUMBER_PARAMETERS and value != "":
                NUMBER_PARAMETERS[name](name, value)


def error_response(path, error):
    """The 400 for ``error`` in the shape of the API at ``path``: API v2's ``{"message": …}``, v3's problem
    details, otherwise the feed's and oEmbed's ``{"errors": {parameter: [message]}}``."""
    if path.startswith("/api/v2/"):
        return JsonResponse({"message": str(error)}, status=400)
    if path.startswith("/api/v3/"):
        problem = {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": str(error)}
        return JsonResponse(problem, status=400, content_type="application/problem+json")
    return JsonResponse({"errors": {error.parameter: [str(error.message)]}}, status=400)


def keep_not_found(request, urlconf):
    """Keep an API's 404 a JSON 404: LocaleMiddleware redirects a 404 to /en/api/… whenever the language-prefixed
    path resolves, and Wagtail's catch-all page route resolves every path. The middleware checks the request's
    urlconf, so the API's own ``urlconf`` (the dotted path of a module without language prefixes) is set on the
    request. The feed, oEmbed and the content API (API v2 and v3) call it on every 404 they answer."""
    request.urlconf = urlconf


class QueryParameterMiddleware:
    """Refuse, before any view runs, a request to the APIs whose query string breaks the rules (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            try:
                # The feed, search and oEmbed parse their numbers themselves (with this module) and word their own
                # errors; Wagtail's API v2 and v3 meet them here, before their int().
                check_query(request.GET, numbers=request.path.startswith(WAGTAIL_APIS))
            except ParameterError as error:
                return error_response(request.path, error)
        return self.get_response(request)
