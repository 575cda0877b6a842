"""A training video (TrainingVideoPage): a player URL and/or an uploaded file, chapters, speakers, transcript."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from practices.blocks import ChapterBlock, SpeakerBlock
from practices.choices import ContentLanguage
from practices.models.base import KnowledgePage
from practices.models.fields import optional_link
from practices.representation.content_api import DocumentField, PageReferencesField


class TrainingVideoPage(KnowledgePage):
    """A training video: an oEmbed URL (YouTube, Vimeo…) and/or an uploaded file, with chapters, speakers and a
    transcript that search indexes."""

    video_url = models.URLField(_("video URL"), blank=True, help_text=_("The video's page on YouTube or Vimeo."))
    video_file = optional_link("wagtaildocs.Document", _("video file"))
    # A plain IntegerField: PositiveIntegerField's form field would stop -5 with a generic "at least 0" message
    # before the model's own rule could say what a duration must be.
    duration_seconds = models.IntegerField(
        _("duration (seconds)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message=_("The duration must be a positive number of seconds."))],
    )
    spoken_language = models.CharField(_("spoken language"), max_length=8, choices=ContentLanguage.choices, blank=True)
    subtitle_languages = models.JSONField(_("subtitle languages"), default=list, blank=True)
    transcript = models.TextField(_("transcript"), blank=True)
    chapters = StreamField([("chapter", ChapterBlock())], verbose_name=_("chapters"), blank=True)
    speakers = StreamField([("speaker", SpeakerBlock())], verbose_name=_("speakers"), blank=True)
    related_materials = ParentalManyToManyField(
        "practices.MaterialPage", verbose_name=_("related materials"), blank=True, related_name="+"
    )

    completeness_fields = (
        *KnowledgePage.completeness_fields,
        "duration_seconds",
        "spoken_language",
        "transcript",
    )

    translatable_fields = [
        *KnowledgePage.translatable_fields,
        TranslatableField("transcript"),
        TranslatableField("chapters"),
        TranslatableField("speakers"),
        SynchronizedField("video_url"),
        SynchronizedField("video_file"),
        SynchronizedField("duration_seconds"),
        SynchronizedField("spoken_language"),
        SynchronizedField("subtitle_languages"),
    ]

    search_fields = [
        *KnowledgePage.search_fields,
        index.SearchField("transcript"),
        index.SearchField("chapters"),
        index.FilterField("spoken_language"),
    ]

    api_fields = [
        *KnowledgePage.api_fields,
        APIField("video_url"),
        APIField("video_file", serializer=DocumentField()),
        APIField("duration_seconds"),
        APIField("spoken_language"),
        APIField("subtitle_languages"),
        APIField("chapters"),
        APIField("speakers"),
        APIField("transcript"),
        APIField("related_materials", serializer=PageReferencesField()),
    ]
    api_select_related = (*KnowledgePage.api_select_related, "video_file")
    api_prefetch_related = (*KnowledgePage.api_prefetch_related, "related_materials")

    content_panels = KnowledgePage.content_panels_with(
        FieldPanel("video_url"),
        FieldPanel("video_file"),
        FieldRowPanel([FieldPanel("duration_seconds"), FieldPanel("spoken_language")]),
        FieldPanel("subtitle_languages"),
        FieldPanel("chapters"),
        FieldPanel("speakers"),
        FieldPanel("transcript"),
        FieldPanel("body"),
    )
    edit_handler = KnowledgePage.edit_handler_with(
        content_panels, KnowledgePage.classification_panels_with(FieldPanel("related_materials"))
    )

    parent_page_types = ["practices.VideoIndexPage"]
    template = "practices/training_video_page.html"

    class Meta:
        verbose_name = _("training video")
        verbose_name_plural = _("training videos")

    def check_rules(self):
        super().check_rules()
        if not self.video_url and not self.video_file_id:
            raise ValidationError({"video_url": _("Give the video's URL or upload its file.")})
        unknown = set(self.subtitle_languages or []) - set(ContentLanguage.values)
        if unknown:
            raise ValidationError(
                {"subtitle_languages": _("Unknown language codes: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}}
            )
