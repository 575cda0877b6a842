"""Each locale's pages are reviewed by that locale's reviewers (issue 18).

Migration 0006 made one "Review and publish" workflow, with one task for the one "Reviewers" group, on the sections
of every locale. Now every locale has a group "Reviewers (cs)" (codename ``reviewers-cs``, its ``EditorialRole``
bound to the locale) that may edit and publish that locale's pages only, and a workflow of its own, "Review and
publish (cs)", whose task "Review by reviewers (cs)" that group and the "Reviewers" group (who review every
language, as before) approve. A reviewer of another locale gets no task, no e-mail and no "Approve".

The former workflow becomes the default locale's, so that its history stays with it; a page already in review keeps
its task, which the "Reviewers" group can still approve.
"""

from django.conf import settings
from django.db import migrations
from django.utils import translation
from django.utils.translation import gettext_lazy as _

SECTIONS = ["practiceindexpage", "materialindexpage", "videoindexpage"]
PAGE_ACTIONS = ["add", "change", "publish", "lock", "unlock"]
# The reviewers' model permissions but the import's, which is not bound to a locale.
NOT_BOUND = {"add_importrun"}


def reviewers_by_locale(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    EditorialRole = apps.get_model("practices", "EditorialRole")

    reviewers = Group.objects.filter(editorial_role__codename="reviewers").first()
    if reviewers is None:
        return  # the roles were never created (0006 found no locales): nothing to split
    page_permissions = list(
        Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=[f"{a}_page" for a in PAGE_ACTIONS])
    )
    model_permissions = list(reviewers.permissions.exclude(codename__in=NOT_BOUND))
    collection_permissions = list(GroupCollectionPermission.objects.filter(group=reviewers))
    task_type, _created = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")

    with translation.override(settings.LANGUAGE_CODE):
        workflow_name, task_name = str(_("Review and publish")), str(_("Review by reviewers"))
        former = Workflow.objects.filter(name=workflow_name).first()
        for locale in Locale.objects.order_by("language_code"):
            code = locale.language_code
            group, _created = Group.objects.get_or_create(name=str(_("Reviewers (%(locale)s)") % {"locale": code}))
            EditorialRole.objects.update_or_create(
                codename=f"reviewers-{code}", defaults={"group": group, "locale": locale}
            )
            group.permissions.add(*model_permissions)
            for home in Page.objects.filter(depth=2, locale=locale):
                for permission in page_permissions:
                    GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
            for granted in collection_permissions:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection_id=granted.collection_id, permission_id=granted.permission_id
                )

            if former is not None and code == settings.LANGUAGE_CODE:
                workflow = former
                workflow.name = f"{workflow_name} ({code})"
                workflow.save(update_fields=["name"])
                task = GroupApprovalTask.objects.get(workflow_tasks__workflow=workflow)
                task.name = f"{task_name} ({code})"
                task.save(update_fields=["name"])
            else:
                workflow = Workflow.objects.create(name=f"{workflow_name} ({code})", active=True)
                task = GroupApprovalTask.objects.create(
                    name=f"{task_name} ({code})", content_type=task_type, active=True
                )
                WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
            task.groups.set([reviewers, group])
            for model_name in SECTIONS:
                for section in apps.get_model("practices", model_name).objects.filter(locale=locale):
                    WorkflowPage.objects.update_or_create(page_id=section.pk, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [("practices", "0020_import_runs_in_the_background")]

    operations = [migrations.RunPython(reviewers_by_locale, migrations.RunPython.noop)]
