"""Editors and Reviewers may import knowledge-base files in the admin (issue 18): both groups get "Can add import
run" (created by 0011_link_checks). Whoever may not publish imports into drafts
(practices.knowledge_base.admin_import), so an Editor's import publishes nothing."""

from django.db import migrations

ROLES = ["editors", "reviewers"]


def import_permission(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="practices", codename="add_importrun"
    )


def grant_import(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(editorial_role__codename__in=ROLES):
        group.permissions.add(*import_permission(apps))


def revoke_import(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(editorial_role__codename__in=ROLES):
        group.permissions.remove(*import_permission(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0016_contributors_by_locale"),
    ]

    operations = [migrations.RunPython(grant_import, revoke_import)]
