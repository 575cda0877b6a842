"""Every receiver of the knowledge base's signals is connected here, and only here; PracticesConfig.ready() imports
this module once the models are loaded. The receivers of the feed's change log (practices.feed.changes) and of the
content generation (practices.feed.cache) live beside the code they serve and are connected below; the small
ones live here.

The ``dispatch_uid`` of each connection keeps it single however often the module is imported."""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_init, post_migrate, post_save, pre_delete, pre_save
from django.dispatch import receiver
from wagtail.models import GroupApprovalTask, Task, Workflow
from wagtail.signals import page_published, page_unpublished, post_page_move

from practices.editorial.workflow_names import shown_name, stored_name
from practices.feed import cache, changes
from practices.partners import webhooks
from practices.signals import changes_recorded
from practices.tasks import deliver_webhook, sync_page_translations
from practices.translation.translation_sync import source_for

# The content generation (practices.feed.cache): any write to the knowledge base's models, a page leaving the site or
# moving, and a migration that may have changed content, all make every cached answer and page stale.
_GENERATION = "practices.feed.cache"
post_save.connect(cache.bump_for_write, dispatch_uid=f"{_GENERATION}.save")
post_delete.connect(cache.bump_for_write, dispatch_uid=f"{_GENERATION}.delete")
m2m_changed.connect(cache.bump_for_write, dispatch_uid=f"{_GENERATION}.m2m")
post_migrate.connect(
    cache.bump_after_migrate, sender=apps.get_app_config("practices"), dispatch_uid=f"{_GENERATION}.migrate"
)
page_unpublished.connect(cache.bump_for_page_signal, dispatch_uid=f"{_GENERATION}.unpublished")
post_page_move.connect(cache.bump_for_page_signal, dispatch_uid=f"{_GENERATION}.moved")

# The feed's change log (practices.feed.changes): publications, moves, deletions, section renames and snippet edits.
_CHANGE_LOG = "practices.feed.changes"
page_published.connect(changes.record_page_published, dispatch_uid=f"{_CHANGE_LOG}.published")
page_unpublished.connect(changes.record_page_unpublished, dispatch_uid=f"{_CHANGE_LOG}.unpublished")
post_page_move.connect(changes.record_page_moved, dispatch_uid=f"{_CHANGE_LOG}.moved")
# Any page model can be a section; the receivers return at once for everything else.
pre_save.connect(changes.remember_section_slug, dispatch_uid=f"{_CHANGE_LOG}.section-pre-save")
post_save.connect(changes.record_section_renamed, dispatch_uid=f"{_CHANGE_LOG}.section-save")
for _model in changes.PAGE_MODELS:
    post_delete.connect(changes.record_page_deleted, sender=_model, dispatch_uid=f"{_CHANGE_LOG}.delete.{_model}")
for _model in changes.SNIPPET_MODELS:
    post_save.connect(changes.record_snippet_saved, sender=_model, dispatch_uid=f"{_CHANGE_LOG}.save.{_model}")
    pre_delete.connect(changes.remember_pages_showing, sender=_model, dispatch_uid=f"{_CHANGE_LOG}.pre-delete.{_model}")
    post_delete.connect(changes.record_snippet_deleted, sender=_model, dispatch_uid=f"{_CHANGE_LOG}.delete.{_model}")


@receiver(changes_recorded, dispatch_uid="practices.deliver_changes_to_webhooks")
def deliver_changes_to_webhooks(sender, records, **kwargs):
    """Tell partners' webhooks about recorded changes. The signal comes after the change's transaction has
    committed, so a slow or failing receiver cannot undo or hold up the publication itself; with the database
    queue nothing is sent during the editor's request."""
    for delivery in webhooks.create_deliveries(records):
        deliver_webhook.enqueue(delivery.pk)


@receiver(page_published, dispatch_uid="practices.queue_translation_sync")
def queue_translation_sync(sender, instance, revision, **kwargs):
    """A published source page makes its translations out of date (translation_sync.out_of_date_translations):
    queue the job that saves fresh drafts of them, once the publication has committed."""
    if source_for(instance) is None:
        return
    user_id = revision.user_id if revision is not None else None
    transaction.on_commit(lambda: sync_page_translations.enqueue(instance.pk, user_id))


@receiver(post_init, sender=Workflow, dispatch_uid="practices.show_workflow_name")
@receiver(post_init, sender=Task, dispatch_uid="practices.show_task_name")
@receiver(post_init, sender=GroupApprovalTask, dispatch_uid="practices.show_group_task_name")
def show_workflow_name(sender, instance, **kwargs):
    """The workflow's or task's name in the admin's language (practices/editorial/workflow_names.py)."""
    instance.name = shown_name(instance.name)


@receiver(pre_save, sender=Workflow, dispatch_uid="practices.store_workflow_name")
@receiver(pre_save, sender=Task, dispatch_uid="practices.store_task_name")
@receiver(pre_save, sender=GroupApprovalTask, dispatch_uid="practices.store_group_task_name")
def store_workflow_name(sender, instance, **kwargs):
    instance.name = stored_name(instance.name)
