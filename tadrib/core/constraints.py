"""Named database constraints whose violations are reported on a field.

Every rule is named ``<app>_<model>_<rule>`` (ARCHITECTURE.md) and raises
under that name, which a model's ``constraint_fields`` maps to the form field
the message belongs to. ``prefix`` is ``"<app>_<model>"``."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def check_rule(prefix: str, rule: str, condition: Q, message: Any) -> models.CheckConstraint:
    name = f"{prefix}_{rule}"
    return models.CheckConstraint(
        condition=condition, name=name, violation_error_code=name, violation_error_message=message
    )


def unique_rule(
    prefix: str, rule: str, fields: list[str], message: Any, condition: Q | None = None
) -> models.UniqueConstraint:
    name = f"{prefix}_{rule}"
    return models.UniqueConstraint(
        fields=fields,
        condition=condition,
        name=name,
        violation_error_code=name,
        violation_error_message=message,
    )


def known_choice(
    prefix: str, field: str, choices: type[models.TextChoices]
) -> models.CheckConstraint:
    """The database's copy of a field's choices (``TadribModel`` leaves it to
    ``clean_fields`` in Python)."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": choices.values}),
        name=f"{prefix}_known_{field}",
        violation_error_message=_("Unknown value."),
    )
