"""How each key of the JSON Lines format maps to a model attribute, in both directions.

Each ``KbField`` reads a JSON value into a model value (``parse``, raising ``FieldError`` with a message for the
user) and writes a model value back to JSON (``dump``). Relations (taxonomy, organisations, related items) are
resolved later by the importer, so ``parse`` only checks their shape.
"""

import datetime
import html
import json
import math
import re
from decimal import Decimal, InvalidOperation
from functools import partial

import nh3
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _
from django_countries import countries

from practices import choices
from practices.validators import CURRENCY_CODES

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ALLOWED_BODY_TAGS = {"p", "h2", "h3", "ul", "ol", "li", "a", "strong", "em", "b", "i", "blockquote", "br"}


class FieldError(Exception):
    """A value that cannot be imported; ``field`` names the JSON key (dotted for nested keys)."""

    def __init__(self, field, message):
        super().__init__(f'field "{field}": {message}')
        self.field = field
        self.message = message


# Bounds of one JSON line (an item), far above any real item's: Python's json reads numbers of any length (and fails
# past 4,300 digits with an error that is not a JSON error) and nesting until the interpreter's recursion limit.
MAX_LINE_LENGTH = 5_000_000
MAX_NESTING = 16
MAX_NUMBER_DIGITS = 30


class _Unreadable:
    """A number the line may not hold, kept in place while parsing so the check after it can name its key."""

    def __init__(self, message):
        self.message = message


def _integer(text):
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        return _Unreadable(_("a number of more than %(n)d digits") % {"n": MAX_NUMBER_DIGITS})
    return int(text)


def _real(text):
    value = float(text) if len(text) <= 2 * MAX_NUMBER_DIGITS else math.inf
    return value if math.isfinite(value) else _Unreadable(_("a number too large"))


def _constant(text):
    return _Unreadable(_("%(value)s is not a JSON number") % {"value": text})


def load_json(text, key="line"):
    """Read one JSON value (a line of the exchange format or a JSON cell), bounded in length, nesting and the size
    of its numbers; raises FieldError naming the offending key (``documents[0].file``), never another error."""
    if len(text) > MAX_LINE_LENGTH:
        raise FieldError(key, _("longer than %(n)d characters") % {"n": MAX_LINE_LENGTH})
    try:
        data = json.loads(text, parse_int=_integer, parse_float=_real, parse_constant=_constant)
    except json.JSONDecodeError as error:
        raise FieldError(key, _("not valid JSON: %(error)s") % {"error": error.msg}) from None
    except RecursionError:
        raise FieldError(key, _("nested more than %(n)d levels deep") % {"n": MAX_NESTING}) from None
    pending = [(key, data, 0)]
    while pending:
        path, value, depth = pending.pop()
        if isinstance(value, _Unreadable):
            raise FieldError(path, value.message)
        if depth > MAX_NESTING:
            raise FieldError(path, _("nested more than %(n)d levels deep") % {"n": MAX_NESTING})
        prefix = "" if path == "line" else path
        if isinstance(value, dict):
            pending += [(f"{prefix}.{name}" if prefix else name, item, depth + 1) for name, item in value.items()]
        elif isinstance(value, list):
            pending += [(f"{prefix}[{index}]", item, depth + 1) for index, item in enumerate(value)]
    return data


def require_type(key, value, expected, label):
    if not isinstance(value, expected):
        raise FieldError(key, _("expected %(label)s") % {"label": label})
    return value


def parse_text(key, value, max_length=None):
    if value is None:
        return ""
    require_type(key, value, str, _("a string"))
    value = value.strip()
    if max_length and len(value) > max_length:
        raise FieldError(key, _("at most %(n)d characters") % {"n": max_length})
    return value


def parse_date(key, value):
    if value in (None, ""):
        return None
    require_type(key, value, str, _("a date as YYYY-MM-DD"))
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise FieldError(key, _("“%(value)s” is not a date as YYYY-MM-DD") % {"value": value}) from None


