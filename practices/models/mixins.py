"""Behaviour shared by translatable snippets whose translations share one slug."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class SharedSlugMixin:
    """Keeps ``slug`` a language-independent identifier: one slug, one translation key, one row per locale."""

    def clean(self):
        super().clean()
        others = type(self)._default_manager.filter(slug=self.slug).exclude(pk=self.pk)
        if others.exclude(translation_key=self.translation_key).exists():
            raise ValidationError(
                {"slug": _("This slug belongs to another entry; translations of one entry share a slug.")}
            )
        if others.filter(locale_id=self.locale_id).exists():
            raise ValidationError({"slug": _("This entry already exists in this language.")})
