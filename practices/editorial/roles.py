"""Locale-bound permissions for the translators' roles (docs/editorial.md).

Wagtail's model permissions are global, and wagtail-localize has one global "submit translation" permission. A
group whose ``EditorialRole`` names a locale ("Translators (bg)") grants its permissions only for that locale: for
pages through page permissions on that locale's home page (set by the roles migration), for the translatable
snippets through ``LocaleBoundPermissionPolicy``, for new translations through ``LocaleBoundTranslationMixin``, and
for wagtail-localize's translation editor (strings, overrides, PO files, preview, sync) through
``refuse_translation_outside_locale``.
A user who also holds the permission through a group without a locale (editors, reviewers) is not limited.

Wagtail's admin turns a refusal into a redirect to the dashboard, which loses what was typed; these checks answer
403 instead, and ``PageEditRefusalMiddleware`` does the same for a page the user may not edit.
"""

from functools import wraps

from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry
from wagtail_localize.models import Translation
from wagtail_localize.views import edit_translation
from wagtail_localize.views.submit_translations import SubmitPageTranslationView, SubmitSnippetTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView

OUTSIDE_LOCALE = _("You may not edit or translate content in this language.")


def forbidden(request, reason=OUTSIDE_LOCALE):
    """Django's 403 response (templates/403.html where one exists)."""
    return defaults.permission_denied(request, PermissionDenied(str(reason)))


def permitted_locale_ids(user, content_type, codename):
    """The ids of the locales in which ``user`` holds the permission, or None when it is not bound to locales.

    Only meaningful for a user who holds the permission at all; the caller checks that first.
    """
    if user.is_superuser or user.user_permissions.filter(content_type=content_type, codename=codename).exists():
        return None
    granting = Group.objects.filter(user=user, permissions__content_type=content_type, permissions__codename=codename)
    locale_ids = set(granting.values_list("editorial_role__locale_id", flat=True))
    return None if None in locale_ids else locale_ids


class LocaleBoundPermissionPolicy(ModelPermissionPolicy):
    """The model permissions of a translatable snippet, limited to the locales of the user's translator roles."""

    def locale_ids_for(self, user, action):
        codename = get_permission_codename(action, self.model._meta)
        return permitted_locale_ids(user, ContentType.objects.get_for_model(self.model), codename)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        locale_ids = self.locale_ids_for(user, action)
        return locale_ids is None or instance.locale_id in locale_ids

    def instances_user_has_permission_for(self, user, action):
        instances = super().instances_user_has_permission_for(user, action)
        locale_ids = self.locale_ids_for(user, action) if user.is_active else None
        return instances if locale_ids is None else instances.filter(locale_id__in=locale_ids)


def register_locale_bound_policies(models):
    """Register the policy for each model; must run before the models' snippet viewsets are registered."""
    for model in models:
        policy_registry.register(model, LocaleBoundPermissionPolicy(model), exact_class=True)


def _locale_bound_policy(model):
    policy = policy_registry.get_by_type(model)
    return policy if isinstance(policy, LocaleBoundPermissionPolicy) else None


def refuse_snippet_edit_outside_locale(request, instance):
    """``before_edit_snippet``: a translator opening another locale's snippet gets a 403 before any form is shown,
    so nothing typed is lost to a redirect."""
    policy = _locale_bound_policy(type(instance))
    if policy and not policy.user_has_permission_for_instance(request.user, "change", instance):
        return forbidden(request)
    return None


def refuse_snippet_delete_outside_locale(request, instances):
    """``before_delete_snippet``: the same for deleting, one or many."""
    for instance in instances:
        policy = _locale_bound_policy(type(instance))
        if policy and not policy.user_has_permission_for_instance(request.user, "delete", instance):
            return forbidden(request)
    return None


def refuse_snippet_create_outside_locale(request, model):
    """``before_create_snippet``: the locale of a new snippet is the ``locale`` query parameter (the default
    locale without one), as in Wagtail's create view."""
    policy = _locale_bound_policy(model)
    if not policy or not issubclass(model, TranslatableMixin):
        return None
    locale_ids = policy.locale_ids_for(request.user, "add")
    if locale_ids is None:
        return None
    code = request.GET.get("locale")
    locale = Locale.objects.filter(language_code=code).first() if code else Locale.get_default()
    if locale is None or locale.pk not in locale_ids:
        return forbidden(request)
    return None


class LocaleBoundTranslationMixin:
    """wagtail-localize's "Translate" view, offering only the locales the user may translate into and refusing
    (403) a submission into any other."""

    def translation_locale_ids(self):
        content_type = ContentType.objects.get_by_natural_key("wagtail_localize", "translation")
        return permitted_locale_ids(self.request.user, content_type, "submit_translation")

    def get_form(self):
        form = super().get_form()
        locale_ids = self.translation_locale_ids()
        if locale_ids is not None:
            form.fields["locales"].queryset = form.fields["locales"].queryset.filter(pk__in=locale_ids)
        return form

    def post(self, request, **kwargs):
        locale_ids = self.translation_locale_ids()
        requested = {int(pk) for pk in request.POST.getlist("locales") if pk.isdigit()}
        if locale_ids is not None and not requested <= locale_ids:
            return forbidden(request)
        return super().post(request, **kwargs)


class LocaleBoundPageTranslationView(LocaleBoundTranslationMixin, SubmitPageTranslationView):
    pass


class LocaleBoundSnippetTranslationView(LocaleBoundTranslationMixin, SubmitSnippetTranslationView):
    pass


