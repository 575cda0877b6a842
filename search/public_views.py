"""The practitioners' search page, ``/<locale>/search/?q=&type=&country=&theme=&target_group=&method=&page=``
(issue 5), server-rendered like the rest of the public site and usable without JavaScript.

It runs the search API's search (search.knowledge_search) with the API's parameter validation
(search.serializers), records the query for the admin's statistics as the API does, and turns the outcome into
links: facets that replace one filter, selected filters that can be removed, pages, "did you mean", "search in all
languages", and the feeds that follow exactly this search (search.feeds). Forgiving like the listings: an unknown
filter value or language is dropped with a notice; bad search words or a bad page number render the page with a
message naming the parameter (HTTP 400), never an error page.
"""

import math
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.models import Locale

from home.models import count_practices_by
from practices.filtering.fronts import read_forgiving_lists
from practices.filtering.vocabulary import (
    CountryParameter,
    ItemTypeParameter,
    LocaleParameter,
    MethodParameter,
    TargetGroupParameter,
    ThemeParameter,
)
from practices.models import INDEX_MODELS, GoodPracticePage, PracticeIndexPage
from practices.site.faces import attach_faces
from practices.site.listing import ThemeFilter
from practices.site_url import absolute_url
from search import statistics
from search.engine.query import all_forms, safe_forms
from search.engine.text import WORD, word_forms
from search.knowledge_search import (
    ALL_LOCALES,
    FACETS,
    ITEM_TYPES,
    TERM_FACETS,
    content_languages,
    search_knowledge_base,
)
from search.serializers import SearchParametersSerializer

FILTERS = FACETS
PARAMETERS = ("q", "locale", *FILTERS, "page")
# The parameters a bad value of is dropped with a notice; the words and the page number stay errors of the page.
FORGIVEN = (
    LocaleParameter([*content_languages(), ALL_LOCALES]),
    ItemTypeParameter(),
    CountryParameter(),
    ThemeParameter(),
    TargetGroupParameter(),
    MethodParameter(),
)
FIELD_LABELS = {
    "q": _("Search words"),
    "locale": _("Language"),
    "type": _("Type"),
    "country": _("Country"),
    "theme": _("Theme"),
    "target_group": _("Target group"),
    "method": _("Method"),
    "page": _("Page"),
}


def search_page(request):
    """The search form, and the results of ``q`` when it is given; see the module docstring."""
    language = translation.get_language()
    query, notices = _query_of(request, language)
    context = {
        "notices": notices,
        "search_query": query.get("q", ""),
        "all_languages": query["locale"] == ALL_LOCALES,
        "language_links": _language_links(request),
        "filter_values": {name: query[name] for name in FILTERS if query.get(name)},
    }
    if not query.get("q", "").strip():
        context["browse"] = _browsing_suggestions(language)
        return render(request, "search/search_page.html", context)

    parameters = SearchParametersSerializer(data=query)
    if not parameters.is_valid():
        context["errors"] = _errors(parameters.errors, query)
        return render(request, "search/search_page.html", context, status=400)

    data = parameters.validated_data
    filters = parameters.filters()
    outcome = search_knowledge_base(data["q"], data["locale"], filters, data["page"])
    statistics.record_search(data["q"], outcome.count)
    page_count = max(math.ceil(outcome.count / settings.SEARCH_PAGE_SIZE), 1)
    context.update(
        outcome=outcome,
        corrected=outcome.searched_for != data["q"],
        results=_cards(outcome.results, outcome.clauses),
        other_languages=_cards(outcome.other_languages, outcome.clauses),
        facets=_facets(outcome, filters, query),
        selected=_selected_filters(outcome, filters, query, data["locale"]),
        page_number=data["page"],
        page_count=page_count,
        first_number=(data["page"] - 1) * settings.SEARCH_PAGE_SIZE + 1,
        previous_url=_url_with(query, page=data["page"] - 1) if data["page"] > 1 else "",
        next_url=_url_with(query, page=data["page"] + 1) if data["page"] < page_count else "",
        first_page_url=_url_with(query, page=None),
        did_you_mean_url=_url_with(query, q=outcome.did_you_mean) if outcome.did_you_mean else "",
        all_languages_url="" if data["locale"] == ALL_LOCALES else _url_with(query, locale=ALL_LOCALES),
        clear_url=_url_with(query, **dict.fromkeys(FILTERS)),
        follow=_follow_urls(query),
    )
    return render(request, "search/search_page.html", context)


def _query_of(request, language):
    """``(query, notices)``: the page's parameters from the query string, and a notice for each value dropped.
    Unknown parameters are ignored (tracking tags, old links), a repeated filter means any of its values
    (``?theme=a&theme=b`` is ``?theme=a,b``), control characters are spaces, a filter value or language the
    vocabulary does not know is dropped with a notice (practices.filtering.fronts, as on the listings), and the items'
    language is the URL's unless ``locale`` names another (or ``all``)."""
    query = {}
    for name in PARAMETERS:
        values = [value for value in request.GET.getlist(name) if value.strip()]
        if values:
            query[name] = statistics.CONTROL_CHARACTERS.sub(" ", ",".join(values))
    query, notices = read_forgiving_lists(query, FORGIVEN)
    query.setdefault("locale", language)
    return query, notices


def _url_with(query, **changes):
    """The page's URL with ``changes`` applied to ``query`` (None removes a parameter); the URL's language stands
    for itself, so ``locale`` is kept only when it names another, and the page number only when changed."""
    changed = {name: value for name, value in query.items() if name != "page"}
    for name, value in changes.items():
        if value is None:
            changed.pop(name, None)
        else:
            changed[name] = value
    if changed.get("locale") == translation.get_language():
        changed.pop("locale", None)
    if changed.get("page") == 1:
        del changed["page"]
    return f"?{urlencode(changed)}"


