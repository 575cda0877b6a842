"""Field declarations the models share."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


def optional_link(to, verbose_name, related_name="+", **options):
    """A link an editor may leave empty, emptied when its target is deleted: deleting an organisation, a funding
    programme, an image or a document never deletes the items that point to it."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
        **options,
    )


def coordinate(verbose_name, bound):
    """An optional latitude (``bound`` 90) or longitude (180) in decimal degrees, kept to six decimal places (about
    ten centimetres), between -bound and bound."""
    return models.DecimalField(
        verbose_name,
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-bound), MaxValueValidator(bound)],
    )
