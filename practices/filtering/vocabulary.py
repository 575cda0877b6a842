"""One class per filter parameter: what a raw value of ``?theme=``, ``?country=``, ``?year=``… must be, and the
message that says what would be right.

``parse(raw)`` returns the clean value or raises ``ParameterError`` with the API's message (``Unknown theme
“yuoth”.``); ``notice(raw)`` is the message a page shows when it drops the same value (``Unknown theme “yuoth”; the
filter was ignored.``). Which of the two a request gets is the front's choice (practices.filtering.fronts), never the
parameter's. The endpoints add what only they know on top (the feed narrows a queryset, a listing counts facets, the
search matches its documents' attributes), so the rules for a value are written once.

Taxonomy values are the term's slug, which all translations of a term share: ``?theme=youth`` means the same theme in
every language.
"""

import datetime

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from practices.choices import PracticeStatus
from practices.models import ITEM_MODELS, FundingProgramme, Method, TargetGroup, Theme
from practices.parameters import ASCII_DIGITS, ParameterError, parse_integer

# Longer than any slug, country code or year; a longer value (or one with control characters, which PostgreSQL
# refuses in a string) is a broken link, reported like any other unknown value rather than sent to the database.
MAX_VALUE_LENGTH = 100


def shown(raw):
    """A query value as a message may quote it: cut short, control characters escaped."""
    cut = raw[:MAX_VALUE_LENGTH]
    return cut if cut.isprintable() else cut.encode("unicode_escape").decode()


class FilterParameter:
    """One query parameter of the shared vocabulary. Override ``parse_value`` (a printable value of a sane length)
    and ``unknown_message`` (the API's words); ``label`` names the filter in a page's notice."""

    parameter = ""
    label = ""
    unknown_message = ""

    def parse(self, raw):
        if len(raw) > MAX_VALUE_LENGTH or not raw.isprintable():
            raise self.unknown(raw)
        return self.parse_value(raw)

    def parse_value(self, raw):
        return raw

    def parse_list(self, raw):
        """A comma-separated list (the search's ``?theme=youth,culture``, any of them) as a set of clean values;
        the first unknown value in alphabetical order is the one reported."""
        values = {value.strip() for value in raw.split(",") if value.strip()}
        return {self.parse(value) for value in sorted(values)}

    def unknown(self, raw):
        return ParameterError(self.parameter, self.unknown_message_for(raw))

    def unknown_message_for(self, raw, **more):
        """The API's words for an unknown value: the parameter's own, or a generic one naming the filter."""
        if self.unknown_message:
            return self.unknown_message % {"value": shown(raw), **more}
        return gettext("Unknown %(kind)s “%(value)s”.") % {"kind": str(self.label).lower(), "value": shown(raw)}

    def notice(self, raw):
        return gettext("Unknown %(filter)s “%(value)s”; the filter was ignored.") % {
            "filter": str(self.label).lower(),
            "value": shown(raw),
        }


class ChoiceParameter(FilterParameter):
    """A value from a fixed list, which the API's message spells out."""

    def choices(self):
        raise NotImplementedError

    def parse_value(self, raw):
        if raw not in self.choices():
            raise self.unknown(raw)
        return raw

    def unknown(self, raw):
        return ParameterError(self.parameter, self.unknown_message_for(raw, values=", ".join(self.choices())))


class LocaleParameter(ChoiceParameter):
    """The language of the items: one of the site's languages, or of ``codes`` where an endpoint offers others
    (the search's ``all``)."""

    parameter = "locale"
    label = _("Language")
    unknown_message = _("Unknown locale “%(value)s”; use one of %(codes)s.")

    def __init__(self, codes=None):
        self.codes = codes

    def unknown(self, raw):
        return ParameterError(self.parameter, self.unknown_message_for(raw, codes=", ".join(self.choices())))

    def choices(self):
        return list(self.codes) if self.codes is not None else [code for code, _name in settings.LANGUAGES]


class ItemTypeParameter(ChoiceParameter):
    parameter = "type"
    label = _("Type")
    unknown_message = _("Unknown type “%(value)s”; use one of %(values)s.")

    def choices(self):
        return list(ITEM_MODELS)


