"""Test data for the partner feed: small builders of published items, snippets and their translations, and
``build_feed_content``, the knowledge base behind the ``feed_content`` fixture (tests/conftest.py builds it once per
module): a practice in English and Czech, a material with a document and a video.

Pages are published through Wagtail's own ``save_revision().publish()``, which sets the times the feed orders by.
"""

import datetime
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale

from practices.models import (
    FundingProgramme,
    GoodPracticePage,
    MaterialIndexPage,
    MaterialPage,
    Method,
    Organisation,
    PracticeIndexPage,
    PracticePartner,
    TargetGroup,
    Theme,
    TrainingVideoPage,
    VideoIndexPage,
)

FEED = "/api/feed/v1/"
LOCALE_CODES = ["en", "cs", "bg", "hr", "nb"]


def locales_by_code():
    """The five locales the home app's migration creates, by language code."""
    return {code: Locale.objects.get(language_code=code) for code in LOCALE_CODES}


def make_term(model, slug, name, locale, source=None):
    """A taxonomy term or organisation; with ``source``, a translation of it (same slug and translation key)."""
    extra = {"translation_key": source.translation_key} if source else {}
    return model.objects.create(slug=slug, name=name, locale=locale, **extra)


def make_organisation(slug, name, locale, source=None, **fields):
    extra = {"translation_key": source.translation_key} if source else {}
    defaults = {"kind": "ngo", "country": "CZ", "website": f"https://{slug}.example.org/"}
    return Organisation.objects.create(slug=slug, name=name, locale=locale, **{**defaults, **fields, **extra})


def make_image(title="Youth forum"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 800), "teal").save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title,
        file=ImageFile(io.BytesIO(buffer.getvalue()), name="forum.png"),
        collection=Collection.get_first_root_node(),
    )


def make_document(title="Future City Game guide", name="guide.pdf", data=b"%PDF-1.4 guide"):
    return get_document_model().objects.create(
        title=title, file=ContentFile(data, name=name), collection=Collection.get_first_root_node()
    )


def publish(page):
    """Publish ``page`` as an editor would, and return it fresh from the database."""
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def add_page(parent, model, title, source=None, live=True, relations=None, **fields):
    """Add an item under ``parent`` (a translation of ``source`` when given), set its many-to-many relations from
    ``relations`` and publish it unless ``live`` is false."""
    slug = fields.pop("slug", title.lower().replace(" ", "-"))
    summary = fields.pop("summary", f"{title}: a summary.")
    extra = {"translation_key": source.translation_key} if source else {}
    page = model(title=title, slug=slug, summary=summary, locale=parent.locale, **extra, **fields)
    parent.add_child(instance=page)
    for name, objects in (relations or {}).items():
        getattr(page, name).set(objects)
    page.save()
    if not live:
        page.unpublish()
        return type(page).objects.get(pk=page.pk)
    return publish(page)


def index_of(model, locale):
    return model.objects.get(locale=locale)


def young_people_items(locales, **fields):
    """Three Czech items about young people (two practices and a guide) and the English practice one of them
    translates, as ``{"parliament", "festival", "guide", "english": page}``: what the search and followable-feed
    tests search through. ``fields`` adds fields to an item by its name, e.g. ``festival={"start_date": …}``."""
    youth = make_term(Theme, "youth", "Youth", locales["en"])
    czech_youth = make_term(Theme, "youth", "Mládež", locales["cs"], source=youth)
    culture = make_term(Theme, "culture", "Kultura", locales["cs"])
    students = make_term(TargetGroup, "students", "Studenti", locales["cs"])
    czech = index_of(PracticeIndexPage, locales["cs"])
    english = add_page(
        index_of(PracticeIndexPage, locales["en"]),
        GoodPracticePage,
        "Youth parliament of Brno",
        slug="youth-parliament",
        country="CZ",
        relations={"themes": [youth]},
        **fields.get("english", {}),
    )
    return {
        "parliament": add_page(
            czech,
            GoodPracticePage,
            "Parlament mládeže v Brně",
            slug="parlament-mladeze",
            source=english,
            country="CZ",
            lessons_learned="Zastupitelé poprvé naslouchali studentům z obcí celého kraje.",
            relations={"themes": [czech_youth], "target_groups": [students]},
            **fields.get("parliament", {}),
        ),
        "festival": add_page(
            czech,
            GoodPracticePage,
            "Festival v obci",
            slug="festival",
            country="SK",
            lessons_learned="Mládež připravila program.",
            relations={"themes": [culture]},
            **fields.get("festival", {}),
        ),
        "guide": add_page(
            index_of(MaterialIndexPage, locales["cs"]),
            MaterialPage,
            "Příručka pro práci s mládeží",
            slug="prirucka",
            material_kind="guide",
            relations={"themes": [czech_youth]},
            **fields.get("guide", {}),
        ),
        "english": english,
    }


def practice_body(image, document, linked_page):
    return [
        {"type": "heading", "value": "How it started"},
        {
            "type": "paragraph",
            "value": (
                f'<p>Read <a linktype="page" id="{linked_page.pk}">the guide</a> first.</p>'
                "<p>Unsafe<script>alert(1)</script></p>"
            ),
        },
        {"type": "quote", "value": {"text": "We were heard.", "attribution": "A student"}},
        {
            "type": "key_figures",
            "value": [{"type": "item", "value": {"value": "55", "label": "consultations"}, "id": "f1"}],
        },
        {"type": "embed", "value": "https://www.youtube.com/watch?v=abc123"},
        {"type": "image", "value": {"image": image.pk, "caption": "The first forum"}},
        {"type": "document", "value": {"document": document.pk, "label": "Download the guide"}},
    ]


