"""The sample files offered on the admin's Import page: one small knowledge base (a theme in two languages, a target
group, an organisation, a practice with its Czech translation) written as JSON Lines, CSV and an Excel workbook by
the spreadsheet rules of docs/import-format.md, so each imports as it is into a site with English and Czech.

Slugs and names say "example", so that importing a sample by mistake updates none of the site's own entries.
"""

import csv
import io
import json

from openpyxl import Workbook

from practices.knowledge_base.uploads import LIST_KEYS

SAMPLE_RECORDS = [
    {"type": "theme", "slug": "example-youth", "locale": "en", "name": "Youth (example)"},
    {"type": "theme", "slug": "example-youth", "locale": "cs", "name": "Mládež (příklad)"},
    {"type": "target_group", "slug": "example-students", "locale": "en", "name": "Students (example)"},
    {
        "type": "organisation",
        "slug": "example-youth-council",
        "locale": "en",
        "name": "Example Youth Council",
        "kind": "ngo",
        "country": "CZ",
        "city": "Plzeň",
    },
    {
        "type": "practice",
        "slug": "example-youth-parliament",
        "locale": "en",
        "title": "Youth parliament (example)",
        "summary": "Students advise the city council twice a year.",
        "body": "Each school sends two students.\n\nThe council answers every proposal in writing.",
        "themes": ["example-youth"],
        "target_groups": ["Students (example)"],
        "organisation": "example-youth-council",
        "budget": {"amount": "12000.00", "currency": "EUR"},
        "start_date": "2024-01-01",
        "status": "ongoing",
        "outcomes": [{"value": 20, "label": "proposals answered"}],
        "country": "CZ",
    },
    {
        "type": "practice",
        "slug": "example-parlament-mladych",
        "locale": "cs",
        "title": "Parlament mladých (příklad)",
        "summary": "Studenti dvakrát ročně radí zastupitelstvu.",
        "translation_of": "example-youth-parliament",
        "themes": ["Mládež (příklad)"],
    },
]
CONTENT_TYPES = {
    "jsonl": "application/jsonl; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def cell(key, value):
    """A value as a spreadsheet cell: lists of slugs or names separated by "; ", other structures as JSON."""
    if key in LIST_KEYS:
        return "; ".join(value)
    if isinstance(value, dict | list | bool):
        return json.dumps(value, ensure_ascii=False)
    return value


def row(record):
    """A record as a row; its budget as the flattened columns ``budget.amount`` and ``budget.currency``."""
    cells = {key: cell(key, value) for key, value in record.items() if key != "budget"}
    for member, value in record.get("budget", {}).items():
        cells[f"budget.{member}"] = value
    return cells


def columns(rows):
    return list(dict.fromkeys(key for cells in rows for key in cells))


def sample_jsonl():
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in SAMPLE_RECORDS).encode("utf-8")


def sample_csv():
    """One table with a ``type`` column."""
    rows = [row(record) for record in SAMPLE_RECORDS]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns(rows))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def sample_xlsx():
    """One sheet per type, named after it (taxonomy and organisations first), without a ``type`` column."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for kind in dict.fromkeys(record["type"] for record in SAMPLE_RECORDS):
        rows = [row({k: v for k, v in r.items() if k != "type"}) for r in SAMPLE_RECORDS if r["type"] == kind]
        sheet = workbook.create_sheet(kind)
        sheet.append(columns(rows))
        for cells in rows:
            sheet.append([cells.get(column) for column in columns(rows)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


SAMPLES = {"jsonl": sample_jsonl, "csv": sample_csv, "xlsx": sample_xlsx}
