"""Locale-bound permissions for the translators' roles (docs/editorial.md).

Wagtail's model permissions are global, and wagtail-localize has one global "submit translation" permission. A
group whose ``EditorialRole`` names a locale ("Translators (bg)") grants its permissions only for that locale: for
pages through page permissions on that locale's home page (set by the roles migration), for the translatable
snippets through ``LocaleBoundPermissionPolicy``, and for new translations through ``LocaleBoundTranslationMixin``.
A user who also holds the permission through a group without a locale (editors, reviewers) is not limited.

Wagtail's admin turns a refusal into a redirect to the dashboard, which loses what was typed; these checks answer
403 instead, and ``PageEditRefusalMiddleware`` does the same for a page the user may not edit.
"""

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
from wagtail_localize.views.submit_translations import SubmitPageTranslationView, SubmitSnippetTranslationView

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


def translation_urls():
    """The same paths as wagtail-localize's own "Translate" views, registered before them so that these answer."""
    return [
        path("localize/submit/page/<int:page_id>/", LocaleBoundPageTranslationView.as_view()),
        path(
            "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            LocaleBoundSnippetTranslationView.as_view(),
        ),
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
