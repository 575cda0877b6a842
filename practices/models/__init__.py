"""The knowledge base's models: the item pages (base: what every item shares; practice, material, video: one module
per type), the sections that list them (indexes), the item-type registry (item_types), taxonomy snippets,
organisations, and the feed's change log and partners."""

from practices.models.base import KnowledgePage
from practices.models.changes import ChangeRecord
from practices.models.editorial import EditorialRole, IncomingPracticesPage
from practices.models.generation import ContentGeneration
from practices.models.imports import ImportRun
from practices.models.indexes import MaterialIndexPage, PracticeIndexPage, VideoIndexPage
from practices.models.item_types import INDEX_MODELS, ITEM_MODELS, ITEM_TYPES, ItemType, item_type_of
from practices.models.link_checks import LinkCheck
from practices.models.material import MaterialPage
from practices.models.organisations import Organisation
from practices.models.partners import Partner, Webhook, WebhookDelivery
from practices.models.practice import GoodPracticePage, PracticePartner
from practices.models.taxonomy import FundingProgramme, Method, TargetGroup, Theme
from practices.models.translations import TranslationSyncJob, TranslationSyncStatus
from practices.models.video import TrainingVideoPage

__all__ = [
    "INDEX_MODELS",
    "ITEM_MODELS",
    "ITEM_TYPES",
    "ChangeRecord",
    "ContentGeneration",
    "EditorialRole",
    "FundingProgramme",
    "GoodPracticePage",
    "ImportRun",
    "ItemType",
    "IncomingPracticesPage",
    "KnowledgePage",
    "LinkCheck",
    "MaterialIndexPage",
    "MaterialPage",
    "Method",
    "Organisation",
    "Partner",
    "PracticeIndexPage",
    "PracticePartner",
    "TargetGroup",
    "Theme",
    "TrainingVideoPage",
    "TranslationSyncJob",
    "TranslationSyncStatus",
    "VideoIndexPage",
    "Webhook",
    "WebhookDelivery",
    "item_type_of",
]
