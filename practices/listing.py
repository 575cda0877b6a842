"""The practitioners' listings: which filters a section offers, how a query string narrows its items, and the counts
shown beside each filter value.

A listing is forgiving where the partner feed is strict: a person who follows an old or mistyped link should still
see a list, so an unknown or malformed value is dropped with a notice instead of an error page. The filter state
lives in the query string only (``?theme=youth&country=CZ&sort=title``), so a filtered list can be shared.

Counts are computed with one grouped query per facet, whatever the number of items; each facet counts the items
that match every *other* active filter, so a reader sees how many items switching to another value would give.
Taxonomy filters use the term's slug, shared by its translations, exactly like the feed's ``?theme=``.
"""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from practices.choices import PracticeStatus
from practices.models import FundingProgramme, GoodPracticePage, MaterialPage, Method, TargetGroup, Theme

SORTS = {
    "newest": ("-first_published_at", "-pk"),
    "title": ("title", "pk"),
}
DEFAULT_SORT = "newest"


@dataclass
class FacetValue:
    """One value of a facet as a reader sees it: its label, how many items it gives, and whether it is chosen."""

    value: str
    label: str
    count: int
    url: str
    selected: bool = False


@dataclass
class Facet:
    """One filter of a listing, with its values and counts in the current selection."""

    parameter: str
    label: str
    values: list = field(default_factory=list)
    selected: str = ""
    clear_url: str = ""


class ListingFilter:
    """One query parameter of a listing. ``parse`` returns the clean value or raises ``ValueError`` with a message
    for the reader; ``apply`` narrows a queryset; ``counts`` returns ``{value: count}`` over a queryset in one query;
    ``labels`` names the values in the reader's language."""

    parameter = ""
    label = ""

    def parse(self, raw, locale):
        return raw

    def apply(self, queryset, value):
        raise NotImplementedError

    def counts(self, queryset):
        raise NotImplementedError

    def labels(self, values, locale):
        return {value: str(value) for value in values}


class CountryFilter(ListingFilter):
    parameter = "country"
    label = _("Country")

    def parse(self, raw, locale):
        code = raw.upper()
        if code not in countries:
            raise ValueError(gettext("Unknown country “%(value)s”; the filter was ignored.") % {"value": raw})
        return code

    def apply(self, queryset, value):
        return queryset.filter(country=value)

    def counts(self, queryset):
        rows = queryset.exclude(country="").values_list("country").annotate(n=Count("pk")).order_by()
        return dict(rows)

    def labels(self, values, locale):
        return {code: countries.name(code) for code in values}


class TermFilter(ListingFilter):
    """A taxonomy filter (many-to-many). Items may link a term in another language (a translation that still points
    at the English term), so counts group by the slug that all translations share."""

    term_model = None
    relation = ""

    def parse(self, raw, locale):
        if not self.term_model.objects.filter(slug=raw).exists():
            raise ValueError(
                gettext("Unknown %(filter)s “%(value)s”; the filter was ignored.")
                % {"filter": str(self.label).lower(), "value": raw}
            )
        return raw

    def apply(self, queryset, value):
        return queryset.filter(**{f"{self.relation}__slug": value})

    def counts(self, queryset):
        through = getattr(queryset.model, self.relation).through
        owner = f"{queryset.model._meta.model_name}"
        rows = (
            through.objects.filter(**{f"{owner}__in": queryset.values("pk")})
            .values_list(f"{self.term_model._meta.model_name}__slug")
            .annotate(n=Count(owner, distinct=True))
            .order_by()
        )
        return dict(rows)

    def labels(self, values, locale):
        """Names in the reader's locale, falling back to any translation's name: two queries at most."""
        names = dict(self.term_model.objects.filter(slug__in=values, locale=locale).values_list("slug", "name"))
        missing = set(values) - set(names)
        if missing:
            for slug, name in self.term_model.objects.filter(slug__in=missing).values_list("slug", "name"):
                names.setdefault(slug, name)
        return names


class ThemeFilter(TermFilter):
    parameter = "theme"
    label = _("Theme")
    term_model = Theme
    relation = "themes"


class TargetGroupFilter(TermFilter):
    parameter = "target_group"
    label = _("Target group")
    term_model = TargetGroup
    relation = "target_groups"


class MethodFilter(TermFilter):
    parameter = "method"
    label = _("Method")
    term_model = Method
    relation = "methods"


