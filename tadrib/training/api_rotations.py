"""API of unit rotations: the records (list, read, create, change, delete)
and the steps, calling the same services as the pages. A record the caller
cannot see is a 404; a step the caller's side may not take a 403; a refused
step a 422 naming the field (each refused row by its place), nothing stored."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status, UploadedFile
from pydantic import Field

from tadrib.core.api import (
    RecordId,
    crud,
    current_user,
    fetch_scoped,
    patch_schema,
    reload_scoped,
    responses,
)
from tadrib.core.choices import Action
from tadrib.people.selectors import people_for
from tadrib.training import filtersets_rotations as filtersets
from tadrib.training import rotation_selectors as selectors
from tadrib.training import rotation_services as services
from tadrib.training.choices import (
    EquipmentState,
    LossKind,
    LossStatus,
    MemberRole,
    RotationStatus,
    VettingOutcome,
)
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

router = Router(tags=["rotations"])

Code = Annotated[str, Field(min_length=1, max_length=40)]
Serial = Annotated[str, Field(min_length=1, max_length=services.MAX_SERIAL_LENGTH)]
Text = Annotated[str, Field(max_length=20_000)]
Decided = Literal["cleared", "refused"]


# --- schemas --------------------------------------------------------------------


class UnitRotationOut(Schema):
    id: int
    programme_id: int
    programme_code: str = Field(alias="programme.code")
    code: str
    facility_id: int
    facility_code: str = Field(alias="facility.code")
    unit_id: int
    unit_code: str = Field(alias="unit.code")
    starts_on: dt.date
    ends_on: dt.date
    training_areas: str
    objectives: str
    qualification_id: int | None
    status: RotationStatus
    status_reason: str
    unit_vetting: VettingOutcome
    unit_vetting_reference: str
    unit_vetted_on: dt.date | None
    started_on: dt.date | None
    completed_on: dt.date | None
    active_members: int = 0


class UnitRotationIn(Schema):
    programme_id: RecordId
    code: Code
    facility_id: RecordId
    unit_id: RecordId
    starts_on: dt.date
    ends_on: dt.date
    training_areas: Text
    objectives: Text
    qualification_id: RecordId | None = None


class RotationMemberOut(Schema):
    id: int
    rotation_id: int
    rotation_code: str = Field(alias="rotation.code")
    person_id: int
    person_service_number: str = Field(alias="person.service_number")
    person_name_latin: str = Field(alias="person.full_name_latin")
    role: MemberRole
    vetting: VettingOutcome
    vetting_reference: str
    vetted_on: dt.date | None
    removed_on: dt.date | None
    removal_reason: str


class RotationMemberIn(Schema):
    rotation_id: RecordId
    person_id: RecordId
    role: MemberRole = MemberRole.MEMBER


class RotationEquipmentOut(Schema):
    id: int
    rotation_id: int
    item_type_id: int
    item_type_code: str = Field(alias="item_type.code")
    serial_number: str
    issued_on: dt.date
    state: EquipmentState
    returned_on: dt.date | None
    return_note: str


class RotationEquipmentIn(Schema):
    rotation_id: RecordId
    item_type_id: RecordId
    serial_number: Serial
    issued_on: dt.date


class EquipmentLossOut(Schema):
    id: int
    rotation_id: int
    equipment_id: int
    serial_number: str = Field(alias="equipment.serial_number")
    kind: LossKind
    found_on: dt.date
    description: str
    status: LossStatus
    resolution: str


class EquipmentLossIn(Schema):
    rotation_id: RecordId
    equipment_id: RecordId
    kind: LossKind
    found_on: dt.date
    description: Text
    status: LossStatus = LossStatus.OPEN
    resolution: Text = ""


class ChecklistOut(Schema):
    id: int
    code: str
    name_en: str
    name_ar: str
    name_tr: str
    description: str
    criteria_count: int = 0
    critical_count: int = 0


class ChecklistIn(Schema):
    code: Code
    name_en: str = Field(max_length=200)
    name_ar: str = Field("", max_length=200)
    name_tr: str = Field("", max_length=200)
    description: Text = ""


class CriterionOut(Schema):
    id: int
    checklist_id: int
    code: str
    name_en: str
    name_ar: str
    name_tr: str
    critical: bool


class CriterionIn(Schema):
    checklist_id: RecordId
    code: Code
    name_en: str = Field(max_length=200)
    name_ar: str = Field("", max_length=200)
    name_tr: str = Field("", max_length=200)
    critical: bool = False


class EvaluationOut(Schema):
    id: int
    rotation_id: int
    checklist_id: int
    checklist_code: str = Field(alias="checklist.code")
    evaluator: str
    evaluated_on: dt.date
    remarks: str
    final: bool
    passed: bool | None
    met_count: int = 0
    not_met_count: int = 0


class EvaluationIn(Schema):
    rotation_id: RecordId
    checklist_id: RecordId
    evaluator: str = Field(min_length=1, max_length=200)
    evaluated_on: dt.date
    remarks: Text = ""


class AssessmentOut(Schema):
    id: int
    evaluation_id: int
    criterion_id: int
    criterion_code: str = Field(alias="criterion.code")
    met: bool
    remark: str


class AssessmentIn(Schema):
    evaluation_id: RecordId
    criterion_id: RecordId
    met: bool
    remark: Text = ""


# --- the records ------------------------------------------------------------------


crud(
    router,
    model=UnitRotation,
    prefix="unit-rotations",
    out_schema=UnitRotationOut,
    create_schema=UnitRotationIn,
    update_schema=patch_schema(UnitRotationIn),
    filterset=filtersets.UnitRotationFilterSet,
    selector=selectors.rotations_for,
    save=services.save_unit_rotation,
    delete=services.delete_unit_rotation,
)
crud(
    router,
    model=RotationMember,
    prefix="rotation-members",
    out_schema=RotationMemberOut,
    create_schema=RotationMemberIn,
    update_schema=patch_schema(RotationMemberIn, exclude=("rotation_id",)),
    filterset=filtersets.RotationMemberFilterSet,
    selector=selectors.rotation_members_for,
    save=services.save_rotation_member,
    delete=services.delete_rotation_member,
)
crud(
    router,
    model=RotationEquipment,
    prefix="rotation-equipment",
    out_schema=RotationEquipmentOut,
    create_schema=RotationEquipmentIn,
    update_schema=patch_schema(RotationEquipmentIn, exclude=("rotation_id",)),
    filterset=filtersets.RotationEquipmentFilterSet,
    selector=selectors.rotation_equipment_for,
    save=services.save_rotation_equipment,
    delete=services.delete_rotation_equipment,
)
crud(
    router,
    model=EquipmentLoss,
    prefix="equipment-losses",
    out_schema=EquipmentLossOut,
    create_schema=EquipmentLossIn,
    update_schema=patch_schema(EquipmentLossIn, exclude=("rotation_id", "equipment_id")),
    filterset=filtersets.EquipmentLossFilterSet,
    selector=selectors.equipment_losses_for,
    save=services.save_equipment_loss,
    delete=services.delete_equipment_loss,
)
crud(
    router,
    model=EvaluationChecklist,
    prefix="evaluation-checklists",
    out_schema=ChecklistOut,
    create_schema=ChecklistIn,
    update_schema=patch_schema(ChecklistIn),
    filterset=filtersets.EvaluationChecklistFilterSet,
    selector=selectors.evaluation_checklists_for,
    save=services.save_evaluation_checklist,
    delete=services.delete_evaluation_checklist,
)
crud(
    router,
    model=ChecklistCriterion,
    prefix="checklist-criteria",
    out_schema=CriterionOut,
    create_schema=CriterionIn,
    update_schema=patch_schema(CriterionIn),
    filterset=filtersets.ChecklistCriterionFilterSet,
    selector=selectors.checklist_criteria_for,
    save=services.save_checklist_criterion,
    delete=services.delete_checklist_criterion,
)
crud(
    router,
    model=RotationEvaluation,
    prefix="rotation-evaluations",
    out_schema=EvaluationOut,
    create_schema=EvaluationIn,
    update_schema=patch_schema(EvaluationIn, exclude=("rotation_id",)),
    filterset=filtersets.RotationEvaluationFilterSet,
    selector=selectors.rotation_evaluations_for,
    save=services.save_rotation_evaluation,
    delete=services.delete_rotation_evaluation,
)
crud(
    router,
    model=CriterionAssessment,
    prefix="criterion-assessments",
    out_schema=AssessmentOut,
    create_schema=AssessmentIn,
    update_schema=patch_schema(AssessmentIn, exclude=("evaluation_id",)),
    filterset=filtersets.CriterionAssessmentFilterSet,
    selector=selectors.criterion_assessments_for,
    save=services.save_criterion_assessment,
    delete=services.delete_criterion_assessment,
)


# --- the steps ----------------------------------------------------------------------


def _rotation(request: HttpRequest, pk: int) -> UnitRotation:
    rotation: UnitRotation = fetch_scoped(selectors.rotations_for, request, pk, Action.VIEW)
    return rotation


def _reloaded(request: HttpRequest, rotation: UnitRotation) -> Any:
    return reload_scoped(selectors.rotations_for, request, rotation)


def _rows_refused(error: ValidationError, field: str, *, listed: bool) -> Status:
    """A 422 naming each refused row: ``loc`` ends with its place in the list
    (from 0) when the rows were sent as a list; ``line`` is its line (from 1)."""
    detail = []
    found = error.error_dict if hasattr(error, "error_dict") else {field: error.error_list}
    for name, errors in found.items():
        for item in errors:
            params = item.params or {}
            line = params.get("line") if item.code == "row_refused" else None
            loc: list[Any] = ["body", name]
            if line is not None and listed:
                loc.append(int(line) - 1)
            entry: dict[str, Any] = {
                "loc": loc,
                "msg": item.messages[0],
                "type": item.code or "invalid",
            }
            if line is not None:
                entry["line"] = line
            detail.append(entry)
    return Status(422, {"detail": detail})


class DayIn(Schema):
    on: dt.date | None = Field(None, description="The day of the step (today if left out).")


class ReasonIn(Schema):
    reason: str = Field(min_length=1, max_length=20_000)


class UnitVettingIn(Schema):
    outcome: Decided
    reference: str = Field(min_length=1, max_length=100)
    on: dt.date | None = None


class MemberVettingIn(Schema):
    member_id: RecordId
    outcome: Decided


class VettingIn(Schema):
    decisions: list[MemberVettingIn] = Field(min_length=1, max_length=services.MAX_ROWS)
    reference: str = Field(min_length=1, max_length=100)
    on: dt.date | None = None


class MembersIn(Schema):
    service_numbers: list[Annotated[str, Field(min_length=1, max_length=40)]] = Field(
        default_factory=list, max_length=services.MAX_ROWS
    )
    person_ids: list[RecordId] = Field(default_factory=list, max_length=services.MAX_ROWS)
    role: MemberRole = MemberRole.MEMBER


class IssueRowIn(Schema):
    item_type: Annotated[str, Field(max_length=40)]
    serial: Annotated[str, Field(max_length=services.MAX_SERIAL_LENGTH)]


class IssueIn(Schema):
    rows: list[IssueRowIn] = Field(min_length=1, max_length=services.MAX_ROWS)
    issued_on: dt.date | None = None


class ReturnIn(Schema):
    returned: list[Annotated[str, Field(min_length=1, max_length=110)]] = Field(
        default_factory=list,
        max_length=services.MAX_ROWS,
        description="Serials (or ITEM_TYPE,SERIAL) taken back in good order.",
    )
    damaged: dict[Annotated[str, Field(min_length=1, max_length=110)], Text] = Field(
        default_factory=dict, description="Serial (or ITEM_TYPE,SERIAL) → what is damaged."
    )
    returned_on: dt.date | None = None
    close_count: bool = Field(
        False, description="Every item still issued afterwards is lost, with a loss record."
    )


class IssuedOut(Schema):
    issued: list[RotationEquipmentOut]


class ReturnOut(Schema):
    returned: list[int]
    damaged: list[int]
    lost: list[int]


class CompleteOut(Schema):
    rotation: UnitRotationOut
    awarded_to: list[int]


@router.post(
    "/unit-rotations/{int:pk}/start",
    response=responses(200, UnitRotationOut, 400, 403, 404, 422),
    operation_id="training_rotation_start",
    summary="Start a rotation (host): the unit and every soldier on the roster cleared",
)
def start(request: HttpRequest, pk: int, payload: DayIn) -> Any:
    rotation = _rotation(request, pk)
    services.start_rotation(rotation, actor=current_user(request), on=payload.on)
    return _reloaded(request, rotation)


@router.post(
    "/unit-rotations/{int:pk}/complete",
    response=responses(200, CompleteOut, 400, 403, 404, 422),
    operation_id="training_rotation_complete",
    summary="Complete a rotation (host): nothing issued, a final evaluation; qualifications",
    description=(
        "If the latest final evaluation passed and the rotation confers a qualification, every "
        "soldier still on the roster and cleared gets it; awarded_to lists their person ids."
    ),
)
def complete(request: HttpRequest, pk: int, payload: DayIn) -> Any:
    rotation = _rotation(request, pk)
    awarded = services.complete_rotation(rotation, actor=current_user(request), on=payload.on)
    return {
        "rotation": _reloaded(request, rotation),
        "awarded_to": [held.person_id for held in awarded],
    }


@router.post(
    "/unit-rotations/{int:pk}/cancel",
    response=responses(200, UnitRotationOut, 400, 403, 404, 422),
    operation_id="training_rotation_cancel",
    summary="Cancel a rotation (host), with the reason",
)
def cancel(request: HttpRequest, pk: int, payload: ReasonIn) -> Any:
    rotation = _rotation(request, pk)
    services.cancel_rotation(rotation, actor=current_user(request), reason=payload.reason)
    return _reloaded(request, rotation)


@router.post(
    "/unit-rotations/{int:pk}/unit-vetting",
    response=responses(200, UnitRotationOut, 400, 403, 404, 422),
    operation_id="training_rotation_unit_vetting",
    summary="Record the vetting of the unit (host), before the rotation starts",
)
def unit_vetting(request: HttpRequest, pk: int, payload: UnitVettingIn) -> Any:
    rotation = _rotation(request, pk)
    services.record_unit_vetting(
        rotation,
        payload.outcome,
        reference=payload.reference,
        on=payload.on,
        actor=current_user(request),
    )
    return _reloaded(request, rotation)


@router.post(
    "/unit-rotations/{int:pk}/vetting",
    response=responses(200, list[RotationMemberOut], 400, 403, 404, 422),
    operation_id="training_rotation_vetting",
    summary="Record the vetting of soldiers on the roster (host), all or nothing",
)
def vetting(request: HttpRequest, pk: int, payload: VettingIn) -> Any:
    rotation = _rotation(request, pk)
    done = services.record_vetting(
        rotation,
        {d.member_id: d.outcome for d in payload.decisions},
        reference=payload.reference,
        on=payload.on,
        actor=current_user(request),
    )
    return selectors.rotation_members_for(current_user(request)).filter(pk__in=[m.pk for m in done])


@router.post(
    "/unit-rotations/{int:pk}/members",
    response=responses(201, list[RotationMemberOut], 400, 403, 404, 422),
    operation_id="training_rotation_add_members",
    summary="Put soldiers of the unit on the roster (the unit), all or nothing",
    description=(
        "By service number and/or person id. A soldier not of the unit, named twice or "
        "already on the roster refuses the list, each named."
    ),
)
def add_members(request: HttpRequest, pk: int, payload: MembersIn) -> Any:
    user = current_user(request)
    rotation = _rotation(request, pk)
    services.require_unit_side(user, rotation, Action.ADD)
    people = list(people_for(user).filter(pk__in=payload.person_ids))
    missing = sorted(set(payload.person_ids) - {p.pk for p in people})
    if missing:
        raise ValidationError(
            {
                "person_ids": [
                    _("%(id)s: no such record, or it is not yours to see.") % {"id": pk_}
                    for pk_ in missing
                ]
            }
        )
    added = services.add_members(
        rotation,
        actor=user,
        people=people,
        service_numbers=payload.service_numbers,
        role=payload.role,
    )
    return Status(
        201,
        list(selectors.rotation_members_for(user).filter(pk__in=[m.pk for m in added])),
    )


@router.post(
    "/unit-rotations/{int:pk}/issue",
    response=responses(201, IssuedOut, 400, 403, 404, 422),
    operation_id="training_rotation_issue",
    summary="Issue host equipment to the unit by item type and serial (host), all or nothing",
    description=(
        "An unknown item type, a bad serial, a row repeated, an item already issued to this "
        "rotation, or issued to another and not returned refuses the list: 422, each refused "
        "row named by its place in rows (loc) and its line (from 1)."
    ),
)
def issue(request: HttpRequest, pk: int, payload: IssueIn) -> Any:
    rotation = _rotation(request, pk)
    try:
        issued = services.issue_equipment(
            rotation,
            [(row.item_type, row.serial) for row in payload.rows],
            actor=current_user(request),
            on=payload.issued_on,
        )
    except ValidationError as error:
        return _rows_refused(error, "rows", listed=True)
    return Status(201, {"issued": issued})


@router.post(
    "/unit-rotations/{int:pk}/issue/upload",
    response=responses(201, IssuedOut, 400, 403, 404, 422),
    operation_id="training_rotation_issue_upload",
    summary="Issue equipment from a CSV or XLSX file (host), all or nothing",
    description=(
        "multipart/form-data with file: CSV (UTF-8; comma or semicolon) or XLSX whose first row "
        "names the columns item_type and serial. Refused rows are named by their line."
    ),
)
def issue_upload(request: HttpRequest, pk: int, file: File[UploadedFile]) -> Any:
    rotation = _rotation(request, pk)
    try:
        rows = services.parse_issue_file(file)
        issued = services.issue_equipment(
            rotation, rows, actor=current_user(request), field_name="file"
        )
    except ValidationError as error:
        return _rows_refused(error, "file", listed=False)
    return Status(201, {"issued": issued})


@router.post(
    "/unit-rotations/{int:pk}/return",
    response=responses(200, ReturnOut, 400, 403, 404, 422),
    operation_id="training_rotation_return",
    summary="Take equipment back (host): returned, damaged, and with close_count the lost",
)
def take_back(request: HttpRequest, pk: int, payload: ReturnIn) -> Any:
    rotation = _rotation(request, pk)
    report = services.return_equipment(
        rotation,
        actor=current_user(request),
        returned=payload.returned,
        damaged=payload.damaged,
        on=payload.returned_on,
        close_count=payload.close_count,
    )
    return {
        "returned": [line.pk for line in report.returned],
        "damaged": [line.pk for line in report.damaged],
        "lost": [line.pk for line in report.lost],
    }


class RemoveIn(Schema):
    reason: str = Field(min_length=1, max_length=20_000)
    removed_on: dt.date | None = None


@router.post(
    "/rotation-members/{int:pk}/remove",
    response=responses(200, RotationMemberOut, 400, 403, 404, 422),
    operation_id="training_rotation_member_remove",
    summary="Remove a soldier from the roster (the unit or the host), with the reason",
)
def remove_member(request: HttpRequest, pk: int, payload: RemoveIn) -> Any:
    member = fetch_scoped(selectors.rotation_members_for, request, pk, Action.VIEW)
    services.remove_member(
        member, reason=payload.reason, on=payload.removed_on, actor=current_user(request)
    )
    return reload_scoped(selectors.rotation_members_for, request, member)


class CriterionResultIn(Schema):
    criterion_id: RecordId
    met: bool
    remark: Text = ""


class AssessmentsIn(Schema):
    assessments: list[CriterionResultIn] = Field(max_length=1000)


def _evaluation(request: HttpRequest, pk: int) -> RotationEvaluation:
    evaluation: RotationEvaluation = fetch_scoped(
        selectors.rotation_evaluations_for, request, pk, Action.VIEW
    )
    return evaluation


@router.put(
    "/rotation-evaluations/{int:pk}/assessments",
    response=responses(200, list[AssessmentOut], 400, 403, 404, 422),
    operation_id="training_rotation_evaluation_assessments",
    summary="Set an evaluation's assessments as a whole (host): criteria left out are unassessed",
)
def put_assessments(request: HttpRequest, pk: int, payload: AssessmentsIn) -> Any:
    evaluation = _evaluation(request, pk)
    ids = [row.criterion_id for row in payload.assessments]
    if len(ids) != len(set(ids)):
        raise ValidationError({"assessments": _("A criterion is listed twice.")})
    services.assess_criteria(
        evaluation,
        {row.criterion_id: (row.met, row.remark) for row in payload.assessments},
        actor=current_user(request),
    )
    return selectors.criterion_assessments_for(current_user(request)).filter(evaluation=evaluation)


@router.post(
    "/rotation-evaluations/{int:pk}/finalise",
    response=responses(200, EvaluationOut, 400, 403, 404, 422),
    operation_id="training_rotation_evaluation_finalise",
    summary="Finalise an evaluation (host) once every criterion is assessed",
    description=(
        "Passed when every critical criterion is met and at least 80% of all criteria are met. "
        "The assessments are locked from then on."
    ),
)
def finalise(request: HttpRequest, pk: int) -> Any:
    evaluation = _evaluation(request, pk)
    services.finalise_evaluation(evaluation, actor=current_user(request))
    return reload_scoped(selectors.rotation_evaluations_for, request, evaluation)