def _errors(errors, query):
    """``[{"field", "label", "messages", "remove_url"}]``: each bad parameter, named, with a link that drops it."""
    return [
        {
            "field": name,
            "label": FIELD_LABELS.get(name, name),
            "messages": [str(message) for message in messages],
            "remove_url": _url_with(query, **{name: None}) if name != "q" else "",
        }
        for name, messages in errors.items()
    ]


def _cards(results, clauses):
    """Results (the page's own, or those from other languages) as cards, the matched words of each title marked:
    each result's page gets its face (practices.site.faces), all at once."""
    if not results:
        return []
    forms, prefixes = all_forms(clauses)
    attach_faces([result["page"] for result in results])
    languages = {code: get_language_info(code)["name_local"] for code in content_languages()}
    return [
        {
            **result,
            "title": mark_words(result["page"].title, result["locale"], forms, prefixes),
            "type_label": ITEM_TYPES[result["type"]]._meta.verbose_name,
            "language_name": languages.get(result["locale"], result["locale"]),
        }
        for result in results
    ]


def mark_words(text, language, forms, prefixes):
    """The whole of ``text`` (a title) HTML-escaped, with the words the query matched in ``<mark>``, by the same
    rule as the snippets (search.engine.snippets): one of the word's forms is a matched form, or starts with a
    prefix."""
    parts, position = [], 0
    for token in WORD.finditer(text):
        parts.append(escape(text[position : token.start()]))
        variants = safe_forms(word_forms(token.group().lower(), language))
        matched = variants & forms or any(variant.startswith(prefix) for variant in variants for prefix in prefixes)
        parts.append(f"<mark>{escape(token.group())}</mark>" if matched else escape(token.group()))
        position = token.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of the text is escaped above


def _facets(outcome, filters, query):
    """``[{"name", "label", "values": [{"label", "count", "url", "selected", "remove_url"}]}]``: a value's link
    replaces that filter (its count is what the link gives); a selected value's link removes it."""
    shown = []
    for name in FILTERS:
        values = []
        for value in outcome.facets[name]:
            selected = value["value"] in filters.get(name, ())
            values.append(
                {
                    **value,
                    "label": _interface_label(name, value),
                    "selected": selected,
                    "url": _url_with(query, **{name: value["value"]}),
                    "remove_url": _without_value(query, filters, name, value["value"]) if selected else "",
                }
            )
        if values:
            shown.append({"name": name, "label": FIELD_LABELS[name], "values": values})
    return shown


def _interface_label(name, value):
    """Types and countries in the reader's language (the facets name them in the items' language); terms keep the
    editors' names."""
    if name == "type":
        return ITEM_TYPES[value["value"]]._meta.verbose_name
    if name == "country":
        return countries.name(value["value"]) or value["label"]
    return value["label"]


def _without_value(query, filters, name, value):
    remaining = sorted(filters.get(name, set()) - {value})
    return _url_with(query, **{name: ",".join(remaining) if remaining else None})


def _selected_filters(outcome, filters, query, locale):
    """``[{"facet", "label", "remove_url"}]``: every selected value, labelled as its facet labels it, or, when no
    match has it (nothing found), by its name."""
    labels = {
        (name, value["value"]): _interface_label(name, value) for name in FILTERS for value in outcome.facets[name]
    }
    for name, (_relation, term_model) in TERM_FACETS.items():
        missing = {value for value in filters.get(name, ()) if (name, value) not in labels}
        if missing:
            terms = term_model.objects.filter(slug__in=missing).values_list("slug", "name", "locale__language_code")
            # The name in the searched language wins over the other translations' names.
            for slug, label, _language in sorted(terms, key=lambda term: term[2] == locale):
                labels[(name, slug)] = label
    for code in filters.get("country", ()):
        labels.setdefault(("country", code), countries.name(code))
    return [
        {
            "facet": FIELD_LABELS[name],
            "label": labels.get((name, value), value),
            "remove_url": _without_value(query, filters, name, value),
        }
        for name in FILTERS
        for value in sorted(filters.get(name, ()))
    ]


def _follow_urls(query):
    """The Atom and JSON feeds of this very search (search.feeds): the same words, language and filters."""
    followed = {name: value for name, value in query.items() if name != "page"}
    if followed.get("locale") == translation.get_language():
        followed.pop("locale", None)
    suffix = f"?{urlencode(followed)}"
    return {
        "atom": reverse("search_feeds:atom") + suffix,
        "json": reverse("search_feeds:json") + suffix,
    }


def _language_links(request):
    """The language switcher's links for this page: the same search in each language (base.html)."""
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = reverse("site_search:search")
        url = f"{url}?{request.GET.urlencode()}" if request.GET else url
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "full_url": absolute_url(url),
                "is_translation": True,
                "current": code == current,
            }
        )
    return links


def _browsing_suggestions(language):
    """What to offer before anything is searched: the language's sections and its themes with their counts."""
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return {}
    sections = [index for model in INDEX_MODELS.values() for index in model.objects.live().filter(locale=locale)]
    practice_index = next((index for index in sections if isinstance(index, PracticeIndexPage)), None)
    themes = []
    if practice_index is not None:
        themes = count_practices_by(ThemeFilter(), GoodPracticePage.objects.live_in(locale), locale)
    return {"sections": sections, "practice_index": practice_index, "themes": themes}
