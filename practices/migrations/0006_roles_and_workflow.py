"""Roles, the "incoming" sections and the "Review and publish" workflow (issue 6, points 1 and 2).

Creates one group per role with the permissions docs/editorial.md lists, each tied to an ``EditorialRole`` with a
stable codename (translators' roles also to their locale), an unpublished "incoming" section under every locale's
practice index for partners' contributors, and a workflow with one reviewers' approval task on the practice,
material and video sections of every locale. Wagtail's own "Moderators" group becomes "Reviewers".
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

LOCALES = ["en", "cs", "bg", "hr", "nb"]
SNIPPETS = ["theme", "targetgroup", "method", "fundingprogramme", "organisation"]
SECTIONS = ["practiceindexpage", "materialindexpage", "videoindexpage"]
INCOMING = {
    "en": ("Incoming", "incoming"),
    "cs": ("Příchozí", "prichozi"),
    "bg": ("Входящи", "vhodyashti"),
    "hr": ("Pristiglo", "pristiglo"),
    "nb": ("Innkommende", "innkommende"),
}
ALL_PAGE_ACTIONS = ["add", "change", "publish", "bulk_delete", "lock", "unlock"]
MEDIA = {"add_image", "change_image", "choose_image", "add_document", "change_document", "choose_document"}
PARTNER_MEDIA = {"add_image", "choose_image", "add_document", "choose_document"}
STEPLEN = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's path alphabet


def _path_step(number):
    step = ""
    while number:
        number, digit = divmod(number, len(ALPHABET))
        step = ALPHABET[digit] + step
    return step.rjust(STEPLEN, "0")


def _create_all_permissions(apps):
    """Model permissions are normally created after all migrations (post_migrate); the groups need them now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def _create_incoming_sections(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    PracticeIndexPage = apps.get_model("practices", "PracticeIndexPage")
    IncomingPracticesPage = apps.get_model("practices", "IncomingPracticesPage")
    content_type, _created = ContentType.objects.get_or_create(app_label="practices", model="incomingpracticespage")
    key = uuid.uuid4()
    sections = []
    for index in PracticeIndexPage.objects.select_related("locale").order_by("path"):
        title, slug = INCOMING.get(index.locale.language_code, INCOMING["en"])
        children = Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
        last = children.order_by("-path").values_list("path", flat=True).first()
        position = int(last[-STEPLEN:], len(ALPHABET)) + 1 if last else 1
        sections.append(
            IncomingPracticesPage.objects.create(
                title=title, draft_title=title, slug=slug, content_type=content_type,
                path=index.path + _path_step(position), depth=index.depth + 1, numchild=0,
                url_path=f"{index.url_path}{slug}/", locale=index.locale, translation_key=key,
                live=False, has_unpublished_changes=True,
            )
        )  # fmt: skip
        Page.objects.filter(pk=index.pk).update(numchild=children.count())
    return sections


def _role_group(apps, codename, name, locale=None):
    Group = apps.get_model("auth", "Group")
    EditorialRole = apps.get_model("practices", "EditorialRole")
    group, _created = Group.objects.get_or_create(name=name)
    EditorialRole.objects.update_or_create(codename=codename, defaults={"group": group, "locale": locale})
    return group


def create_roles_and_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Locale = apps.get_model("wagtailcore", "Locale")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    _create_all_permissions(apps)
    incoming = _create_incoming_sections(apps)

    def perms(app_label, *codenames):
        return list(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))

    def snippet_perms(*actions):
        return perms("practices", *[f"{action}_{model}" for action in actions for model in SNIPPETS])

    def grant_pages(group, page, actions):
        for permission in perms("wagtailcore", *[f"{action}_page" for action in actions]):
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)

    def grant_media(group, codenames):
        collection = Collection.objects.get(depth=1)
        for permission in Permission.objects.filter(content_type__app_label__in=["wagtailimages", "wagtaildocs"],
                                                    codename__in=codenames):  # fmt: skip
            GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)

    root = Page.objects.get(depth=1)
    access_admin = perms("wagtailadmin", "access_admin")
    submit_translation = perms("wagtail_localize", "submit_translation")
    # Group names are shown in the admin: written in the site's language, from the gettext catalogues.
    with translation.override(settings.LANGUAGE_CODE):
        moderators = Group.objects.filter(name="Moderators").first()
        if moderators and not Group.objects.filter(name=str(_("Reviewers"))).exists():
            moderators.name = str(_("Reviewers"))
            moderators.save(update_fields=["name"])

        administrators = _role_group(apps, "administrators", str(_("Administrators")))
        administrators.permissions.set(Permission.objects.all())
        grant_pages(administrators, root, ALL_PAGE_ACTIONS)
        grant_media(administrators, MEDIA | {"delete_image", "delete_document"})

        editors = _role_group(apps, "editors", str(_("Editors")))
        editors.permissions.add(*access_admin, *submit_translation, *snippet_perms("add", "change", "delete", "view"))
        grant_pages(editors, root, ["add", "change"])
        grant_media(editors, MEDIA)

        reviewers = _role_group(apps, "reviewers", str(_("Reviewers")))
        reviewers.permissions.add(*access_admin, *submit_translation, *snippet_perms("add", "change", "delete", "view"))
        grant_pages(reviewers, root, ["add", "change", "publish", "lock", "unlock"])
        grant_media(reviewers, MEDIA)

        for locale in Locale.objects.filter(language_code__in=LOCALES):
            name = str(_("Translators (%(locale)s)") % {"locale": locale.language_code})
            translators = _role_group(apps, f"translators-{locale.language_code}", name, locale)
            translators.permissions.add(*access_admin, *submit_translation, *snippet_perms("add", "change", "view"))
            for home in Page.objects.filter(depth=2, locale=locale):
                grant_pages(translators, home, ["add", "change"])
            grant_media(translators, MEDIA)

        contributors = _role_group(apps, "partner-contributors", str(_("Partners' contributors")))
        contributors.permissions.add(*access_admin, *snippet_perms("view"))
        for section in incoming:
            grant_pages(contributors, section, ["add"])
        grant_media(contributors, PARTNER_MEDIA)

        _create_workflow(apps, str(_("Review and publish")), str(_("Review by reviewers")), reviewers)


