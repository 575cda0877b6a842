"""The practitioners' listings: which filters a section offers, how a query string narrows its items, and the counts
shown beside each filter value.

A listing is forgiving where the partner feed is strict: a person who follows an old or mistyped link should still
see a list, so an unknown or malformed value is dropped with a notice instead of an error page. The filter state
lives in the query string only (``?theme=youth&country=CZ&sort=title``), so a filtered list can be shared.

Counts are computed with one grouped query per facet, whatever the number of items; each facet counts the items
that match every *other* active filter, so a reader sees how many items switching to another value would give.
Taxonomy filters use the term's slug, shared by its translations, exactly like the feed's ``?theme=``.

Each facet's counts and labels are kept in Django's cache under the content generation (practices.feed.cache), the
token any content write replaces: they were a third of a listing's time at 1,000 items and the part that grew with
the knowledge base (docs/performance.md), while they change only when content does.

``filter_items`` is the one place a query string becomes a filtered queryset with its facets; the listing
(``build_listing``: sorting and pagination on top) and the practice map (practices/site/map.py) both build on it.
The values are read with the shared vocabulary's forgiving front (practices.filtering); the map's GeoJSON and the
listing feeds read the same filters with the strict front and narrow with ``narrow``.
"""

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from practices.choices import ContentLanguage, MaterialKind, PracticeStatus
from practices.feed.cache import RESPONSE_TIMEOUT, content_generation
from practices.filtering import vocabulary
from practices.filtering.fronts import read_forgiving
from practices.filtering.vocabulary import shown
from practices.models import GoodPracticePage, MaterialPage, TrainingVideoPage

DEFAULT_SORT = "newest"


@dataclass(frozen=True)
class ListingSort:
    """One order a listing offers: its ``?sort=`` name, its label and the queryset ordering."""

    name: str
    label: str
    ordering: tuple


def sorts_for(item_model):
    """The orders a section of ``item_model`` offers, the default first. Practices also sort by when they started,
    latest first, practices without a start date last."""
    sorts = [
        ListingSort("newest", _("Newest"), ("-first_published_at", "-pk")),
        ListingSort("title", _("Title"), ("title", "pk")),
    ]
    if issubclass(item_model, GoodPracticePage):
        sorts.append(ListingSort("start_date", _("Start date"), (F("start_date").desc(nulls_last=True), "-pk")))
    return sorts


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
    """One query parameter of a listing. ``parse`` returns the clean value or raises ``ParameterError`` (the shared
    parameters take it from practices.filtering.vocabulary, with their ``notice``); ``apply`` narrows a queryset;
    ``counts`` returns ``{value: count}`` over a queryset in one query; ``labels`` names the values in the reader's
    language."""

    parameter = ""
    label = ""

    def apply(self, queryset, value):
        raise NotImplementedError

    def counts(self, queryset):
        raise NotImplementedError

    def labels(self, values, locale):
        return {value: str(value) for value in values}


class CountryFilter(vocabulary.CountryParameter, ListingFilter):
    def apply(self, queryset, value):
        return queryset.filter(country=value)

    def counts(self, queryset):
        rows = queryset.exclude(country="").values_list("country").annotate(n=Count("pk")).order_by()
        return dict(rows)

    def labels(self, values, locale):
        return {code: countries.name(code) for code in values}


class TermFilter(ListingFilter):
    """A taxonomy filter (many-to-many). Items may link a term in another language (a translation that still points
    at the English term), so counts group by the slug that all translations share. The items' field that links the
    terms is the parameter's ``relation``."""

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


class ThemeFilter(vocabulary.ThemeParameter, TermFilter):
    pass


class TargetGroupFilter(vocabulary.TargetGroupParameter, TermFilter):
    pass


class MethodFilter(vocabulary.MethodParameter, TermFilter):
    pass


