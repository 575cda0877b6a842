"""Spreadsheet exports of the partner feed's lists for researchers: one row per item, as CSV or XLSX.

Rows are flattened from the feed serializers' JSON (practices.feed.serializers), so an export says exactly what the
feed says: taxonomy joined into one cell ("Youth; Environment"), outcomes as "value label", absolute URLs, ISO 8601
dates. Each resource's columns are fixed, so a column exists even when every row leaves it empty.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula ("CSV injection"). The
XLSX writer stores every cell as text, which is never evaluated; the CSV writer prefixes such values with an
apostrophe, except plain numbers such as a negative longitude, which cannot be formulas.
"""

import csv
import datetime
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from rest_framework.renderers import BaseRenderer

from practices.feed import serializers

SEPARATOR = "; "
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")
XLSX_CELL_LIMIT = 32767  # the most characters an Excel cell holds
FIXED_FILE_TIME = datetime.datetime(2000, 1, 1)  # the date in every XLSX export (a ZIP date cannot be before 1980)
CORE_PROPERTIES = "docProps/core.xml"
MODIFIED_PROPERTY = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def field(path):
    """The value at a dotted ``path`` of an item's JSON (``"country.code"``), or None where the path stops."""

    def get(data):
        for key in path.split("."):
            if not isinstance(data, dict):
                return None
            data = data.get(key)
        return data

    return get


def joined(path, template="{name}"):
    """The entries of a list in one cell, each written with ``template``: ``"20 youth forums; 3 maps"``."""
    get = field(path)

    def join(data):
        entries = get(data) or []
        return SEPARATOR.join(
            template.format_map(entry).strip() if isinstance(entry, dict) else str(entry) for entry in entries
        )

    return join


def translation_locales(data):
    return SEPARATOR.join(sorted(data.get("translations") or {}))


IDENTITY_COLUMNS = (
    ("id", field("id")),
    ("translation_key", field("translation_key")),
    ("locale", field("locale")),
    ("translations", translation_locales),
)

ITEM_COLUMNS = (
    *IDENTITY_COLUMNS,
    ("type", field("type")),
    ("slug", field("slug")),
    ("title", field("title")),
    ("summary", field("summary")),
    ("url", field("url")),
    ("api_url", field("api_url")),
    ("first_published_at", field("first_published_at")),
    ("last_published_at", field("last_published_at")),
    ("themes", joined("themes")),
    ("theme_slugs", joined("themes", "{slug}")),
    ("target_groups", joined("target_groups")),
    ("target_group_slugs", joined("target_groups", "{slug}")),
    ("licence", field("licence")),
    ("last_verified_date", field("last_verified.date")),
    ("last_verified_by", field("last_verified.by")),
    ("quality_mark", field("quality_mark")),
    ("completeness", field("completeness")),
    ("funding_programme", field("funding.programme.name")),
    ("funding_programme_slug", field("funding.programme.slug")),
    ("project_code", field("funding.project_code")),
    ("programme_record_url", field("funding.record_url")),
    ("body", field("body.text")),
)

PRACTICE_COLUMNS = (
    *ITEM_COLUMNS,
    ("country", field("country.code")),
    ("country_name", field("country.name")),
    ("region", field("region")),
    ("municipality", field("municipality")),
    ("latitude", field("location.lat")),
    ("longitude", field("location.lng")),
    ("lead_organisation", field("lead_organisation.name")),
    ("lead_organisation_slug", field("lead_organisation.slug")),
    ("partners", joined("partners", "{name} ({role})")),
    ("budget_amount", field("budget.amount")),
    ("budget_currency", field("budget.currency")),
    ("start_date", field("start_date")),
    ("end_date", field("end_date")),
    ("status", field("status")),
    ("methods", joined("methods")),
    ("method_slugs", joined("methods", "{slug}")),
    ("outcomes", joined("outcomes", "{value} {label}")),
    ("lessons_learned", field("lessons_learned")),
    ("sources", joined("sources", "{url}")),
    ("transfer_cost_band", field("transfer.cost_band")),
    ("transfer_staff_time", field("transfer.staff_time")),
    ("transfer_municipality_size", field("transfer.municipality_size")),
    ("transfer_prerequisites", field("transfer.prerequisites")),
    ("related_materials", joined("related_materials", "{api_url}")),
    ("related_videos", joined("related_videos", "{api_url}")),
)

MATERIAL_COLUMNS = (
    *ITEM_COLUMNS,
    ("material_kind", field("material_kind")),
    ("publication_date", field("publication_date")),
    ("authoring_organisation", field("authoring_organisation.name")),
    ("authoring_organisation_slug", field("authoring_organisation.slug")),
    ("documents", joined("documents", "{download_url}")),
    ("document_languages", joined("documents", "{language}")),
)

