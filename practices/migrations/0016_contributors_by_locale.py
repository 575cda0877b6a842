"""Partners' contributors confined to their own locale's "incoming" section (issue 21).

Migration 0006 gave the one "Partners' contributors" group the right to add drafts under every locale's incoming
section. Now there is one group per locale, as for translators ("Partners' contributors (cs)", codename
``partner-contributors-cs``, its ``EditorialRole`` bound to the locale), each allowed to add pages under that
locale's incoming section only. The former group becomes the English one and keeps its members, who are confined to
the English section until an administrator moves them into their language's group.
"""

from django.conf import settings
from django.db import migrations
from django.utils import translation
from django.utils.translation import gettext_lazy as _

PARTNER_MEDIA = {"add_image", "choose_image", "add_document", "choose_document"}
SNIPPETS = ["theme", "targetgroup", "method", "fundingprogramme", "organisation"]


def confine_contributors_to_their_locale(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Locale = apps.get_model("wagtailcore", "Locale")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    EditorialRole = apps.get_model("practices", "EditorialRole")
    IncomingPracticesPage = apps.get_model("practices", "IncomingPracticesPage")

    sections = {section.locale_id: section for section in IncomingPracticesPage.objects.all()}
    if not sections:
        return  # no practice index yet (a new database): nothing to grant, as in 0006
    add_page = Permission.objects.get(content_type__app_label="wagtailcore", codename="add_page")
    model_permissions = list(
        Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    ) + list(
        Permission.objects.filter(content_type__app_label="practices", codename__in=[f"view_{m}" for m in SNIPPETS])
    )
    media = list(
        Permission.objects.filter(
            content_type__app_label__in=["wagtailimages", "wagtaildocs"], codename__in=PARTNER_MEDIA
        )
    )
    root_collection = Collection.objects.get(depth=1)
    former = EditorialRole.objects.filter(codename="partner-contributors").select_related("group").first()

    with translation.override(settings.LANGUAGE_CODE):
        for locale in Locale.objects.filter(pk__in=sections).order_by("language_code"):
            name = str(_("Partners' contributors (%(locale)s)") % {"locale": locale.language_code})
            codename = f"partner-contributors-{locale.language_code}"
            if former and locale.language_code == "en":
                role = former
                role.codename, role.locale = codename, locale
                role.save(update_fields=["codename", "locale"])
                group = role.group
                group.name = name
                group.save(update_fields=["name"])
                # Its page permissions in the other locales' sections go; the English one stays.
                GroupPagePermission.objects.filter(group=group).exclude(page_id=sections[locale.pk].pk).delete()
            else:
                group, _created = Group.objects.get_or_create(name=name)
                EditorialRole.objects.update_or_create(codename=codename, defaults={"group": group, "locale": locale})
            group.permissions.add(*model_permissions)
            GroupPagePermission.objects.get_or_create(group=group, page_id=sections[locale.pk].pk, permission=add_page)
            for permission in media:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )


class Migration(migrations.Migration):
    dependencies = [("practices", "0015_sanitised_paragraphs")]

    operations = [migrations.RunPython(confine_contributors_to_their_locale, migrations.RunPython.noop)]
