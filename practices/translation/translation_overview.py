"""The translation overview in the admin: every knowledge-base item against the five locales, each cell saying
whether that language version is missing, a draft, published, or out of date, with counts per locale and a link to
act on each cell.

"Out of date" follows wagtail-localize's records. A language version made through wagtail-localize (a
``Translation`` of the item's ``TranslationSource``) is out of date when the source page has a revision newer than
the source's last extraction (``TranslationSource.last_updated_at``, which its "Sync translated pages" renews), or
when the version readers see predates that extraction: a live version's publication, a draft's latest revision (the
sync left this locale out, or its updated draft still waits for review). wagtail-localize
never fills ``Translation.destination_last_updated_at``, hence the revisions. Language versions made otherwise (an
import with ``translation_of``) have no sync to be behind, so they are only draft or published.

The grid is built from a fixed number of value queries whatever the number of items (the counts need every row,
the table shows one page of them), so the overview stays cheap with thousands of items.
"""

from dataclasses import dataclass, field

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from practices.editorial.admin_exports import ListingExportMixin
from practices.models import ITEM_MODELS

ROWS_PER_PAGE = 50


class CellState:
    MISSING = "missing"
    DRAFT = "draft"
    PUBLISHED = "published"
    OUT_OF_DATE = "out-of-date"
    LABELS = {
        MISSING: _("missing"),
        DRAFT: _("draft"),
        PUBLISHED: _("published"),
        OUT_OF_DATE: _("out of date"),
    }
    ALL = (MISSING, DRAFT, PUBLISHED, OUT_OF_DATE)


@dataclass
class Cell:
    locale: Locale
    state: str
    page_id: int | None = None
    is_source: bool = False
    translation_source_id: int | None = None

    @property
    def label(self):
        return CellState.LABELS[self.state]


@dataclass
class Row:
    """One item: its language versions, keyed by locale id; the source is where wagtail-localize took it from,
    or else the first version created."""

    translation_key: object
    kind: str
    source: dict
    cells: list = field(default_factory=list)

    @property
    def kind_label(self):
        """The item type as editors call it in their language ("dobrá praxe"), not its code ("practice")."""
        return ITEM_MODELS[self.kind]._meta.verbose_name


class OverviewFilterForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("all")), ("practice", _("practices")), ("material", _("materials")), ("video", _("videos"))],
    )
    locale = forms.ChoiceField(label=_("Locale"), required=False)
    state = forms.ChoiceField(
        label=_("State in that locale"),
        required=False,
        choices=[("", _("any")), *CellState.LABELS.items()],
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, locales, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locale"].choices = [("", _("any")), *((loc.language_code, loc.language_code) for loc in locales)]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("state") and not cleaned.get("locale"):
            self.add_error("locale", _("choose the locale whose state to filter on"))
        return cleaned


def build_rows(kinds, locales):
    """Every item of ``kinds`` with the state of each locale; three queries whatever the number of items."""
    content_types = ContentType.objects.get_for_models(*(ITEM_MODELS[kind] for kind in kinds))  # cached after once
    kind_of_type = {content_types[ITEM_MODELS[kind]].pk: kind for kind in kinds}
    pages = list(
        Page.objects.filter(content_type_id__in=kind_of_type)
        .values(
            "id",
            "title",
            "translation_key",
            "locale_id",
            "live",
            "latest_revision_created_at",
            "last_published_at",
            "content_type_id",
        )
        .order_by("id")
    )
    keys = {page["translation_key"] for page in pages}
    sources = {
        item["object_id"]: item
        for item in TranslationSource.objects.filter(object_id__in=keys).values(
            "id", "object_id", "locale_id", "last_updated_at"
        )
    }
    translated = set(
        Translation.objects.filter(source_id__in=[s["id"] for s in sources.values()], enabled=True).values_list(
            "source_id", "target_locale_id"
        )
    )
    versions = {}
    for page in pages:
        versions.setdefault(page["translation_key"], {})[page["locale_id"]] = page
    rows = []
    for key, by_locale in versions.items():
        source_record = sources.get(key)
        source_locale = source_record["locale_id"] if source_record else next(iter(by_locale))
        source = by_locale.get(source_locale) or next(iter(by_locale.values()))
        row = Row(translation_key=key, kind=kind_of_type[source["content_type_id"]], source=source)
        for locale in locales:
            row.cells.append(cell_of(locale, by_locale.get(locale.pk), source, source_record, translated))
        rows.append(row)
    return rows


def cell_of(locale, page, source, source_record, translated):
    if page is None:
        return Cell(locale, CellState.MISSING)
    cell = Cell(locale, CellState.PUBLISHED if page["live"] else CellState.DRAFT, page["id"], page is source)
    if source_record and not cell.is_source and (source_record["id"], locale.pk) in translated:
        extracted = source_record["last_updated_at"]
        source_changed = source["latest_revision_created_at"]
        # A live version counts from its publication: the draft that a sync (or a translator) wrote after the source
        # changed is not what readers see until the locale's review publishes it.
        written = page["last_published_at"] if page["live"] else page["latest_revision_created_at"]
        if (source_changed and source_changed > extracted) or (written and written < extracted):
            cell.state = CellState.OUT_OF_DATE
            cell.translation_source_id = source_record["id"]
    return cell


def locale_counts(rows, locales):
    counts = [dict.fromkeys(CellState.ALL, 0) for _locale in locales]
    for row in rows:
        for position, cell in enumerate(row.cells):
            counts[position][cell.state] += 1
    return [
        {"locale": locale, "counts": [(CellState.LABELS[state], count[state]) for state in CellState.ALL]}
        for locale, count in zip(locales, counts, strict=True)
    ]


class TranslationOverviewView(ListingExportMixin, WagtailAdminTemplateMixin, TemplateView):
    """The grid of items × locales; any admin user may look (acting on a cell checks its own permissions).

    Downloads (practices.editorial.admin_exports) hold every row the filters keep, one column per locale with the cell's
    state: ``missing``, ``draft``, ``published`` or ``out-of-date``.
    """

    template_name = "practices/admin/translation_overview.html"
    page_title = _("Translation overview")
    header_icon = "globe"
    export_filename = "translation-overview"
    export_headings = {"translation_key": _("Translation key"), "title": _("Item"), "type": _("Type")}

    def to_row_dict(self, item):
        row = {"translation_key": str(item.translation_key), "title": item.source["title"], "type": item.kind}
        row.update((cell.locale.language_code, cell.state) for cell in item.cells)
        return row

    def get(self, request, *args, **kwargs):
        locales = list(Locale.objects.order_by("pk"))
        form = OverviewFilterForm(request.GET, locales=locales)
        if not form.is_valid():
            # A hand-made URL with a bad parameter: say which, as the feed does.
            errors = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in form.errors.items())
            return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
        kinds = [form.cleaned_data["type"]] if form.cleaned_data["type"] else list(ITEM_MODELS)
        rows = build_rows(kinds, locales)
        counts = locale_counts(rows, locales)
        if form.cleaned_data["state"]:
            position = [loc.language_code for loc in locales].index(form.cleaned_data["locale"])
            rows = [row for row in rows if row.cells[position].state == form.cleaned_data["state"]]
        self.list_export = ["translation_key", "title", "type", *(locale.language_code for locale in locales)]
        if self.is_export:
            return self.as_spreadsheet(rows, request.GET["export"])
        page = Paginator(rows, ROWS_PER_PAGE).get_page(form.cleaned_data["page"] or 1)
        query = request.GET.copy()
        query.pop("page", None)
        context = self.get_context_data(
            form=form, locales=locales, counts=counts, page_obj=page, rows=page.object_list, query=query.urlencode()
        )
        return self.render_to_response(context)


def admin_urls():
    return [path("translation-overview/", TranslationOverviewView.as_view(), name="translation_overview")]


def menu_item():
    return MenuItem(_("Translation overview"), reverse("translation_overview"), icon_name="globe", order=220)