def parse_choice(key, value, choice_class, blank=True):
    if value in (None, "") and blank:
        return ""
    if value not in choice_class.values:
        allowed = ", ".join(v for v in choice_class.values if v)
        raise FieldError(key, _("“%(value)s” is not one of: %(allowed)s") % {"value": value, "allowed": allowed})
    return value


def parse_url(key, value):
    text = parse_text(key, value, max_length=200)
    if text:
        try:
            URLValidator(schemes=["http", "https"])(text)
        except ValidationError:
            raise FieldError(key, _("“%(value)s” is not a valid http(s) URL") % {"value": text}) from None
    return text


def parse_email(key, value):
    text = parse_text(key, value, max_length=254)
    if text:
        try:
            EmailValidator()(text)
        except ValidationError:
            raise FieldError(key, _("“%(value)s” is not a valid e-mail address") % {"value": text}) from None
    return text


def parse_country(key, value):
    text = parse_text(key, value).upper()
    if text and text not in countries:
        raise FieldError(key, _("“%(value)s” is not an ISO 3166-1 alpha-2 country code") % {"value": value})
    return text


def parse_decimal(key, value, minimum=None, maximum=None):
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise FieldError(key, _("expected a number"))
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise FieldError(key, _("“%(value)s” is not a number") % {"value": value}) from None
    if not number.is_finite():
        raise FieldError(key, _("expected a finite number"))
    if minimum is not None and number < minimum:
        raise FieldError(key, _("must be at least %(n)s") % {"n": minimum})
    if maximum is not None and number > maximum:
        raise FieldError(key, _("must be at most %(n)s") % {"n": maximum})
    return number


def parse_positive_int(key, value):
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(key, _("expected a whole number"))
    if value <= 0:
        raise FieldError(key, _("must be a positive whole number"))
    return value


def parse_slug_list(key, value):
    """A list of slugs or names; resolved against the database by the importer."""
    if value in (None, ""):
        return []
    require_type(key, value, list, _("a list"))
    for position, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise FieldError(f"{key}[{position}]", _("expected a non-empty string"))
    return [item.strip() for item in value]


def parse_object_list(key, value, item_parser):
    if value in (None, ""):
        return []
    require_type(key, value, list, _("a list"))
    return [item_parser(f"{key}[{position}]", item) for position, item in enumerate(value)]


def require_object(key, value, required=()):
    require_type(key, value, dict, _("an object"))
    for name in required:
        if value.get(name) in (None, ""):
            raise FieldError(f"{key}.{name}", _("this key is required"))
    return value


def sanitise_html(value):
    """Keep only the simple markup the body format allows; links get rel="noopener"."""
    return nh3.clean(value, tags=ALLOWED_BODY_TAGS, attributes={"a": {"href"}}, link_rel="noopener noreferrer")


def text_to_html(value):
    """Plain-text paragraphs, separated by blank lines, become <p> elements; HTML is sanitised instead."""
    if re.search(r"</?(p|h2|h3|ul|ol|li|a|strong|em|b|i|blockquote|br)\b", value, re.IGNORECASE):
        return sanitise_html(value)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", value) if p.strip()]
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br/>')}</p>" for p in paragraphs)


def split_html_into_blocks(value):
    """Split simple HTML into heading and paragraph blocks: <h2>/<h3> become headings, the rest rich text."""
    blocks, buffer = [], []
    for part in re.split(r"(<h[23][^>]*>.*?</h[23]>)", text_to_html(value), flags=re.IGNORECASE | re.DOTALL):
        heading = re.fullmatch(r"<h[23][^>]*>(.*?)</h[23]>", part.strip(), re.IGNORECASE | re.DOTALL)
        if heading:
            if "".join(buffer).strip():
                blocks.append({"type": "paragraph", "value": "".join(buffer).strip()})
            buffer = []
            blocks.append({"type": "heading", "value": html.unescape(re.sub(r"<[^>]+>", "", heading.group(1)))})
        else:
            buffer.append(part)
    if "".join(buffer).strip():
        blocks.append({"type": "paragraph", "value": "".join(buffer).strip()})
    return blocks


