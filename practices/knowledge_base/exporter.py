"""Turn knowledge-base objects into canonical JSON Lines objects (docs/import-format.md).

The same functions describe a page before and after an import applies a line in memory, which is how the
importer tells "unchanged" from "updated" without writing anything.

With drafts (``export_kb --with-drafts``, the admin's "Include drafts"), unpublished work travels too, written by
the same ``export_page``: a published item with unpublished changes carries its latest revision in a ``draft``
member, and an item that is not live is written as its latest revision (``"live": false``) rather than as its
stale page row. Without drafts an export holds what the site publishes (and unpublished items' page rows, as
before).
"""

import shutil
from pathlib import Path

from practices.knowledge_base.schema import CONCEPT_TYPE, TAXONOMY_TYPES
from practices.models import (
    ITEM_MODELS,
    FundingProgramme,
    Method,
    Organisation,
    TargetGroup,
    Theme,
)
from practices.representation.countries import country_code
from practices.representation.numbers import budget_shape, json_number, location_shape, outcome_shape
from practices.representation.organisations import EXCHANGE, organisation_shape
from search.models import Concept

SNIPPET_MODELS = {
    "theme": Theme,
    "target_group": TargetGroup,
    "method": Method,
    "funding_programme": FundingProgramme,
    "organisation": Organisation,
}
# Keys of an item line that belong to the item as a whole, not to one of its revisions: a ``draft`` member
# carries every other key of the line.
ITEM_IDENTITY_KEYS = ("type", "locale", "translation_of", "live")
TYPE_OF_MODEL = {model: kind for kind, model in {**SNIPPET_MODELS, **ITEM_MODELS}.items()}


def date(value):
    return value.isoformat() if value else None


def slugs(manager):
    return sorted(term.slug for term in manager.all())


def export_snippet(obj):
    kind = TYPE_OF_MODEL[type(obj)]
    data = {"type": kind, "slug": obj.slug, "locale": obj.locale.language_code}
    if kind in TAXONOMY_TYPES:
        data["name"] = obj.name
        data["description"] = obj.description
        if kind == "funding_programme":
            data["url"] = obj.url
    else:
        # Every editable field, the country as its code; the logo is an image and does not travel.
        data.update(organisation_shape(obj, EXCHANGE))
    return data


def export_concept(concept):
    """A concept of the thesaurus with its labels by language (each language's preferred label first) and the slugs
    of its related concepts: the shape of search/data/concepts.json."""
    labels = {}
    for label in concept.labels.all():
        labels.setdefault(label.language, []).append(label.text)
    related = sorted(other.slug for other in concept.related.all())
    return {"type": CONCEPT_TYPE, "slug": concept.slug, "labels": labels, "related": related}


def export_body(stream):
    blocks = []
    for child in stream:
        value = child.value
        if child.block_type == "paragraph":
            value = value.source
        elif child.block_type == "quote":
            value = {"text": value["text"], "attribution": value["attribution"]}
        elif child.block_type == "key_figures":
            value = [{"value": item["value"], "label": item["label"]} for item in value]
        elif child.block_type == "embed":
            value = value.url if value else ""
        elif child.block_type == "image":
            value = {"image": value["image"].title if value["image"] else "", "caption": value["caption"]}
        elif child.block_type == "document":
            value = {
                "document": value["document"].title if value["document"] else "",
                "label": value["label"],
            }
        blocks.append({"type": child.block_type, "value": value})
    return blocks


def source_translation(page):
    """The translation an item was first written in: the oldest page sharing its translation key."""
    return type(page).objects.filter(translation_key=page.translation_key).order_by("pk").only("slug", "locale").first()


