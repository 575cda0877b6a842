"""A starter set of synonyms for each language, written for the knowledge base's subject: civil society,
municipalities and participation. Editors change them in the admin (Settings → Synonym sets)."""

from django.db import migrations

STARTER_SYNONYMS = {
    "en": [
        ["NGO", "non-profit organisation", "civil-society organisation", "non-governmental organisation"],
        ["mayor", "head of the municipality"],
        ["municipality", "local government", "local authority"],
        ["participation", "involvement", "engagement"],
        ["youth", "young people"],
    ],
    "cs": [
        ["NNO", "nezisková organizace", "nevládní organizace", "neziskovka"],
        ["starosta", "představitel obce"],
        ["obec", "municipalita", "samospráva"],
        ["participace", "zapojování veřejnosti", "zapojení občanů"],
        ["mládež", "mladí lidé"],
    ],
    "bg": [
        ["НПО", "неправителствена организация", "гражданска организация", "нестопанска организация"],
        ["кмет", "глава на общината"],
        ["община", "местна власт", "местно самоуправление"],
        ["участие", "ангажираност"],
        ["младежи", "млади хора"],
    ],
    "hr": [
        ["udruga", "OCD", "organizacija civilnoga društva", "neprofitna organizacija", "nevladina organizacija"],
        ["načelnik", "gradonačelnik", "čelnik općine"],
        ["općina", "lokalna samouprava", "jedinica lokalne samouprave"],
        ["sudjelovanje", "participacija", "uključivanje građana"],
        ["mladi", "mladež", "mladi ljudi"],
    ],
    "nb": [
        ["frivillig organisasjon", "ideell organisasjon", "NGO", "sivilsamfunnsorganisasjon"],
        ["ordfører", "leder av kommunen"],
        ["kommune", "lokalforvaltning", "lokalt selvstyre"],
        ["medvirkning", "innbyggermedvirkning", "deltakelse"],
        ["ungdom", "unge", "unge mennesker"],
    ],
}


def add_starter_synonyms(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    SynonymSet = apps.get_model("hub_search", "SynonymSet")
    for language, synonym_sets in STARTER_SYNONYMS.items():
        locale = Locale.objects.filter(language_code=language).first()
        if locale is None:
            continue
        SynonymSet.objects.bulk_create(SynonymSet(locale=locale, terms="\n".join(terms)) for terms in synonym_sets)


def remove_starter_synonyms(apps, schema_editor):
    apps.get_model("hub_search", "SynonymSet").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("hub_search", "0002_full_text_index"),
        ("home", "0002_create_locales_and_tree"),
    ]

    operations = [migrations.RunPython(add_starter_synonyms, remove_starter_synonyms)]