def parse_figure(key, value):
    require_object(key, value, required=("value", "label"))
    return {
        "value": parse_text(f"{key}.value", str(value["value"]), 32),
        "label": parse_text(f"{key}.label", value["label"], 255),
    }


def parse_struct(key, value, fields, shorthand=None):
    """One object of a list of structured values (an outcome, a source, a speaker…) as its block stores it.

    ``fields`` lists each key with its parser and whether it is required, in the order the errors are reported;
    where the format lets a string stand for the object (a speaker's name, a partner's organisation), the string is
    the ``shorthand`` key's value."""
    if shorthand is not None and isinstance(value, str):
        value = {shorthand: value}
    require_object(key, value, required=[name for name, _parser, required in fields if required])
    return {name: parser(f"{key}.{name}", value.get(name)) for name, parser, _required in fields}


def parse_short_text(key, value):
    """Text of a block's CharBlock (a caption, a role, a title): at most 255 characters."""
    return parse_text(key, value, 255)


def parse_outcome(key, value):
    fields = [("value", partial(parse_decimal, minimum=0), True), ("label", parse_short_text, True)]
    return parse_struct(key, value, fields)


def parse_source_link(key, value):
    return parse_struct(key, value, [("url", parse_url, True), ("title", parse_short_text, False)])


def parse_chapter(key, value):
    require_object(key, value, required=("title",))
    start = value.get("start_seconds", 0)
    if isinstance(start, bool) or not isinstance(start, int) or start < 0:
        raise FieldError(f"{key}.start_seconds", _("expected a whole number of seconds, 0 or more"))
    return {"start_seconds": start, "title": parse_text(f"{key}.title", value["title"], 255)}


def parse_speaker(key, value):
    fields = [("name", parse_short_text, True), ("role", parse_short_text, False)]
    return parse_struct(key, value, fields, shorthand="name")


def parse_partner(key, value):
    fields = [("organisation", parse_text, True), ("role", parse_short_text, False)]
    return parse_struct(key, value, fields, shorthand="organisation")


def parse_captioned_image(key, value):
    """A gallery's image or a body's image block: the image's title and a caption."""
    return parse_struct(key, value, [("image", parse_text, True), ("caption", parse_short_text, False)])


def parse_material_document(key, value):
    language = partial(parse_choice, choice_class=choices.ContentLanguage, blank=False)
    fields = [("title", parse_short_text, True), ("language", language, True), ("file", parse_text, False)]
    return parse_struct(key, value, fields)


def parse_paragraph(key, value):
    return sanitise_html(parse_text(key, value))


def parse_quote(key, value):
    return parse_struct(key, value, [("text", parse_text, True), ("attribution", parse_short_text, False)])


def parse_document_link(key, value):
    return parse_struct(key, value, [("document", parse_text, True), ("label", parse_short_text, False)])


# The body's block types (practices.blocks.BodyBlock) and how each one's value is read.
BODY_BLOCK_PARSERS = {
    "heading": parse_short_text,
    "paragraph": parse_paragraph,
    "image": parse_captioned_image,
    "quote": parse_quote,
    "key_figures": partial(parse_object_list, item_parser=parse_figure),
    "embed": parse_url,
    "document": parse_document_link,
}