def may_edit_translation(user, translation):
    """Whether ``user`` may change the target of one wagtail-localize translation: for a page, whether they may
    edit the translated page; for a locale-bound snippet, whether its target locale is one of theirs."""
    model = translation.source.specific_content_type.model_class()
    if issubclass(model, Page):
        target = Page.objects.filter(
            translation_key=translation.source.object_id, locale_id=translation.target_locale_id
        ).first()
        # Without a translated page there is nothing to change; wagtail-localize answers that itself.
        return target is None or target.permissions_for_user(user).can_edit()
    policy = _locale_bound_policy(model)
    if policy is None or not policy.user_has_permission(user, "change"):
        return True  # not bound to locales, or refused by wagtail-localize's own model permission check
    locale_ids = policy.locale_ids_for(user, "change")
    return locale_ids is None or translation.target_locale_id in locale_ids


def refuse_translation_outside_locale(view):
    """Wrap a wagtail-localize view acting on one translation (``translation_id``) or on every translation of a
    source (``translation_source_id``, "Sync translated pages", which may also publish them): 403 unless the user
    may change each of them.

    wagtail-localize checks pages with the page's permissions but snippets with the model permission alone, and
    its sync view with the global "submit translation" permission alone, so without this a translator could write
    another locale's snippet strings or sync (and publish) every locale of a source.
    """

    @wraps(view)
    def checked(request, *args, **kwargs):
        translations = Translation.objects.select_related("source__specific_content_type")
        if "translation_id" in kwargs:
            translations = translations.filter(pk=kwargs["translation_id"])
        else:
            translations = translations.filter(source_id=kwargs["translation_source_id"], enabled=True)
        if not all(may_edit_translation(request.user, translation) for translation in translations):
            return forbidden(request)
        return view(request, *args, **kwargs)

    return checked


def refuse_publishing_sync_without_publish_permission(view):
    """Wrap wagtail-localize's "Sync translated pages": its "publish immediately" box publishes every translated page
    of the source, which wagtail-localize checks against nobody's publish permission. Unless the user may publish
    each of those pages, the box answers 403, so that a translator's sync leaves drafts that go through review
    (practices.translation.translation_review)."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if request.method == "POST" and request.POST.get("publish_translations"):
            translations = Translation.objects.filter(source_id=kwargs["translation_source_id"], enabled=True)
            for translation in translations.select_related("source"):
                target = Page.objects.filter(
                    translation_key=translation.source.object_id, locale_id=translation.target_locale_id
                ).first()
                if target is not None and not target.permissions_for_user(request.user).can_publish():
                    return forbidden(request, _("You may not publish these translations; sync without publishing."))
        return view(request, *args, **kwargs)

    return checked


# wagtail-localize's views that change, download, preview or publish one translation, or all of a source's.
TRANSLATION_VIEWS = [
    ("translate/<int:translation_id>/strings/<int:string_segment_id>/edit/", edit_translation.edit_string_translation),
    ("translate/<int:translation_id>/overrides/<int:overridable_segment_id>/edit/", edit_translation.edit_override),
    ("translate/<int:translation_id>/pofile/download/", edit_translation.download_pofile),
    ("translate/<int:translation_id>/pofile/upload/", edit_translation.upload_pofile),
    ("translate/<int:translation_id>/machine_translate/", edit_translation.machine_translate),
    ("translate/<int:translation_id>/preview/", edit_translation.preview_translation),
    ("translate/<int:translation_id>/preview/<str:mode>/", edit_translation.preview_translation),
    ("translate/<int:translation_id>/disable/", edit_translation.stop_translation),
    (
        "update/<int:translation_source_id>/",
        refuse_publishing_sync_without_publish_permission(UpdateTranslationsView.as_view()),
    ),
]


def translation_urls():
    """The same paths as wagtail-localize's own views, registered before them so that these answer: the
    "Translate" views offering only the user's locales, and the translation editor's views bound to them."""
    return [
        path("localize/submit/page/<int:page_id>/", LocaleBoundPageTranslationView.as_view()),
        path(
            "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            LocaleBoundSnippetTranslationView.as_view(),
        ),
        *(path(f"localize/{route}", refuse_translation_outside_locale(view)) for route, view in TRANSLATION_VIEWS),
    ]


class PageEditRefusalMiddleware:
    """Answers 403 when a signed-in admin user opens or submits the edit view of a page they may not edit (a
    translator and another locale's page), instead of Wagtail's redirect to the dashboard."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name != "wagtailadmin_pages:edit" or not request.user.is_authenticated:
            return None
        if not request.user.has_perm("wagtailadmin.access_admin"):
            return None  # Wagtail's own answer: the login page
        page = Page.objects.filter(pk=view_kwargs.get("page_id")).first()
        if page is not None and not page.permissions_for_user(request.user).can_edit():
            return forbidden(request, _("You may not edit this page."))
        return None


def own_drafts_only(parent_page, pages, request):
    """``construct_explorer_page_queryset``: where a user may add pages but not edit the section (partners'
    contributors under "incoming"), the explorer lists only the pages they own, so that one partner's contributors
    never see another's drafts. Wagtail lets them edit only their own pages there already; this hides the rest.
    The root is left alone: nobody may edit it, not even an administrator, yet everyone with access lists it."""
    if parent_page.is_root():
        return pages
    permissions = parent_page.permissions_for_user(request.user)
    if permissions.can_add_subpage() and not permissions.can_edit():
        return pages.filter(owner=request.user)
    return pages
