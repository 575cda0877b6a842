"""Factories for the knowledge base: taxonomy terms, organisations, documents, the three kinds of item page, and the
POST data of the admin forms that create those pages.

Snippets default to the default (English) locale and take slugs from a stable sequence ("theme-0", "theme-1"…), so a
test can pass ``locale=`` and ``translation_key=`` to make a translation of an existing term. Page factories follow
wagtail-factories: ``GoodPracticePageFactory(parent=practice_index)`` adds the page as a child of ``parent``; without
a parent, the page goes under its section in the default locale, which the home app's migration creates.

``good_practice_form_data()`` and its siblings build what Wagtail's page add/edit form submits (flattened with
``wagtail.test.utils.form_data``), with every StreamField and inline formset present so a test names only the
fields it is about.
"""

import datetime
from decimal import Decimal

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import Collection, Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from practices.choices import Licence, MaterialKind, OrganisationKind, TranslationOrigin
from practices.models import (
    FundingProgramme,
    GoodPracticePage,
    MaterialIndexPage,
    MaterialPage,
    Method,
    Organisation,
    PracticeIndexPage,
    TargetGroup,
    Theme,
    TrainingVideoPage,
    VideoIndexPage,
)


def default_locale():
    return Locale.get_default()


def section_in_default_locale(index_model):
    """The default locale's section page of ``index_model``, the natural parent of a page built without one."""
    return lambda: index_model.objects.get(locale=default_locale())


class TaxonomyTermFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Term {n}")
    locale = factory.LazyFunction(default_locale)

    class Meta:
        abstract = True


class ThemeFactory(TaxonomyTermFactory):
    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")

    class Meta:
        model = Theme


class TargetGroupFactory(TaxonomyTermFactory):
    name = factory.Sequence(lambda n: f"Target group {n}")
    slug = factory.Sequence(lambda n: f"target-group-{n}")

    class Meta:
        model = TargetGroup


class MethodFactory(TaxonomyTermFactory):
    name = factory.Sequence(lambda n: f"Method {n}")
    slug = factory.Sequence(lambda n: f"method-{n}")

    class Meta:
        model = Method


class FundingProgrammeFactory(TaxonomyTermFactory):
    name = factory.Sequence(lambda n: f"Funding programme {n}")
    slug = factory.Sequence(lambda n: f"funding-programme-{n}")
    url = factory.LazyAttribute(lambda obj: f"https://funding.example.org/{obj.slug}/")

    class Meta:
        model = FundingProgramme


class OrganisationFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = OrganisationKind.NGO
    country = "CZ"
    city = "Brno"
    website = factory.LazyAttribute(lambda obj: f"https://{obj.slug}.example.org/")
    locale = factory.LazyFunction(default_locale)

    class Meta:
        model = Organisation


class KnowledgePageFactory(wagtail_factories.PageFactory):
    summary = factory.LazyAttribute(lambda obj: f"What {obj.title} did and why it worked.")

    class Meta:
        abstract = True


class GoodPracticePageFactory(KnowledgePageFactory):
    title = factory.Sequence(lambda n: f"Good practice {n}")
    parent = factory.LazyFunction(section_in_default_locale(PracticeIndexPage))

    class Meta:
        model = GoodPracticePage

    class Params:
        # Every fact of a case study except the taxonomy (many-to-many: pass ``themes=[…]`` etc. after creation).
        with_facts = factory.Trait(
            country="CZ",
            region="South Moravian Region",
            municipality="Brno",
            start_date=datetime.date(2021, 3, 1),
            end_date=datetime.date(2023, 6, 30),
            status="completed",
            budget_amount=Decimal("125000.00"),
            budget_currency="EUR",
            lessons_learned="Start with the school parliament; the council follows.",
            lead_organisation=factory.SubFactory(OrganisationFactory),
        )


class MaterialPageFactory(KnowledgePageFactory):
    title = factory.Sequence(lambda n: f"Material {n}")
    parent = factory.LazyFunction(section_in_default_locale(MaterialIndexPage))
    material_kind = MaterialKind.GUIDE

    class Meta:
        model = MaterialPage


class TrainingVideoPageFactory(KnowledgePageFactory):
    title = factory.Sequence(lambda n: f"Training video {n}")
    parent = factory.LazyFunction(section_in_default_locale(VideoIndexPage))
    video_url = factory.Sequence(lambda n: f"https://www.youtube.com/watch?v=video{n:05d}")
    duration_seconds = 600
    spoken_language = "en"

    class Meta:
        model = TrainingVideoPage


class DocumentFactory(wagtail_factories.DocumentFactory):
    """A document in the root collection (wagtail-factories would make a new root collection for each one)."""

    title = factory.Sequence(lambda n: f"Handbook {n}")
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.FileField(filename="handbook.pdf", data=b"%PDF-1.4 handbook")


# --- Admin form data -------------------------------------------------------------------------------------------

# Fields the admin submits as several values under one name (checkboxes, multiple selects); nested_form_data would
# otherwise flatten their lists into numbered keys.
MULTIPLE_VALUE_FIELDS = frozenset(
    {"themes", "target_groups", "methods", "related_materials", "related_videos", "subtitle_languages"}
)


def admin_form_data(fields, action="action-publish"):
    """Flatten ``fields`` into the POST data of a page add/edit form, submitted with ``action`` (publish by default)."""
    fields = dict(fields)
    multiple = {name: [str(value) for value in fields.pop(name)] for name in MULTIPLE_VALUE_FIELDS & fields.keys()}
    data = nested_form_data({"comments": inline_formset([]), **fields})
    data.update(multiple)
    if action:
        data[action] = action.removeprefix("action-")
    return data


def knowledge_page_fields(title, **fields):
    slug = fields.pop("slug", title.lower().replace(" ", "-"))
    return {
        "title": title,
        "slug": slug,
        "summary": f"{title}: a short summary.",
        "licence": Licence.CC_BY,
        "translation_origin": TranslationOrigin.HUMAN,
        **fields,
    }


def good_practice_form_data(title="Youth parliament of Brno", action="action-publish", **fields):
    defaults = {
        "body": streamfield([]),
        "outcomes": streamfield([]),
        "gallery": streamfield([]),
        "source_links": streamfield([]),
        "partners": inline_formset([]),
    }
    return admin_form_data(knowledge_page_fields(title, **{**defaults, **fields}), action)


def material_form_data(title="Participatory budgeting handbook", action="action-publish", **fields):
    defaults = {"material_kind": MaterialKind.HANDBOOK, "body": streamfield([]), "documents": streamfield([])}
    return admin_form_data(knowledge_page_fields(title, **{**defaults, **fields}), action)


def training_video_form_data(title="Running a round table", action="action-publish", **fields):
    defaults = {
        "video_url": "https://www.youtube.com/watch?v=round-table",
        "body": streamfield([]),
        "chapters": streamfield([]),
        "speakers": streamfield([]),
    }
    return admin_form_data(knowledge_page_fields(title, **{**defaults, **fields}), action)