def parse_body(key, value):
    """Return body blocks as JSON (``{"type", "value"}`` dicts); images and documents stay as titles until the
    importer resolves them."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return split_html_into_blocks(value)
    require_type(key, value, list, _("a string or a list of blocks"))
    blocks = []
    for position, block in enumerate(value):
        where = f"{key}[{position}]"
        require_object(where, block, required=("type",))
        parser = BODY_BLOCK_PARSERS.get(block["type"])
        if parser is None:
            raise FieldError(
                f"{where}.type",
                _("“%(value)s” is not one of: %(allowed)s")
                % {"value": block["type"], "allowed": ", ".join(sorted(BODY_BLOCK_PARSERS))},
            )
        blocks.append({"type": block["type"], "value": parser(f"{where}.value", block.get("value"))})
    return blocks


def parse_language_list(key, value):
    codes = parse_slug_list(key, value)
    for position, code in enumerate(codes):
        if code not in choices.ContentLanguage.values:
            raise FieldError(
                f"{key}[{position}]", _("“%(value)s” is not a language code of this site") % {"value": code}
            )
    return codes


def parse_concept_labels(key, value):
    """A concept's labels by language, each language's preferred label first: ``{"en": ["time bank", "community
    exchange"], "cs": ["časová banka"]}`` becomes ``[("en", "time bank"), ("en", "community exchange"), …]``."""
    require_type(key, value, dict, _("an object of label lists by language code"))
    labels = []
    for language, texts in value.items():
        if language not in choices.ContentLanguage.values:
            raise FieldError(
                f"{key}.{language}", _("“%(value)s” is not a language code of this site") % {"value": language}
            )
        require_type(f"{key}.{language}", texts, list, _("a list"))
        seen = set()
        for position, text in enumerate(texts):
            text = parse_text(f"{key}.{language}[{position}]", text, 200)
            if not text:
                raise FieldError(f"{key}.{language}[{position}]", _("expected a non-empty string"))
            if text.lower() in seen:
                raise FieldError(f"{key}.{language}[{position}]", _("repeats a label of this language"))
            seen.add(text.lower())
            labels.append((language, text))
    if not labels:
        raise FieldError(key, _("a concept needs at least one label"))
    return labels


def parse_budget(key, value):
    if value in (None, ""):
        return None, ""
    require_object(key, value)
    amount = parse_decimal(f"{key}.amount", value.get("amount"), minimum=None)
    currency = parse_text(f"{key}.currency", value.get("currency")).upper()
    if amount is not None and amount < 0:
        raise FieldError(f"{key}.amount", _("the budget cannot be negative"))
    if amount is not None and not currency:
        raise FieldError(f"{key}.currency", _("give the currency of the budget"))
    if currency and currency not in CURRENCY_CODES:
        raise FieldError(f"{key}.currency", _("“%(value)s” is not an ISO 4217 currency code") % {"value": currency})
    if currency and amount is None:
        raise FieldError(f"{key}.amount", _("give the amount of the budget"))
    return amount, currency


def parse_location(key, value):
    if value in (None, ""):
        return None, None
    require_object(key, value, required=("lat", "lng"))
    return (
        parse_decimal(f"{key}.lat", value["lat"], minimum=-90, maximum=90).quantize(Decimal("0.000001")),
        parse_decimal(f"{key}.lng", value["lng"], minimum=-180, maximum=180).quantize(Decimal("0.000001")),
    )


def parse_last_verified(key, value):
    if value in (None, ""):
        return None, ""
    require_object(key, value, required=("date",))
    return parse_date(f"{key}.date", value["date"]), parse_text(f"{key}.by", value.get("by"), 150)


def parse_transfer(key, value):
    if value in (None, ""):
        value = {}
    require_object(key, value)
    return {
        "transfer_cost_band": parse_choice(f"{key}.cost_band", value.get("cost_band"), choices.CostBand),
        "transfer_staff_time": parse_text(f"{key}.staff_time", value.get("staff_time"), 255),
        "transfer_municipality_size": parse_choice(
            f"{key}.municipality_size", value.get("municipality_size"), choices.MunicipalitySize
        ),
        "transfer_prerequisites": parse_text(f"{key}.prerequisites", value.get("prerequisites")),
    }
