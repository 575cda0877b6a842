"""Downloads of the admin's listings as CSV, XLSX and JSON Lines, with the listing's current filters, search and
ordering applied.

Wagtail's ``SpreadsheetExportMixin`` gives every generic listing (snippets, model viewsets, reports, the page
explorer of a ``PageViewSet``) its CSV and XLSX downloads from ``list_export``; ``ListingExportMixin`` is the one
place that extends it for the whole admin:

- a third format, JSON Lines (``?export=jsonl``): one JSON object per row, keyed by the ``list_export`` names,
  with dates in ISO 8601, for scripts rather than spreadsheet programs;
- no spreadsheet formulas: CSV cells that a spreadsheet program would run (``=``, ``+``, ``-``, ``@``…) are
  defused with the partner feed's rule (practices.feed.exports), XLSX cells are stored as text, never formulas,
  and lose the control characters the file format forbids;
- a byte order mark on CSV, so spreadsheet programs read Czech and Bulgarian correctly;
- a row cap (``ADMIN_EXPORT_MAX_ROWS``): a larger export is refused with a message asking to narrow the filters,
  instead of a request that runs for minutes;
- permissions: an export holds the rows the listing shows the user, and for snippets whose permissions are bound to
  locales (practices.editorial.roles) only the user's own locales' rows, as the permission policy lets them view.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from wagtail.admin import messages
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from practices.editorial.roles import LocaleBoundPermissionPolicy
from practices.feed.exports import XLSX_CELL_LIMIT, defuse_formula

JSONL_CONTENT_TYPE = "application/jsonl; charset=utf-8"


class ExportJSONEncoder(DjangoJSONEncoder):
    """Django's encoder (dates, decimals, UUIDs, lazy strings), and the text of anything else (a model instance
    becomes its name, a country its code)."""

    def default(self, o):
        try:
            return super().default(o)
        except TypeError:
            return str(o)


class ListingExportMixin(SpreadsheetExportMixin):
    """Put before the listing view class: ``class PartnerIndexView(ListingExportMixin, IndexView)``."""

    FORMAT_JSONL = "jsonl"
    FORMATS = (SpreadsheetExportMixin.FORMAT_XLSX, SpreadsheetExportMixin.FORMAT_CSV, FORMAT_JSONL)

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.is_export:
            queryset = self.restrict_to_permitted_locales(queryset)
        return queryset

    def restrict_to_permitted_locales(self, queryset):
        """A translator's export of a snippet listing holds their locales' snippets only (practices.editorial.roles)."""
        policy = getattr(self, "permission_policy", None)
        if not isinstance(policy, LocaleBoundPermissionPolicy):
            return queryset
        locale_ids = policy.locale_ids_for(self.request.user, "view")
        return queryset if locale_ids is None else queryset.filter(locale_id__in=locale_ids)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        count = len(queryset) if isinstance(queryset, list) else queryset.count()
        if count > settings.ADMIN_EXPORT_MAX_ROWS:
            messages.error(
                self.request,
                _(
                    "This listing has %(count)d rows; at most %(limit)d can be downloaded at once. "
                    "Narrow it down with the filters or the search and download it in parts."
                )
                % {"count": count, "limit": settings.ADMIN_EXPORT_MAX_ROWS},
            )
            params = self.request.GET.copy()
            params.pop("export", None)
            return redirect(f"{self.request.path}?{params.urlencode()}" if params else self.request.path)
        if spreadsheet_format == self.FORMAT_JSONL:
            return self.write_jsonl_response(queryset)
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if isinstance(value, str):
            if export_format == self.FORMAT_CSV:
                return defuse_formula(value)
            if export_format == self.FORMAT_XLSX:
                # Wagtail already stores "=…" as text; control characters would make openpyxl refuse the cell.
                return ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_CELL_LIMIT]
        return value

    def stream_csv(self, queryset):
        yield "\ufeff".encode()
        yield from super().stream_csv(queryset)

    def stream_jsonl(self, queryset):
        for item in queryset:
            row = self.to_row_dict(item)
            yield (json.dumps(row, cls=ExportJSONEncoder, ensure_ascii=False) + "\n").encode()

    def write_jsonl_response(self, queryset):
        response = StreamingHttpResponse(self.stream_jsonl(queryset), content_type=JSONL_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.jsonl"'
        return response

    @property
    def jsonl_export_url(self):
        return self.get_export_url(self.FORMAT_JSONL)

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.show_export_buttons:
            buttons.append(Button(_("Download JSONL"), url=self.jsonl_export_url, icon_name="download", priority=110))
        return buttons


class ExportingIndexView(ListingExportMixin, IndexView):
    """A model viewset's listing with the three downloads."""


class ExportingSnippetIndexView(ListingExportMixin, SnippetIndexView):
    """A snippet listing with the three downloads."""
