"""A practice's reuse kit: one ZIP with everything a municipality needs to try the practice — a one-page summary
(``summary.md`` and a printable ``summary.html``: what it is, key facts, outcomes, lessons, transfer conditions,
licence, how to cite it, its address), the citation as ``citation.bib``, and the documents of the practice's related
materials as they were uploaded, under ``documents/<material>/<file name>``.

Only live, public items go in: related materials that are published and not behind a view restriction, documents
outside restricted collections. The documents together stay under ``settings.REUSE_KIT_MAX_BYTES``; those that
would pass it are left out, and the summary lists them with their download links. A practice without materials
still gets its kit, with the summary alone.

The ZIP is written while it is sent (``ReuseKit.stream``): memory holds one chunk of one document at a time, never
the archive.
"""

import datetime
import os
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string

from practices.site.detail import ViewRestrictions, load_documents
from practices.site.structured_data import licence_url

CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class KitDocument:
    """A material's document as the kit holds it (``name`` is its path inside the ZIP) or leaves it out."""

    material: object
    document: object
    name: str


class ZipOutput:
    """The file ZipFile writes to: it keeps what was written until the response takes it. Having no ``seek``
    makes ZipFile write each entry's sizes after its data, as streaming needs."""

    def __init__(self):
        self.chunks = []
        self.position = 0

    def write(self, data):
        self.chunks.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self):
        return self.position

    def flush(self):
        """Nothing to flush: ``take`` hands the bytes on."""

    def take(self):
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


class ReuseKit:
    """The reuse kit of the practice shown by ``detail`` (a practices.site.detail.DetailPage)."""

    def __init__(self, detail):
        self.detail = detail
        self.page = detail.page
        self.max_bytes = settings.REUSE_KIT_MAX_BYTES
        restrictions = ViewRestrictions()
        materials = [card.page for card in detail.related_materials if restrictions.page_is_public(card.page)]
        raw_blocks = [(material, raw) for material in materials for raw in material.documents.raw_data]
        loaded = load_documents([raw for _material, raw in raw_blocks], detail.request)
        by_id = {item.document.pk: item for item in loaded}
        self.documents, self.left_out, used_names, total = [], [], {"summary.md", "summary.html", "citation.bib"}, 0
        for material, raw in raw_blocks:
            item = by_id.get(raw["value"].get("document"))
            if item is None or not restrictions.document_is_public(item.document):
                continue
            size = item.size or 0
            if total + size > self.max_bytes or not item.document.file.storage.exists(item.document.file.name):
                self.left_out.append(KitDocument(material, item, ""))
                continue
            total += size
            name = unique_name(f"documents/{material.slug}/{item.filename}", used_names)
            self.documents.append(KitDocument(material, item, name))

    @property
    def filename(self):
        return f"{self.page.slug}-reuse-kit.zip"

    def summary_context(self):
        citation = self.detail.citation
        return {
            "page": self.page,
            "detail": self.detail,
            "citation": citation,
            "licence_url": licence_url(self.page.licence),
            "documents": self.documents,
            "left_out": self.left_out,
            "max_megabytes": self.max_bytes // (1024 * 1024),
        }

    def files(self):
        """``[(name inside the ZIP, text)]`` of the kit's own files."""
        context = self.summary_context()
        return [
            ("summary.md", render_to_string("practices/reuse_kit/summary.md", context)),
            ("summary.html", render_to_string("practices/reuse_kit/summary.html", context)),
            ("citation.bib", context["citation"].bibtex()),
        ]

    def stream(self):
        """The ZIP's bytes, chunk by chunk."""
        output = ZipOutput()
        stamp = (self.page.last_published_at or datetime.datetime.now()).timetuple()[:6]
        with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, text in self.files():
                archive.writestr(zipfile.ZipInfo(name, stamp), text.encode(), compress_type=zipfile.ZIP_DEFLATED)
                yield output.take()
            for entry in self.documents:
                info = zipfile.ZipInfo(entry.name, entry.document.document.created_at.timetuple()[:6])
                info.compress_type = zipfile.ZIP_DEFLATED
                with entry.document.document.file.open("rb") as source, archive.open(info, "w") as target:
                    for chunk in source.chunks(CHUNK_BYTES):
                        target.write(chunk)
                        yield output.take()
        yield output.take()


def unique_name(name, used):
    """``name``, or ``name`` with "-2", "-3"… before its extension when the kit already holds that name."""
    stem, extension = os.path.splitext(name)
    candidate, number = name, 1
    while candidate in used:
        number += 1
        candidate = f"{stem}-{number}{extension}"
    used.add(candidate)
    return candidate
