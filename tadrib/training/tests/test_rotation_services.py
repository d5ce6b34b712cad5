"""Unit rotations, through the services: vetting before the start, the
roster, equipment issued and taken back (losses and damage), evaluation
against a checklist with its pass rule, completion and the qualification,
and which side takes which step."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tadrib.core import testing
from tadrib.core.models import AuditEntry
from tadrib.core.testing import World
from tadrib.people.models import PersonQualification
from tadrib.training import rotation_services as services
from tadrib.training import testing as tt
from tadrib.training import testing_rotations as tr
from tadrib.training.choices import EquipmentState, RotationStatus, VettingOutcome
from tadrib.training.models import (
    CriterionAssessment,
    EquipmentLoss,
    RotationEquipment,
    RotationMember,
    UnitRotation,
)

pytestmark = pytest.mark.django_db
CLEARED, REFUSED, OPEN = VettingOutcome.CLEARED, VettingOutcome.REFUSED, VettingOutcome.OPEN


def messages_of(error: pytest.ExceptionInfo[ValidationError], field: str) -> list[str]:
    return [str(m) for item in error.value.error_dict[field] for m in item.messages]


def status(rotation: UnitRotation) -> str:
    return UnitRotation.objects.get(pk=rotation.pk).status


# --- vetting and the start -------------------------------------------------------


def _planned_with_members(w: World, *outcomes: str) -> tuple[UnitRotation, list[RotationMember]]:
    rotation = tr.rotation(w)
    members = [tr.member(rotation) for _ in outcomes]
    services.record_unit_vetting(rotation, CLEARED, reference="U-1", actor=w.manager_a)
    decided = {m.pk: o for m, o in zip(members, outcomes, strict=True) if o != OPEN}
    if decided:
        services.record_vetting(rotation, decided, reference="V-1", actor=w.manager_a)
    return rotation, members


def test_it_refuses_the_start_while_a_soldiers_vetting_is_open(world: World) -> None:
    rotation, members = _planned_with_members(world, CLEARED, OPEN)
    with pytest.raises(ValidationError) as error:
        services.start_rotation(rotation, actor=world.manager_a)
    text = messages_of(error, "members")[0]
    assert members[1].person.full_name_latin in text
    assert members[0].person.full_name_latin not in text
    assert "Remove them or wait for their vetting" in text
    assert status(rotation) == RotationStatus.PLANNED


def test_it_refuses_the_start_while_a_soldier_is_refused_and_starts_once_removed(
    world: World,
) -> None:
    rotation, members = _planned_with_members(world, CLEARED, REFUSED)
    with pytest.raises(ValidationError) as error:
        services.start_rotation(rotation, actor=world.manager_a)
    text = messages_of(error, "members")[0]
    assert "refused" in text and members[1].person.full_name_latin in text
    services.remove_member(members[1], reason="Refused at vetting.", actor=world.manager_a)
    started = services.start_rotation(rotation, actor=world.manager_a, on=tr.START)
    assert started.status == status(rotation) == RotationStatus.IN_TRAINING
    assert UnitRotation.objects.get(pk=rotation.pk).started_on == tr.START
    assert AuditEntry.objects.filter(
        action="unitrotation.in_training", object_id=str(rotation.pk)
    ).exists()


def test_it_refuses_the_start_without_the_units_vetting(world: World) -> None:
    rotation = tr.rotation(world)
    member = tr.member(rotation)
    services.record_vetting(rotation, {member.pk: CLEARED}, reference="V-1", actor=None)
    with pytest.raises(ValidationError) as error:
        services.start_rotation(rotation, actor=world.manager_a)
    assert "unit_vetting" in error.value.error_dict
    services.record_unit_vetting(rotation, REFUSED, reference="U-1", actor=world.manager_a)
    with pytest.raises(ValidationError) as error:
        services.start_rotation(rotation, actor=world.manager_a)
    assert "Refused" in messages_of(error, "unit_vetting")[0]
    assert status(rotation) == RotationStatus.PLANNED


def test_it_refuses_the_start_with_an_empty_roster(world: World) -> None:
    rotation = tr.rotation(world)
    services.record_unit_vetting(rotation, CLEARED, reference="U-1", actor=None)
    with pytest.raises(ValidationError) as error:
        services.start_rotation(rotation, actor=world.manager_a)
    assert "members" in error.value.error_dict


def test_a_started_rotation_cannot_start_again(world: World) -> None:
    rotation = tr.started(world)
    with pytest.raises(ValidationError) as error:
        services.start_rotation(rotation, actor=world.manager_a)
    assert "cannot become" in messages_of(error, "status")[0]


def test_vetting_needs_an_outcome_and_a_reference_and_is_all_or_nothing(world: World) -> None:
    rotation = tr.rotation(world)
    first, second = tr.member(rotation), tr.member(rotation)
    with pytest.raises(ValidationError) as error:
        services.record_vetting(
            rotation, {first.pk: CLEARED, second.pk: "maybe"}, reference="", actor=world.manager_a
        )
    assert {"reference", "vetting"} <= set(error.value.error_dict)
    assert RotationMember.objects.get(pk=first.pk).vetting == OPEN
    with pytest.raises(ValidationError):
        services.record_unit_vetting(rotation, OPEN, reference="U-1", actor=world.manager_a)


# --- the roster --------------------------------------------------------------------


def test_the_unit_adds_soldiers_by_service_number_all_or_nothing(world: World) -> None:
    rotation = tr.rotation(world)
    unit = tt.unit_c(world)
    first, second = tr.soldier(unit), tr.soldier(unit)
    elsewhere = tr.soldier(world.battalion_a)
    on_roster = tr.member(rotation).person
    text = "\n".join(
        [
            first.service_number,
            "NO-SUCH-1",
            first.service_number,
            on_roster.service_number,
            elsewhere.service_number,
        ]
    )
    with pytest.raises(ValidationError) as error:
        services.add_members(rotation, service_numbers=text, actor=tr.unit_manager(world))
    found = messages_of(error, "service_numbers")
    assert [m.split(":")[0] for m in found] == ["Line 2", "Line 3", "Line 4", "Line 5"]
    assert "NO-SUCH-1" in found[0] and "named twice" in found[1]
    assert "already on the roster" in found[2]
    assert RotationMember.objects.filter(rotation=rotation).count() == 1
    added = services.add_members(
        rotation,
        service_numbers=f"{first.service_number}\n\n{second.service_number}\n",
        actor=tr.unit_manager(world),
    )
    assert {m.person_id for m in added} == {first.pk, second.pk}
    assert RotationMember.objects.filter(rotation=rotation).count() == 3


def test_the_host_cannot_add_soldiers_to_the_roster(world: World) -> None:
    rotation = tr.rotation(world)
    person = tr.soldier(tt.unit_c(world))
    with pytest.raises(PermissionDenied):
        services.add_members(rotation, people=[person], actor=world.manager_a)
    with pytest.raises(PermissionDenied):
        services.save_rotation_member(
            RotationMember(rotation=rotation, person=person), actor=world.manager_a
        )
    assert not RotationMember.objects.filter(rotation=rotation).exists()


def test_a_vetted_soldier_is_removed_not_deleted_and_never_after_completion(world: World) -> None:
    rotation = tr.rotation(world)
    vetted, fresh = tr.member(rotation), tr.member(rotation)
    services.record_vetting(rotation, {vetted.pk: REFUSED}, reference="V-1", actor=None)
    with pytest.raises(ValidationError):
        services.delete_rotation_member(
            RotationMember.objects.get(pk=vetted.pk), actor=tr.unit_manager(world)
        )
    services.delete_rotation_member(fresh, actor=tr.unit_manager(world))
    with pytest.raises(ValidationError) as error:
        services.remove_member(vetted, reason="  ", actor=tr.unit_manager(world))
    assert "reason" in error.value.error_dict
    services.remove_member(vetted, reason="Refused.", on=tr.START, actor=tr.unit_manager(world))
    stored = RotationMember.objects.get(pk=vetted.pk)
    assert stored.removed_on == tr.START and stored.removal_reason == "Refused."

    done = _completed(world, passed=True)
    member = done.members.filter(removed_on__isnull=True).first()
    with pytest.raises(ValidationError):
        services.remove_member(member, reason="Late.", actor=world.manager_a)


# --- equipment --------------------------------------------------------------------


def test_equipment_is_issued_and_taken_back_with_loss_and_damage_records(world: World) -> None:
    rotation = tr.started(world)
    rifle, other = tr.rifle(), tr.rifle("MG-3")
    issued = services.issue_equipment(
        rotation,
        f"item_type,serial\n{rifle.code},R-1\n{rifle.code},R-2\n{other.code},M-1\n",
        on=tr.START,
        actor=world.manager_a,
    )
    assert [line.serial_number for line in issued] == ["R-1", "R-2", "M-1"]
    report = services.return_equipment(
        rotation,
        returned=["R-1"],
        damaged={f"{other.code},M-1": "Bent barrel."},
        on=tr.DURING,
        close_count=True,
        actor=world.manager_a,
    )
    assert [line.serial_number for line in report.returned] == ["R-1"]
    states = dict(
        RotationEquipment.objects.filter(rotation=rotation).values_list("serial_number", "state")
    )
    assert states == {
        "R-1": EquipmentState.RETURNED,
        "R-2": EquipmentState.LOST,
        "M-1": EquipmentState.DAMAGED,
    }
    losses = {
        loss.equipment.serial_number: loss
        for loss in EquipmentLoss.objects.filter(rotation=rotation).select_related("equipment")
    }
    assert set(losses) == {"R-2", "M-1"}
    assert losses["R-2"].kind == "loss" and losses["R-2"].status == "open"
    assert losses["M-1"].kind == "damage" and losses["M-1"].description == "Bent barrel."
    assert AuditEntry.objects.filter(action="rotationequipment.lost").count() == 1


def test_issue_is_all_or_nothing_naming_each_bad_row(world: World) -> None:
    rotation = tr.rotation(world)
    rifle = tr.rifle()
    tr.issued(tr.rotation(world, 1), "R-9")  # issued elsewhere, not returned
    text = "\n".join(
        [
            f"{rifle.code},R-1",  # 1 fine
            "NOPE-1,R-2",  # 2 unknown type
            f"{rifle.code},bad serial",  # 3 space in serial
            f"{rifle.code},R-1",  # 4 repeated
            f"{rifle.code},R-9",  # 5 issued elsewhere
            "just-one-value",  # 6 not a pair
        ]
    )
    with pytest.raises(ValidationError) as error:
        services.issue_equipment(rotation, text, on=tr.START, actor=world.manager_a)
    found = messages_of(error, "rows")
    assert [m.split(":")[0] for m in found] == ["Line 2", "Line 3", "Line 4", "Line 5", "Line 6"]
    assert "NOPE-1" in found[0] and "repeats line 1" in found[2] and "ROT-1" in found[3]
    assert not RotationEquipment.objects.filter(rotation=rotation).exists()


def test_a_serial_is_issued_to_one_rotation_at_a_time(world: World) -> None:
    first, second = tr.rotation(world, 1), tr.rotation(world, 2)
    code = tr.rifle().code
    services.issue_equipment(first, [(code, "R-7")], on=tr.START, actor=world.manager_a)
    with pytest.raises(ValidationError):
        services.issue_equipment(second, [(code, "R-7")], on=tr.START, actor=world.manager_a)
    with pytest.raises(ValidationError) as error:
        tr.issued(second, "R-7")  # the generic add: the database rule, on the serial
    assert "serial_number" in error.value.error_dict
    services.return_equipment(first, returned=["R-7"], on=tr.START, actor=world.manager_a)
    services.issue_equipment(second, [(code, "R-7")], on=tr.START, actor=world.manager_a)
    assert RotationEquipment.objects.filter(serial_number="R-7").count() == 2


def test_a_return_names_what_was_not_issued_and_keeps_everything(world: World) -> None:
    rotation = tr.rotation(world)
    tr.issued(rotation, "R-1")
    with pytest.raises(ValidationError) as error:
        services.return_equipment(
            rotation,
            returned=["R-1", "R-404"],
            damaged={"R-1": ""},
            actor=world.manager_a,
            on=tr.START,
        )
    assert "R-404" in messages_of(error, "returned")[0]
    assert "damaged" in error.value.error_dict
    assert RotationEquipment.objects.get(serial_number="R-1").state == EquipmentState.ISSUED


# --- evaluation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("criteria", "not_met", "passed"),
    [
        (5, ("K05",), True),  # 4 of 5: exactly 80 %
        (10, ("K09", "K10"), True),  # 8 of 10: exactly 80 %
        (5, ("K04", "K05"), False),  # 3 of 5: 60 %
        (10, ("K08", "K09", "K10"), False),  # 7 of 10: 70 %, just below
        (5, ("K01",), False),  # 80 %, but the critical one is not met
    ],
)
def test_the_pass_rule_at_its_boundaries(
    world: World, criteria: int, not_met: tuple[str, ...], passed: bool
) -> None:
    rotation = tr.rotation(world)
    checklist = tr.checklist(f"CL-{criteria}", criteria=criteria, critical=1)
    evaluation = tr.assessed(tr.evaluation(rotation, of=checklist), not_met=not_met, final=True)
    assert evaluation.final is True
    assert evaluation.passed is passed


def test_finalise_is_refused_while_a_criterion_is_unassessed(world: World) -> None:
    evaluation = tr.evaluation(tr.rotation(world))
    criteria = list(evaluation.checklist.criteria.order_by("code"))
    services.assess_criteria(
        evaluation, {c.pk: (True, "") for c in criteria[:-1]}, actor=world.manager_a
    )
    with pytest.raises(ValidationError) as error:
        services.finalise_evaluation(evaluation, actor=world.manager_a)
    assert criteria[-1].code in messages_of(error, "assessments")[0]
    evaluation.refresh_from_db()
    assert evaluation.final is False and evaluation.passed is None


def test_assessments_are_locked_after_final(world: World) -> None:
    evaluation = tr.assessed(tr.evaluation(tr.rotation(world)), final=True)
    first = CriterionAssessment.objects.filter(evaluation=evaluation).first()
    with pytest.raises(ValidationError):
        services.assess_criteria(evaluation, {first.criterion_id: (False, "")}, actor=None)
    first.met = False
    with pytest.raises(ValidationError):
        services.save_criterion_assessment(first, actor=world.manager_a)
    with pytest.raises(ValidationError):
        services.delete_criterion_assessment(first, actor=world.manager_a)
    with pytest.raises(ValidationError):
        services.delete_rotation_evaluation(evaluation, actor=world.manager_a)
    assert CriterionAssessment.objects.get(pk=first.pk).met is True


def test_assessing_sets_the_whole_list(world: World) -> None:
    evaluation = tr.evaluation(tr.rotation(world))
    k1, k2, *_ = evaluation.checklist.criteria.order_by("code")
    services.assess_criteria(evaluation, {k1.pk: (True, ""), k2.pk: (False, "Slow.")}, actor=None)
    services.assess_criteria(evaluation, {k2.pk: (True, "Better.")}, actor=None)
    rows = list(evaluation.assessments.values_list("criterion_id", "met", "remark"))
    assert rows == [(k2.pk, True, "Better.")]


# --- completion ---------------------------------------------------------------------


def _completed(
    world: World, *, passed: bool, qualification: Any = None, **kwargs: Any
) -> UnitRotation:
    rotation = tr.started(world, 50, qualification=qualification, **kwargs)
    tr.assessed(tr.evaluation(rotation), not_met=() if passed else ("K01",), final=True)
    services.complete_rotation(rotation, actor=world.manager_a, on=tr.END)
    return UnitRotation.objects.get(pk=rotation.pk)


def test_completion_is_refused_with_items_still_issued(world: World) -> None:
    rotation = tr.started(world)
    tr.assessed(tr.evaluation(rotation), final=True)
    tr.issued(rotation, "R-1")
    with pytest.raises(ValidationError) as error:
        services.complete_rotation(rotation, actor=world.manager_a)
    assert "R-1" in messages_of(error, "equipment")[0]
    assert status(rotation) == RotationStatus.IN_TRAINING


def test_completion_is_refused_without_a_final_evaluation(world: World) -> None:
    rotation = tr.started(world)
    tr.assessed(tr.evaluation(rotation), final=False)
    with pytest.raises(ValidationError) as error:
        services.complete_rotation(rotation, actor=world.manager_a)
    assert "evaluations" in error.value.error_dict
    assert status(rotation) == RotationStatus.IN_TRAINING


def test_completion_refused_before_the_start(world: World) -> None:
    rotation = tr.rotation(world)
    with pytest.raises(ValidationError):
        services.complete_rotation(rotation, actor=world.manager_a)


def test_a_passed_evaluation_gives_the_qualification_to_active_cleared_soldiers_only(
    world: World,
) -> None:
    qualification = tt.qualification("Q-BN-LF")
    qualification.valid_for_months = 24
    qualification.save()
    rotation = tr.rotation(world, 60, qualification=qualification)
    stays, leaves, late = tr.ready(rotation, 3)
    services.start_rotation(rotation, actor=world.manager_a, on=tr.START)
    services.remove_member(leaves, reason="Injured.", actor=world.manager_a)
    unvetted = services.add_members(
        rotation, people=[tr.soldier(rotation.unit)], actor=tr.unit_manager(world)
    )[0]
    tr.assessed(tr.evaluation(rotation), final=True)
    awarded = services.complete_rotation(rotation, actor=world.manager_a, on=tr.END)
    holders = set(
        PersonQualification.objects.filter(qualification=qualification).values_list(
            "person_id", flat=True
        )
    )
    assert holders == {stays.person_id, late.person_id}
    assert leaves.person_id not in holders and unvetted.person_id not in holders
    held = PersonQualification.objects.get(person_id=stays.person_id)
    assert held.awarded_on == tr.END
    assert held.awarded_by == f"ROT-60 · {rotation.facility.code}"
    assert held.expires_on is not None and held.expires_on > tr.END + dt.timedelta(days=700)
    assert len(awarded) == 2
    assert status(rotation) == RotationStatus.COMPLETED


def test_a_failed_evaluation_gives_no_qualification(world: World) -> None:
    done = _completed(world, passed=False, qualification=tt.qualification("Q-FAIL"))
    assert done.status == RotationStatus.COMPLETED
    assert not PersonQualification.objects.filter(qualification__code="Q-FAIL").exists()


def test_cancel_needs_a_reason(world: World) -> None:
    rotation = tr.rotation(world)
    with pytest.raises(ValidationError):
        services.cancel_rotation(rotation, reason=" ", actor=world.manager_a)
    services.cancel_rotation(rotation, reason="Unit redeployed.", actor=world.manager_a)
    stored = UnitRotation.objects.get(pk=rotation.pk)
    assert stored.status == RotationStatus.CANCELLED and stored.status_reason == "Unit redeployed."
    with pytest.raises(ValidationError):
        services.save_unit_rotation(stored, actor=world.manager_a)


# --- sides ---------------------------------------------------------------------------


def test_the_unit_side_cannot_take_the_hosts_steps(world: World) -> None:
    unit_side = tr.unit_manager(world)
    rotation = tr.rotation(world)
    tr.ready(rotation, 1)
    code = tr.rifle().code
    member = rotation.members.first()
    refused: list[Any] = [
        lambda: services.start_rotation(rotation, actor=unit_side),
        lambda: services.record_unit_vetting(rotation, CLEARED, reference="X", actor=unit_side),
        lambda: services.record_vetting(
            rotation, {member.pk: REFUSED}, reference="X", actor=unit_side
        ),
        lambda: services.issue_equipment(rotation, [(code, "R-1")], on=tr.START, actor=unit_side),
        lambda: services.cancel_rotation(rotation, reason="No.", actor=unit_side),
        lambda: services.finalise_evaluation(tr.evaluation(rotation), actor=unit_side),
    ]
    for step in refused:
        with pytest.raises(PermissionDenied):
            step()
    assert status(rotation) == RotationStatus.PLANNED
    assert not RotationEquipment.objects.filter(rotation=rotation).exists()
    # Its own step: removing a soldier.
    services.remove_member(member, reason="Posted elsewhere.", actor=unit_side)


def test_someone_of_neither_side_cannot_remove_a_soldier(world: World) -> None:
    rotation = tr.rotation(world)
    member = tr.member(rotation)
    outsider = testing.user("outsider", (world.ministry_b, "manager"))
    with pytest.raises(PermissionDenied):
        services.remove_member(member, reason="No.", actor=outsider)
