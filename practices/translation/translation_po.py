"""PO files for translation agencies: export every translation of a section into one language, import them back.

Each file is wagtail-localize's own export of one ``Translation`` (``Translation.export_po``), which carries the
translation's id in its ``X-WagtailLocalize-TranslationID`` header; importing goes through ``Translation.import_po``
and then saves the translated page as a draft (practices.translation.translation_sync), never published. The management
commands ``export_translations`` / ``import_translations`` and the admin's "Translation files" view share this code.
"""

import uuid
from dataclasses import dataclass, field

import polib
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation

from practices.translation import translation_sync


class TranslationFileError(ValueError):
    """A PO file that cannot be imported; the message names the file and what is wrong with it."""


def find_root(reference):
    """The page a command's ``--root`` names: a page id ("42") or a public path ("/bg/practices/")."""
    if reference.isdigit():
        page = Page.objects.filter(pk=int(reference)).first()
    else:
        slugs = [part for part in reference.strip("/").split("/") if part]
        locale = Locale.objects.filter(language_code=slugs[0]).first() if slugs else None
        page = Page.objects.filter(depth=2, locale=locale).first() if locale else None
        for slug in slugs[1:]:
            page = page.get_children().filter(slug=slug).first() if page else None
    if page is None:
        raise TranslationFileError(
            _("No page %(root)s: give a page id or a path such as /en/practices/.") % {"root": reference}
        )
    return page


def translations_into(locale, root=None):
    """Enabled translations into ``locale`` of pages, limited to those under ``root`` (inclusive) when given."""
    translations = Translation.objects.filter(target_locale=locale, enabled=True).select_related("source")
    if root is not None:
        keys = Page.objects.descendant_of(root, inclusive=True).values("translation_key")
        translations = translations.filter(source__object_id__in=keys)
    return translations.order_by("source__object_repr", "pk")


def file_name(translation):
    """``<source object id>-<slugified title>.<locale>.po``: stable, readable, and unique per translation."""
    title = slugify(translation.source.object_repr)[:60] or "page"
    return f"{translation.source.object_id}-{title}.{translation.target_locale.language_code}.po"


def export_files(locale, root=None):
    """``[(file name, PO text)]`` for every translation into ``locale`` (under ``root``)."""
    return [(file_name(translation), str(translation.export_po())) for translation in translations_into(locale, root)]


@dataclass
class ImportReport:
    """What an import changed: the translated pages that received a draft, and strings the PO had but the source
    no longer has (a source edited since the export), per file."""

    drafts: list = field(default_factory=list)
    warnings: dict = field(default_factory=dict)


def parse(name, content):
    """Read one PO file and find its translation; raises TranslationFileError naming the file."""
    try:
        po = polib.pofile(content if isinstance(content, str) else content.decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise TranslationFileError(
            _("%(file)s is not a PO file: %(error)s") % {"file": name, "error": error}
        ) from error
    translation_id = po.metadata.get("X-WagtailLocalize-TranslationID", "")
    translation = Translation.objects.filter(uuid=translation_id).first() if _is_uuid(translation_id) else None
    if translation is None:
        raise TranslationFileError(
            _("%(file)s does not belong to any translation on this site (X-WagtailLocalize-TranslationID).")
            % {"file": name}
        )
    return po, translation


def import_files(files, user=None):
    """Import ``[(name, content)]`` as one unit: every file is read and checked before anything is written."""
    parsed = [(name, *parse(name, content)) for name, content in files]
    report = ImportReport()
    with transaction.atomic():
        for name, po, translation in parsed:
            warnings = translation.import_po(po, user=user, tool_name="PO file")
            if warnings:
                report.warnings[name] = [str(warning) for warning in warnings]
            report.drafts.append(translation_sync.save_translation_draft(translation, user=user))
    return report


def _is_uuid(value):
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
