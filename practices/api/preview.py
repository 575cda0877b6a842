"""Draft preview for a headless front end: signed, expiring preview tokens and /api/feed/v1/preview/?token=….

An editor takes a preview link from the admin (practices.editorial.preview_admin); the front end sends its token here
and gets the draft through the feed's own serialisers, so the preview looks exactly like what the feed will publish.

A token names one revision of one page in one locale, is signed with the site's SECRET_KEY under a salt of its
own (a token of another signer cannot pass as one) and expires after ``settings.PREVIEW_TOKEN_MAX_AGE`` seconds.
It previews only the page's latest revision: once an editor saves again, the old link shows nothing stale but says
that a newer revision exists. Nothing is stored: revoking every token at once means rotating SECRET_KEY.
"""

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import Page, Revision

from practices.feed import serializers
from practices.feed.access import FeedAnonRateThrottle, FeedPartnerRateThrottle, PartnerKeyAuthentication
from practices.feed.views import feed_exception_handler
from practices.models import ITEM_MODELS, item_type_of

TOKEN_SALT = "practices.feed.preview"  # noqa: S105 (a namespace for the signature, not a secret)
PARAMETER = "token"


class PreviewTokenError(APIException):
    """A token that is expired, tampered with, or not for the page's latest revision: 403 naming ``token``."""

    status_code = 403
    default_code = "invalid_token"

    def __init__(self, message):
        super().__init__({"errors": {PARAMETER: [message]}})  # the feed's error shape, as its 400s have


def previewable(page):
    """Whether the feed has a serialiser for this page's type (knowledge-base items only)."""
    return page.specific_class in ITEM_MODELS.values()


def issue_preview_token(page, revision):
    """A token for ``revision`` of ``page``: ``{"page": id, "revision": id, "locale": "cs"}``, signed and
    timestamped."""
    return signing.TimestampSigner(salt=TOKEN_SALT).sign_object(
        {"page": page.pk, "revision": revision.pk, "locale": page.locale.language_code}
    )


def revision_for_token(token):
    """The revision a token previews; ``PreviewTokenError`` when it cannot be trusted or is out of date."""
    signer = signing.TimestampSigner(salt=TOKEN_SALT)
    try:
        claims = signer.unsign_object(token, max_age=settings.PREVIEW_TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise PreviewTokenError(_("This preview link has expired; take a new one from the admin.")) from None
    except signing.BadSignature:
        raise PreviewTokenError(_("This is not a valid preview token.")) from None
    page = Page.objects.filter(pk=claims.get("page"), locale__language_code=claims.get("locale")).first()
    if page is None or not previewable(page):
        raise PreviewTokenError(_("The page of this preview link no longer exists."))
    if page.latest_revision_id != claims.get("revision"):
        raise PreviewTokenError(
            _("This preview link is for an older revision of the page; take a new one from the admin.")
        )
    return Revision.objects.get(pk=page.latest_revision_id)


class PreviewView(APIView):
    """GET /api/feed/v1/preview/?token=…: the draft revision as a feed item (the feed's serialiser for its type).

    Never cached by shared caches (``Cache-Control: private, no-store``): it shows unpublished content to whoever
    holds the link. Errors name the parameter: 400 for a missing token or another parameter, 403 for a bad one.
    """

    authentication_classes = [PartnerKeyAuthentication]
    permission_classes = []
    throttle_classes = [FeedAnonRateThrottle, FeedPartnerRateThrottle]
    renderer_classes = [JSONRenderer]

    def get_exception_handler(self):
        return feed_exception_handler

    def finalize_response(self, request, response, *args, **kwargs):
        """Errors too stay out of shared caches: whether a token is valid says something about a draft."""
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    @extend_schema(
        description=_("A draft revision of an item, through the same serialiser as the feed, for a preview token."),
        parameters=[
            OpenApiParameter(
                PARAMETER,
                {"type": "string", "minLength": 1},
                required=True,
                description=_("Preview token."),
            )
        ],
        responses={
            200: OpenApiResponse(
                PolymorphicProxySerializer(
                    component_name="PreviewItem",
                    serializers=list(serializers.ITEM_SERIALIZERS.values()),
                    resource_type_field_name=None,  # the shapes differ in their required fields: plain oneOf
                ),
                description=_("The draft as a practice, material or video."),
            ),
            400: OpenApiResponse(description=_("Missing token or unknown parameter.")),
            403: OpenApiResponse(description=_("Expired, tampered or out-of-date token.")),
        },
    )
    def get(self, request):
        unknown = sorted(set(request.query_params) - {PARAMETER})
        if unknown:
            raise ValidationError({name: [_("Unknown parameter.")] for name in unknown})
        tokens = request.query_params.getlist(PARAMETER)
        if len(tokens) != 1 or not tokens[0]:
            raise ValidationError({PARAMETER: [_("Give exactly one preview token.")]})
        draft = revision_for_token(tokens[0]).as_object()
        serializer = serializers.ITEM_SERIALIZERS[item_type_of(draft)](draft, context={"request": request})
        return Response(serializer.data)
