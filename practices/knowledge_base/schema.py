"""The per-type table of keys of the JSON Lines format: which keys a line of each type may carry, how each is
checked, and which model attributes it fills.

A line is turned into a ``Record`` whose ``values`` are plain model values and whose ``references`` are slugs or
names still to be resolved against the database. ``to_json`` turns a record back into a canonical line, which is
also what the exporter writes, so comparing the two tells whether an import would change anything.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from practices import choices
from practices.knowledge_base import fields as f
from practices.models import ITEM_TYPES

LOCALES = ("en", "cs", "bg", "hr", "nb")
TAXONOMY_TYPES = ("theme", "target_group", "method", "funding_programme")
PAGE_TYPES = tuple(ITEM_TYPES)  # the item types' keys (practices.models.item_types)
# The thesaurus of search (search.models.Concept): a concept names itself in every language on one line, so its
# lines carry no locale.
CONCEPT_TYPE = "concept"
TYPES = (*TAXONOMY_TYPES, "organisation", CONCEPT_TYPE, *PAGE_TYPES)


@dataclass
class Record:
    """One valid line: its identity, model values, and references to resolve."""

    line: int
    type: str
    slug: str
    locale: str
    values: dict = field(default_factory=dict)
    references: dict = field(default_factory=dict)
    translation_of: str = ""
    live: bool | None = None
    document_files: list = field(default_factory=list)
    draft: "Record | None" = None  # the item's unpublished changes (an item line's ``draft`` member)


def _scalar(key, parser, attr=None):
    return key, lambda record, value: record.values.__setitem__(attr or key, parser(key, value))


def _reference(key, parser=f.parse_slug_list, single=False):
    def read(record, value):
        if single:
            text = f.parse_text(key, value)
            record.references[key] = text
        else:
            record.references[key] = parser(key, value)

    return key, read


def _split(key, parser, attrs):
    def read(record, value):
        for attr, item in zip(attrs, parser(key, value), strict=True):
            record.values[attr] = item

    return key, read


def _transfer(record, value):
    record.values.update(f.parse_transfer("transfer", value))


COMMON_TERM_KEYS = dict(
    [
        _scalar("name", lambda k, v: f.parse_text(k, v, 255)),
        _scalar("description", f.parse_text),
    ]
)

KEYS = {
    "theme": COMMON_TERM_KEYS,
    "target_group": COMMON_TERM_KEYS,
    "method": COMMON_TERM_KEYS,
    "funding_programme": {**COMMON_TERM_KEYS, **dict([_scalar("url", f.parse_url)])},
    "organisation": dict(
        [
            _scalar("name", lambda k, v: f.parse_text(k, v, 255)),
            _scalar("kind", lambda k, v: f.parse_choice(k, v or "other", choices.OrganisationKind, blank=False)),
            _scalar("country", f.parse_country),
            _scalar("city", lambda k, v: f.parse_text(k, v, 255)),
            _scalar("address", f.parse_text),
            _scalar("website", f.parse_url),
            _scalar("email", f.parse_email),
            _scalar("phone", lambda k, v: f.parse_text(k, v, 64)),
        ]
    ),
}

KEYS[CONCEPT_TYPE] = dict(
    [
        _scalar("labels", f.parse_concept_labels),
        _reference("related"),
    ]
)

ITEM_KEYS = dict(
    [
        _scalar("title", lambda k, v: f.parse_text(k, v, 255)),
        _scalar("summary", f.parse_text),
        _scalar("body", f.parse_body),
        _reference("themes"),
        _reference("target_groups"),
        _scalar(
            "licence",
            lambda k, v: f.parse_choice(k, v or choices.Licence.CC_BY, choices.Licence, blank=False),
        ),
        _split("last_verified", f.parse_last_verified, ("last_verified_at", "last_verified_by")),
        _scalar("quality_mark", lambda k, v: f.parse_choice(k, v, choices.QualityMark)),
        _scalar(
            "translation_origin",
            lambda k, v: f.parse_choice(
                k, v or choices.TranslationOrigin.HUMAN, choices.TranslationOrigin, blank=False
            ),
        ),
        _reference("funding_programme", single=True),
        _scalar("project_code", lambda k, v: f.parse_text(k, v, 64)),
        _scalar("programme_record_url", f.parse_url),
    ]
)

KEYS["practice"] = {
    **ITEM_KEYS,
    **dict(
        [
            _scalar("country", f.parse_country),
            _scalar("region", lambda k, v: f.parse_text(k, v, 255)),
            _scalar("municipality", lambda k, v: f.parse_text(k, v, 255)),
            _split("location", f.parse_location, ("latitude", "longitude")),
            _reference("organisation", single=True),
            _reference("partners", parser=lambda k, v: f.parse_object_list(k, v, f.parse_partner)),
            _split("budget", f.parse_budget, ("budget_amount", "budget_currency")),
            _scalar("start_date", f.parse_date),
            _scalar("end_date", f.parse_date),
            _scalar("status", lambda k, v: f.parse_choice(k, v, choices.PracticeStatus)),
            _reference("methods"),
            _scalar("outcomes", lambda k, v: f.parse_object_list(k, v, f.parse_outcome)),
            _scalar("lessons_learned", f.parse_text),
            _scalar("source_links", lambda k, v: f.parse_object_list(k, v, f.parse_source_link)),
            _scalar("gallery", lambda k, v: f.parse_object_list(k, v, f.parse_captioned_image)),
            ("transfer", _transfer),
            _reference("related_materials"),
            _reference("related_videos"),
        ]
    ),
}
KEYS["material"] = {
    **ITEM_KEYS,
    **dict(
        [
            _scalar("material_kind", lambda k, v: f.parse_choice(k, v, choices.MaterialKind, blank=False)),
            _scalar("documents", lambda k, v: f.parse_object_list(k, v, f.parse_material_document)),
            _scalar("publication_date", f.parse_date),
            _reference("organisation", single=True),
        ]
    ),
}
KEYS["video"] = {
    **ITEM_KEYS,
    **dict(
        [
            _scalar("video_url", f.parse_url),
            _scalar("duration_seconds", f.parse_positive_int),
            _scalar("spoken_language", lambda k, v: f.parse_choice(k, v, choices.ContentLanguage)),
            _scalar("subtitle_languages", f.parse_language_list),
            _scalar("transcript", f.parse_text),
            _scalar("chapters", lambda k, v: f.parse_object_list(k, v, f.parse_chapter)),
            _scalar("speakers", lambda k, v: f.parse_object_list(k, v, f.parse_speaker)),
            _reference("related_materials"),
        ]
    ),
}

REQUIRED = {
    "theme": ("name",),
    "target_group": ("name",),
    "method": ("name",),
    "funding_programme": ("name",),
    "organisation": ("name",),
    CONCEPT_TYPE: ("labels",),
    "practice": ("title",),
    "material": ("title", "material_kind"),
    "video": ("title",),
}
IDENTITY_KEYS = {"type", "slug", "locale", "translation_of", "live", "draft"}


def parse_record(line_number, data):
    """Check one decoded line and return its ``Record``; raise ``FieldError`` at the first wrong key."""
    f.require_type("line", data, dict, _("a JSON object"))
    kind = data.get("type")
    if kind not in TYPES:
        raise f.FieldError(
            "type", _("“%(value)s” is not one of: %(allowed)s") % {"value": kind, "allowed": ", ".join(TYPES)}
        )
    slug = _slug(data.get("slug"))
    if kind == CONCEPT_TYPE:
        locale, identity_keys = "", {"type", "slug"}
    else:
        locale = data.get("locale")
        if locale not in LOCALES:
            raise f.FieldError(
                "locale",
                _("“%(value)s” is not one of: %(allowed)s") % {"value": locale, "allowed": ", ".join(LOCALES)},
            )
        identity_keys = IDENTITY_KEYS if kind in PAGE_TYPES else {"type", "slug", "locale"}
    _check_keys(kind, data, identity_keys, REQUIRED[kind])
    record = Record(line=line_number, type=kind, slug=slug, locale=locale)
    if kind in PAGE_TYPES:
        translation_of = data.get("translation_of") or ""
        if translation_of and (not isinstance(translation_of, str) or not f.SLUG_RE.match(translation_of)):
            raise f.FieldError("translation_of", _("expected the slug of the item in its source language"))
        record.translation_of = translation_of
        live = data.get("live")
        if live is not None and not isinstance(live, bool):
            raise f.FieldError("live", _("expected true or false"))
        record.live = live
    _read_keys(record, data)
    if "draft" in data:
        record.draft = parse_draft(record, data["draft"])
    return record


def parse_draft(record, data):
    """The ``draft`` member of an item line: the content keys of the item's latest unpublished revision (and its
    slug, if the draft renames it), as a ``Record`` of the same item. A key it leaves out keeps the line's value;
    errors name ``draft.<key>``."""
    f.require_type("draft", data, dict, _("a JSON object"))
    if record.live is not True:
        raise f.FieldError(
            "draft",
            _("only a published item (“live”: true) has a draft; the line of an unpublished item is its draft"),
        )
    try:
        draft = Record(
            line=record.line, type=record.type, slug=_slug(data.get("slug", record.slug)), locale=record.locale
        )
        # The item's identity, translation link and publication belong to the line, not to one of its revisions.
        _check_keys(record.type, data, {"slug"}, [name for name in REQUIRED[record.type] if name in data])
        return _read_keys(draft, data)
    except f.FieldError as error:
        raise f.FieldError(f"draft.{error.field}", error.message) from None


def _slug(value):
    if not isinstance(value, str) or not f.SLUG_RE.match(value) or len(value) > 100:
        raise f.FieldError("slug", _("expected lower-case letters, digits and single hyphens, at most 100 characters"))
    return value


def _check_keys(kind, data, identity_keys, required):
    unknown = sorted(set(data) - set(KEYS[kind]) - identity_keys)
    if unknown:
        raise f.FieldError(unknown[0], _("unknown key for a line of type “%(type)s”") % {"type": kind})
    for name in required:
        if data.get(name) in (None, ""):
            raise f.FieldError(name, _("this key is required"))


def _read_keys(record, data):
    for key, read in KEYS[record.type].items():
        if key in data:
            read(record, data[key])
    return record