def export_page(page, translation_of=None, document_file=None):
    kind = TYPE_OF_MODEL[type(page)]
    if translation_of is None and page.pk:
        source = source_translation(page)
        translation_of = source.slug if source and source.pk != page.pk else ""
    data = {
        "type": kind,
        "slug": page.slug,
        "locale": page.locale.language_code,
        "translation_of": translation_of or "",
        "live": page.live,
        "title": page.title,
        "summary": page.summary,
        "body": export_body(page.body),
        "themes": slugs(page.themes),
        "target_groups": slugs(page.target_groups),
        "licence": page.licence,
        "last_verified": (
            {"date": date(page.last_verified_at), "by": page.last_verified_by} if page.last_verified_at else None
        ),
        "quality_mark": page.quality_mark,
        "translation_origin": page.translation_origin,
        "funding_programme": page.funding_programme.slug if page.funding_programme_id else "",
        "project_code": page.project_code,
        "programme_record_url": page.programme_record_url,
    }
    if kind == "practice":
        data.update(
            country=country_code(page.country),
            region=page.region,
            municipality=page.municipality,
            location=location_shape(page.latitude, page.longitude, json_number),
            organisation=page.lead_organisation.slug if page.lead_organisation_id else "",
            partners=[{"organisation": p.organisation.slug, "role": p.role} for p in page.partners.all()],
            budget=budget_shape(page.budget_amount, page.budget_currency, json_number),
            start_date=date(page.start_date),
            end_date=date(page.end_date),
            status=page.status,
            methods=slugs(page.methods),
            outcomes=[outcome_shape(o.value["value"], o.value["label"], json_number) for o in page.outcomes],
            lessons_learned=page.lessons_learned,
            source_links=[{"url": s.value["url"], "title": s.value["title"]} for s in page.source_links],
            gallery=[
                {"image": g.value["image"].title if g.value["image"] else "", "caption": g.value["caption"]}
                for g in page.gallery
            ],
            transfer={
                "cost_band": page.transfer_cost_band,
                "staff_time": page.transfer_staff_time,
                "municipality_size": page.transfer_municipality_size,
                "prerequisites": page.transfer_prerequisites,
            },
            related_materials=slugs(page.related_materials),
            related_videos=slugs(page.related_videos),
        )
    elif kind == "material":
        data.update(
            material_kind=page.material_kind,
            documents=[
                {
                    "title": d.value["document"].title if d.value["document"] else "",
                    "language": d.value["language"],
                    **({"file": document_file(d.value["document"])} if document_file and d.value["document"] else {}),
                }
                for d in page.documents
            ],
            publication_date=date(page.publication_date),
            organisation=page.authoring_organisation.slug if page.authoring_organisation_id else "",
        )
    else:
        data.update(
            video_url=page.video_url,
            duration_seconds=page.duration_seconds,
            spoken_language=page.spoken_language,
            subtitle_languages=list(page.subtitle_languages or []),
            transcript=page.transcript,
            chapters=[{"start_seconds": c.value["start_seconds"], "title": c.value["title"]} for c in page.chapters],
            speakers=[{"name": s.value["name"], "role": s.value["role"]} for s in page.speakers],
            related_materials=slugs(page.related_materials),
        )
    return data


def export_page_with_draft(page, translation_of, document_file=None):
    """The line of ``page`` in an export with drafts: its published content with the latest revision as
    ``draft`` when it has unpublished changes, or, for an item that is not live, that revision itself."""
    if not (page.has_unpublished_changes and page.latest_revision_id):
        return export_page(page, translation_of=translation_of, document_file=document_file)
    latest = export_page(
        page.get_latest_revision_as_object(), translation_of=translation_of, document_file=document_file
    )
    if not page.live:
        return latest
    line = export_page(page, translation_of=translation_of, document_file=document_file)
    line["draft"] = {key: value for key, value in latest.items() if key not in ITEM_IDENTITY_KEYS}
    return line


def iter_export(locale=None, types=None, documents_dir=None, with_drafts=False):
    """Yield every snippet and page as a canonical line: taxonomy and organisations first, then the thesaurus's
    concepts, then materials, videos and practices, so that an import of the output never meets a reference before
    its target. A concept names itself in every language on one line, so an export of one ``locale`` leaves the
    thesaurus out.

    With ``documents_dir``, the materials' files are copied into it and each line names its file relative to the
    folder holding ``documents_dir``, so that the export moves to another site with its documents. With
    ``with_drafts``, items carry their unpublished changes (``export_page_with_draft``)."""
    document_file = DocumentCopier(documents_dir) if documents_dir else None
    kinds = types or [*SNIPPET_MODELS, CONCEPT_TYPE, "material", "video", "practice"]
    for kind in kinds:
        if kind == CONCEPT_TYPE:
            if not locale:
                concepts = Concept.objects.order_by("slug").prefetch_related("labels", "related")
                yield from (export_concept(concept) for concept in concepts)
            continue
        model = SNIPPET_MODELS.get(kind) or ITEM_MODELS[kind]
        queryset = model.objects.select_related("locale").order_by("pk")
        if locale:
            queryset = queryset.filter(locale__language_code=locale)
        if kind in ITEM_MODELS:
            yield from _export_pages(queryset, document_file, with_drafts)
        else:
            for obj in queryset:
                yield export_snippet(obj)


def _export_pages(queryset, document_file, with_drafts):
    write = export_page_with_draft if with_drafts else export_page
    queryset = queryset.select_related("funding_programme").prefetch_related("themes", "target_groups")
    sources = {}
    for page in queryset.iterator(chunk_size=200):
        if page.translation_key not in sources:
            sources[page.translation_key] = source_translation(page)
        source = sources[page.translation_key]
        yield write(page, translation_of=source.slug if source.pk != page.pk else "", document_file=document_file)


class DocumentCopier:
    """Copies each exported document's file once into the export's documents folder, under the file's own name, so
    that export → import → export names it the same (a prefix such as the id would grow on every round trip). A
    second document with the same file name goes into a folder named after its id."""

    def __init__(self, documents_dir):
        self.documents_dir = Path(documents_dir)
        self.copied = {}
        self.names = set()

    def __call__(self, document):
        if document.pk not in self.copied:
            name = Path(document.file.name).name
            if name in self.names:
                name = f"{document.pk}/{name}"
            self.names.add(name)
            target_path = self.documents_dir / name
            target_path.parent.mkdir(parents=True, exist_ok=True)
            with document.file.open("rb") as source, target_path.open("wb") as target:
                shutil.copyfileobj(source, target)
            self.copied[document.pk] = f"{self.documents_dir.name}/{name}"
        return self.copied[document.pk]
