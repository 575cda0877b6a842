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

from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import Cursor, CursorPagination

from practices.choices import PracticeStatus
from practices.models import FundingProgramme, Method, TargetGroup, Theme
from practices.parameters import ASCII_DIGITS, MAX_ID, ParameterError, parse_moment
from practices.site_url import absolute_url

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


class FeedParameterError(ValidationError):
    """A query parameter the feed cannot answer; rendered as ``{"errors": {parameter: [message]}}``."""

    def __init__(self, parameter, message):
        super().__init__({parameter: [message]})


class FeedFilter:
    """One query parameter of a feed list. Override ``parse`` to validate the raw string (raise
    ``FeedParameterError``) and ``filter_queryset`` to narrow the list by the parsed value."""

    parameter = ""
    description = ""
    # The OpenAPI schema of the raw value: as precise as the parser, so that a contract tester's valid values are
    # accepted and its invalid ones refused.
    openapi_type = {"type": "string", "minLength": 1}
    enum = None

    def parse(self, value):
        return value

    def filter_queryset(self, queryset, value):
        return queryset

    def error(self, message):
        return FeedParameterError(self.parameter, message)

    def openapi_parameter(self):
        return OpenApiParameter(
            self.parameter, self.openapi_type, OpenApiParameter.QUERY, description=self.description, enum=self.enum
        )


class LocaleFilter(FeedFilter):
    parameter = "locale"
    description = _("Only items in this language.")

    @property
    def enum(self):
        return [code for code, _name in settings.LANGUAGES]

    def parse(self, value):
        if value not in self.enum:
            raise self.error(
                _("Unknown locale “%(value)s”; use one of %(codes)s.")
                % {
                    "value": value,
                    "codes": ", ".join(self.enum),
                }
            )
        return value

    def filter_queryset(self, queryset, value):
        return queryset.filter(locale__language_code=value)


class CountryFilter(FeedFilter):
    parameter = "country"
    description = _("Only items in this country (ISO 3166-1 alpha-2 code, e.g. CZ).")
    openapi_type = {"type": "string", "pattern": "^[A-Za-z]{2}$"}

    def parse(self, value):
        code = value.upper()
        if code not in countries:
            raise self.error(_("Unknown country code “%(value)s”.") % {"value": value})
        return code

    def filter_queryset(self, queryset, value):
        return queryset.filter(country=value)


class TermFilter(FeedFilter):
    """Items that link a term with this slug, in any of the term's translations."""

    model = None
    relation = ""
    unknown_message = ""
    openapi_type = {"type": "string", "minLength": 1, "maxLength": 100}

    def parse(self, value):
        if not self.model.objects.filter(slug=value).exists():
            raise self.error(self.unknown_message % {"value": value})
        return value

    def filter_queryset(self, queryset, value):
        # A subquery rather than a join: a page linking two translations of one term would otherwise appear twice.
        linked = queryset.model.objects.filter(**{f"{self.relation}__slug": value}).values("pk")
        return queryset.filter(pk__in=linked)


class ThemeFilter(TermFilter):
    parameter = "theme"
    description = _("Only items with this theme (slug, the same in every language).")
    model = Theme
    relation = "themes"
    unknown_message = _("Unknown theme “%(value)s”.")


class TargetGroupFilter(TermFilter):
    parameter = "target_group"
    description = _("Only items for this target group (slug).")
    model = TargetGroup
    relation = "target_groups"
    unknown_message = _("Unknown target group “%(value)s”.")


class MethodFilter(TermFilter):
    parameter = "method"
    description = _("Only practices using this method (slug).")
    model = Method
    relation = "methods"
    unknown_message = _("Unknown method “%(value)s”.")


class FundingProgrammeFilter(TermFilter):
    parameter = "funding_programme"
    description = _("Only items funded by this programme (slug).")
    model = FundingProgramme
    relation = "funding_programme"
    unknown_message = _("Unknown funding programme “%(value)s”.")

    def filter_queryset(self, queryset, value):
        return queryset.filter(funding_programme__slug=value)


class StatusFilter(FeedFilter):
    parameter = "status"
    description = _("Only practices in this state.")
    enum = PracticeStatus.values

    def parse(self, value):
        if value not in self.enum:
            raise self.error(
                _("Unknown status “%(value)s”; use one of %(values)s.")
                % {
                    "value": value,
                    "values": ", ".join(self.enum),
                }
            )
        return value

    def filter_queryset(self, queryset, value):
        return queryset.filter(status=value)


class UpdatedSinceFilter(FeedFilter):
    parameter = "updated_since"
    description = _("Only items last published at or after this ISO 8601 date or date-time (UTC unless given).")
    openapi_type = {"type": "string", "anyOf": [{"format": "date-time"}, {"format": "date"}]}

    def parse(self, value):
        try:
            return parse_moment(self.parameter, value)
        except ParameterError as error:
            raise self.error(error.message) from None

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
    enum = list(orderings)

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
    """The parameters one feed list accepts: ``parse`` checks every parameter of a request and reports all the bad
    ones at once; ``filter_queryset`` applies the parsed values."""

    filters = ()
    pagination_parameters = ("cursor", "page_size")
    ordering_filter = None

    def parse(self, query_params):
        known = {f.parameter: f for f in self.filters}
        errors = {}
        values = {}
        for name in query_params:
            if name in self.pagination_parameters:
                continue
            if name not in known:
                errors[name] = [_("Unknown parameter; this list accepts %(names)s.") % {"names": self.names()}]
            elif len(query_params.getlist(name)) > 1:
                errors[name] = [_("Give this parameter once.")]
            else:
                try:
                    values[name] = known[name].parse(query_params[name])
                except ValidationError as error:
                    errors.update(error.detail)
        if errors:
            raise ValidationError(errors)
        return values

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

    def names(self):
        return ", ".join([*(f.parameter for f in self.filters), *self.pagination_parameters])

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
        if not ASCII_DIGITS.fullmatch(value) or int(value) < 1:
            raise FeedParameterError(self.page_size_query_param, _("The page size must be a positive whole number."))
        if int(value) > self.max_page_size:
            raise FeedParameterError(
                self.page_size_query_param, _("The largest page size is %(max)d.") % {"max": self.max_page_size}
            )
        return int(value)

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
