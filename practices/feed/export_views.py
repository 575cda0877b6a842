"""The export endpoints of the partner feed: ``/api/feed/v1/<resource>/export.csv`` and ``export.xlsx``.

An export is the whole filtered list (not one page): it takes the list's filters and ordering, no ``cursor`` or
``page_size``, and answers 400 when it would hold more than ``FEED_EXPORT_MAX_ROWS`` rows, so that one request
cannot make the server serialise the entire knowledge base. The items are serialised once, with the same
serializer and related-content loading as a page of the list, so the number of queries does not grow with the rows.
"""

from django.conf import settings
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from practices.feed.exports import CSVExportRenderer, ExportTable, XLSXExportRenderer
from practices.feed.filters import FeedParameterError
from practices.feed.related import BASENAMES, operation_prefix


class ExportViewSetMixin:
    """Answers a feed list's export requests; ``export_urls`` mixes it into each resource's viewset."""

    export_name = "export"  # the resource's URL prefix, used in the file name

    def export(self, request, renderer):
        values = self.parse_export_parameters(request.query_params)
        queryset = self.filterset.filter_queryset(self.get_queryset(), values)
        rows = queryset.count()
        maximum = settings.FEED_EXPORT_MAX_ROWS
        if rows > maximum:
            raise FeedParameterError(
                "export",
                _(
                    "This export would have %(rows)d rows; the most is %(max)d. Narrow it with a filter, "
                    "such as locale or updated_since."
                )
                % {"rows": rows, "max": maximum},
            )
        items = self.get_serializer(queryset.order_by(*self.filterset.ordering(values)), many=True).data
        # Only now that the request is valid is the answer a file; errors above are rendered as JSON.
        request.accepted_renderer, request.accepted_media_type = renderer, renderer.media_type
        filename = f"{self.export_name}-{timezone.localdate().isoformat()}.{renderer.format}"
        return Response(
            ExportTable(self.serializer_class, items),
            headers={"Content-Disposition": content_disposition_header(as_attachment=True, filename=filename)},
        )

    def parse_export_parameters(self, query_params):
        """The list's filters; pagination parameters are refused, because an export is never paged."""
        errors = {
            name: [_("An export holds the whole filtered list; it takes no %(name)s.") % {"name": name}]
            for name in self.filterset.pagination_parameters
            if name in query_params
        }
        try:
            values = self.filterset.parse(query_params)
        except ValidationError as error:
            errors.update(error.detail)
        if errors:
            raise ValidationError(errors)
        return values


RENDERERS = {"export_csv": CSVExportRenderer, "export_xlsx": XLSXExportRenderer}


def export_method(viewset, method_name):
    """The view method of one export format, with its OpenAPI description."""
    renderer_class = RENDERERS[method_name]

    def export(self, request, *args, **kwargs):
        return self.export(request, renderer_class())

    description = _(
        "The whole filtered list as a spreadsheet, one row per item (at most %(max)d rows; see docs/api.md)."
    ) % {"max": settings.FEED_EXPORT_MAX_ROWS}
    return extend_schema(
        operation_id=f"{operation_prefix(viewset.model)}_{method_name}",
        description=description,
        parameters=viewset.filterset.openapi_parameters(),
        responses={
            (200, renderer_class.media_type): OpenApiResponse(OpenApiTypes.BINARY, description=_("The spreadsheet.")),
            (400, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT, description=_("A bad parameter.")),
        },
    )(export)


def export_urls(resources):
    """``<prefix>/export.csv`` and ``<prefix>/export.xlsx`` for each resource (URL prefix → viewset)."""
    urls = []
    for prefix, viewset in resources.items():
        methods = {name: export_method(viewset, name) for name in RENDERERS}
        exporting = type(f"{viewset.__name__}Export", (ExportViewSetMixin, viewset), methods)
        for method_name, renderer_class in RENDERERS.items():
            urls.append(
                path(
                    f"{prefix}/export.{renderer_class.format}",
                    exporting.as_view({"get": method_name}, export_name=prefix),
                    name=f"{BASENAMES[viewset.model]}-export-{renderer_class.format}",
                )
            )
    return urls