class StatusParameter(ChoiceParameter):
    parameter = "status"
    label = _("Status")
    unknown_message = _("Unknown status “%(value)s”; use one of %(values)s.")

    def choices(self):
        return PracticeStatus.values


class CountryParameter(FilterParameter):
    """An ISO 3166-1 alpha-2 code in either case; the clean value is upper case."""

    parameter = "country"
    label = _("Country")
    unknown_message = _("Unknown country code “%(value)s”.")

    def parse_value(self, raw):
        code = raw.upper()
        if code not in countries:
            raise self.unknown(raw)
        return code

    def notice(self, raw):
        return gettext("Unknown country “%(value)s”; the filter was ignored.") % {"value": shown(raw)}


class TermParameter(FilterParameter):
    """The slug of a taxonomy term, in any of the term's translations; ``relation`` is the items' field that links
    such terms (``themes``), through which the endpoints filter and count. The taxonomies' parameters differ only
    in their model, field and words, so each is made by ``of`` below."""

    term_model = None
    relation = ""

    @classmethod
    def of(cls, term_model, relation, parameter, label, unknown_message):
        """The parameter class of one taxonomy, named after its model (``ThemeParameter``): a class rather than an
        instance, because the feed's and the listing's filters extend it."""
        attributes = {
            "term_model": term_model,
            "relation": relation,
            "parameter": parameter,
            "label": label,
            "unknown_message": unknown_message,
        }
        return type(f"{term_model.__name__}Parameter", (cls,), {"__module__": cls.__module__, **attributes})

    def parse_value(self, raw):
        if not self.term_model.objects.filter(slug=raw).exists():
            raise self.unknown(raw)
        return raw

    def parse_list(self, raw):
        """As FilterParameter's, with every slug looked up in one query."""
        values = {value.strip() for value in raw.split(",") if value.strip()}
        for value in sorted(values):
            if len(value) > MAX_VALUE_LENGTH or not value.isprintable():
                raise self.unknown(value)
        known = set(self.term_model.objects.filter(slug__in=values).values_list("slug", flat=True))
        unknown = sorted(values - known)
        if unknown:
            raise self.unknown(unknown[0])
        return values


ThemeParameter = TermParameter.of(Theme, "themes", "theme", _("Theme"), _("Unknown theme “%(value)s”."))
TargetGroupParameter = TermParameter.of(
    TargetGroup, "target_groups", "target_group", _("Target group"), _("Unknown target group “%(value)s”.")
)
MethodParameter = TermParameter.of(Method, "methods", "method", _("Method"), _("Unknown method “%(value)s”."))
FundingProgrammeParameter = TermParameter.of(
    FundingProgramme,
    "funding_programme",
    "funding_programme",
    _("Funding programme"),
    _("Unknown funding programme “%(value)s”."),
)


class YearParameter(FilterParameter):
    """A four-digit year (from 1000: no item of the knowledge base is older)."""

    parameter = "year"
    label = _("Year")

    def parse(self, raw):
        return parse_integer(self.parameter, raw, minimum=1000, maximum=datetime.MAXYEAR)

    def notice(self, raw):
        return gettext("“%(value)s” is not a year; the filter was ignored.") % {"value": shown(raw)}


class PageParameter(FilterParameter):
    """The number of a page of results, from 1 to ``maximum``."""

    parameter = "page"
    label = _("Page")

    def __init__(self, maximum):
        self.maximum = maximum

    def parse(self, raw):
        return parse_integer(self.parameter, raw, minimum=1, maximum=self.maximum)


class PageSizeParameter(FilterParameter):
    """How many results a page holds, from 1 to ``maximum``."""

    parameter = "page_size"

    def __init__(self, maximum):
        self.maximum = maximum

    def parse(self, raw):
        if not ASCII_DIGITS.fullmatch(raw) or int(raw) < 1:
            raise ParameterError(self.parameter, gettext("The page size must be a positive whole number."))
        if int(raw) > self.maximum:
            raise ParameterError(self.parameter, gettext("The largest page size is %(max)d.") % {"max": self.maximum})
        return int(raw)
