"""Receivers of the knowledge base's signals, connected in PracticesConfig.ready()."""

from django.db import transaction
from django.db.models.signals import post_init, pre_save
from django.dispatch import receiver
from wagtail.models import GroupApprovalTask, Task, Workflow
from wagtail.signals import page_published

from practices.editorial.workflow_names import shown_name, stored_name
from practices.partners import webhooks
from practices.signals import changes_recorded
from practices.tasks import deliver_webhook
from practices.translation.translation_sync import source_for
from practices.translation.translation_tasks import sync_page_translations


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
