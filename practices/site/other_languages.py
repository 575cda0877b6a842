"""No language silo (issue 19): what a section, a listing or the home page offers from the other languages.

A reader of Croatian whose materials section is empty should still find the four English materials. Beside its own
items, each listing and the home page offers the best items published in other languages that have no published
translation in the reader's: featured before verified before unmarked, complete before stubs, newest first; each is
labelled with its language ("in English") and with whether a translation into the reader's language is in progress
(a draft translation exists). An item written in several other languages is offered once, in its best-ranked one.

Readers who want only their own language say so with ``?only_my_language=1``, which the listing keeps in its links.
"""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from practices.choices import Completeness, QualityMark
from practices.site.listing import query_with

ONLY_MY_LANGUAGE_PARAMETER = "only_my_language"
# How many items of other languages a section or the home page offers: one row of cards, not a second listing.
OFFERED = 6
# Each language as a label of an item written in it; whole phrases, because each language inflects the name.
IN_LANGUAGE = {
    "en": _("in English"),
    "cs": _("in Czech"),
    "bg": _("in Bulgarian"),
    "hr": _("in Croatian"),
    "nb": _("in Norwegian"),
}


@dataclass(frozen=True)
class OtherLanguageItem:
    """An item offered from another language: the page, its language code, the label ("in English"), and whether
    a translation into the reader's language is in progress."""

    page: object
    language: str
    language_label: str
    translation_in_progress: bool


def only_my_language(query):
    """Whether the reader asked, in the query string, for items in their own language only."""
    return query.get(ONLY_MY_LANGUAGE_PARAMETER, "") not in ("", "0")


def best_first(items):
    """``items`` ordered as the best to offer first: featured, verified, then unmarked; complete, partial, then
    stubs; the newest first among equals."""
    quality = Case(
        When(quality_mark=QualityMark.FEATURED, then=Value(0)),
        When(quality_mark=QualityMark.VERIFIED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    completeness = Case(
        When(completeness=Completeness.COMPLETE, then=Value(0)),
        When(completeness=Completeness.PARTIAL, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return items.annotate(offer_quality=quality, offer_completeness=completeness).order_by(
        "offer_quality", "offer_completeness", "-first_published_at", "-pk"
    )


def offer_from_other_languages(item_model, locale, limit=OFFERED):
    """Up to ``limit`` of the best live ``item_model`` items of other locales that are not published in ``locale``,
    as ``OtherLanguageItem``s. Three queries."""
    published_here = item_model.objects.live_in(locale).values("translation_key")
    candidates = best_first(
        item_model.objects.live().exclude(locale=locale).exclude(translation_key__in=published_here)
    ).select_related("locale")
    offered = {}
    # A few more than wanted, as an item may be live in several other languages and is offered once.
    for page in candidates[: limit * 5]:
        offered.setdefault(page.translation_key, page)
        if len(offered) == limit:
            break
    in_progress = set(
        item_model.objects.filter(locale=locale, live=False, translation_key__in=list(offered)).values_list(
            "translation_key", flat=True
        )
    )
    return [
        OtherLanguageItem(
            page=page,
            language=page.locale.language_code,
            language_label=str(IN_LANGUAGE.get(page.locale.language_code, page.locale.language_code)),
            translation_in_progress=page.translation_key in in_progress,
        )
        for page in offered.values()
    ]


@dataclass(frozen=True)
class ListingOffer:
    """What a listing shows of other languages: the offered ``items`` (none on later pages, with filters active or
    when the reader asked for their own language only), whether the reader asked so, and the link that switches."""

    items: list
    only_my_language: bool
    switch_url: str


def offer_with_listing(listing, item_model, query, locale):
    """The offer beside a section's listing. Filters name terms of the reader's language, so a filtered listing
    offers nothing from other languages rather than items that do not match; the first page of the whole section
    offers the best of them, an empty section included."""
    own_only = only_my_language(query)
    offered = not own_only and not listing.active and listing.page.number == 1
    return ListingOffer(
        items=offer_from_other_languages(item_model, locale) if offered else [],
        only_my_language=own_only,
        switch_url=query_with(query, **{ONLY_MY_LANGUAGE_PARAMETER: "" if own_only else "1"}),
    )