class FundingProgrammeFilter(vocabulary.FundingProgrammeParameter, TermFilter):
    """The funding programme is a single link, not many-to-many, so it counts with a plain grouped query."""

    def counts(self, queryset):
        rows = (
            queryset.exclude(funding_programme=None)
            .values_list("funding_programme__slug")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return dict(rows)


class ChoiceFilter(vocabulary.ChoiceParameter, ListingFilter):
    """A field with fixed choices (``choices``, a TextChoices class), counted with one grouped query."""

    field_name = ""
    choices_class = None

    def choices(self):
        return self.choices_class.values

    def apply(self, queryset, value):
        return queryset.filter(**{self.field_name: value})

    def counts(self, queryset):
        rows = queryset.exclude(**{self.field_name: ""}).values_list(self.field_name).annotate(n=Count("pk"))
        return dict(rows.order_by())

    def labels(self, values, locale):
        return {value: self.choices_class(value).label for value in values}


class StatusFilter(vocabulary.StatusParameter, ChoiceFilter):
    field_name = "status"
    choices_class = PracticeStatus


class MaterialKindFilter(ChoiceFilter):
    parameter = "kind"
    label = _("Kind of material")
    field_name = "material_kind"
    choices_class = MaterialKind


class SpokenLanguageFilter(ChoiceFilter):
    parameter = "language"
    label = _("Spoken language")
    field_name = "spoken_language"
    choices_class = ContentLanguage


class DocumentLanguageFilter(ChoiceFilter):
    """The languages a material's documents are in. Each document states its language inside the ``documents``
    StreamField (JSON), so a material matches when that column holds the serialised pair ``"language": "cs"``:
    SQLite stores Django's ``json.dumps`` text and PostgreSQL prints jsonb with the same separator, and only
    MaterialDocumentBlock has a ``language`` key. This counts every language in one query on both databases,
    without a table of document languages that would have to be kept in step with the stream."""

    parameter = "language"
    label = _("Document language")
    choices_class = ContentLanguage

    def matches(self, value):
        return Q(documents__icontains=f'"language": "{value}"')

    def apply(self, queryset, value):
        return queryset.filter(self.matches(value))

    def counts(self, queryset):
        row = queryset.aggregate(**{code: Count("pk", filter=self.matches(code)) for code in self.choices()})
        return {code: count for code, count in row.items() if count}


class YearFilter(vocabulary.YearParameter, ListingFilter):
    """The year an item belongs to: a practice's start, a material's publication, otherwise its first publication
    on this site."""

    def __init__(self, date_field):
        self.date_field = date_field

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
        return [MaterialKindFilter(), *common, DocumentLanguageFilter(), YearFilter("publication_date")]
    if issubclass(item_model, TrainingVideoPage):
        return [*common, SpokenLanguageFilter(), YearFilter("first_published_at")]
    return [*common, YearFilter("first_published_at")]


@dataclass
class FilteredItems:
    """A section's items narrowed by one request's filters: the queryset (not yet ordered), the facets with their
    counts, the active filters, the problems found in the query (``errors``: ``{parameter: message}``) and the
    query strings that keep only the filters (``filter_query``) or remove them all (``clear_url``)."""

    items: object
    facets: list
    active: dict
    errors: dict
    filter_query: str
    clear_url: str

    @property
    def notices(self):
        return list(self.errors.values())


@dataclass
class Listing:
    """A section's items as filtered by one request: the page of items, the facets, the notices, the sort, and the
    query strings of the links that change them (``sort_urls``, ``clear_url``); ``sorts`` lists the orders offered
    as ``{"name", "label", "url", "current"}`` and ``filter_query`` is the filters alone (``?theme=youth``), which
    the map and list views of the same selection share."""

    page: object
    facets: list
    notices: list
    sort: str
    active: dict
    total: int
    sort_urls: dict
    clear_url: str
    sorts: list = field(default_factory=list)
    filter_query: str = ""


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


def narrow(items, filters, values):
    """``items`` narrowed by each of ``filters`` that has a parsed value in ``values`` (``{parameter: value}``)."""
    for listing_filter in filters:
        if listing_filter.parameter in values:
            items = listing_filter.apply(items, values[listing_filter.parameter])
    return items


def filter_items(items, item_model, query, locale):
    """Narrow ``items`` (a queryset of ``item_model``) by the filters in ``query`` (a QueryDict) and count each
    facet; a bad value is left out of the filtering
    and reported in ``errors`` under its parameter. Parameters that are not filters (``sort``, ``page``, anything
    unknown) are left to the caller."""
    filters = filters_for(item_model)
    active, errors = read_forgiving(query, filters)

    def narrowed(skip=None):
        return narrow(items, [each for each in filters if each.parameter != skip], active)

    facets = []
    generation = content_generation()
    for listing_filter in filters:
        counts, labels = _counted(listing_filter, narrowed(skip=listing_filter.parameter), locale, generation)
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

    active = {name: str(value) for name, value in active.items()}
    return FilteredItems(
        items=narrowed(),
        facets=facets,
        active=active,
        errors=errors,
        filter_query=f"?{urlencode(active)}" if active else "",
        clear_url=query_with(query, **{listing_filter.parameter: "" for listing_filter in filters}),
    )


def _counted(listing_filter, queryset, locale, generation):
    """``(counts, labels)`` of one facet over ``queryset``, from the cache when this content generation has counted
    the same query in the same language before. The key is the query's SQL, so every filter combination, section
    and locale has its own entry; entries of older generations are never read again."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a queryset that can match nothing (``pk__in=[]``) has nothing to count
        return {}, {}
    signature = repr((type(listing_filter).__qualname__, sql, params, locale.pk, get_language()))
    key = f"listing-facet:{generation}:{hashlib.sha256(signature.encode()).hexdigest()}"
    cached = cache.get(key)
    if cached is None:
        counts = listing_filter.counts(queryset)
        labels = {value: str(label) for value, label in listing_filter.labels(list(counts), locale).items()}
        cached = (counts, labels)
        cache.set(key, cached, RESPONSE_TIMEOUT)
    return cached


def build_listing(items, item_model, query, locale, per_page):
    """Filter ``items`` (a queryset of ``item_model``) by the request's ``query`` (a QueryDict) and return a
    ``Listing``; unknown parameters are ignored, unknown values and sorts are dropped with a notice."""
    filtered = filter_items(items, item_model, query, locale)
    notices = filtered.notices
    sorts = {listing_sort.name: listing_sort for listing_sort in sorts_for(item_model)}
    sort = query.get("sort") or DEFAULT_SORT
    if sort not in sorts:
        notices.append(gettext("Unknown sort order “%(value)s”; newest first is shown.") % {"value": shown(sort)})
        sort = DEFAULT_SORT

    paginator = Paginator(filtered.items.order_by(*sorts[sort].ordering), per_page)
    page = paginator.get_page(query.get("page"))
    sort_urls = {name: query_with(query, sort=name) for name in sorts}
    return Listing(
        page=page,
        facets=filtered.facets,
        notices=notices,
        sort=sort,
        active=filtered.active,
        total=paginator.count,
        sort_urls=sort_urls,
        clear_url=filtered.clear_url,
        sorts=[
            {"name": name, "label": listing_sort.label, "url": sort_urls[name], "current": name == sort}
            for name, listing_sort in sorts.items()
        ],
        filter_query=filtered.filter_query,
    )