def _create_workflow(apps, workflow_name, task_name, reviewers):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    workflow, created = Workflow.objects.get_or_create(name=workflow_name, defaults={"active": True})
    if created:
        task_type, _created = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name=task_name, content_type=task_type, active=True)
        task.groups.set([reviewers])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for model_name in SECTIONS:
        for section in apps.get_model("practices", model_name).objects.all():
            WorkflowPage.objects.update_or_create(page_id=section.pk, defaults={"workflow": workflow})


def remove_incoming_sections_and_workflow(apps, schema_editor):
    """Undo what the tables' removal would leave behind: the sections' page rows and the workflow. The groups stay,
    with their permissions, as Wagtail's own groups do."""
    Page = apps.get_model("wagtailcore", "Page")
    IncomingPracticesPage = apps.get_model("practices", "IncomingPracticesPage")
    sections = list(IncomingPracticesPage.objects.all())
    if any(section.numchild for section in sections):
        raise RuntimeError("Move or delete the practices under the incoming sections before unapplying this migration.")
    ids = [section.pk for section in sections]
    for model_name in ("GroupPagePermission", "WorkflowPage", "PageSubscription"):
        apps.get_model("wagtailcore", model_name).objects.filter(page_id__in=ids).delete()
    # Raw deletes: the historical Page model's cascade reaches tables that later migrations removed
    # (wagtailsearch_editorspick), and nothing else refers to a never-published section.
    alias = schema_editor.connection.alias
    IncomingPracticesPage.objects.filter(pk__in=ids)._raw_delete(alias)
    Page.objects.filter(pk__in=ids)._raw_delete(alias)
    for section in sections:
        parent_path = section.path[:-STEPLEN]
        children = Page.objects.filter(path__startswith=parent_path, depth=section.depth)
        Page.objects.filter(path=parent_path).update(numchild=children.count())
    with translation.override(settings.LANGUAGE_CODE):
        workflows = apps.get_model("wagtailcore", "Workflow").objects.filter(name=str(_("Review and publish")))
        apps.get_model("wagtailcore", "WorkflowPage").objects.filter(workflow__in=workflows).delete()
        apps.get_model("wagtailcore", "Task").objects.filter(workflow_tasks__workflow__in=workflows).delete()
        workflows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("practices", "0005_changes_backfill"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("home", "0002_create_locales_and_tree"),
    ]

    operations = [
        migrations.CreateModel(
            name="IncomingPracticesPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                ("intro", models.TextField(blank=True, verbose_name="introduction")),
            ],
            options={"verbose_name": "incoming practices"},
            bases=("wagtailcore.page",),
        ),  # fmt: skip
        migrations.CreateModel(
            name="EditorialRole",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("codename", models.SlugField(max_length=64, unique=True, verbose_name="codename")),
                (
                    "group",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="editorial_role",
                        to="auth.group",
                        verbose_name="group",
                    ),
                ),
                (
                    "locale",
                    models.ForeignKey(
                        blank=True,
                        help_text="Members may edit only the content of this locale.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
            ],
            options={"verbose_name": "editorial role", "verbose_name_plural": "editorial roles"},
        ),  # fmt: skip
        migrations.RunPython(create_roles_and_workflow, remove_incoming_sections_and_workflow),
    ]