VIDEO_COLUMNS = (
    *ITEM_COLUMNS,
    ("video_url", field("video_url")),
    ("video_file", field("video_file.download_url")),
    ("duration_seconds", field("duration_seconds")),
    ("spoken_language", field("spoken_language")),
    ("subtitle_languages", joined("subtitle_languages")),
    ("chapters", joined("chapters", "{start_seconds} {title}")),
    ("speakers", joined("speakers", "{name} ({role})")),
    ("transcript", field("transcript")),
    ("related_materials", joined("related_materials", "{api_url}")),
)

ORGANISATION_COLUMNS = (
    *IDENTITY_COLUMNS,
    ("api_url", field("api_url")),
    ("slug", field("slug")),
    ("name", field("name")),
    ("kind", field("kind")),
    ("country", field("country.code")),
    ("country_name", field("country.name")),
    ("city", field("city")),
    ("address", field("address")),
    ("website", field("website")),
    ("email", field("email")),
    ("phone", field("phone")),
    ("logo", field("logo.renditions.medium.url")),
)

TERM_COLUMNS = (
    *IDENTITY_COLUMNS,
    ("api_url", field("api_url")),
    ("slug", field("slug")),
    ("name", field("name")),
    ("description", field("description")),
)

# Serializer → its columns; a subclass's entry comes before its parent's, so the most specific one matches first.
COLUMNS = (
    (serializers.GoodPracticeSerializer, PRACTICE_COLUMNS),
    (serializers.MaterialSerializer, MATERIAL_COLUMNS),
    (serializers.TrainingVideoSerializer, VIDEO_COLUMNS),
    (serializers.OrganisationSerializer, ORGANISATION_COLUMNS),
    (serializers.FundingProgrammeSerializer, (*TERM_COLUMNS, ("url", field("url")))),
    (serializers.TermSerializer, TERM_COLUMNS),
)


def columns_for(serializer_class):
    return next(columns for cls, columns in COLUMNS if issubclass(serializer_class, cls))


class ExportTable:
    """The header and rows of one export, built from the serialized items."""

    def __init__(self, serializer_class, items):
        self.columns = columns_for(serializer_class)
        self.items = items

    @property
    def header(self):
        return [name for name, _get in self.columns]

    def rows(self):
        for item in self.items:
            yield [cell_text(get(item)) for _name, get in self.columns]


def cell_text(value):
    """Every cell as text: None is empty, booleans are true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def defuse_formula(text):
    """``text`` that no spreadsheet program will run as a formula (see the module docstring)."""
    if text.startswith(FORMULA_PREFIXES) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


class CSVExportRenderer(BaseRenderer):
    """An ExportTable as UTF-8 CSV with a byte order mark, which spreadsheet programs need to read Czech,
    Bulgarian or Croatian text correctly."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(data.header)
        writer.writerows([defuse_formula(text) for text in row] for row in data.rows())
        return buffer.getvalue().encode("utf-8-sig")


class XLSXExportRenderer(BaseRenderer):
    """An ExportTable as an Excel workbook, written in openpyxl's write-only mode (rows are streamed to the file,
    not kept as cell objects) with every cell stored as text."""

    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None
    sheet_title = "export"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        workbook = Workbook(write_only=True)
        workbook.properties.created = FIXED_FILE_TIME
        sheet = workbook.create_sheet(self.sheet_title)
        sheet.append([self.text_cell(sheet, name) for name in data.header])
        for row in data.rows():
            sheet.append([self.text_cell(sheet, text) for text in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return self.without_timestamps(buffer.getvalue())

    @staticmethod
    def without_timestamps(archive):
        """The workbook with no time in it: every ZIP member dated FIXED_FILE_TIME rather than when it was written,
        and the document's "modified" property (which openpyxl sets as it saves) too. The same rows then give the
        same bytes, so the export's ETag holds and a 304 can answer."""
        stable = io.BytesIO()
        fixed = FIXED_FILE_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
        with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(stable, "w") as target:
            for member in source.infolist():
                content = source.read(member.filename)
                if member.filename == CORE_PROPERTIES:
                    content = MODIFIED_PROPERTY.sub(rb"\g<1>" + fixed + rb"\g<2>", content)
                info = zipfile.ZipInfo(member.filename, date_time=FIXED_FILE_TIME.timetuple()[:6])
                info.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(info, content)
        return stable.getvalue()

    @staticmethod
    def text_cell(sheet, text):
        # Control characters are not allowed in the file format; a cell longer than Excel's limit is cut there.
        text = ILLEGAL_CHARACTERS_RE.sub("", text)[:XLSX_CELL_LIMIT]
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"  # openpyxl would store "=…" as a formula; a string cell is never evaluated
        return cell
