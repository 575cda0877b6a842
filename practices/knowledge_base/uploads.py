"""Read a file uploaded in the admin (JSON Lines, CSV or XLSX) into the JSON lines that KnowledgeBaseImporter
reads, with the checks an upload needs before it is previewed: size, file type by extension and content, UTF-8,
formulas, required columns.

Tables (CSV, and each sheet of a workbook) follow docs/import-format.md "Spreadsheets": one row per line of the
format, one column per key, a ``type`` column (or a sheet named after the type). The rule for keys whose value is not
text: list keys take a JSON array or values separated by ``;``, the other structured keys a JSON cell, and a column
``budget.amount`` fills the key ``amount`` of the object ``budget``.

A workbook is a zip archive of XML, so a small upload can hold gigabytes (a decompression bomb): its archive's
declared sizes are checked before openpyxl opens it (``check_archive``; zipfile never inflates an entry past its
declared size), it is read in openpyxl's streaming mode, and every format stops at ``MAX_ROWS`` rows and
``MAX_COLUMNS`` columns.

``UploadedTable.lines`` keeps one entry per row with a label ("row 3" or "sheet practice, row 3") so that the
importer's line numbers point back to the row an editor sees.
"""

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from practices.knowledge_base.fields import FieldError, load_json
from practices.knowledge_base.schema import PAGE_TYPES, REQUIRED, TYPES
from practices.models.imports import ImportFormat

MAX_ROWS = 10_000  # rows (lines) of one upload; larger knowledge bases are imported with ``manage.py import_kb``
MAX_COLUMNS = 200
MAX_ARCHIVE_ENTRIES = 500  # a workbook has a dozen parts, plus one per sheet
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200  # real sheets compress 5-50 times; bombs a thousand times and more
FORMAT_OF_EXTENSION = {".jsonl": ImportFormat.JSONL, ".csv": ImportFormat.CSV, ".xlsx": ImportFormat.XLSX}
IDENTITY_COLUMNS = ("slug", "locale")
# Keys whose value is a list of strings: a JSON array, or the items separated by semicolons.
LIST_KEYS = {"themes", "target_groups", "methods", "related_materials", "related_videos", "subtitle_languages"}
# Keys whose value is an object, a list of objects, a number or a boolean: a JSON cell.
JSON_KEYS = {
    "live",
    "partners",
    "outcomes",
    "source_links",
    "gallery",
    "documents",
    "chapters",
    "speakers",
    "location",
    "budget",
    "transfer",
    "last_verified",
    "duration_seconds",
}


class UploadError(Exception):
    """The file as a whole cannot be read; nothing of it is previewed."""


@dataclass
class RowError:
    """A row whose cells cannot be turned into a line (the importer's errors come on top)."""

    label: str
    field: str
    message: str


@dataclass
class UploadedTable:
    """The upload as JSON lines for the importer; ``labels[n]`` names line n + 1 for people."""

    lines: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def add(self, label, data):
        self.lines.append(json.dumps(data, ensure_ascii=False) if data is not None else "")
        self.labels.append(label)

    def label(self, line):
        return self.labels[line - 1]


def detect_format(name):
    for extension, file_format in FORMAT_OF_EXTENSION.items():
        if name.lower().endswith(extension):
            return file_format
    raise UploadError(
        _("“%(name)s” is not a .jsonl, .csv or .xlsx file") % {"name": name},
    )


