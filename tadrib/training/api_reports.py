"""API endpoints of training's reports (added to the API by tadrib/api.py):
the same figures as the dashboard, intake and alumni pages, scoped the same
way and taking the same filters."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from tadrib.core.api import InvalidQuery, RecordId, current_user, responses
from tadrib.training import reports
from tadrib.training.choices import NominationStatus, SessionStatus, TrainingArea

router = Router(tags=["training"])


class ReportQuery(Schema):
    host_nation: RecordId | None = Field(None, description="Id of the host nation.")
    area: TrainingArea | None = Field(None, description="The course's area.")
    year: int | None = Field(None, ge=1900, le=2200, description="Year the session starts.")


class IntakeQuery(Schema):
    area: TrainingArea | None = Field(None, description="The course's area.")
    year: int | None = Field(None, ge=1900, le=2200, description="Year the session starts.")


def _filters(form_class: type[reports.ReportFilters], query: Schema) -> reports.ReportFilters:
    data = {k: str(v) for k, v in query.model_dump().items() if v is not None}
    form = form_class(data)
    if not form.is_valid():
        raise InvalidQuery({name: [str(e) for e in errors] for name, errors in form.errors.items()})
    return form


class Named(Schema):
    id: int
    code: str = Field(description="The record's code (a nation's ISO 3166 code).")
    name: str = Field(description="In the language of the request, else English.")


class StatusCount(Schema):
    status: str = Field(description="A nomination status, or returned_early.")
    label: str
    count: int


class DashboardRow(Schema):
    host_nation: Named
    institution: Named
    course: Named
    status: NominationStatus
    label: str
    count: int


class AwayTrainee(Schema):
    nomination_id: int
    url: str
    person: str
    host_nation: str
    institution: str
    course: str
    session: str | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    status: NominationStatus
    label: str


class DashboardOut(Schema):
    total: int = Field(description="Nominations of the caller's nation matching the filters.")
    rows: list[DashboardRow] = Field(
        description="Counts by host nation, institution, course and status."
    )
    funnel: list[StatusCount] = Field(
        description="Main-path stages in order; each nomination counts at every stage it "
        "has reached or passed (one that left the path, at the stages it certainly passed)."
    )
    ways_out: list[StatusCount]
    away: list[AwayTrainee] = Field(description="Trainees offered a seat, accepted or training.")


class IntakeCounts(Schema):
    applied: int = Field(description="Nominations seen (from eligibility on).")
    vetted: int = Field(description="Cleared by vetting, whatever happened next.")
    seats_held: int = Field(description="Holding or having held a seat.")
    in_training: int
    completed: int
    failed: int


class IntakeRow(IntakeCounts):
    partner_nation: Named
    course: Named


class IntakeNow(Schema):
    under_review: int = 0
    seat_held: int = 0
    in_training: int = 0
    completed: int = 0
    failed: int = 0
    left: int = 0


class IntakeNation(IntakeCounts):
    partner_nation: Named
    now: IntakeNow = Field(description="Where each nomination is now (one place each).")


class GroupLabel(Schema):
    key: str
    label: str


class SessionSeats(Schema):
    session_id: int
    code: str
    course: str
    institution: str
    starts_on: dt.date
    ends_on: dt.date
    status: SessionStatus
    capacity: int
    held: int
    free: int


class IntakeOut(Schema):
    totals: IntakeCounts
    groups: list[GroupLabel]
    rows: list[IntakeRow] = Field(description="By partner nation and course.")
    by_nation: list[IntakeNation]
    sessions: list[SessionSeats]


class AlumniSummary(Schema):
    graduates: int
    placed: int
    uses_training: int
    not_using: int
    not_placed: int
    share_using: float | None = Field(
        description="Percent of those placed whose post uses the training; null if none is."
    )


class Graduate(Schema):
    nomination_id: int
    url: str
    person: str
    course: str
    institution: str
    completed_on: dt.date | None
    certificate_code: str | None
    placed_unit: str | None
    placed_post: str
    placed_on: dt.date | None
    uses_training: Literal["yes", "no", "not_placed"]


class AlumniOut(Schema):
    summary: AlumniSummary
    rows: list[Graduate]


@router.get(
    "/training/dashboard",
    response=responses(200, DashboardOut, 422),
    operation_id="training_dashboard",
    summary="Where the caller's nation's trainees are",
)
def dashboard(request: HttpRequest, filters: Query[ReportQuery]) -> Any:
    return reports.dashboard(current_user(request), _filters(reports.ReportFilters, filters))


@router.get(
    "/training/intake",
    response=responses(200, IntakeOut, 422),
    operation_id="training_intake",
    summary="What the caller's institutions receive from partner nations",
)
def intake(request: HttpRequest, filters: Query[IntakeQuery]) -> Any:
    return reports.intake(current_user(request), _filters(reports.IntakeFilters, filters))


@router.get(
    "/training/alumni",
    response=responses(200, AlumniOut, 422),
    operation_id="training_alumni",
    summary="The caller's nation's graduates and the posts they went on to",
)
def alumni(request: HttpRequest, filters: Query[ReportQuery]) -> Any:
    graduates = reports.alumni_nominations(
        current_user(request), _filters(reports.ReportFilters, filters)
    )
    return {
        "summary": reports.alumni_summary(graduates),
        "rows": [reports.alumni_row(n) for n in graduates],
    }
