"""The review bar of wagtail-localize's translation editor (practices.translation.translation_review)."""

from django import template

from practices.translation.translation_review import SAVE_DRAFT, SUBMIT, review_actions

register = template.Library()


@register.inclusion_tag("practices/admin/translation_review_bar.html", takes_context=True)
def translation_review_bar(context, page):
    """``{% translation_review_bar instance %}``: "Save draft" and "Submit to <workflow>" for a translated page,
    and the current review task's actions with a comment for its reviewers."""
    request = context["request"]
    return {
        **review_actions(request.user, page),
        "csrf_token": context.get("csrf_token"),
        "request_path": request.path,
        "save_draft": SAVE_DRAFT,
        "submit": SUBMIT,
    }
