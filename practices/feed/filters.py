"""Query parameters of the partner feed (/api/feed/v1/): one class per parameter, and the cursor pagination.

Parameters are strict, as in Wagtail's API v2: an unknown parameter, an unknown value, a malformed date, cursor or
page size is answered with HTTP 400 and a body naming every offending parameter::

    {"errors": {"theme": ["Unknown theme “yuoth”."], "page_size": ["The largest page size is 100."]}}

Taxonomy filters match the term's slug, which all translations of a term share: ``?theme=youth`` finds a Czech
practice that links the Czech translation of the theme.
"""

from base64 import b64decode
from binascii import Error as Base64Error
from urllib import parse

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import Cursor, CursorPagination

from practices.filtering import vocabulary
from practices.filtering.fronts import read_strict
from practices.parameters import ASCII_DIGITS, MAX_ID, ParameterError, parse_moment
from practices.site_url import absolute_url

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


class FeedParameterError(ValidationError):
    """A query parameter the feed cannot answer; rendered as ``{"errors": {parameter: [message]}}``."""

    def __init__(self, parameter, message):
        super().__init__({parameter: [message]})


class FeedFilter:
    """One query parameter of a feed list. Override ``parse`` to validate the raw string (raise ``ParameterError``,
    through ``error``) and ``filter_queryset`` to narrow the list by the parsed value; the shared parameters take
    their ``parse`` from practices.filtering.vocabulary."""

    parameter = ""
    description = ""
    # The OpenAPI schema of the raw value: as precise as the parser, so that a contract tester's valid values are
    # accepted and its invalid ones refused.
    openapi_type = {"type": "string", "minLength": 1}

    @property
    def enum(self):
        return None

    def parse(self, value):
        return value

    def filter_queryset(self, queryset, value):
        return queryset

    def error(self, message):
        return ParameterError(self.parameter, message)

    def openapi_parameter(self):
        return OpenApiParameter(
            self.parameter, self.openapi_type, OpenApiParameter.QUERY, description=self.description, enum=self.enum
        )


class ChoiceFilter(FeedFilter):
    """A value from a fixed list (a vocabulary.ChoiceParameter's ``choices``), which the schema enumerates; items
    match it in ``field_name``."""

    field_name = ""

    @property
    def enum(self):
        return self.choices()

    def filter_queryset(self, queryset, value):
        return queryset.filter(**{self.field_name: value})


class LocaleFilter(vocabulary.LocaleParameter, ChoiceFilter):
    description = _("Only items in this language.")
    field_name = "locale__language_code"


class CountryFilter(vocabulary.CountryParameter, FeedFilter):
    description = _("Only items in this country (ISO 3166-1 alpha-2 code, e.g. CZ).")
    openapi_type = {"type": "string", "pattern": "^[A-Za-z]{2}$"}

    def filter_queryset(self, queryset, value):
        return queryset.filter(country=value)


class TermFilter(FeedFilter):
    """Items that link a term with this slug, in any of the term's translations (through the parameter's
    ``relation``)."""

    openapi_type = {"type": "string", "minLength": 1, "maxLength": 100}

    def filter_queryset(self, queryset, value):
        # A subquery rather than a join: a page linking two translations of one term would otherwise appear twice.
        linked = queryset.model.objects.filter(**{f"{self.relation}__slug": value}).values("pk")
        return queryset.filter(pk__in=linked)


class ThemeFilter(vocabulary.ThemeParameter, TermFilter):
    description = _("Only items with this theme (slug, the same in every language).")


class TargetGroupFilter(vocabulary.TargetGroupParameter, TermFilter):
    description = _("Only items for this target group (slug).")


class MethodFilter(vocabulary.MethodParameter, TermFilter):
    description = _("Only practices using this method (slug).")


class FundingProgrammeFilter(vocabulary.FundingProgrammeParameter, TermFilter):
    description = _("Only items funded by this programme (slug).")

    def filter_queryset(self, queryset, value):
        return queryset.filter(funding_programme__slug=value)


class StatusFilter(vocabulary.StatusParameter, ChoiceFilter):
    description = _("Only practices in this state.")
    field_name = "status"


class UpdatedSinceFilter(FeedFilter):
    parameter = "updated_since"
    description = _("Only items last published at or after this ISO 8601 date or date-time (UTC unless given).")
    openapi_type = {"type": "string", "anyOf": [{"format": "date-time"}, {"format": "date"}]}

    def parse(self, value):
        return parse_moment(self.parameter, value)

    def filter_queryset(self, queryset, value):
        return queryset.filter(last_published_at__gte=value)


class OrderingFilter(FeedFilter):
    """The order of a list; the page id breaks ties so that cursor pages never overlap."""

    parameter = "ordering"
    description = _("Order of the list; the default, last_published_at, suits synchronisation.")
    orderings = {
        "last_published_at": ("last_published_at", "pk"),
        "-last_published_at": ("-last_published_at", "-pk"),
        "title": ("title", "pk"),
        "-title": ("-title", "-pk"),
    }
    default = "last_published_at"

    @property
    def enum(self):
        return list(self.orderings)

    def parse(self, value):
        if value not in self.orderings:
            raise self.error(
                _("Unknown ordering “%(value)s”; use one of %(values)s.")
                % {
                    "value": value,
                    "values": ", ".join(self.orderings),
                }
            )
        return value


