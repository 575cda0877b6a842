"""Closed vocabularies of the knowledge base: their stored values are part of the import format and the feed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC_BY_SA = "cc-by-sa-4.0", _("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)")
    CC_BY_NC = "cc-by-nc-4.0", _("Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)")
    CC_BY_NC_SA = (
        "cc-by-nc-sa-4.0",
        _("Creative Commons Attribution-NonCommercial-ShareAlike 4.0 (CC BY-NC-SA 4.0)"),
    )
    CC0 = "cc0-1.0", _("Public domain dedication (CC0 1.0)")
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")


class QualityMark(models.TextChoices):
    NONE = "", _("None")
    VERIFIED = "verified", _("Verified")
    FEATURED = "featured", _("Featured")


class Completeness(models.TextChoices):
    STUB = "stub", _("Stub")
    PARTIAL = "partial", _("Partial")
    COMPLETE = "complete", _("Complete")


class PracticeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")


class CostBand(models.TextChoices):
    LOW = "low", _("Low (under €5,000)")
    MEDIUM = "medium", _("Medium (€5,000 to €50,000)")
    HIGH = "high", _("High (over €50,000)")


class MunicipalitySize(models.TextChoices):
    ANY = "any", _("Any size")
    SMALL = "small", _("Small (under 5,000 inhabitants)")
    MEDIUM = "medium", _("Medium (5,000 to 50,000 inhabitants)")
    LARGE = "large", _("Large (over 50,000 inhabitants)")


class OrganisationKind(models.TextChoices):
    NGO = "ngo", _("Non-governmental organisation")
    MUNICIPALITY = "municipality", _("Municipality")
    MUNICIPAL_ASSOCIATION = "municipal_association", _("Association of municipalities")
    LOCAL_ACTION_GROUP = "local_action_group", _("Local action group")
    SCHOOL = "school", _("School")
    PUBLIC_BODY = "public_body", _("Public body")
    OTHER = "other", _("Other")


class MaterialKind(models.TextChoices):
    GUIDE = "guide", _("Guide")
    HANDBOOK = "handbook", _("Handbook")
    SWOT = "swot", _("SWOT analysis")
    AWARENESS = "awareness", _("Awareness-raising material")
    CURRICULUM = "curriculum", _("Training curriculum")
    REPORT = "report", _("Report")


class ContentLanguage(models.TextChoices):
    """The languages content is written, spoken or subtitled in: the site's five locales."""

    EN = "en", _("English")
    CS = "cs", _("Czech")
    BG = "bg", _("Bulgarian")
    HR = "hr", _("Croatian")
    NB = "nb", _("Norwegian Bokmål")


class TranslationOrigin(models.TextChoices):
    """Who wrote a language version: partners show machine translations differently from a person's work."""

    HUMAN = "human", _("Written by a person")
    MACHINE = "machine", _("Machine-translated")
    MACHINE_REVIEWED = "machine-reviewed", _("Machine-translated and reviewed")


class ChangeAction(models.TextChoices):
    """What happened to a published item, as the feed's change log reports it."""

    PUBLISHED = "published", _("Published")
    UPDATED = "updated", _("Updated")
    UNPUBLISHED = "unpublished", _("Unpublished")
    MOVED = "moved", _("Moved")
    DELETED = "deleted", _("Deleted")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
