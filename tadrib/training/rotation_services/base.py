"""Sides, locks and limits shared by the writes of unit rotations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from tadrib.core import access
from tadrib.core.choices import Action
from tadrib.training.choices import (
    RotationStatus,
    VettingOutcome,
)
from tadrib.training.models import (
    RotationMember,
    UnitRotation,
)

if TYPE_CHECKING:
    from tadrib.accounts.models import User


RS = RotationStatus
# A rotation whose roster, vetting and equipment still change.
OPEN = frozenset({RS.PLANNED, RS.IN_TRAINING})
# The share of all criteria an evaluation must meet (besides every critical one).
PASS_SHARE = Decimal("0.8")
# Rows of one issue list (pasted, uploaded or sent).
MAX_ROWS = 2000
MAX_SERIAL_LENGTH = 60
DECIDED = (VettingOutcome.CLEARED, VettingOutcome.REFUSED)


# --- sides ------------------------------------------------------------------


def is_host_side(actor: Any, rotation: UnitRotation) -> bool:
    """Whether ``actor`` acts for the host facility (runs the training)."""
    return access.acts_for(actor, rotation.facility, UnitRotation, Action.CHANGE)


def is_unit_side(actor: Any, rotation: UnitRotation, action: str = Action.CHANGE) -> bool:
    """Whether ``actor`` acts for the unit (names its soldiers)."""
    return access.acts_for(actor, rotation.unit, RotationMember, action)


def require_host_side(actor: User | None, rotation: UnitRotation) -> None:
    if not is_host_side(actor, rotation):
        raise PermissionDenied(_("This step is taken by the host facility."))


def require_unit_side(
    actor: User | None, rotation: UnitRotation, action: str = Action.CHANGE
) -> None:
    if not is_unit_side(actor, rotation, action):
        raise PermissionDenied(
            _("The unit names the soldiers on its roster; the host facility records their vetting.")
        )


def _lock(rotation: UnitRotation) -> UnitRotation:
    return (
        UnitRotation.objects.select_for_update(of=("self",))
        .select_related("facility", "unit", "programme", "qualification")
        .get(pk=rotation.pk)
    )


def _follow(target: models.Model, source: models.Model) -> None:
    """The caller's object follows the stored row."""
    for concrete in type(source)._meta.concrete_fields:
        setattr(target, concrete.attname, getattr(source, concrete.attname))


def _require_open(rotation: UnitRotation, field_name: str | None = None) -> None:
    if rotation.status not in OPEN:
        message = _("The rotation is %(status)s; its records no longer change.") % {
            "status": rotation.get_status_display()  # type: ignore[attr-defined]
        }
        raise ValidationError({field_name: message} if field_name else message)


def _related(instance: models.Model, name: str) -> Any:
    """The record a foreign key names, or ``None`` (validation reports it)."""
    pk = getattr(instance, f"{name}_id")
    if pk is None:
        return None
    model: Any = instance._meta.get_field(name).related_model
    return model._default_manager.filter(pk=pk).first()


def _today_within(rotation: UnitRotation) -> dt.date:
    """Today, or the rotation's first or last day when today is outside it."""
    return min(max(timezone.localdate(), rotation.starts_on), rotation.ends_on)