class FeedFilterSet:
    """The parameters one feed list accepts: ``parse`` reads a request's query strictly
    (practices.filtering.fronts.read_strict: every bad parameter reported at once); ``filter_queryset`` applies the
    parsed values."""

    filters = ()
    pagination_parameters = ("cursor", "page_size")
    ordering_filter = None

    def parse(self, query_params):
        return read_strict(query_params, self.filters, also=self.pagination_parameters)

    def filter_queryset(self, queryset, values):
        for feed_filter in self.filters:
            if feed_filter.parameter in values:
                queryset = feed_filter.filter_queryset(queryset, values[feed_filter.parameter])
        return queryset

    def ordering(self, values):
        """The ordering the pagination applies: a tuple of field names, unique thanks to the final ``pk``."""
        if self.ordering_filter is None:
            return ("pk",)
        return self.ordering_filter.orderings[values.get(self.ordering_filter.parameter, self.ordering_filter.default)]

    def openapi_parameters(self):
        return [feed_filter.openapi_parameter() for feed_filter in self.filters]


class ItemFilterSet(FeedFilterSet):
    ordering_filter = OrderingFilter()
    filters = (
        LocaleFilter(),
        ThemeFilter(),
        TargetGroupFilter(),
        FundingProgrammeFilter(),
        UpdatedSinceFilter(),
        ordering_filter,
    )


class PracticeFilterSet(ItemFilterSet):
    filters = (
        *ItemFilterSet.filters,
        CountryFilter(),
        MethodFilter(),
        StatusFilter(),
    )


class OrganisationFilterSet(FeedFilterSet):
    filters = (LocaleFilter(), CountryFilter())


class TermFilterSet(FeedFilterSet):
    filters = (LocaleFilter(),)


class DetailFilterSet(FeedFilterSet):
    """A single item takes no parameters."""

    pagination_parameters = ()


class FeedCursorPagination(CursorPagination):
    """Cursor pages over a unique ordering, so that pages stay correct while editors publish: a page published
    between two requests is neither skipped nor repeated, it appears where its new position is.

    Strict, unlike DRF's default: a page size over the maximum or a cursor that does not decode is a 400.
    """

    page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    page_size_query_description = _("Number of items per page, 1 to 100 (default 20).")
    cursor_query_description = _("The cursor of the page to fetch, taken from a previous page's next or previous.")

    def get_ordering(self, request, queryset, view):
        return view.ordering

    def paginate_queryset(self, queryset, request, view=None):
        """DRF's, with the next and previous links under SITE_BASE_URL rather than the request's host."""
        page = super().paginate_queryset(queryset, request, view)
        self.base_url = absolute_url(request.get_full_path())
        return page

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        try:
            return vocabulary.PageSizeParameter(self.max_page_size).parse(value)
        except ParameterError as error:
            raise FeedParameterError(error.parameter, error.message) from None

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        invalid = FeedParameterError(self.cursor_query_param, _("This cursor is not valid; start again from page 1."))
        try:
            tokens = parse.parse_qs(
                b64decode(encoded.encode("ascii"), validate=True).decode("ascii"), strict_parsing=True
            )
            offset = int(tokens.get("o", ["0"])[0])
            reverse = bool(int(tokens.get("r", ["0"])[0]))
            position = tokens.get("p", [None])[0]
        except (Base64Error, UnicodeError, ValueError):
            raise invalid from None
        if offset < 0 or offset > self.offset_cutoff or not self.position_is_valid(position):
            raise invalid
        return Cursor(offset=offset, reverse=reverse, position=position)

    def position_is_valid(self, position):
        """A position must compare with the ordering's first field, or the database query would fail."""
        if position is None:
            return True
        field = self.ordering[0].lstrip("-")
        if field == "last_published_at":
            try:
                return parse_datetime(position) is not None
            except ValueError:
                return False
        if field == "pk":
            return bool(ASCII_DIGITS.fullmatch(position)) and int(position) <= MAX_ID
        return True

    def get_schema_operation_parameters(self, view):
        """The cursor and the page size, with the bounds get_page_size enforces."""
        cursor, page_size = super().get_schema_operation_parameters(view)
        cursor["schema"] = {"type": "string"}  # empty: the first page, as without a cursor
        page_size["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return [cursor, page_size]

    def get_paginated_response_schema(self, schema):
        """A page as OpenAPI 3.1 describes it: ``next`` and ``previous`` are always present, a URL or null (DRF's
        own schema uses 3.0's ``nullable``, which 3.1 tools ignore)."""
        link = {"type": ["string", "null"], "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": str(_("The next page, or null on the last page."))},
                "previous": {**link, "description": str(_("The previous page, or null on the first page."))},
                "results": schema,
            },
        }
