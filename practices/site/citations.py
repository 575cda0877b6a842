"""How to cite a knowledge-base item: APA, Chicago and BibTeX shown on its page, and ``.bib`` and ``.ris`` files to
download (``<item URL>citation.bib``, ``citation.ris``; practices.site.detail_views).

A citation names the organisation behind the item as a corporate author (a practice's lead organisation, a
material's authoring organisation; videos have none), the year it was published (a material's publication date,
otherwise the year the item was first published here), its title, the hub as the website, its public URL and the
date the reader accessed it. The words around them ("Retrieved", "Accessed", "[Video]") are in the reader's
language; dates are written by Babel in that language.

BibTeX keeps every letter as UTF-8 (Czech, Croatian and Bulgarian titles stay readable, as biber and modern BibTeX
read them) and escapes only what TeX would interpret: ``& % $ # _ { } ~ ^ \\``.
"""

import datetime
import re
from dataclasses import dataclass

from babel.dates import format_date
from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _

from practices.models import MaterialPage, item_type_of

# TeX's special characters and what BibTeX needs instead (a backslash first: the others add backslashes).
BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
BIBTEX_SPECIAL = re.compile("|".join(re.escape(character) for character in BIBTEX_ESCAPES))

# RIS reference types: a practice is a web page, a material a report, a video a video recording.
RIS_TYPES = {"practice": "ELEC", "material": "RPRT", "video": "VIDEO"}


@dataclass(frozen=True)
class Citation:
    """What every style is built from; ``kind`` is "practice", "material" or "video", ``description`` the bracketed
    kind of work APA adds after the title ("Guide", "Video"), empty for a practice."""

    kind: str
    title: str
    url: str
    website: str
    accessed: datetime.date
    language: str
    author: str = ""
    year: int | None = None
    description: str = ""

    @property
    def key(self):
        """A BibTeX key from ASCII letters of the author, the year and the title's first word: "brno2024youth"."""
        parts = [
            slugify(self.author).split("-")[0] if self.author else "",
            str(self.year or ""),
            next((word for word in slugify(self.title).split("-") if word.isalpha() and len(word) > 2), ""),
        ]
        return "".join(parts) or "item"

    def apa(self):
        """APA 7th edition, e.g. ``City of Brno. (2024). Youth parliament of Brno. Good Practice Hub. Retrieved
        May 1, 2025, from https://…``."""
        year = f"({self.year})." if self.year else f"({_('n.d.')})."
        title = with_full_stop(f"{self.title} [{self.description}]" if self.description else self.title)
        retrieved = _("Retrieved %(date)s, from %(url)s") % {"date": self.accessed_text(), "url": self.url}
        lead = [with_full_stop(self.author), year, title] if self.author else [title, year]
        return " ".join([*lead, with_full_stop(self.website), retrieved])

    def chicago(self):
        """Chicago 17th edition, notes and bibliography, website content: ``City of Brno. “Youth parliament of
        Brno.” Good Practice Hub, 2024. Accessed May 1, 2025. https://….``"""
        title = _("“%(title)s”") % {"title": with_full_stop(self.title)}
        website = f"{self.website}, {self.year}." if self.year else with_full_stop(self.website)
        accessed = _("Accessed %(date)s.") % {"date": self.accessed_text()}
        parts = [with_full_stop(self.author)] if self.author else []
        return " ".join([*parts, title, website, accessed, f"{self.url}."])

    def bibtex(self):
        """One ``@misc`` entry; the corporate author and the title are braced so BibTeX keeps them as written."""
        fields = []
        if self.author:
            fields.append(("author", f"{{{bibtex_escape(self.author)}}}"))
        fields.append(("title", f"{{{bibtex_escape(self.title)}}}"))
        if self.year:
            fields.append(("year", str(self.year)))
        fields += [
            ("howpublished", bibtex_escape(self.website)),
            ("url", self.url.replace("%", r"\%")),
            ("urldate", self.accessed.isoformat()),
            ("note", bibtex_escape(_("Accessed %(date)s") % {"date": self.accessed.isoformat()})),
            ("langid", self.language),
        ]
        if self.description:
            fields.insert(2 if self.author else 1, ("type", bibtex_escape(self.description)))
        lines = [f"  {name} = {{{value}}}" for name, value in fields]
        return f"@misc{{{self.key},\n" + ",\n".join(lines) + "\n}\n"

    def ris(self):
        """A RIS record (the format reference managers such as Zotero and EndNote import), CRLF line ends."""
        tags = [("TY", RIS_TYPES[self.kind])]
        if self.author:
            tags.append(("AU", self.author))
        tags.append(("TI", self.title))
        if self.year:
            tags.append(("PY", str(self.year)))
        tags += [
            ("PB", self.website),
            ("UR", self.url),
            ("Y2", self.accessed.strftime("%Y/%m/%d")),
            ("LA", self.language),
            ("ER", ""),
        ]
        return "".join(f"{tag}  - {value}\r\n" for tag, value in tags)

    def accessed_text(self):
        return format_date(self.accessed, "long", locale=to_locale(get_language() or settings.LANGUAGE_CODE))

    def styles(self):
        """``[(style name, text), …]`` in the order the page shows them."""
        return [("APA", self.apa()), ("Chicago", self.chicago()), ("BibTeX", self.bibtex())]


def with_full_stop(text):
    """``text`` ending a sentence: a full stop added unless it already ends with one, a question or exclamation."""
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


def bibtex_escape(text):
    return BIBTEX_SPECIAL.sub(lambda match: BIBTEX_ESCAPES[match.group(0)], text)


def cited_organisation(page):
    """The practice's lead or the material's authoring organisation, in the item's language when translated."""
    organisation = getattr(page, "lead_organisation", None) or getattr(page, "authoring_organisation", None)
    if organisation is None or organisation.locale_id == page.locale_id:
        return organisation
    return organisation.get_translation_or_none(page.locale) or organisation


def citation_for(page, url, accessed):
    """The citation of a practice, material or video at its public ``url``, accessed on ``accessed``. Call it with
    the page's language active: the bracketed description and the website name are in that language."""
    if isinstance(page, MaterialPage):
        kind, description = "material", page.get_material_kind_display()
        year = page.publication_date.year if page.publication_date else None
    else:
        kind = item_type_of(page)
        description = _("Video") if kind == "video" else ""
        year = None
    if year is None and page.first_published_at:
        year = page.first_published_at.year
    organisation = cited_organisation(page)
    return Citation(
        kind=kind,
        title=page.title,
        url=url,
        website=_("Good Practice Hub"),
        accessed=accessed,
        language=page.locale.language_code,
        author=organisation.name if organisation else "",
        year=year,
        description=str(description),
    )
