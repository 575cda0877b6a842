"""The editorial organisation: which role a user group plays, and the "incoming" section where partners'
contributors put their drafts.

Roles and the "Review and publish" workflow are created by migration ``0006_roles_and_workflow``; docs/editorial.md
describes them for editors.
"""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from practices.models.indexes import KnowledgeIndexPage
from practices.models.practice import GoodPracticePage


class EditorialRole(models.Model):
    """The role a user group plays in the editorial workflow, under a stable codename.

    Group names are shown to people and may be renamed or translated; code keys on ``codename``. A role with a
    ``locale`` (the translators of one language) limits its members to the pages and snippets of that locale.
    """

    group = models.OneToOneField(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="editorial_role"
    )
    codename = models.SlugField(_("codename"), max_length=64, unique=True)
    locale = models.ForeignKey(
        "wagtailcore.Locale",
        verbose_name=_("locale"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Members may edit only the content of this locale."),
    )

    class Meta:
        verbose_name = _("editorial role")
        verbose_name_plural = _("editorial roles")

    def __str__(self):
        return self.codename


class IncomingPracticesPage(KnowledgeIndexPage):
    """The "incoming" section of one locale's practices: partners' contributors add drafts here, and reviewers
    move an accepted practice into the practice index before publishing it. It is never published itself.
    """

    item_model = GoodPracticePage
    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types = ["practices.GoodPracticePage"]
    is_creatable = False  # one per locale, created by the roles migration

    class Meta:
        verbose_name = _("incoming practices")
