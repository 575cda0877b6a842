"""The two ways a query string is read with the vocabulary (practices.filtering.vocabulary).

**Strict**, for the APIs and every feed a program follows (the partner feed, its exports, the search API, the
Atom/JSON feeds, the map's GeoJSON): an unknown parameter, a repeated one or a bad value is an error naming the
parameter, and every bad parameter of the request is reported at once, as DRF's ``ValidationError`` whose detail is
the body ``{"errors": {parameter: [message]}}`` carries::

    {"theme": ["Unknown theme “yuoth”."], "sort": ["Unknown parameter; this list accepts theme, year, limit."]}

A program would otherwise follow something other than what it asked for, without anyone noticing.

**Forgiving**, for the practitioners' pages (listings, the map, the search page): a person who follows an old or
mistyped link still gets a page, so a bad value is dropped and a notice says so; unknown parameters (tracking tags)
are ignored, and of a repeated parameter the last value counts.
"""

from django.utils.translation import gettext
from rest_framework.exceptions import ValidationError

from practices.parameters import ParameterError


def unknown_parameter_message(accepted):
    return gettext("Unknown parameter; this list accepts %(names)s.") % {"names": ", ".join(accepted)}


def misnamed_parameters(query, accepted):
    """``{name: [message]}`` for each parameter of ``query`` (a QueryDict) that is not ``accepted`` or is given
    more than once: a repeated parameter is ambiguous, never silently its last value."""
    errors = {}
    for name in query:
        if name not in accepted:
            errors[name] = [unknown_parameter_message(accepted)]
        elif len(query.getlist(name)) > 1:
            errors[name] = [gettext("Give this parameter once.")]
    return errors


def read_strict(query, parameters, also=(), blank_means_any=False):
    """The values of ``parameters`` (vocabulary objects: ``parameter`` and ``parse``) in ``query``, as ``{name:
    value}``; ``also`` names the parameters the caller reads itself (``cursor``, ``page_size``). Raises
    ValidationError naming every parameter that is unknown, repeated or bad. An empty value is bad, unless
    ``blank_means_any``: the endpoints that follow a page's query string (the map's GeoJSON, the listing feeds)
    read ``?country=`` as the page's form does, as no filter."""
    accepted = [*(each.parameter for each in parameters), *also]
    errors = misnamed_parameters(query, accepted)
    values = {}
    for each in parameters:
        if blank_means_any and not query.get(each.parameter, "").strip():
            continue
        if each.parameter in query and each.parameter not in errors:
            try:
                values[each.parameter] = each.parse(query[each.parameter])
            except ParameterError as error:
                errors[error.parameter] = [str(error.message)]
    if errors:
        raise ValidationError(errors)
    return values


def read_forgiving(query, parameters):
    """``(values, notices)``: the values of ``parameters`` in ``query`` that parse, and for each one that does not
    the page's notice, ``{name: message}``. Empty values are no filter; anything else in the query is ignored."""
    values, notices = {}, {}
    for each in parameters:
        raw = query.get(each.parameter, "").strip()
        if not raw:
            continue
        try:
            values[each.parameter] = each.parse(raw)
        except ParameterError:
            notices[each.parameter] = each.notice(raw)
    return values, notices


def read_forgiving_lists(values, parameters):
    """The forgiving front for a page whose filters take several values at once (the search page's ``{"theme":
    "youth,yuoth"}``, comma-separated strings by name): ``(kept, notices)``, ``kept`` the same dict without the
    values that do not parse (and without a parameter left with none), ``notices`` the page's notice for each."""
    kept, notices = dict(values), []
    for each in parameters:
        if each.parameter not in values:
            continue
        good = []
        for value in filter(None, (value.strip() for value in values[each.parameter].split(","))):
            try:
                each.parse(value)
            except ParameterError:
                notices.append(each.notice(value))
            else:
                good.append(value)
        if good:
            kept[each.parameter] = ",".join(good)
        else:
            del kept[each.parameter]
    return kept, notices
