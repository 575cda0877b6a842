"""Create the five locales and, for each, a home page with its practice, material and video indexes.

The English home page replaces Wagtail's welcome page as the default site's root; the other four home pages are
its translations (same translation key), which is how Wagtail serves /cs/, /bg/, /hr/ and /nb/ from one site.
"""

import uuid

from django.db import migrations
from django.utils import timezone

LOCALES = ["en", "cs", "bg", "hr", "nb"]

HOME = {
    "en": ("Good Practice Hub", "Good practices in citizen participation and in cooperation between civil "
           "society and municipalities."),
    "cs": ("Databáze dobré praxe", "Příklady dobré praxe v zapojování občanů a ve spolupráci neziskových "
           "organizací s obcemi."),
    "bg": ("Център за добри практики", "Добри практики за гражданско участие и за сътрудничество между "
           "гражданското общество и общините."),
    "hr": ("Baza dobre prakse", "Primjeri dobre prakse u sudjelovanju građana i suradnji civilnog društva s "
           "općinama i gradovima."),
    "nb": ("Eksempelbank for god praksis", "God praksis for innbyggermedvirkning og samarbeid mellom "
           "sivilsamfunnet og kommunene."),
}

# (model, {locale: (title, slug)})
SECTIONS = [
    ("practiceindexpage", {
        "en": ("Good practices", "practices"),
        "cs": ("Příklady dobré praxe", "dobra-praxe"),
        "bg": ("Добри практики", "dobri-praktiki"),
        "hr": ("Primjeri dobre prakse", "dobra-praksa"),
        "nb": ("God praksis", "god-praksis"),
    }),
    ("materialindexpage", {
        "en": ("Methodological materials", "materials"),
        "cs": ("Metodické materiály", "materialy"),
        "bg": ("Методически материали", "materiali"),
        "hr": ("Metodološki materijali", "materijali"),
        "nb": ("Metodisk materiell", "materiell"),
    }),
    ("videoindexpage", {
        "en": ("Training videos", "videos"),
        "cs": ("Vzdělávací videa", "videa"),
        "bg": ("Обучителни видеа", "video"),
        "hr": ("Edukativni videozapisi", "videozapisi"),
        "nb": ("Opplæringsvideoer", "videoer"),
    }),
]


def _path(parent_path, position):
    return f"{parent_path}{position:04d}"


def create_tree(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("home", "HomePage")

    locales = {}
    for code in LOCALES:
        locales[code], _ = Locale.objects.get_or_create(language_code=code)

    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    root = Page.objects.get(depth=1)
    now = timezone.now()
    home_key = uuid.uuid4()
    section_keys = [uuid.uuid4() for _ in SECTIONS]
    home_type, _ = ContentType.objects.get_or_create(app_label="home", model="homepage")
    first_position = Page.objects.filter(depth=2).count() + 1

    for offset, code in enumerate(LOCALES):
        title, intro = HOME[code]
        slug = "home" if code == "en" else f"home-{code}"
        home_path = _path(root.path, first_position + offset)
        home = HomePage.objects.create(
            title=title, draft_title=title, slug=slug, intro=intro, content_type=home_type,
            path=home_path, depth=2, numchild=len(SECTIONS), url_path=f"/{slug}/", locale=locales[code],
            translation_key=home_key, live=True, first_published_at=now, last_published_at=now,
        )
        if code == "en":
            Site.objects.update_or_create(
                is_default_site=True,
                defaults={"hostname": "localhost", "port": 80, "root_page_id": home.id,
                          "site_name": "Good Practice Hub"},
            )
        for position, ((model_name, names), key) in enumerate(zip(SECTIONS, section_keys, strict=True), start=1):
            model = apps.get_model("practices", model_name)
            section_title, section_slug = names[code]
            model.objects.create(
                title=section_title, draft_title=section_title, slug=section_slug,
                content_type=ContentType.objects.get_or_create(app_label="practices", model=model_name)[0],
                path=_path(home_path, position), depth=3, numchild=0,
                url_path=f"/{slug}/{section_slug}/", locale=locales[code], translation_key=key,
                live=True, first_published_at=now, last_published_at=now,
            )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("practices", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_tree, migrations.RunPython.noop)]
