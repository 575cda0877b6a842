"""Import JSON Lines into the knowledge base: validate every line, resolve references, then create, update or
leave alone each item, all in one transaction.

Identity is slug + locale. A line that would not change its item writes nothing. With any error nothing is
written, unless ``skip_invalid`` is set, in which case each line is applied in its own savepoint and the bad ones
are reported. ``dry_run`` does all the work, including the model validation, and then rolls it back.

A line's ``draft`` (an export with drafts, docs/import-format.md) is checked with the line and, after the line's
content is written (published, as a rule), saved as the item's latest revision without being published.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import cautious_slugify
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.rich_text import RichText
from wagtail.signal_handlers import disable_reference_index_auto_update

from practices.choices import OrganisationKind
from practices.knowledge_base.exporter import SNIPPET_MODELS, export_concept, export_page, export_snippet
from practices.knowledge_base.fields import SLUG_RE, FieldError, load_json
from practices.knowledge_base.lookups import Lookups
from practices.knowledge_base.page_writer import PageWriter
from practices.knowledge_base.schema import CONCEPT_TYPE, parse_record
from practices.models import (
    INDEX_MODELS,
    ITEM_MODELS,
    FundingProgramme,
    MaterialPage,
    Method,
    Organisation,
    PracticePartner,
    TargetGroup,
    Theme,
    TrainingVideoPage,
)
from search.engine.indexing import deferred_indexing
from search.models import Concept, ConceptLabel

TERM_MODELS = {
    "themes": Theme,
    "target_groups": TargetGroup,
    "methods": Method,
    "funding_programme": FundingProgramme,
}
DOCUMENT_EXTENSIONS = {".pdf", ".docx", ".odt", ".xlsx", ".ods", ".pptx", ".txt", ".csv", ".rtf"}
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# Model fields whose validation errors belong to a differently named key of the format.
KEY_OF_FIELD = {
    "budget_amount": "budget.amount",
    "budget_currency": "budget.currency",
    "latitude": "location.lat",
    "longitude": "location.lng",
    "lead_organisation": "organisation",
    "authoring_organisation": "organisation",
    "last_verified_at": "last_verified.date",
    "last_verified_by": "last_verified.by",
    "transfer_cost_band": "transfer.cost_band",
    "transfer_staff_time": "transfer.staff_time",
    "transfer_municipality_size": "transfer.municipality_size",
    "transfer_prerequisites": "transfer.prerequisites",
}


@dataclass
class LineError:
    line: int
    field: str
    message: str

    def __str__(self):
        return f'line {self.line}: field "{self.field}": {self.message}'


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    new_terms: list = field(default_factory=list)
    written: bool = False

    @property
    def changes(self):
        return len(self.created) + len(self.updated)


class Rollback(Exception):
    """Raised inside the transaction to undo it (dry run, or errors without --skip-invalid)."""


class KnowledgeBaseImporter:
    def __init__(
        self,
        *,
        source_dir=None,
        publish=False,
        dry_run=False,
        skip_invalid=False,
        create_terms=False,
        drafts_only=False,
        progress=None,
        user=None,
    ):
        self.user = user  # who the pages' revisions and audit-log entries name; None from the command line
        # The folder a line's ``documents[].file`` is read from; None (an admin upload, generated lines) reads no
        # file at all, so an upload can never name a file of the server.
        self.source_dir = Path(source_dir) if source_dir else None
        self.publish = publish
        self.dry_run = dry_run
        self.skip_invalid = skip_invalid
        # Unknown terms and organisations are errors unless this says to create them: a misspelt theme would
        # otherwise become a new theme in one language only.
        self.create_terms = create_terms
        # For people who may not publish (Editors in the admin): every item stays or becomes a draft; ``live``
        # and ``publish`` are ignored.
        self.drafts_only = drafts_only
        self.progress = progress or (lambda: None)
        self.report = ImportReport()
        self.writer = PageWriter()
        self.lookups = None
        self._stored_files = []  # files saved for new documents; removed again if the import is rolled back
        self._indexes = {}
        self._concept_lines = {}  # slug → the record of each concept line, to check related concepts against

    # --- entry points --------------------------------------------------------------------------------------
    def import_file(self, path):
        path = Path(path)
        self.source_dir = path.parent
        with path.open(encoding="utf-8") as lines:
            return self.import_lines(lines)

    def import_lines(self, lines):
        records = self.parse(lines)
        if self.report.errors and not self.skip_invalid:
            return self.report
        try:
            with transaction.atomic(), disable_reference_index_auto_update(), deferred_indexing():
                self.lookups = Lookups(records)
                self._concept_lines = {record.slug: record for record in records if record.type == CONCEPT_TYPE}
                for record in records:
                    self.apply_safely(record)
                    self.progress()
                self.writer.flush(user=self.user)
                if self.dry_run or (self.report.errors and not self.skip_invalid):
                    raise Rollback
        except Rollback:
            self.delete_stored_files()
            return self.report
        except Exception:
            self.delete_stored_files()
            raise
        self.report.written = self.report.changes > 0
        return self.report

    # --- parsing -------------------------------------------------------------------------------------------
    def parse(self, lines):
        records, seen = [], {}
        for number, raw in enumerate(lines, start=1):
            text = raw.strip()
            if not text or text.startswith("//"):
                continue
            try:
                record = parse_record(number, load_json(text))
            except FieldError as error:
                self.report.errors.append(LineError(number, error.field, error.message))
                self.progress()
                continue
            identity = (record.type, record.slug, record.locale)
            if identity in seen:
                self.report.errors.append(
                    LineError(
                        number,
                        "slug",
                        _("repeats the slug and locale of line %(line)d") % {"line": seen[identity]},
                    )
                )
                self.progress()
                continue
            seen[identity] = number
            records.append(record)
        return records

    # --- applying ------------------------------------------------------------------------------------------
    def apply_safely(self, record):
        stored_files = len(self._stored_files)
        self.lookups.begin()
        try:
            with transaction.atomic():
                outcome = self.apply(record)
        except (FieldError, ValidationError) as error:
            # The line's savepoint is rolled back: forget what it added to the in-memory maps and the files it
            # stored, so that later lines cannot refer to rows that no longer exist.
            self.lookups.undo()
            self.delete_stored_files(since=stored_files)
            self.report.errors.extend(self.line_errors(record, error))
            return
        getattr(self.report, outcome).append((record.type, record.slug, record.locale))

    @staticmethod
    def line_errors(record, error):
        if isinstance(error, FieldError):
            return [LineError(record.line, error.field, error.message)]
        return [
            LineError(record.line, KEY_OF_FIELD.get(model_field, model_field), message)
            for model_field, messages in error.message_dict.items()
            for message in messages
        ]

    def apply(self, record):
        if record.type in SNIPPET_MODELS:
            return self.apply_snippet(record)
        if record.type == CONCEPT_TYPE:
            return self.apply_concept(record)
        return self.apply_page(record)

    def locale(self, code):
        return self.lookups.locales[code]

    def apply_snippet(self, record):
        model = SNIPPET_MODELS[record.type]
        snippets = self.lookups.snippet_index(model)
        locale = self.locale(record.locale)
        obj = snippets.by_slug.get((locale.pk, record.slug))
        created = obj is None
        if created:
            obj = model(slug=record.slug, locale=locale)
            if record.slug in snippets.translation_keys:
                obj.translation_key = snippets.translation_keys[record.slug]
                self.refuse_second_translation(snippets, obj, "slug", record.slug)
        before = None if created else export_snippet(obj)
        for name, value in record.values.items():
            setattr(obj, name, value)
        if not created and export_snippet(obj) == before:
            return "unchanged"
        self.lookups.modified(obj)
        obj.full_clean()
        obj.save()
        snippets.add(obj)
        return "created" if created else "updated"

    def apply_concept(self, record):
        """A concept of the thesaurus: the line gives all its labels and related concepts, which replace the
        concept's. A relation goes both ways, so a related concept must be in the database or on a line of the
        file, and a line names as related every earlier line that names it, and no other; a relation to a concept
        of a later line is made by that line."""
        related = record.references.get("related", [])
        existing = dict(Concept.objects.filter(slug__in=related).values_list("slug", "pk"))
        for position, slug in enumerate(related):
            if slug == record.slug:
                raise FieldError(f"related[{position}]", _("a concept cannot be related to itself"))
            if slug not in existing and slug not in self._concept_lines:
                raise FieldError(
                    f"related[{position}]",
                    _("no concept “%(slug)s” in the thesaurus or on a line of this file") % {"slug": slug},
                )
        for slug, other in self._concept_lines.items():
            names_this = record.slug in other.references.get("related", [])
            if other.line < record.line and names_this != (slug in related):
                raise FieldError(
                    "related",
                    _("the concept “%(slug)s” (line %(line)d) and this one must name each other as related, or neither")
                    % {"slug": slug, "line": other.line},
                )
        concept = Concept.objects.filter(slug=record.slug).first()
        wanted = {
            "type": CONCEPT_TYPE,
            "slug": record.slug,
            "labels": self._labels_by_language(record.values["labels"]),
            "related": sorted(related),
        }
        if concept is not None and export_concept(concept) == wanted:
            return "unchanged"
        created = concept is None
        if created:
            concept = Concept(slug=record.slug)
            concept.full_clean()
            concept.save()
        concept.labels.all().delete()
        ConceptLabel.objects.bulk_create(
            ConceptLabel(concept=concept, language=language, text=text, sort_order=order)
            for order, (language, text) in enumerate(record.values["labels"])
        )
        concept.related.set(list(existing.values()))
        return "created" if created else "updated"

    @staticmethod
    def _labels_by_language(labels):
        grouped = {}
        for language, text in labels:
            grouped.setdefault(language, []).append(text)
        return grouped

    def apply_page(self, record):
        model = ITEM_MODELS[record.type]
        locale = self.locale(record.locale)
        page = self.lookups.page(record.type, locale.pk, record.slug)
        created = page is None
        if not created:
            self.lookups.modified(page)
            if page.has_unpublished_changes and page.latest_revision_id and record.draft is None:
                # As in the admin, a change starts from the latest draft, not from the published row; so a draft
                # that an earlier import left is "unchanged" when the same line comes again. A line with its own
                # draft describes the published row and the draft apart.
                page = page.get_latest_revision_as_object()
        if created:
            page = model(slug=record.slug, locale=locale)
            if record.translation_of:
                page.translation_key = self.source_of(record).translation_key
            before = None
        else:
            before = export_page(page, translation_of=self.lookups.source_slug(record.type, page))
            if record.translation_of and not self.lookups.is_translation_of(record, page):
                raise FieldError("translation_of", _("cannot link an existing item to another source item"))
        self.set_values(page, record, locale)
        translation_of = before["translation_of"] if before else record.translation_of
        live = None if self.drafts_only else True if self.publish else record.live
        unchanged = not created and export_page(page, translation_of=translation_of) == before
        unchanged = unchanged and (live is None or live == page.live)
        if not unchanged:
            self.writer.validate(page)
        draft = self.draft_of(page, record, locale, translation_of, rewritten=not unchanged)
        if unchanged and draft is None:
            return "unchanged"
        if created:
            self.writer.create(page, self.parent_index(record.type, locale), live)
            self.lookups.add_page(record.type, page)
        elif not unchanged:
            self.writer.update(page, live)
        if draft is not None:
            self.writer.add_draft(page, draft)
        return "created" if created else "updated"

    def set_values(self, page, record, locale):
        for name, value in record.values.items():
            setattr(page, name, self.model_value(name, value, record))
        self.set_references(page, record, locale)

    def draft_of(self, page, record, locale, translation_of, rewritten):
        """The line's draft as a validated page in memory, starting from the line's content; None when the line
        has no draft, or when the item already has that very draft and its published content is not rewritten
        (publishing would end the draft)."""
        if record.draft is None:
            return None
        draft = type(page).from_serializable_data(page.serializable_data())
        try:
            self.set_values(draft, record.draft, locale)
            if not rewritten and page.pk and page.has_unpublished_changes and page.latest_revision_id:
                latest = export_page(page.get_latest_revision_as_object(), translation_of=translation_of)
                if latest == export_page(draft, translation_of=translation_of):
                    return None
            self.writer.validate(draft)
        except FieldError as error:
            raise FieldError(f"draft.{error.field}", error.message) from None
        except ValidationError as error:
            # Named as the line's keys under "draft.", as line_errors names the line's own.
            raise ValidationError(
                {
                    f"draft.{KEY_OF_FIELD.get(model_field, model_field)}": messages
                    for model_field, messages in error.message_dict.items()
                }
            ) from None
        return draft

    def source_of(self, record):
        source = self.lookups.source_page(record.type, record.translation_of, self.locale(record.locale).pk)
        if source is None:
            raise FieldError(
                "translation_of",
                _("no %(type)s with the slug “%(slug)s” in another language (it must come earlier in the file)")
                % {"type": record.type, "slug": record.translation_of},
            )
        if self.lookups.has_translation(record.type, source.translation_key, record.locale):
            raise FieldError("translation_of", _("that item already has a translation in this language"))
        return source

    def parent_index(self, kind, locale):
        key = (kind, locale.pk)
        if key not in self._indexes:
            index = INDEX_MODELS[kind].objects.filter(locale=locale).first()
            if index is None:
                raise FieldError("locale", _("the site has no %(type)s section in this language") % {"type": kind})
            self._indexes[key] = index
        return self._indexes[key]

    # --- values and references -----------------------------------------------------------------------------
    def model_value(self, name, value, record):
        if name == "body":
            return [(block["type"], self.block_value(block, record)) for block in value]
        if name == "outcomes":
            return [("outcome", item) for item in value]
        if name == "source_links":
            return [("link", item) for item in value]
        if name == "chapters":
            return [("chapter", item) for item in value]
        if name == "speakers":
            return [("speaker", item) for item in value]
        if name == "gallery":
            return [
                (
                    "image",
                    {"image": self.image(item["image"], f"gallery[{i}].image"), "caption": item["caption"]},
                )
                for i, item in enumerate(value)
            ]
        if name == "documents":
            return [
                (
                    "document",
                    {"document": self.document(item, f"documents[{i}]"), "language": item["language"]},
                )
                for i, item in enumerate(value)
            ]
        return value

    def block_value(self, block, record):
        value = block["value"]
        if block["type"] == "paragraph":
            return RichText(value)
        if block["type"] == "image":
            return {"image": self.image(value["image"], "body.image"), "caption": value["caption"]}
        if block["type"] == "document":
            document = get_document_model().objects.filter(title=value["document"]).first()
            if document is None:
                raise FieldError("body.document", _("no document titled “%(title)s”") % {"title": value["document"]})
            return {"document": document, "label": value["label"]}
        return value

    def image(self, title, key):
        image = get_image_model().objects.filter(title=title).first()
        if image is None:
            raise FieldError(key, _("no image titled “%(title)s”") % {"title": title})
        return image

    def document(self, item, key):
        document_model = get_document_model()
        document = document_model.objects.filter(title=item["title"]).first()
        if document is not None:
            return document
        if not item["file"]:
            raise FieldError(
                f"{key}.file",
                _("no document titled “%(title)s” and no file given") % {"title": item["title"]},
            )
        if self.source_dir is None:
            raise FieldError(
                f"{key}.file",
                _("an uploaded file cannot bring documents; add the document in the admin and name it by its title"),
            )
        path = (self.source_dir / item["file"]).resolve()
        if self.source_dir.resolve() not in path.parents:
            raise FieldError(f"{key}.file", _("the file must be inside the import file's folder"))
        if path.suffix.lower() not in DOCUMENT_EXTENSIONS:
            raise FieldError(f"{key}.file", _("files of type “%(ext)s” are not accepted") % {"ext": path.suffix})
        if not path.is_file():
            raise FieldError(f"{key}.file", _("no file at “%(path)s”") % {"path": item["file"]})
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise FieldError(f"{key}.file", _("the file is larger than 20 MB"))
        with path.open("rb") as handle:
            document = document_model(title=item["title"])
            document.file.save(path.name, File(handle), save=False)
        self._stored_files.append(document.file)
        document.save()
        return document

    def delete_stored_files(self, since=0):
        for stored in self._stored_files[since:]:
            stored.storage.delete(stored.name)
        del self._stored_files[since:]

    def set_references(self, page, record, locale):
        refs = record.references
        for key in ("themes", "target_groups", "methods"):
            if key in refs:
                setattr(page, key, [self.term(TERM_MODELS[key], value, locale, key) for value in refs[key]])
        if "funding_programme" in refs:
            value = refs["funding_programme"]
            page.funding_programme = self.term(FundingProgramme, value, locale, "funding_programme") if value else None
        if "organisation" in refs:
            organisation = (
                self.organisation(refs["organisation"], locale, "organisation") if refs["organisation"] else None
            )
            setattr(
                page,
                "lead_organisation" if record.type == "practice" else "authoring_organisation",
                organisation,
            )
        if "partners" in refs:
            page.partners = [
                PracticePartner(
                    organisation=self.organisation(item["organisation"], locale, f"partners[{i}].organisation"),
                    role=item["role"],
                )
                for i, item in enumerate(refs["partners"])
            ]
        for key, model in (("related_materials", MaterialPage), ("related_videos", TrainingVideoPage)):
            if key in refs:
                kind = "material" if model is MaterialPage else "video"
                found = [self.lookups.page(kind, locale.pk, slug) for slug in refs[key]]
                if None in found:
                    missing = refs[key][found.index(None)]
                    raise FieldError(key, _("no item with the slug “%(slug)s” in this language") % {"slug": missing})
                setattr(page, key, found)

    def term(self, model, value, locale, key):
        """The term ``value`` names in the item's language (practices.knowledge_base.lookups: by slug, name or
        name's slug, whatever the case and diacritics); a new one only when ``create_terms`` allows it."""
        return self.reference(model, value, locale, key)

    def organisation(self, value, locale, key):
        return self.reference(Organisation, value, locale, key, kind=OrganisationKind.OTHER)

    def reference(self, model, value, locale, key, **defaults):
        index = self.lookups.snippet_index(model)
        found = index.find(locale.pk, value)
        if found is not None:
            return found
        if not self.create_terms:
            raise FieldError(key, unknown_reference_message(model, value, locale, index.suggestions(locale.pk, value)))
        return self.create_reference(model, index, value, locale, key, defaults)

    def create_reference(self, model, index, value, locale, key, defaults):
        """A new term or organisation named ``value`` (``create_terms``), reported in ``new_terms``. Its slug comes
        from the value; a slug that another language already uses makes it that entry's translation."""
        slug = value if SLUG_RE.match(value) else slugify(cautious_slugify(value))[:100].strip("-")
        if not slug:
            raise FieldError(key, _("cannot make a slug from “%(value)s”; give the term's slug") % {"value": value})
        obj = model(locale=locale, slug=slug, name=value, **defaults)
        if slug in index.translation_keys:
            obj.translation_key = index.translation_keys[slug]
            self.refuse_second_translation(index, obj, key, value)
        try:
            obj.full_clean()
        except ValidationError as error:
            raise FieldError(
                key,
                _("cannot create the %(type)s “%(value)s”: %(reasons)s")
                % {"type": model._meta.verbose_name, "value": value, "reasons": " ".join(error.messages)},
            ) from None
        obj.save()
        index.add(obj)
        self.report.new_terms.append((model._meta.verbose_name, value, locale.language_code))
        return obj

    @staticmethod
    def refuse_second_translation(index, obj, key, value):
        """An entry has one row per language: when the entry ``obj`` would translate already has a row in this
        language under another slug (changed in the admin), name that row instead of the database's complaint
        about a repeated translation key."""
        existing = index.in_locale(obj.locale_id, obj.translation_key)
        if existing is not None:
            raise FieldError(
                key,
                _("“%(value)s” would be a second %(type)s “%(name)s” (%(slug)s) in this language; name that one")
                % {"value": value, "type": obj._meta.verbose_name, "name": existing.name, "slug": existing.slug},
            )


def unknown_reference_message(model, value, locale, suggestions):
    """What an editor reads for a term or organisation the locale does not have: the value, the nearest known
    entries, and the two ways on."""
    message = _("no %(type)s “%(value)s” in %(language)s") % {
        "type": model._meta.verbose_name,
        "value": value,
        "language": locale.get_display_name(),
    }
    if suggestions:
        names = ", ".join(f"“{obj.name}” ({obj.slug})" for obj in suggestions)
        message += "; " + _("did you mean %(names)s?") % {"names": names}
    else:
        message += "."
    return (
        message
        + " "
        + _(
            "Add it on an earlier line of its own, or let the import create it (--create-terms; in the admin, "
            "“Create new terms and organisations”)."
        )
    )
