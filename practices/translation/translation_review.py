"""Translation work reaches review: "Save draft" and "Submit to <workflow>" in wagtail-localize's translation editor.

wagtail-localize 1.14's editor (a React component fed by ``edit_translation``'s props) offers only "Publish" to those
who may publish, and to everyone else nothing that keeps the translated strings: they live in its own tables until
someone publishes. Its action menu takes no extra actions, so the editor's template is extended
(templates/wagtail_localize/admin/edit_translation.html) with a bar of two buttons posting to the page's own edit URL,
and ``handle_translation_review_action`` — a ``before_edit_page`` hook ordered before wagtail-localize's — answers
them with wagtail-localize's public ``Translation.save_target`` and Wagtail's workflow API, as Wagtail's page editor
does for "Save draft" and "Submit". Publishers keep wagtail-localize's "Publish". Only documented interfaces are
used (hooks, template names, ``save_target``), so an upgrade within the pinned range keeps them (docs/editorial.md).
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import WorkflowState
from wagtail_localize.models import Translation

from practices.editorial.roles import forbidden

SAVE_DRAFT = "translation-save-draft"
SUBMIT = "translation-submit"
PUBLISH = "publish"  # wagtail-localize's own action
NOT_PUBLISHER = gettext_lazy("You may not publish this page; save a draft and submit it for review instead.")
NOT_ALLOWED = gettext_lazy("You may not save or submit this translation now: it is in review, or not in your language.")


def editor_translation(page):
    """The enabled wagtail-localize translation whose target is ``page`` (what makes its edit view the translation
    editor), or None."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .exclude(source__locale_id=page.locale_id)
        .select_related("source", "target_locale")
        .first()
    )


def review_actions(user, page):
    """What the review bar offers ``user`` on a translated page: whether they may save a draft, and the workflow they
    may submit it to (None when the page has none, it is already in review, or they may not submit)."""
    permissions = page.permissions_for_user(user)
    # A page in review is locked for everyone outside the task's groups (Wagtail's WorkflowLock).
    can_save = permissions.can_edit() and not _locked(page, user)
    workflow = page.get_workflow()
    state = page.current_workflow_state
    in_review = state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    may_submit = workflow is not None and workflow.active and permissions.can_submit_for_moderation() and not in_review
    return {
        "can_save": can_save,
        "workflow": workflow if may_submit and can_save else None,
        "in_review": in_review,
        "task_actions": task_actions(user, page) if in_review else [],
    }


def task_actions(user, page):
    """The current task's actions ``user`` may take on ``page`` as ``[(url, label)]`` — for reviewers, "Request
    changes" and "Approve" — once per action, posting to Wagtail's own workflow action view. Wagtail's page editor
    shows them in its footer, which the translation editor replaces."""
    task_state = page.current_workflow_task_state
    if task_state is None:
        return []
    actions = {}
    for name, label, _modal in task_state.task.specific.get_actions(page, user):
        actions.setdefault(
            name, (reverse("wagtailadmin_pages:workflow_action", args=(page.pk, name, task_state.pk)), label)
        )
    return list(actions.values())


def _locked(page, user):
    lock = page.get_lock()
    return lock is not None and lock.for_user(user)


def save_translation_draft(translation, page, user):
    """Save the translated strings as a new revision of ``page`` without changing what readers see.

    wagtail-localize's ``save_target(publish=False)`` also writes the draft into the page's row, which is what the
    site serves: a live translation would change before anyone reviewed it. So the live revision's content is put
    back into the row, keeping the new revision as the latest, as a draft saved in Wagtail's page editor does.
    """
    live_revision = page.live_revision if page.live else None
    translation.save_target(user=user, publish=False)
    if live_revision is None:
        return
    draft = type(page).objects.get(pk=page.pk)
    live = live_revision.as_object()
    live.latest_revision = draft.latest_revision
    live.draft_title = draft.draft_title
    live.has_unpublished_changes = True
    live.live = True
    live.save(clean=False)


def handle_translation_review_action(request, page):
    """``before_edit_page``: save the translation as a draft revision of the translated page, and with "Submit" start
    its workflow (or resume it after a reviewer asked for changes). Anything else goes on to wagtail-localize."""
    action = request.POST.get("action") if request.method == "POST" else None
    if action not in (SAVE_DRAFT, SUBMIT, PUBLISH):
        return None
    translation = editor_translation(page)
    if translation is None:
        return None
    if action == PUBLISH:
        # wagtail-localize refuses it too, but with Wagtail's redirect to the dashboard; a 403 says why.
        return None if page.permissions_for_user(request.user).can_publish() else forbidden(request, NOT_PUBLISHER)
    allowed = review_actions(request.user, page)
    if not allowed["can_save"] or (action == SUBMIT and allowed["workflow"] is None):
        return forbidden(request, NOT_ALLOWED)
    save_translation_draft(translation, page, request.user)
    page.refresh_from_db()
    locale = translation.target_locale.get_display_name()
    if action == SAVE_DRAFT:
        messages.success(
            request, _("Saved the draft of '%(title)s' in %(locale)s.") % {"title": page.title, "locale": locale}
        )
        return redirect(request.path)
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(request.user)
    else:
        allowed["workflow"].start(page, request.user)
    messages.success(
        request,
        _("Submitted '%(title)s' in %(locale)s to %(workflow)s.")
        % {"title": page.title, "locale": locale, "workflow": allowed["workflow"].name},
    )
    return redirect(request.path)
