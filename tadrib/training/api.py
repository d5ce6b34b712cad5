"""The training API: the catalogue, nominations (their steps at
``POST /nominations/{id}/steps``), sessions' actions, and the records kept
during a course. Statuses are exactly those of ``NominationStatus``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
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
from tadrib.organisations.models import Organisation
from tadrib.people.choices import Language, NatoRankCode
from tadrib.training import eligibility, filtersets, selectors, services, steps
from tadrib.training.choices import (
    AttendanceStatus,
    CourseLevel,
    IncidentKind,
    IncidentSeverity,
    NominationStatus,
    SessionStatus,
    TrainingArea,
)
from tadrib.training.models import (
    Assessment,
    Attendance,
    Course,
    CoursePrerequisite,
    Grade,
    Incident,
    Nomination,
    Session,
    SessionQuota,
)

router = Router(tags=["training"])

Percent = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]
Score = Annotated[Decimal, Field(ge=0, max_digits=7, decimal_places=2)]
Profile = Annotated[str, Field(pattern=r"^([0-5]{4})?$")]


class CourseOut(Schema):
    id: int
    institution_id: int
    institution_code: str = Field(alias="institution.code")
    nation_code: str = Field(alias="institution.nation.iso_code")
    code: str
    name_en: str
    name_ar: str
    name_tr: str
    area: TrainingArea
    level: CourseLevel
    language: Language
    min_language_profile: str
    language_preparation_id: int | None
    duration_days: int
    min_rank: str
    max_rank: str
    qualification_id: int | None
    ects_credits: Decimal | None
    framework_refs: str
    pass_mark: Decimal
    description: str


class CourseIn(Schema):
    institution_id: RecordId
    code: str = Field(max_length=40)
    name_en: str = Field(max_length=200)
    name_ar: str = Field("", max_length=200)
    name_tr: str = Field("", max_length=200)
    area: TrainingArea
    level: CourseLevel
    language: Language
    min_language_profile: Profile = ""
    language_preparation_id: RecordId | None = None
    duration_days: int = Field(ge=1, le=2000)
    min_rank: NatoRankCode | Literal[""] = ""
    max_rank: NatoRankCode | Literal[""] = ""
    qualification_id: RecordId | None = None
    ects_credits: Annotated[Decimal, Field(ge=0, max_digits=5, decimal_places=1)] | None = None
    framework_refs: str = Field("", max_length=200)
    pass_mark: Percent = Decimal(60)
    description: str = Field("", max_length=20_000)


class PrerequisiteOut(Schema):
    id: int
    course_id: int
    required_id: int
    required_code: str = Field(alias="required.code")
    note: str


class PrerequisiteIn(Schema):
    course_id: RecordId
    required_id: RecordId
    note: str = Field("", max_length=200)


class SessionOut(Schema):
    id: int
    course_id: int
    course_code: str = Field(alias="course.code")
    programme_id: int
    code: str
    starts_on: dt.date
    ends_on: dt.date
    report_on: dt.date | None
    identity_due_on: dt.date
    waitlist_opens_on: dt.date
    site: str
    capacity: int
    seats_held: int = 0
    status: SessionStatus


class SessionIn(Schema):
    course_id: RecordId
    programme_id: RecordId
    code: str = Field(max_length=40)
    starts_on: dt.date
    ends_on: dt.date
    report_on: dt.date | None = None
    site: str = Field("", max_length=200)
    capacity: int = Field(ge=1, le=5000)
    status: SessionStatus = SessionStatus.PLANNED


class QuotaOut(Schema):
    id: int
    session_id: int
    nation_id: int
    nation_code: str = Field(alias="nation.iso_code")
    seats: int


class QuotaIn(Schema):
    session_id: RecordId
    nation_id: RecordId
    seats: int = Field(ge=1, le=5000)


class EligibilityOut(Schema):
    rule: str
    ok: bool
    code: str
    explanation: str


class NominationOut(Schema):
    id: int
    owner_id: int
    owner_code: str = Field(alias="owner.code")
    person_id: int
    person_service_number: str = Field(alias="person.service_number")
    person_name_latin: str = Field(alias="person.full_name_latin")
    course_id: int
    course_code: str = Field(alias="course.code")
    session_id: int | None
    priority: int
    status: NominationStatus
    status_changed_at: dt.datetime | None
    status_reason: str
    preparation_id: int | None
    medical_cleared_on: dt.date | None
    passport_number: str
    passport_expires_on: dt.date | None
    identity_complete: bool
    eligibility: list[EligibilityOut]
    vetted_at: dt.datetime | None
    vetting_reason: str
    letter_number: str | None
    final_grade: Decimal | None
    class_standing: int | None
    completed_on: dt.date | None
    certificate_code: str | None
    placed_unit_id: int | None
    placed_post: str
    placed_on: dt.date | None
    post_uses_training: bool | None
    remarks: str

    @staticmethod
    def resolve_eligibility(obj: Nomination) -> list[dict[str, Any]]:
        return [{**entry, "explanation": eligibility.explain(entry)} for entry in obj.eligibility]


class NominationIn(Schema):
    owner_id: RecordId
    person_id: RecordId
    course_id: RecordId
    session_id: RecordId | None = None
    priority: int = Field(10, ge=1, le=1000)
    medical_cleared_on: dt.date | None = None
    passport_number: str = Field("", max_length=40, pattern=r"^[A-Za-z0-9]*$")
    passport_expires_on: dt.date | None = None
    remarks: str = Field("", max_length=20_000)


StepKey = Literal[tuple(steps.STEPS)]  # type: ignore[valid-type]


class StepIn(Schema):
    step: StepKey  # type: ignore[valid-type]
    reason: str = Field("", max_length=20_000)
    session_id: RecordId | None = None
    placed_unit_id: RecordId | None = None
    placed_post: str = Field("", max_length=200)
    placed_on: dt.date | None = None
    post_uses_training: bool | None = None


class StepOut(Schema):
    step: str
    label: str
    target: NominationStatus


class AssessmentOut(Schema):
    id: int
    session_id: int
    title: str
    weight: Decimal
    max_score: Decimal
    held_on: dt.date | None


class AssessmentIn(Schema):
    session_id: RecordId
    title: str = Field(max_length=200)
    weight: Annotated[Decimal, Field(gt=0, le=100, max_digits=5, decimal_places=2)]
    max_score: Annotated[Decimal, Field(gt=0, max_digits=7, decimal_places=2)] = Decimal(100)
    held_on: dt.date | None = None


class GradeOut(Schema):
    id: int
    nomination_id: int
    assessment_id: int
    score: Decimal
    comment: str


class GradeIn(Schema):
    nomination_id: RecordId
    assessment_id: RecordId
    score: Score
    comment: str = Field("", max_length=200)


class AttendanceOut(Schema):
    id: int
    nomination_id: int
    on: dt.date
    status: AttendanceStatus
    note: str


class AttendanceIn(Schema):
    nomination_id: RecordId
    on: dt.date
    status: AttendanceStatus
    note: str = Field("", max_length=200)


class IncidentOut(Schema):
    id: int
    nomination_id: int
    kind: IncidentKind
    severity: IncidentSeverity
    occurred_at: dt.datetime
    absence_hours: int | None
    description: str
    action_taken: str
    reported_on: dt.date | None


class IncidentIn(Schema):
    nomination_id: RecordId
    kind: IncidentKind
    severity: IncidentSeverity = IncidentSeverity.MINOR
    occurred_at: dt.datetime
    absence_hours: int | None = Field(None, ge=0, le=32767)
    description: str = Field(max_length=20_000)
    action_taken: str = Field("", max_length=20_000)


crud(
    router,
    model=Course,
    prefix="courses",
    out_schema=CourseOut,
    create_schema=CourseIn,
    update_schema=patch_schema(CourseIn, exclude=("institution_id",)),
    filterset=filtersets.CourseFilterSet,
    selector=selectors.courses_for,
    save=services.save_course,
    delete=services.delete_course,
)
crud(
    router,
    model=CoursePrerequisite,
    prefix="course-prerequisites",
    out_schema=PrerequisiteOut,
    create_schema=PrerequisiteIn,
    update_schema=patch_schema(PrerequisiteIn, exclude=("course_id",)),
    filterset=filtersets.CoursePrerequisiteFilterSet,
    selector=selectors.course_prerequisites_for,
    save=services.save_course_prerequisite,
    delete=services.delete_course_prerequisite,
)
crud(
    router,
    model=Session,
    prefix="sessions",
    out_schema=SessionOut,
    create_schema=SessionIn,
    update_schema=patch_schema(SessionIn, exclude=("course_id",)),
    filterset=filtersets.SessionFilterSet,
    selector=selectors.sessions_for,
    save=services.save_session,
    delete=services.delete_session,
)
crud(
    router,
    model=SessionQuota,
    prefix="session-quotas",
    out_schema=QuotaOut,
    create_schema=QuotaIn,
    update_schema=patch_schema(QuotaIn, exclude=("session_id",)),
    filterset=filtersets.SessionQuotaFilterSet,
    selector=selectors.session_quotas_for,
    save=services.save_session_quota,
    delete=services.delete_session_quota,
)
crud(
    router,
    model=Nomination,
    prefix="nominations",
    out_schema=NominationOut,
    create_schema=NominationIn,
    update_schema=patch_schema(NominationIn, exclude=("owner_id",)),
    filterset=filtersets.NominationFilterSet,
    selector=selectors.nominations_for,
    save=services.save_nomination,
    delete=services.delete_nomination,
)


@router.get(
    "/nominations/{int:pk}/steps",
    response=responses(200, list[StepOut], 404),
    operation_id="training_nomination_steps",
    summary="The steps the caller may take on a nomination now",
)
def available_steps(request: HttpRequest, pk: int) -> Any:
    nomination = fetch_scoped(selectors.nominations_for, request, pk, Action.VIEW)
    return [
        {"step": step.key, "label": str(step.label), "target": step.target}
        for step in steps.available(current_user(request), nomination)
    ]


@router.post(
    "/nominations/{int:pk}/steps",
    response=responses(200, NominationOut, 400, 403, 404, 422),
    operation_id="training_take_nomination_step",
    summary="Take one step of a nomination's pipeline",
)
def take_step(request: HttpRequest, pk: int, payload: StepIn) -> Any:
    user = current_user(request)
    nomination = fetch_scoped(selectors.nominations_for, request, pk, Action.VIEW)
    session = unit = None
    if payload.session_id is not None:
        session = fetch_scoped(selectors.sessions_for, request, payload.session_id, Action.VIEW)
    if payload.placed_unit_id is not None:
        unit = Organisation.objects.for_user(user).filter(pk=payload.placed_unit_id).first()
        if unit is None:
            raise ValidationError(
                {"placed_unit_id": _("No such record, or it is not yours to see.")}
            )
    given = steps.StepInput(
        reason=payload.reason,
        session=session,
        unit=unit,
        post=payload.placed_post,
        placed_on=payload.placed_on,
        uses_training=payload.post_uses_training,
    )
    steps.take(payload.step, nomination, actor=user, given=given)
    return reload_scoped(selectors.nominations_for, request, nomination)


class SessionActionOut(Schema):
    session: SessionOut
    nominations: list[int]


def _session_action(name: str, run: Any, summary: str) -> None:
    @router.post(
        f"/sessions/{{int:pk}}/{name}",
        response=responses(200, SessionActionOut, 400, 403, 404, 422),
        operation_id=f"training_session_{name.replace('-', '_')}",
        summary=summary,
    )
    def act(request: HttpRequest, pk: int) -> Any:
        session = fetch_scoped(selectors.sessions_for, request, pk, Action.CHANGE)
        done = run(session, actor=current_user(request))
        return {
            "session": reload_scoped(selectors.sessions_for, request, session),
            "nominations": [n.pk for n in done],
        }


_session_action("start", services.start_session, "Start a session: enrolled trainees begin")
_session_action(
    "complete",
    services.complete_session,
    "Close a session: final grades, standing, certificates, qualifications",
)
_session_action(
    "offer-waiting-list",
    services.offer_waiting_list,
    "Offer the seats left to the waiting list, in priority order",
)

crud(
    router,
    model=Assessment,
    prefix="assessments",
    out_schema=AssessmentOut,
    create_schema=AssessmentIn,
    update_schema=patch_schema(AssessmentIn, exclude=("session_id",)),
    filterset=filtersets.AssessmentFilterSet,
    selector=selectors.assessments_for,
    save=services.save_assessment,
    delete=services.delete_assessment,
)
crud(
    router,
    model=Grade,
    prefix="grades",
    out_schema=GradeOut,
    create_schema=GradeIn,
    update_schema=patch_schema(GradeIn, exclude=("nomination_id",)),
    filterset=filtersets.GradeFilterSet,
    selector=selectors.grades_for,
    save=services.save_grade,
    delete=services.delete_grade,
)
crud(
    router,
    model=Attendance,
    prefix="attendance",
    out_schema=AttendanceOut,
    create_schema=AttendanceIn,
    update_schema=patch_schema(AttendanceIn, exclude=("nomination_id",)),
    filterset=filtersets.AttendanceFilterSet,
    selector=selectors.attendance_for,
    save=services.save_attendance,
    delete=services.delete_attendance,
)
crud(
    router,
    model=Incident,
    prefix="incidents",
    out_schema=IncidentOut,
    create_schema=IncidentIn,
    update_schema=patch_schema(IncidentIn, exclude=("nomination_id",)),
    filterset=filtersets.IncidentFilterSet,
    selector=selectors.incidents_for,
    save=services.save_incident,
    delete=services.delete_incident,
)
