"""The rotations models in the generic access test (imported by access_cases).

The host's records (rotation, equipment, losses, evaluations, assessments)
hang on a rotation of nation C's battalion at A's facility; the roster,
which the unit owns, on a rotation of A's battalion at C's academy (see
tadrib/training/testing_rotations.py)."""

from __future__ import annotations

from typing import Any

from tadrib.agreements import testing as t
from tadrib.core.testing import AccessCase, World, register
from tadrib.training import testing as tt
from tadrib.training import testing_rotations as tr
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


def _api(form: dict[str, Any], *fks: str) -> dict[str, Any]:
    """The form's values as an API body: ``fk`` becomes ``fk_id``."""
    return {(f"{k}_id" if k in fks else k): v for k, v in form.items()}


def _rotation_form(w: World) -> dict[str, Any]:
    return {
        "programme": tt.programme_a(w).pk,
        "code": "ROT-NEW",
        "facility": tt.facility_a(w).pk,
        "unit": tt.unit_c(w).pk,
        "starts_on": tr.START.isoformat(),
        "ends_on": tr.END.isoformat(),
        "training_areas": "Range 3",
        "objectives": "Battalion live fire.",
        "qualification": "",
    }


def _rotation_payload(w: World) -> dict[str, Any]:
    body = _api(_rotation_form(w), "programme", "facility", "unit")
    body.pop("qualification")
    return {**body, "code": "ROT-API"}


register(
    AccessCase(
        model=UnitRotation,
        api_prefix="/api/unit-rotations",
        make=lambda w, i: tr.rotation(w, i),
        form=_rotation_form,
        api_payload=lambda w: _rotation_payload(w),
        change=("training_areas", "Range 4"),
    )
)


def _a_rotation(w: World) -> UnitRotation:
    return t.shared(w, "a_rotation", lambda: tr.a_rotation(w))


def _member_form(w: World) -> dict[str, Any]:
    person = t.shared(w, "a_soldier", lambda: tr.soldier(w.battalion_a))
    return {"rotation": _a_rotation(w).pk, "person": person.pk, "role": "member"}


register(
    AccessCase(
        model=RotationMember,
        api_prefix="/api/rotation-members",
        make=lambda w, i: tr.member(_a_rotation(w), tr.soldier(w.battalion_a)),
        form=_member_form,
        api_payload=lambda w: _api(_member_form(w), "rotation", "person"),
        change=("role", "staff"),
    )
)


def _host_rotation(w: World) -> UnitRotation:
    return t.shared(w, "host_rotation", lambda: tr.rotation(w, 900))


def _equipment_form(w: World) -> dict[str, Any]:
    return {
        "rotation": _host_rotation(w).pk,
        "item_type": tr.rifle().pk,
        "serial_number": "SN-FORM",
        "issued_on": tr.START.isoformat(),
    }


register(
    AccessCase(
        model=RotationEquipment,
        api_prefix="/api/rotation-equipment",
        make=lambda w, i: tr.issued(_host_rotation(w), f"SN-{i:04d}"),
        form=_equipment_form,
        api_payload=lambda w: {
            **_api(_equipment_form(w), "rotation", "item_type"),
            "serial_number": "SN-API",
        },
        change=("serial_number", "SN-CHANGED"),
    )
)


def _loss_form(w: World) -> dict[str, Any]:
    line = t.shared(w, "loss_line", lambda: tr.issued(_host_rotation(w), "SN-LOSS"))
    return {
        "rotation": _host_rotation(w).pk,
        "equipment": line.pk,
        "kind": "loss",
        "found_on": tr.DURING.isoformat(),
        "description": "Not handed back at the count.",
        "status": "open",
        "resolution": "",
    }


register(
    AccessCase(
        model=EquipmentLoss,
        api_prefix="/api/equipment-losses",
        make=lambda w, i: tr.loss(tr.issued(_host_rotation(w), f"LS-{i:04d}")),
        form=_loss_form,
        api_payload=lambda w: _api(_loss_form(w), "rotation", "equipment"),
        change=("description", "Found at the count, stock cracked."),
    )
)


def _checklist_form(w: World) -> dict[str, Any]:
    return {
        "code": "CL-NEW",
        "name_en": "Company live fire",
        "name_ar": "",
        "name_tr": "",
        "description": "",
    }


register(
    AccessCase(
        model=EvaluationChecklist,
        api_prefix="/api/evaluation-checklists",
        make=lambda w, i: tr.checklist(f"CL-{i}", criteria=0),
        form=_checklist_form,
        api_payload=lambda w: {**_checklist_form(w), "code": "CL-API"},
        change=("name_en", "Company live fire (revised)"),
        reference=True,
        writer="registrar_a",
    )
)


def _checklist(w: World) -> EvaluationChecklist:
    return t.shared(w, "rotation_checklist", lambda: tr.checklist("CL-ROT", criteria=0))


def _criterion_form(w: World) -> dict[str, Any]:
    return {
        "checklist": _checklist(w).pk,
        "code": "K-NEW",
        "name_en": "Fire and movement by sections",
        "name_ar": "",
        "name_tr": "",
    }


register(
    AccessCase(
        model=ChecklistCriterion,
        api_prefix="/api/checklist-criteria",
        make=lambda w, i: tr.criterion(_checklist(w), f"K{i:02d}"),
        form=_criterion_form,
        api_payload=lambda w: {**_api(_criterion_form(w), "checklist"), "code": "K-API"},
        change=("name_en", "Fire and movement by platoons"),
        reference=True,
        writer="registrar_a",
    )
)


def _evaluation_form(w: World) -> dict[str, Any]:
    return {
        "rotation": _host_rotation(w).pk,
        "checklist": _checklist(w).pk,
        "evaluator": "Maj. Kaya",
        "evaluated_on": tr.DURING.isoformat(),
        "remarks": "",
    }


register(
    AccessCase(
        model=RotationEvaluation,
        api_prefix="/api/rotation-evaluations",
        make=lambda w, i: tr.evaluation(
            _host_rotation(w), of=_checklist(w), evaluator=f"Maj. E{i}"
        ),
        form=_evaluation_form,
        api_payload=lambda w: _api(_evaluation_form(w), "rotation", "checklist"),
        change=("evaluator", "Lt Col. Aydın"),
    )
)


def _evaluation(w: World) -> RotationEvaluation:
    return t.shared(
        w, "rotation_evaluation", lambda: tr.evaluation(_host_rotation(w), of=_checklist(w))
    )


def _assessment_form(w: World) -> dict[str, Any]:
    return {
        "evaluation": _evaluation(w).pk,
        "criterion": tr.criterion(_checklist(w), "A-FORM").pk,
        "met": True,
        "remark": "",
    }


register(
    AccessCase(
        model=CriterionAssessment,
        api_prefix="/api/criterion-assessments",
        make=lambda w, i: tr.assessment(_evaluation(w), tr.criterion(_checklist(w), f"A{i:02d}")),
        form=_assessment_form,
        api_payload=lambda w: _api(_assessment_form(w), "evaluation", "criterion"),
        change=("remark", "Seen on the range."),
    )
)