def read_upload(name, content):
    """Check and read the bytes of an uploaded file named ``name``; raise UploadError when it cannot be used."""
    file_format = detect_format(name)
    is_zip = content[:4] == b"PK\x03\x04"
    if file_format == ImportFormat.XLSX:
        if not is_zip:
            raise UploadError(_("the file is named .xlsx but is not an Excel workbook"))
        return file_format, read_workbook(content)
    if is_zip or b"\x00" in content:
        raise UploadError(_("the file is named .%(ext)s but is not a text file") % {"ext": file_format})
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UploadError(
            _("the file is not in UTF-8 (byte %(position)d); save it again as UTF-8 text")
            % {"position": error.start + 1}
        ) from None
    if file_format == ImportFormat.JSONL:
        if text.count("\n") > MAX_ROWS:
            raise too_many_rows()
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        if not first.startswith(("{", "//")):
            raise UploadError(_("the file is named .jsonl but its first line is not a JSON object"))
        table = UploadedTable()
        for number, line in enumerate(text.splitlines(), start=1):
            table.lines.append(line)
            table.labels.append(_("line %(n)d") % {"n": number})
        return file_format, table
    try:
        rows = bounded(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise UploadError(_("the file is not valid CSV: %(error)s") % {"error": error}) from None
    table = UploadedTable()
    read_rows(table, rows, sheet=None)
    return file_format, table


def too_many_rows():
    return UploadError(
        _("the file has more than %(rows)d rows; split it, or import it with manage.py import_kb") % {"rows": MAX_ROWS}
    )


def bounded(rows):
    """``rows`` as lists, or UploadError once there are more than MAX_ROWS of them or one is wider than
    MAX_COLUMNS; reads no further than the first row over the limit."""
    table = []
    for row in rows:
        if len(table) >= MAX_ROWS:
            raise too_many_rows()
        if len(row) > MAX_COLUMNS:
            raise UploadError(_("a row has more than %(columns)d columns") % {"columns": MAX_COLUMNS})
        table.append(list(row))
    return table


def check_archive(content):
    """Refuse a workbook whose archive would inflate beyond MAX_UNCOMPRESSED_BYTES or holds an entry compressed
    more than MAX_COMPRESSION_RATIO times, from the sizes its directory declares, before anything is inflated."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise UploadError(_("the workbook cannot be read: %(error)s") % {"error": error}) from None
    total = sum(entry.file_size for entry in entries)
    ratio = max((entry.file_size / max(entry.compress_size, 1) for entry in entries), default=0)
    if len(entries) > MAX_ARCHIVE_ENTRIES or total > MAX_UNCOMPRESSED_BYTES or ratio > MAX_COMPRESSION_RATIO:
        raise UploadError(
            _(
                "the workbook would unpack to %(size)d MB of data (%(ratio)d times its size); workbooks up to "
                "%(limit)d MB unpacked can be imported: save it again from a spreadsheet program, or split it"
            )
            % {"size": total // (1024 * 1024), "ratio": ratio, "limit": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}
        )


def workbook_rows(sheet):
    """The values of a sheet's rows, streamed; UploadError at the first formula. A formula's value is whatever the
    spreadsheet program last computed, which openpyxl cannot recompute: importing it would import a guess."""
    # The dimensions a file declares may lie (A1:XFD1048576 would pad every row to 16,384 cells): ignore them.
    sheet.reset_dimensions()
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                raise UploadError(
                    _("sheet “%(sheet)s”, cell %(cell)s holds a formula; replace formulas by their values")
                    % {"sheet": sheet.title, "cell": cell.coordinate}
                )
        yield [cell.value for cell in row]


def read_workbook(content):
    check_archive(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UploadError(_("the workbook cannot be read: %(error)s") % {"error": error}) from None
    table = UploadedTable()
    try:
        for sheet in workbook.worksheets:
            read_rows(table, bounded(workbook_rows(sheet)), sheet=sheet.title)
            if len(table.lines) > MAX_ROWS:
                raise too_many_rows()
    except (KeyError, ValueError, zipfile.BadZipFile) as error:  # a part missing or malformed inside the archive
        raise UploadError(_("the workbook cannot be read: %(error)s") % {"error": error}) from None
    finally:
        workbook.close()
    return table


def row_label(sheet, number):
    if sheet is None:
        return _("row %(n)d") % {"n": number}
    return _("sheet “%(sheet)s”, row %(n)d") % {"sheet": sheet, "n": number}


def read_rows(table, rows, sheet):
    """Append one line per row of a table whose first row names the columns."""
    if not rows or not any(cell not in (None, "") for cell in rows[0]):
        if sheet is None:
            raise UploadError(_("the file has no header row"))
        return  # an empty sheet of a workbook
    header = [str(cell).strip() if cell is not None else "" for cell in rows[0]]
    sheet_type = sheet if sheet in TYPES else None
    check_columns(header, rows[1:], sheet, sheet_type)
    table.add(row_label(sheet, 1), None)
    for number, row in enumerate(rows[1:], start=2):
        label = row_label(sheet, number)
        cells = {key: cell for key, cell in zip(header, row, strict=False) if key and cell not in (None, "")}
        if not cells:
            table.add(label, None)
            continue
        if sheet_type and "type" not in cells:
            cells["type"] = sheet_type
        try:
            table.add(label, row_to_line(cells))
        except ValueError as error:
            table.errors.append(RowError(label, error.args[0], error.args[1]))
            table.add(label, None)


def check_columns(header, rows, sheet, sheet_type):
    where = _("sheet “%(sheet)s”") % {"sheet": sheet} if sheet else _("the file")
    required = [*IDENTITY_COLUMNS, *([] if sheet_type else ["type"])]
    types = {sheet_type} if sheet_type else set()
    if "type" in header:
        column = header.index("type")
        types |= {row[column] for row in rows if column < len(row) and row[column] in TYPES}
    for kind in sorted(types):
        required += [key for key in REQUIRED[kind] if key not in required]
        if kind in PAGE_TYPES and "summary" not in required:
            required.append("summary")
    missing = [name for name in required if name not in header]
    if missing:
        raise UploadError(
            _("%(where)s lacks the column(s): %(columns)s") % {"where": where, "columns": ", ".join(missing)}
        )
    duplicated = sorted({name for name in header if name and header.count(name) > 1})
    if duplicated:
        raise UploadError(
            _("%(where)s has the column(s) %(columns)s more than once")
            % {"where": where, "columns": ", ".join(duplicated)}
        )


def row_to_line(cells):
    """Turn a row's non-empty cells into a line of the format; raise ValueError(key, message) for a bad cell."""
    line = {}
    for column, cell in cells.items():
        key, _dot, member = column.partition(".")
        if member:
            line.setdefault(key, {})
            if not isinstance(line[key], dict):
                raise ValueError(column, _("the column %(key)s is given both whole and by parts") % {"key": key})
            line[key][member] = cell_text(cell)
        elif key == "body" and cell_text(cell).startswith("["):
            line[key] = json_cell(key, cell_text(cell))
        elif key in LIST_KEYS:
            line[key] = list_cell(key, cell)
        elif key in JSON_KEYS:
            line[key] = json_cell(key, cell)
        else:
            line[key] = cell_text(cell)
    return line


def cell_text(cell):
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if hasattr(cell, "date") and hasattr(cell, "isoformat"):  # a date or datetime cell of a workbook
        return (cell.date() if hasattr(cell, "hour") else cell).isoformat()
    return str(cell).strip()


def list_cell(key, cell):
    text = cell_text(cell)
    if text.startswith("["):
        return json_cell(key, text)
    return [item.strip() for item in text.split(";") if item.strip()]


def json_cell(key, cell):
    if isinstance(cell, bool | int):
        return cell
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() else cell
    try:
        return load_json(cell, key)
    except FieldError as error:
        raise ValueError(error.field, error.message) from None
