"""The host's vetting of the unit and its soldiers; the unit's roster."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tadrib.core.choices import Action
from tadrib.core.services import delete_audited, save_audited
from tadrib.people.models import Person
from tadrib.training.choices import (
    MemberRole,
    VettingOutcome,
)
from tadrib.training.models import (
    RotationMember,
    UnitRotation,
)

if TYPE_CHECKING:
    from tadrib.accounts.models import User

from tadrib.training.rotation_services.base import (
    DECIDED,
    MAX_ROWS,
    RS,
    _follow,
    _lock,
    _related,
    _require_open,
    is_host_side,
    is_unit_side,
    require_host_side,
    require_unit_side,
)

# --- vetting (host) -----------------------------------------------------------


def _decision(outcome: str, reference: str) -> dict[str, str]:
    errors = {}
    if outcome not in DECIDED:
        errors["outcome"] = _("Choose cleared or refused.")
    if not reference.strip():
        errors["reference"] = _("Give the reference of the vetting decision.")
    return errors


@transaction.atomic
def record_unit_vetting(
    rotation: UnitRotation,
    outcome: str,
    *,
    reference: str,
    on: dt.date | None = None,
    actor: User | None,
) -> UnitRotation:
    """The host's vetting of the unit as a whole, before the rotation starts."""
    locked = _lock(rotation)
    require_host_side(actor, locked)
    if locked.status != RS.PLANNED:
        raise ValidationError({"unit_vetting": _("The unit is vetted before the rotation starts.")})
    errors = _decision(outcome, reference)
    if errors:
        raise ValidationError(errors)
    locked.unit_vetting = outcome
    locked.unit_vetting_reference = reference.strip()
    locked.unit_vetted_on = on or timezone.localdate()
    save_audited(locked, actor=actor, action="unitrotation.unit_vetted", authorised=True)
    _follow(rotation, locked)
    return rotation


@transaction.atomic
def record_vetting(
    rotation: UnitRotation,
    outcomes: Mapping[Any, str],
    *,
    reference: str,
    on: dt.date | None = None,
    actor: User | None,
) -> list[RotationMember]:
    """The host's vetting of soldiers on the roster (by member or member id),
    cleared or refused, all or nothing. A decision may be revised while the
    rotation is open; a removed soldier is no longer vetted."""
    locked = _lock(rotation)
    require_host_side(actor, locked)
    _require_open(locked, "vetting")
    if not outcomes:
        raise ValidationError({"vetting": _("Choose the outcome for at least one soldier.")})
    errors: dict[str, Any] = {}
    if not reference.strip():
        errors["reference"] = _("Give the reference of the vetting decision.")
    ids = {
        (key.pk if isinstance(key, RotationMember) else int(key)): v for key, v in outcomes.items()
    }
    members = {
        m.pk: m
        for m in RotationMember.objects.filter(rotation=locked, pk__in=list(ids)).select_related(
            "person", "rotation__unit"
        )
    }
    problems = []
    for pk, outcome in ids.items():
        member = members.get(pk)
        if member is None:
            problems.append(_("No. %(id)s is not on this roster.") % {"id": pk})
        elif member.removed_on is not None:
            problems.append(
                _("%(person)s was removed from the roster.") % {"person": member.person}
            )
        elif outcome not in DECIDED:
            problems.append(_("%(person)s: choose cleared or refused.") % {"person": member.person})
    if problems:
        errors["vetting"] = problems
    if errors:
        raise ValidationError(errors)
    vetted_on = on or timezone.localdate()
    done = []
    for pk in sorted(ids):
        member = members[pk]
        member.vetting = ids[pk]
        member.vetting_reference = reference.strip()
        member.vetted_on = vetted_on
        done.append(
            save_audited(member, actor=actor, action="rotationmember.vetted", authorised=True)
        )
    return done


def record_member_vetting(
    member: RotationMember,
    outcome: str,
    *,
    reference: str,
    on: dt.date | None = None,
    actor: User | None,
) -> RotationMember:
    """One soldier's vetting (the step on the member's page)."""
    done = record_vetting(
        member.rotation, {member.pk: outcome}, reference=reference, on=on, actor=actor
    )
    _follow(member, done[0])
    return member


# --- the roster (unit) ----------------------------------------------------------


def save_rotation_member(member: RotationMember, *, actor: User | None) -> RotationMember:
    """Put a soldier of the unit on the roster (or change their role): the
    unit's side, while the rotation is open. The soldier stays once their
    vetting is recorded."""
    rotation = _related(member, "rotation")
    adding = member._state.adding
    if rotation is not None:
        _require_open(rotation, "rotation")
        require_unit_side(actor, rotation, Action.ADD if adding else Action.CHANGE)
    if adding and actor is not None and member.person_id is not None:
        from tadrib.people.selectors import people_for

        if not people_for(actor).filter(pk=member.person_id).exists():
            raise ValidationError({"person": _("Choose a soldier you may see.")})
    if not adding:
        stored = RotationMember.objects.get(pk=member.pk)
        if stored.removed_on is not None:
            raise ValidationError(_("A soldier removed from the roster no longer changes."))
        if stored.rotation_id != member.rotation_id:
            raise ValidationError(
                {"rotation": _("A soldier stays on the roster they were put on.")}
            )
        if stored.person_id != member.person_id and stored.vetting != VettingOutcome.OPEN:
            raise ValidationError(
                {"person": _("The soldier is fixed once their vetting is recorded.")}
            )
    return save_audited(member, actor=actor)