class FundingProgrammeFilter(TermFilter):
    """The funding programme is a single link, not many-to-many, so it counts with a plain grouped query."""

    parameter = "funding_programme"
    label = _("Funding programme")
    term_model = FundingProgramme
    relation = "funding_programme"

    def counts(self, queryset):
        rows = (
            queryset.exclude(funding_programme=None)
            .values_list("funding_programme__slug")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return dict(rows)


class StatusFilter(ListingFilter):
    parameter = "status"
    label = _("Status")

    def parse(self, raw, locale):
        if raw not in PracticeStatus.values:
            raise ValueError(gettext("Unknown status “%(value)s”; the filter was ignored.") % {"value": raw})
        return raw

    def apply(self, queryset, value):
        return queryset.filter(status=value)

    def counts(self, queryset):
        return dict(queryset.exclude(status="").values_list("status").annotate(n=Count("pk")).order_by())

    def labels(self, values, locale):
        return {value: PracticeStatus(value).label for value in values}


class YearFilter(ListingFilter):
    """The year an item belongs to: a practice's start, a material's publication, otherwise its first publication
    on this site."""

    parameter = "year"
    label = _("Year")

    def __init__(self, date_field):
        self.date_field = date_field

    def parse(self, raw, locale):
        if not (raw.isdigit() and len(raw) == 4 and datetime.MINYEAR <= int(raw) <= datetime.MAXYEAR):
            raise ValueError(gettext("“%(value)s” is not a year; the filter was ignored.") % {"value": raw})
        return int(raw)

    def apply(self, queryset, value):
        return queryset.filter(**{f"{self.date_field}__year": value})

    def counts(self, queryset):
        rows = (
            queryset.exclude(**{self.date_field: None})
            .annotate(facet_year=ExtractYear(self.date_field))
            .values_list("facet_year")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return dict(rows)


def filters_for(item_model):
    """The filters a section of ``item_model`` offers, in the order they are shown."""
    common = [ThemeFilter(), TargetGroupFilter(), FundingProgrammeFilter()]
    if issubclass(item_model, GoodPracticePage):
        return [CountryFilter(), *common, MethodFilter(), StatusFilter(), YearFilter("start_date")]
    if issubclass(item_model, MaterialPage):
        return [*common, YearFilter("publication_date")]
    return [*common, YearFilter("first_published_at")]


@dataclass
class Listing:
    """A section's items as filtered by one request: the page of items, the facets, the notices, the sort, and the
    query strings of the links that change them (``sort_urls``, ``clear_url``)."""

    page: object
    facets: list
    notices: list
    sort: str
    active: dict
    total: int
    sort_urls: dict
    clear_url: str


def query_with(query, **changes):
    """``query`` (a QueryDict) as a query string with ``changes`` applied, an empty value removing its parameter.
    The page number is always dropped: a changed filter or sort starts again at the first page."""
    query = query.copy()
    query.pop("page", None)
    for name, value in changes.items():
        if value in ("", None):
            query.pop(name, None)
        else:
            query[name] = str(value)
    return f"?{query.urlencode()}"


def build_listing(items, item_model, query, locale, per_page):
    """Filter ``items`` (a queryset of ``item_model``) by the request's ``query`` (a QueryDict) and return a
    ``Listing``; unknown parameters are ignored, unknown values and sorts are dropped with a notice."""
    filters = filters_for(item_model)
    notices = []
    active = {}
    for listing_filter in filters:
        raw = query.get(listing_filter.parameter, "").strip()
        if not raw:
            continue
        try:
            active[listing_filter.parameter] = listing_filter.parse(raw, locale)
        except ValueError as error:
            notices.append(str(error))

    sort = query.get("sort") or DEFAULT_SORT
    if sort not in SORTS:
        notices.append(gettext("Unknown sort order “%(value)s”; newest first is shown.") % {"value": sort})
        sort = DEFAULT_SORT

    def narrowed(skip=None):
        queryset = items
        for listing_filter in filters:
            if listing_filter.parameter in active and listing_filter.parameter != skip:
                queryset = listing_filter.apply(queryset, active[listing_filter.parameter])
        return queryset

    facets = []
    for listing_filter in filters:
        counts = listing_filter.counts(narrowed(skip=listing_filter.parameter))
        labels = listing_filter.labels(list(counts), locale)
        selected = active.get(listing_filter.parameter)
        values = [
            FacetValue(
                value=str(value),
                label=labels.get(value, str(value)),
                count=count,
                url=query_with(query, **{listing_filter.parameter: value}),
                selected=value == selected,
            )
            for value, count in counts.items()
        ]
        if isinstance(listing_filter, YearFilter):
            values.sort(key=lambda facet_value: facet_value.value, reverse=True)
        else:
            values.sort(key=lambda facet_value: facet_value.label.casefold())
        facets.append(
            Facet(
                parameter=listing_filter.parameter,
                label=listing_filter.label,
                values=values,
                selected="" if selected is None else str(selected),
                clear_url=query_with(query, **{listing_filter.parameter: ""}),
            )
        )

    results = narrowed().order_by(*SORTS[sort])
    paginator = Paginator(results, per_page)
    page = paginator.get_page(query.get("page"))
    return Listing(
        page=page,
        facets=facets,
        notices=notices,
        sort=sort,
        active={name: str(value) for name, value in active.items()},
        total=paginator.count,
        sort_urls={name: query_with(query, sort=name) for name in SORTS},
        clear_url=query_with(query, **{listing_filter.parameter: "" for listing_filter in filters}),
    )
