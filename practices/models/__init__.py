"""The knowledge base's models: pages, taxonomy snippets and organisations."""

from practices.models.organisations import Organisation
from practices.models.pages import (
    GoodPracticePage,
    KnowledgePage,
    MaterialIndexPage,
    MaterialPage,
    PracticeIndexPage,
    PracticePartner,
    TrainingVideoPage,
    VideoIndexPage,
)
from practices.models.taxonomy import FundingProgramme, Method, TargetGroup, Theme

__all__ = [
    "FundingProgramme",
    "GoodPracticePage",
    "KnowledgePage",
    "MaterialIndexPage",
    "MaterialPage",
    "Method",
    "Organisation",
    "PracticeIndexPage",
    "PracticePartner",
    "TargetGroup",
    "Theme",
    "TrainingVideoPage",
    "VideoIndexPage",
]