def build_feed_content(locales):
    """A small knowledge base: an English practice with every field and its Czech translation, a second practice
    in Bulgaria, a draft, a material with a document, a video, and the snippets they link."""
    en, cs = locales["en"], locales["cs"]
    youth = make_term(Theme, "youth", "Youth", en)
    youth_cs = make_term(Theme, "youth", "Mládež", cs, source=youth)
    environment = make_term(Theme, "environment", "Environment", en)
    young_people = make_term(TargetGroup, "young-people", "Young people", en)
    make_term(TargetGroup, "young-people", "Mladí lidé", cs, source=young_people)
    future_city_game = make_term(Method, "future-city-game", "Future City Game", en)
    make_term(Method, "future-city-game", "Hra o budoucnost města", cs, source=future_city_game)
    eea = FundingProgramme.objects.create(slug="eea-grants", name="EEA Grants", locale=en, url="https://eeagrants.org/")
    FundingProgramme.objects.create(
        slug="eea-grants",
        name="Fondy EHP",
        locale=cs,
        url="https://eeagrants.org/",
        translation_key=eea.translation_key,
    )
    brno = make_organisation("brno", "City of Brno", en, kind="municipality")
    make_organisation("brno", "Statutární město Brno", cs, source=brno, kind="municipality")
    agora = make_organisation("agora", "Agora CE", en)
    partnerstvi = make_organisation("partnerstvi", "Partnership Foundation", en)
    kyustendil = make_organisation("kyustendil", "Municipality of Kyustendil", en, kind="municipality", country="BG")

    image = make_image()
    document = make_document()
    material = add_page(
        index_of(MaterialIndexPage, en),
        MaterialPage,
        "Future City Game guide",
        material_kind="guide",
        publication_date=datetime.date(2024, 9, 1),
        authoring_organisation=agora,
        documents=[{"type": "document", "value": {"document": document.pk, "language": "en"}}],
        relations={"themes": [youth]},
    )
    video = add_page(
        index_of(VideoIndexPage, en),
        TrainingVideoPage,
        "Running a round table",
        video_url="https://www.youtube.com/watch?v=round-table",
        duration_seconds=754,
        spoken_language="en",
        subtitle_languages=["cs", "bg"],
        transcript="Welcome to the round table.",
        chapters=[{"type": "chapter", "value": {"start_seconds": 0, "title": "Welcome"}}],
        speakers=[{"type": "speaker", "value": {"name": "Jana Nováková", "role": "Facilitator"}}],
        funding_programme=eea,
    )
    practice_fields = {
        "country": "CZ",
        "region": "South Moravian Region",
        "municipality": "Brno",
        "latitude": Decimal("49.195060"),
        "longitude": Decimal("16.606837"),
        "lead_organisation": brno,
        "budget_amount": Decimal("125000.00"),
        "budget_currency": "EUR",
        "start_date": datetime.date(2021, 3, 1),
        "end_date": datetime.date(2023, 6, 30),
        "status": "completed",
        "lessons_learned": "Start with the school parliament; the council follows.",
        "outcomes": [{"type": "outcome", "value": {"value": "20", "label": "youth forums"}}],
        "source_links": [{"type": "link", "value": {"url": "https://brno.cz/forum", "title": "Forum"}}],
        "gallery": [{"type": "image", "value": {"image": image.pk, "caption": "Voting"}}],
        "transfer_cost_band": "low",
        "transfer_staff_time": "one coordinator half-time",
        "transfer_municipality_size": "large",
        "transfer_prerequisites": "A council that listens.",
        "funding_programme": eea,
        "project_code": "CZ-ACTIVE-0042",
        "programme_record_url": "https://eeagrants.org/project/cz-0042",
        "last_verified_at": datetime.date(2025, 5, 1),
        "last_verified_by": "Jana",
        "quality_mark": "verified",
    }
    practice = add_page(
        index_of(PracticeIndexPage, en),
        GoodPracticePage,
        "Youth parliament of Brno",
        body=practice_body(image, document, material),
        relations={
            "themes": [youth],
            "target_groups": [young_people],
            "methods": [future_city_game],
            "related_materials": [material],
            "related_videos": [video],
        },
        **practice_fields,
    )
    PracticePartner.objects.create(page=practice, organisation=partnerstvi, role="trainer", sort_order=0)
    PracticePartner.objects.create(page=practice, organisation=agora, role="evaluator", sort_order=1)
    practice = publish(practice)
    # The Czech translation still links the English terms: the feed shows their Czech names.
    practice_cs = add_page(
        index_of(PracticeIndexPage, cs),
        GoodPracticePage,
        "Parlament mládeže Brno",
        slug="parlament-mladeze-brno",
        source=practice,
        relations={"themes": [youth], "methods": [future_city_game], "target_groups": [young_people]},
        **{**practice_fields, "body": [], "gallery": []},
    )
    practice_bg = add_page(
        index_of(PracticeIndexPage, en),
        GoodPracticePage,
        "NGO network of Kyustendil",
        country="BG",
        status="ongoing",
        lead_organisation=kyustendil,
        relations={"themes": [environment]},
    )
    # A Czech practice linking the Czech translation of the theme: ?theme=youth finds it too.
    practice_cs_only = add_page(
        index_of(PracticeIndexPage, cs),
        GoodPracticePage,
        "Pocitové mapy Jihlava",
        country="CZ",
        status="ongoing",
        relations={"themes": [youth_cs]},
    )
    draft = add_page(index_of(PracticeIndexPage, en), GoodPracticePage, "Unpublished draft", live=False)
    return {
        "practice": practice,
        "practice_cs": practice_cs,
        "practice_bg": practice_bg,
        "practice_cs_only": practice_cs_only,
        "draft": draft,
        "material": material,
        "video": video,
        "document": document,
        "image": image,
        "youth": youth,
        "brno": brno,
    }
