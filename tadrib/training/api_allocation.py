"""The API of seat allocation (added to the API by tadrib/api.py): intakes,
their institutions and nominations' acceptable sessions (CRUD); runs (list,
read, start, result, confirm)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
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
from tadrib.training import allocation_selectors as selectors
from tadrib.training import allocation_services as services
from tadrib.training import filtersets
from tadrib.training.choices import IntakeStatus, RunStage, RunStatus
from tadrib.training.models import AllocationRun, Intake, IntakeInstitution, NominationChoice

router = Router(tags=["allocation"])

Code = Field(max_length=40, pattern=r"^[A-Z0-9][A-Z0-9._/-]*$")


class IntakeOut(Schema):
    id: int
    owner_id: int
    owner_code: str = Field(alias="owner.code")
    code: str
    name: str
    starts_from: dt.date
    starts_until: dt.date
    status: IntakeStatus
    note: str


class IntakeIn(Schema):
    owner_id: RecordId
    code: str = Code
    name: str = Field(max_length=200)
    starts_from: dt.date
    starts_until: dt.date
    status: IntakeStatus = IntakeStatus.OPEN
    note: str = Field("", max_length=20_000)


class IntakeInstitutionOut(Schema):
    id: int
    intake_id: int
    institution_id: int
    institution_code: str = Field(alias="institution.code")
    note: str


class IntakeInstitutionIn(Schema):
    intake_id: RecordId
    institution_id: RecordId
    note: str = Field("", max_length=200)


class NominationChoiceOut(Schema):
    id: int
    nomination_id: int
    session_id: int
    weight: int


class NominationChoiceIn(Schema):
    nomination_id: RecordId
    session_id: RecordId
    weight: int = Field(10, ge=1, le=1000)


class AllocationRunOut(Schema):
    id: int
    intake_id: int
    intake_code: str = Field(alias="intake.code")
    previous_id: int | None
    note: str
    status: RunStatus
    stage: RunStage
    progress: int
    input_digest: str
    nomination_count: int
    assigned_count: int | None
    objective: int | None
    run_by_id: int | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    confirmed_by_id: int | None
    confirmed_at: dt.datetime | None
    error: str


class AllocationRunIn(Schema):
    intake_id: RecordId
    note: str = Field("", max_length=200)


class RunStartIn(Schema):
    note: str = Field("", max_length=200)


class AssignmentOut(Schema):
    nomination: str
    session: str
    weight: int


class ObstacleOut(Schema):
    kind: str
    session: str
    weight: int
    seats: int
    lowest_weight: int | None
    nation: str
    person: str
    nomination: str


class UnassignedOut(Schema):
    nomination: str
    reason: str
    obstacles: list[ObstacleOut]


class ExcludedOut(Schema):
    nomination: str
    reason: str
    session: str = ""


class DiffOut(Schema):
    previous_id: int
    gained: dict[str, str]
    lost: dict[str, str]
    moved: dict[str, list[str]]
    unchanged: int


class RunResultOut(Schema):
    """The ``tadrib allocate`` output with each seat's weight and the
    obstacles behind each reason; the nominations left out before solving;
    and the difference to the previous run."""

    objective: int
    assignments: list[AssignmentOut]
    unassigned: list[UnassignedOut]
    excluded: list[ExcludedOut]
    diff: DiffOut | None


crud(
    router,
    model=Intake,
    prefix="intakes",
    out_schema=IntakeOut,
    create_schema=IntakeIn,
    update_schema=patch_schema(IntakeIn, exclude=("owner_id",)),
    filterset=filtersets.IntakeFilterSet,
    selector=selectors.intakes_for,
    save=services.save_intake,
    delete=services.delete_intake,
)
crud(
    router,
    model=IntakeInstitution,
    prefix="intake-institutions",
    out_schema=IntakeInstitutionOut,
    create_schema=IntakeInstitutionIn,
    update_schema=patch_schema(IntakeInstitutionIn, exclude=("intake_id",)),
    filterset=filtersets.IntakeInstitutionFilterSet,
    selector=selectors.intake_institutions_for,
    save=services.save_intake_institution,
    delete=services.delete_intake_institution,
)
crud(
    router,
    model=NominationChoice,
    prefix="nomination-choices",
    out_schema=NominationChoiceOut,
    create_schema=NominationChoiceIn,
    update_schema=patch_schema(NominationChoiceIn, exclude=("nomination_id",)),
    filterset=filtersets.NominationChoiceFilterSet,
    selector=selectors.nomination_choices_for,
    save=services.save_nomination_choice,
    delete=services.delete_nomination_choice,
)
# A run is created by starting it (``POST /allocation-runs`` or
# ``POST /intakes/{id}/runs``) and never changed or deleted.
crud(
    router,
    model=AllocationRun,
    prefix="allocation-runs",
    out_schema=AllocationRunOut,
    create_schema=AllocationRunIn,
    update_schema=None,
    filterset=filtersets.AllocationRunFilterSet,
    selector=selectors.allocation_runs_for,
    save=services.save_run,
    delete=None,
)


@router.post(
    "/intakes/{int:pk}/runs",
    response=responses(201, AllocationRunOut, 400, 403, 404, 422),
    operation_id="training_start_allocation_run",
    summary="Run the allocation of an intake (queued; poll the run for its progress)",
)
def start_run(request: HttpRequest, pk: int, payload: RunStartIn) -> Any:
    intake = fetch_scoped(selectors.intakes_for, request, pk, Action.CHANGE)
    run = services.start_run(intake, actor=current_user(request), note=payload.note)
    return Status(201, reload_scoped(selectors.allocation_runs_for, request, run))


@router.get(
    "/allocation-runs/{int:pk}/result",
    response=responses(200, RunResultOut, 404, 422),
    operation_id="training_allocation_run_result",
    summary="The result of a finished run, its explanations and the difference to the previous run",
)
def run_result(request: HttpRequest, pk: int) -> Any:
    found = fetch_scoped(selectors.allocation_runs_for, request, pk, Action.VIEW)
    run = AllocationRun.objects.get(pk=found.pk)  # with its input and result
    if run.result is None:
        raise ValidationError(
            _("This run has no result yet (it is “%(status)s”).")
            % {"status": run.get_status_display()}
        )
    diff = selectors.run_diff(run)
    return {
        **run.result,
        "excluded": run.excluded,
        "diff": {
            "previous_id": diff.previous.pk,
            "gained": diff.gained,
            "lost": diff.lost,
            "moved": {k: list(v) for k, v in diff.moved.items()},
            "unchanged": diff.unchanged,
        }
        if diff is not None
        else None,
    }


@router.post(
    "/allocation-runs/{int:pk}/confirm",
    response=responses(200, AllocationRunOut, 400, 403, 404, 422),
    operation_id="training_confirm_allocation_run",
    summary="Confirm a run: offer every chosen seat, or none if the input changed",
)
def confirm_run(request: HttpRequest, pk: int) -> Any:
    run = fetch_scoped(selectors.allocation_runs_for, request, pk, Action.CHANGE)
    services.confirm_run(run, actor=current_user(request))
    return reload_scoped(selectors.allocation_runs_for, request, run)
