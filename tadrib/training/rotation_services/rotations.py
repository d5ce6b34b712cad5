"""A rotation and its status: create, start, complete, cancel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tadrib.core.services import delete_audited, refuse_illegal_transition, save_audited
from tadrib.people.models import PersonQualification
from tadrib.people.services import award_qualification
from tadrib.training.choices import (
    ROTATION_TRANSITIONS,
    EquipmentState,
    RotationStatus,
    VettingOutcome,
)
from tadrib.training.models import (
    RotationEvaluation,
    RotationMember,
    UnitRotation,
)

if TYPE_CHECKING:
    from tadrib.accounts.models import User

from tadrib.training.rotation_services.base import (
    RS,
    _follow,
    _lock,
    _require_open,
    _today_within,
    require_host_side,
)

# --- the rotation -----------------------------------------------------------


def save_unit_rotation(rotation: UnitRotation, *, actor: User | None) -> UnitRotation:
    """Plan a rotation or change its particulars (host). The facility and the
    unit are fixed once soldiers are on the roster; a completed or cancelled
    rotation no longer changes."""
    if not rotation._state.adding:
        stored = UnitRotation.objects.get(pk=rotation.pk)
        _require_open(stored)
        moved = stored.unit_id != rotation.unit_id or stored.facility_id != rotation.facility_id
        if moved and stored.members.exists():
            raise ValidationError(
                {"unit": _("The unit and the facility are fixed once soldiers are on the roster.")}
            )
    return save_audited(rotation, actor=actor)


def delete_unit_rotation(rotation: UnitRotation, *, actor: User | None) -> None:
    recorded = (
        rotation.members.exists() or rotation.equipment.exists() or rotation.evaluations.exists()
    )
    if rotation.status != RS.PLANNED or recorded:
        raise ValidationError(
            _("Only a planned rotation with nothing recorded on it can be deleted; cancel it.")
        )
    delete_audited(rotation, actor=actor)


@transaction.atomic
def _change_status(
    rotation: UnitRotation,
    target: str,
    *,
    actor: User | None,
    changes: Mapping[str, Any] | None = None,
    check: Any = None,
    reason: str = "",
    extra: dict[str, Any] | None = None,
) -> UnitRotation:
    """Lock the rotation, refuse a step the actor's side or the transition
    table does not allow (or ``check`` refuses), then save it audited as
    ``unitrotation.<target>``."""
    locked = _lock(rotation)
    require_host_side(actor, locked)
    refuse_illegal_transition(
        RotationStatus,
        ROTATION_TRANSITIONS,
        locked.status,
        target,
        _("A rotation that is “%(current)s” cannot become “%(target)s”."),
    )
    if check is not None:
        check(locked)
    for name, value in (changes or {}).items():
        setattr(locked, name, value)
    locked.status = target
    locked.status_reason = reason
    save_audited(
        locked,
        actor=actor,
        action=f"unitrotation.{target}",
        authorised=True,
        extra_changes=extra,
    )
    _follow(rotation, locked)
    return rotation


def _names(members: Iterable[RotationMember]) -> str:
    return ", ".join(str(m.person) for m in members)


def _ready_to_start(rotation: UnitRotation) -> None:
    if rotation.unit_vetting != VettingOutcome.CLEARED:
        raise ValidationError(
            {
                "unit_vetting": _(
                    "The unit's vetting is “%(outcome)s”; the rotation starts once the unit is "
                    "cleared."
                )
                % {"outcome": rotation.get_unit_vetting_display()}  # type: ignore[attr-defined]
            }
        )
    active = list(
        rotation.members.filter(removed_on__isnull=True).select_related("person").order_by("pk")
    )
    if not active:
        raise ValidationError({"members": _("No soldier is on the roster.")})
    waiting = [m for m in active if m.vetting == VettingOutcome.OPEN]
    refused = [m for m in active if m.vetting == VettingOutcome.REFUSED]
    if waiting or refused:
        parts = []
        if waiting:
            parts.append(_("vetting open: %(names)s") % {"names": _names(waiting)})
        if refused:
            parts.append(_("vetting refused: %(names)s") % {"names": _names(refused)})
        raise ValidationError(
            {
                "members": _(
                    "Every soldier on the roster must be cleared (%(which)s). "
                    "Remove them or wait for their vetting."
                )
                % {"which": "; ".join(parts)}
            }
        )


def start_rotation(
    rotation: UnitRotation, *, actor: User | None, on: dt.date | None = None
) -> UnitRotation:
    """The unit begins training (host, from planned): the unit is cleared,
    the roster is not empty and every soldier still on it is cleared."""
    return _change_status(
        rotation,
        RS.IN_TRAINING,
        actor=actor,
        check=_ready_to_start,
        changes={"started_on": on or timezone.localdate()},
    )


def latest_final_evaluation(rotation: UnitRotation) -> RotationEvaluation | None:
    return (
        rotation.evaluations.filter(final=True)
        .select_related("checklist")
        .order_by("-evaluated_on", "-pk")
        .first()
    )


@transaction.atomic
def complete_rotation(
    rotation: UnitRotation, *, actor: User | None, on: dt.date | None = None
) -> list[PersonQualification]:
    """The training ends (host, from in training): nothing is still issued
    and an evaluation is final. When the latest final evaluation passed and
    the rotation confers a qualification, every soldier still on the roster
    and cleared gets it on their record. Returns the qualifications awarded."""
    found: dict[str, Any] = {}

    def check(locked: UnitRotation) -> None:
        issued = list(
            locked.equipment.filter(state=EquipmentState.ISSUED)
            .select_related("item_type")
            .order_by("item_type__code", "serial_number")
        )
        if issued:
            raise ValidationError(
                {
                    "equipment": _(
                        "Still issued: %(items)s. Take them back or close the count first."
                    )
                    % {"items": ", ".join(str(line) for line in issued)}
                }
            )
        evaluation = latest_final_evaluation(locked)
        if evaluation is None:
            raise ValidationError(
                {"evaluations": _("Finalise an evaluation of the unit before completing.")}
            )
        found["evaluation"] = evaluation

    completed_on = on or _today_within(rotation)
    _change_status(
        rotation,
        RS.COMPLETED,
        actor=actor,
        check=check,
        changes={"completed_on": completed_on},
    )
    evaluation: RotationEvaluation = found["evaluation"]
    qualification = rotation.qualification if rotation.qualification_id else None
    if not evaluation.passed or qualification is None:
        return []
    awarded = []
    awarded_by = f"{rotation.code} · {rotation.facility.code}"
    members = rotation.members.filter(
        removed_on__isnull=True, vetting=VettingOutcome.CLEARED
    ).order_by("pk")
    for member in members:
        held = award_qualification(
            member.person_id, qualification, on=completed_on, awarded_by=awarded_by, actor=actor
        )
        if held is not None:
            awarded.append(held)
    return awarded


def cancel_rotation(rotation: UnitRotation, *, actor: User | None, reason: str) -> UnitRotation:
    """Call the rotation off (host), with the reason. Equipment still issued
    is taken back afterwards as usual."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling the rotation.")})
    return _change_status(rotation, RS.CANCELLED, actor=actor, reason=reason)
