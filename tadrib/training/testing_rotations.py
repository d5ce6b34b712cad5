"""Test data of unit rotations, built through the services, for the generic
access test and the rotation tests.

Two set-ups keep the access-case isolation rule (records owned under nation
A's reach, shared only with organisations that neither A's directorate nor
nation B can see):

* A hosts (``rotation``): nation C's battalion (``tt.unit_c``) trains at A's
  facility (under A's brigade) under ``tt.programme_a`` (host: A's facility,
  partner: C's ministry). The rotation, its equipment, losses and
  evaluations are A's; the unit's side is ``unit_manager`` (C's ministry).
* A sends (``a_rotation``): A's battalion trains at C's academy under
  ``tt.programme_c`` (host: C's ministry, partner: A's ministry). The roster
  is A's (owned by its battalion); the host's side is ``host_registrar``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tadrib.accounts.models import User
from tadrib.agreements import testing as t
from tadrib.core import testing
from tadrib.core.choices import Role
from tadrib.core.testing import World
from tadrib.equipment import testing as et
from tadrib.equipment.models import ItemType
from tadrib.organisations.models import Organisation
from tadrib.people.models import Person, Qualification
from tadrib.training import rotation_services as services
from tadrib.training import testing as tt
from tadrib.training.choices import VettingOutcome
from tadrib.training.models import (
    ChecklistCriterion,
    CriterionAssessment,
    EquipmentLoss,
    EvaluationChecklist,
    RotationEquipment,
    RotationEvaluation,
    RotationMember,
    UnitRotation,
)

START = tt.START
END = tt.END
DURING = START + dt.timedelta(days=10)


def unit_manager(w: World) -> User:
    """A manager at nation C's ministry: acts for C's battalion (the unit)."""
    return t.shared(
        w,
        "rotation_unit_manager",
        lambda: testing.user("manager_c", (t.third_party(w), Role.MANAGER)),
    )


def host_registrar(w: World) -> User:
    """A registrar at nation C's academy: the host of ``a_rotation``."""
    return t.shared(
        w,
        "rotation_host_registrar",
        lambda: testing.user("registrar_c", (tt.academy_c(w), Role.REGISTRAR)),
    )


def rifle(code: str = "RIFLE-1") -> ItemType:
    return et.item_type(code, category="LW-1", crew_per_system=1, maintainers_per_system=0)


def rotation(
    w: World,
    i: int = 0,
    *,
    unit: Organisation | None = None,
    facility: Organisation | None = None,
    qualification: Qualification | None = None,
    **fields: Any,
) -> UnitRotation:
    """A planned rotation of C's battalion at A's facility."""
    values: dict[str, Any] = {
        "programme": tt.programme_a(w),
        "code": f"ROT-{i}",
        "facility": facility or tt.facility_a(w),
        "unit": unit or tt.unit_c(w),
        "starts_on": START,
        "ends_on": END,
        "training_areas": "Range 3; urban training village",
        "objectives": "Company live-fire and counter-IED drills.",
        "qualification": qualification,
    }
    values.update(fields)
    return services.save_unit_rotation(UnitRotation(**values), actor=None)


def a_rotation(w: World, i: int = 0, **fields: Any) -> UnitRotation:
    """A planned rotation of A's battalion at C's academy."""
    values: dict[str, Any] = {
        "programme": tt.programme_c(w),
        "code": f"AROT-{i}",
        "facility": tt.academy_c(w),
        "unit": w.battalion_a,
        "starts_on": START,
        "ends_on": END,
        "training_areas": "Range 1",
        "objectives": "Platoon drills.",
    }
    values.update(fields)
    return services.save_unit_rotation(UnitRotation(**values), actor=None)


def soldier(unit: Organisation, **fields: Any) -> Person:
    values: dict[str, Any] = {"rank": testing.rank(unit.nation, "CPT", "OF-2")}
    values.update(fields)
    return testing.person(unit, **values)


