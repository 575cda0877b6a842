"""The content API's own viewsets and filters for a headless front end (Wagtail's API v2, mounted by cms/api.py;
docs/api.md): the pages endpoint serialising each page in its language, with the relations its fields read loaded
in a fixed number of queries, a 400 naming the parameter for an unknown locale or tree page, ``?search=`` through
the configured backend; the images endpoint with the renditions at the site's fixed sizes. The fields each page
model shows are declared on the model (``api_fields``, practices.representation.content_api).
"""

from collections import defaultdict

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.api import APIField
from wagtail.api.v2.filters import LocaleFilter, SearchFilter
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.fields import StreamField
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from practices.parameters import ASCII_DIGITS
from practices.representation.content_api import ImageRenditionsField


class LocalisedPageSerializer(PageSerializer):
    """Wagtail's page serializer, serialising each page in its own language, so that rich-text links lead to the
    linked page's translation in that language (Wagtail's ``Page.localized`` follows the active language).
    Snippets and country names are localised by their fields
    (practices.representation.content_api.PageLanguageField)."""

    def to_representation(self, page):
        with translation.override(page.locale.language_code):
            return super().to_representation(page)


def unknown_locale_error(request):
    """The error message for a ``?locale=`` that names no locale of the site, or None when it is absent or known.
    Both API versions answer it with a 400 naming the parameter, where Wagtail's filters answer a 404 that reads
    as if the endpoint did not exist."""
    code = request.GET.get("locale")
    if code is None or Locale.objects.filter(language_code=code).exists():
        return None
    codes = ", ".join(Locale.objects.order_by("pk").values_list("language_code", flat=True))
    return _("locale: unknown locale “%(code)s”; use one of %(codes)s.") % {"code": code, "codes": codes}


class KnownLocaleFilter(LocaleFilter):
    """``?locale=``, Wagtail's filter, with an unknown language code a 400 (see ``unknown_locale_error``)."""

    def filter_queryset(self, request, queryset, view):
        error = unknown_locale_error(request)
        if error:
            raise BadRequestError(error)
        return super().filter_queryset(request, queryset, view)


class ConfiguredBackendSearchFilter(SearchFilter):
    """Wagtail's ``?search=``, through the backend that ``WAGTAILAPI_SEARCH_BACKEND`` names. Wagtail's filter always
    asks the default backend; the benchmark points this one at stock Wagtail's database backend, so that the same
    server answers our search API and a stock Wagtail search of the same data side by side."""

    def filter_queryset(self, request, queryset, view):
        alias = settings.WAGTAILAPI_SEARCH_BACKEND
        if alias == "default" or "search" not in request.GET:
            return super().filter_queryset(request, queryset, view)
        try:
            return get_search_backend(alias).search(
                request.GET["search"],
                queryset,
                operator=request.GET.get("search_operator"),
                order_by_relevance="order" not in request.GET,
            )
        except (FilterFieldError, OrderByFieldError) as error:
            raise BadRequestError(_("search: %(error)s") % {"error": error}) from error


# Query parameters of the pages endpoint that name another page by its id.
TREE_PARAMETERS = ("child_of", "descendant_of", "ancestor_of", "translation_of")


class ContentPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint with our page serializer and locale filter. A list that asks for ``?fields=`` has
    the relations its page type's fields read joined and prefetched (``api_select_related``,
    ``api_prefetch_related`` on the model), every page's translations loaded in one query and its StreamFields
    converted together, so that its number of queries does not grow with the page size — except for rich-text
    links to pages, which Wagtail's ``expand_db_html`` resolves paragraph by paragraph (docs/api.md gives the
    figures, tests/practices/api/test_content_api.py checks them)."""

    base_serializer_class = LocalisedPageSerializer
    filter_backends = [
        {LocaleFilter: KnownLocaleFilter, SearchFilter: ConfiguredBackendSearchFilter}.get(backend, backend)
        for backend in PagesAPIViewSet.filter_backends
    ]

    def check_query_parameters(self, queryset):
        """Wagtail's checks, and a 400 naming the parameter when a tree parameter gives an unknown page (Wagtail
        answers "ancestor page doesn't exist" to ``?descendant_of=``)."""
        super().check_query_parameters(queryset)
        for parameter in TREE_PARAMETERS:
            value = self.request.GET.get(parameter, "")
            if ASCII_DIGITS.fullmatch(value) and not self.get_base_queryset().filter(pk=value).exists():
                raise BadRequestError(
                    _("%(parameter)s: no published page has the id %(id)s.") % {"parameter": parameter, "id": value}
                )

    def get_base_queryset(self):
        """Wagtail's public pages, built once per request: building it reads every view restriction, and the
        endpoint asks for it four times (query, serializer class and context, translations)."""
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = super().get_base_queryset()
        return self._base_queryset

    def get_queryset(self):
        queryset = super().get_queryset().select_related("locale")  # every list item shows its locale
        if "fields" not in self.request.GET:
            return queryset  # the default list shows no other relation
        model = queryset.model
        return queryset.select_related(*getattr(model, "api_select_related", ())).prefetch_related(
            *getattr(model, "api_prefetch_related", ())
        )

    def paginate_queryset(self, queryset):
        pages = list(super().paginate_queryset(queryset))
        if "fields" in self.request.GET:
            self.attach_translations(pages)
            self.convert_streams(pages)
        return pages

    def get_object(self):
        page = super().get_object()
        self.attach_translations([page])
        return page

    def convert_streams(self, pages):
        """Convert the StreamFields the list shows for all its pages at once, with Wagtail's
        ``StreamBlock.bulk_to_python``: one query per kind of chosen object (images, documents) for the whole list,
        where each page's own StreamValue would make one per page."""
        models = {type(page) for page in pages}
        if len(models) != 1:
            return  # a list of several page types shows Wagtail's default fields only
        shown = set(self.get_serializer_class().Meta.fields)
        for field in models.pop()._meta.get_fields():
            if isinstance(field, StreamField) and field.name in shown:
                streams = [getattr(page, field.name).get_prep_value() for page in pages]
                for page, value in zip(pages, field.stream_block.bulk_to_python(streams), strict=True):
                    setattr(page, field.name, value)

    def attach_translations(self, pages):
        """Give each page ``prefetched_translations``: its public language versions (itself included), the ones
        practices.representation.content_api.TranslationsField lists."""
        versions = defaultdict(list)
        keys = {page.translation_key for page in pages}
        for version in self.get_base_queryset().filter(translation_key__in=keys).select_related("locale"):
            versions[version.translation_key].append(version)
        for page in pages:
            page.prefetched_translations = versions[page.translation_key]


class ContentImagesAPIViewSet(ImagesAPIViewSet):
    """Wagtail's images endpoint; the detail (and a list with ``?fields=renditions``) adds the renditions at the
    site's fixed sizes."""

    body_fields = [*ImagesAPIViewSet.body_fields, APIField("renditions", serializer=ImageRenditionsField())]