def delete_rotation_member(member: RotationMember, *, actor: User | None) -> None:
    """Take a soldier off the roster entirely: only while their vetting is
    open and the rotation open; otherwise remove them (the record stays)."""
    if member.vetting != VettingOutcome.OPEN:
        raise ValidationError(
            _("Their vetting is recorded: remove the soldier from the roster instead.")
        )
    _require_open(member.rotation)
    delete_audited(member, actor=actor)


@dataclass(frozen=True)
class Entry:
    """One soldier named for the roster: where (a line, or a name) and how."""

    where: str
    service_number: str = ""
    person: Person | None = None


def _service_number_entries(service_numbers: str | Sequence[str]) -> list[Entry]:
    lines = (
        service_numbers.splitlines() if isinstance(service_numbers, str) else list(service_numbers)
    )
    entries = []
    for line, raw in enumerate(lines, start=1):
        number = str(raw).strip()
        if number:
            entries.append(Entry(_("Line %(line)s") % {"line": line}, service_number=number))
    return entries


@transaction.atomic
def add_members(
    rotation: UnitRotation,
    *,
    actor: User | None,
    people: Sequence[Person] = (),
    service_numbers: str | Sequence[str] = "",
    role: str = MemberRole.MEMBER,
) -> list[RotationMember]:
    """Put many soldiers on the roster at once (the unit's side), chosen or
    given by service number (one a line), all or nothing: every line naming
    nobody of the unit, a soldier named twice or already on the roster is
    refused, named."""
    locked = _lock(rotation)
    require_unit_side(actor, locked, Action.ADD)
    _require_open(locked, "rotation")
    field_name = "service_numbers" if not people else "people"
    entries = [Entry(str(p), person=p) for p in people] + _service_number_entries(service_numbers)
    if not entries:
        raise ValidationError({field_name: _("Name at least one soldier.")})
    if len(entries) > MAX_ROWS:
        raise ValidationError(
            {field_name: _("More than %(max)s soldiers; add them in parts.") % {"max": MAX_ROWS}}
        )
    unit = locked.unit
    candidates = Person.objects.filter(unit__path__startswith=unit.path)
    if actor is not None:
        from tadrib.people.selectors import people_for

        candidates = candidates.filter(pk__in=people_for(actor).values("pk"))
    numbers = [e.service_number for e in entries if e.person is None]
    by_number = {
        p.service_number: p
        for p in candidates.filter(nation_id=unit.nation_id, service_number__in=numbers)
    }
    allowed = set(
        candidates.filter(
            pk__in=[e.person.pk for e in entries if e.person is not None]
        ).values_list("pk", flat=True)
    )
    on_roster = set(locked.members.values_list("person_id", flat=True))
    errors: list[str] = []
    seen: dict[int, str] = {}
    chosen: list[Person] = []
    for entry in entries:
        person = entry.person if entry.person is not None else by_number.get(entry.service_number)
        if person is None or (entry.person is not None and person.pk not in allowed):
            errors.append(
                _("%(where)s: no soldier of %(unit)s has the service number %(number)s.")
                % {
                    "where": entry.where,
                    "unit": unit.code,
                    "number": entry.service_number or getattr(person, "service_number", ""),
                }
            )
        elif person.pk in seen:
            errors.append(
                _("%(where)s: %(person)s is named twice (%(first)s).")
                % {"where": entry.where, "person": person, "first": seen[person.pk]}
            )
        elif person.pk in on_roster:
            errors.append(
                _("%(where)s: %(person)s is already on the roster.")
                % {"where": entry.where, "person": person}
            )
        else:
            seen[person.pk] = entry.where
            chosen.append(person)
    if errors:
        raise ValidationError({field_name: errors})
    return [
        save_audited(RotationMember(rotation=locked, person=person, role=role), actor=actor)
        for person in chosen
    ]


@transaction.atomic
def remove_member(
    member: RotationMember,
    *,
    reason: str,
    on: dt.date | None = None,
    actor: User | None,
) -> RotationMember:
    """Take a soldier off the active roster (either side), with the reason;
    the record stays. Not once the rotation is completed or cancelled."""
    locked = (
        RotationMember.objects.select_for_update(of=("self",))
        .select_related("rotation__facility", "rotation__unit", "person")
        .get(pk=member.pk)
    )
    rotation = locked.rotation
    if not (is_unit_side(actor, rotation) or is_host_side(actor, rotation)):
        raise PermissionDenied(_("The unit or the host facility removes a soldier."))
    _require_open(rotation, "rotation")
    if locked.removed_on is not None:
        raise ValidationError(_("This soldier was already removed from the roster."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for removing the soldier.")})
    locked.removed_on = on or timezone.localdate()
    locked.removal_reason = reason.strip()
    save_audited(locked, actor=actor, action="rotationmember.removed", authorised=True)
    _follow(member, locked)
    return member