def member(rotation_: UnitRotation, person: Person | None = None, **fields: Any) -> RotationMember:
    return services.save_rotation_member(
        RotationMember(rotation=rotation_, person=person or soldier(rotation_.unit), **fields),
        actor=None,
    )


def ready(rotation_: UnitRotation, soldiers: int = 3) -> list[RotationMember]:
    """The unit cleared and ``soldiers`` members on the roster, each cleared."""
    members = [member(rotation_) for _ in range(soldiers)]
    services.record_unit_vetting(
        rotation_, VettingOutcome.CLEARED, reference="VET-UNIT-1", on=START, actor=None
    )
    services.record_vetting(
        rotation_,
        {m.pk: VettingOutcome.CLEARED for m in members},
        reference="VET-1",
        on=START,
        actor=None,
    )
    return [RotationMember.objects.get(pk=m.pk) for m in members]


def started(w: World, i: int = 0, *, soldiers: int = 3, **fields: Any) -> UnitRotation:
    made = rotation(w, i, **fields)
    ready(made, soldiers)
    return services.start_rotation(made, actor=None, on=START)


def checklist(code: str = "CL-1", *, criteria: int = 5, critical: int = 1) -> EvaluationChecklist:
    """A checklist with criteria K01… (the first ``critical`` of them critical)."""
    found = EvaluationChecklist.objects.filter(code=code).first()
    if found is not None:
        return found
    made = services.save_evaluation_checklist(
        EvaluationChecklist(
            code=code, name_en=f"Checklist {code}", name_ar="قائمة", name_tr="Liste"
        ),
        actor=None,
    )
    for n in range(criteria):
        criterion(made, f"K{n + 1:02d}", critical=n < critical)
    return made


def criterion(of: EvaluationChecklist, code: str, *, critical: bool = False) -> ChecklistCriterion:
    found = ChecklistCriterion.objects.filter(checklist=of, code=code).first()
    return found or services.save_checklist_criterion(
        ChecklistCriterion(checklist=of, code=code, name_en=f"Criterion {code}", critical=critical),
        actor=None,
    )


def evaluation(
    rotation_: UnitRotation, *, of: EvaluationChecklist | None = None, **fields: Any
) -> RotationEvaluation:
    values: dict[str, Any] = {
        "rotation": rotation_,
        "checklist": of or checklist(),
        "evaluator": "Maj. Demir",
        "evaluated_on": DURING,
    }
    values.update(fields)
    return services.save_rotation_evaluation(RotationEvaluation(**values), actor=None)


def assessed(
    evaluation_: RotationEvaluation, *, not_met: tuple[str, ...] = (), final: bool = False
) -> RotationEvaluation:
    """Every criterion assessed: met, except those whose code is in ``not_met``."""
    results = {c.pk: (c.code not in not_met, "") for c in evaluation_.checklist.criteria.all()}
    services.assess_criteria(evaluation_, results, actor=None)
    if final:
        services.finalise_evaluation(evaluation_, actor=None)
    return evaluation_


def assessment(
    evaluation_: RotationEvaluation, of: ChecklistCriterion, *, met: bool = True, **fields: Any
) -> CriterionAssessment:
    return services.save_criterion_assessment(
        CriterionAssessment(evaluation=evaluation_, criterion=of, met=met, **fields), actor=None
    )


def issued(
    rotation_: UnitRotation, serial: str, *, item_type: ItemType | None = None
) -> RotationEquipment:
    return services.save_rotation_equipment(
        RotationEquipment(
            rotation=rotation_,
            item_type=item_type or rifle(),
            serial_number=serial,
            issued_on=rotation_.starts_on,
        ),
        actor=None,
    )


def loss(line: RotationEquipment, **fields: Any) -> EquipmentLoss:
    values: dict[str, Any] = {
        "rotation_id": line.rotation_id,
        "equipment": line,
        "kind": "damage",
        "found_on": line.issued_on,
        "description": "Cracked stock.",
    }
    values.update(fields)
    return services.save_equipment_loss(EquipmentLoss(**values), actor=None)
