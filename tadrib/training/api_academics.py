"""API of cadets at foreign academies: the ten models (``crud``; decisions are
created by deciding and never changed), the steps (enrol, decide, withdraw,
submit, approve, transcript), the transcript PDF and the cohort view's rows
(``GET /cadets-abroad``). A record the caller cannot see is a 404; a step the
caller's side may not take a 403; a refused step a 422 naming the field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
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
from tadrib.people.choices import Language
from tadrib.people.models import Person
from tadrib.reports.api import PDF_CONTENT
from tadrib.reports.pdf import pdf_response
from tadrib.training import academic_documents as documents
from tadrib.training import academic_selectors as selectors
from tadrib.training import academic_services as services
from tadrib.training import filtersets_academics as filtersets
from tadrib.training.choices import (
    AgreementStatus,
    EnrolmentStatus,
    IncidentKind,
    IncidentSeverity,
    ProgressionOutcome,
    Standing,
)
from tadrib.training.models import (
    AcademicProgramme,
    AgreementComponent,
    CadetEnrolment,
    CadetIncident,
    Cohort,
    LearningAgreement,
    ProgrammeComponent,
    ProgressionDecision,
    RecognitionLine,
    TermResult,
)

router = Router(tags=["academics"])

Code = Annotated[str, Field(max_length=40, pattern=r"^[A-Z0-9][A-Z0-9._/-]*$")]
Ects = Annotated[Decimal, Field(ge=0, le=60, max_digits=4, decimal_places=1)]
Credits = Annotated[Decimal, Field(ge=0, le=600, max_digits=5, decimal_places=1)]
Grade = Annotated[Decimal, Field(ge=0, max_digits=6, decimal_places=2)]
Text = Annotated[str, Field(max_length=20_000)]


# --- programmes and their curriculum ----------------------------------------------------


class ProgrammeOut(Schema):
    id: int
    institution_id: int
    institution_code: str = Field(alias="institution.code")
    nation_code: str = Field(alias="institution.nation.iso_code")
    code: str
    name_en: str
    name_ar: str
    name_tr: str
    years: int
    terms_per_year: int
    preparation_year: bool
    language: Language
    grade_max: Decimal
    pass_mark: Decimal
    credits_to_progress: Decimal
    max_repeats: int
    credits_to_graduate: Decimal
    qualification_id: int | None
    description: str


class ProgrammeIn(Schema):
    institution_id: RecordId
    code: Code
    name_en: str = Field(max_length=200)
    name_ar: str = Field("", max_length=200)
    name_tr: str = Field("", max_length=200)
    years: int = Field(ge=1, le=6)
    terms_per_year: int = Field(2, ge=1, le=3)
    preparation_year: bool = False
    language: Language
    grade_max: Grade = Decimal(100)
    pass_mark: Grade = Decimal(60)
    credits_to_progress: Ects = Decimal(45)
    max_repeats: int = Field(1, ge=0, le=5)
    credits_to_graduate: Credits = Decimal(240)
    qualification_id: RecordId | None = None
    description: Text = ""


class ComponentOut(Schema):
    id: int
    programme_id: int
    programme_code: str = Field(alias="programme.code")
    code: str
    name_en: str
    name_ar: str
    name_tr: str
    year: int
    term: int
    ects: Decimal
    compulsory: bool


class ComponentIn(Schema):
    programme_id: RecordId
    code: Code
    name_en: str = Field(max_length=200)
    name_ar: str = Field("", max_length=200)
    name_tr: str = Field("", max_length=200)
    year: int = Field(ge=0, le=6)
    term: int = Field(1, ge=1, le=3)
    ects: Ects
    compulsory: bool = True


class CohortOut(Schema):
    id: int
    programme_id: int
    programme_code: str = Field(alias="programme.code")
    academy_code: str = Field(alias="programme.institution.code")
    code: str
    sending_organisation_id: int
    sending_organisation_code: str = Field(alias="sending_organisation.code")
    starts_on: dt.date
    planned_size: int | None


class CohortIn(Schema):
    programme_id: RecordId
    code: Code
    sending_organisation_id: RecordId
    starts_on: dt.date
    planned_size: int | None = Field(None, ge=0, le=2000)


# --- cadets and their records ------------------------------------------------------------


class EnrolmentOut(Schema):
    id: int
    cohort_id: int
    cohort_code: str = Field(alias="cohort.code")
    academy_code: str = Field(alias="cohort.programme.institution.code")
    person_id: int
    person_service_number: str = Field(alias="person.service_number")
    person_name_latin: str = Field(alias="person.full_name_latin")
    enrolled_on: dt.date
    year_of_study: int
    status: EnrolmentStatus
    repeats: int
    credits_earned: Decimal
    grade_average: Decimal | None
    ended_on: dt.date | None
    end_reason: str
    notes: str


class EnrolmentIn(Schema):
    cohort_id: RecordId
    person_id: RecordId
    enrolled_on: dt.date
    notes: Text = ""


class ResultOut(Schema):
    id: int
    enrolment_id: int
    component_id: int
    component_code: str = Field(alias="component.code")
    year: int = Field(alias="component.year")
    term: int = Field(alias="component.term")
    attempt: int
    grade: Decimal
    credits: Decimal
    recorded_on: dt.date
    note: str


class ResultIn(Schema):
    enrolment_id: RecordId
    component_id: RecordId
    grade: Grade
    recorded_on: dt.date
    note: str = Field("", max_length=200)


class DecisionOut(Schema):
    id: int
    enrolment_id: int
    year_of_study: int
    attempt: int
    outcome: ProgressionOutcome
    credits_in_year: Decimal
    credits_needed: Decimal
    grade_average: Decimal | None
    decided_on: dt.date
    reason: str


class DecisionIn(Schema):
    enrolment_id: RecordId
    decided_on: dt.date


class IncidentOut(Schema):
    id: int
    enrolment_id: int
    kind: IncidentKind
    severity: IncidentSeverity
    occurred_on: dt.date
    hours_absent: int | None
    description: str
    closed_on: dt.date | None


class IncidentIn(Schema):
    enrolment_id: RecordId
    kind: IncidentKind
    severity: IncidentSeverity = IncidentSeverity.MINOR
    occurred_on: dt.date
    hours_absent: int | None = Field(None, ge=0, le=8760)
    description: Text
    closed_on: dt.date | None = None


# --- learning agreements ----------------------------------------------------------------


class AgreementOut(Schema):
    id: int
    enrolment_id: int
    academic_year: int
    home_institution_id: int
    status: AgreementStatus
    version: int
    host_approved_at: dt.datetime | None
    host_approved_by: str
    home_approved_at: dt.datetime | None
    home_approved_by: str
    transcript_code: str
    transcript_issued_on: dt.date | None
    notes: str


class AgreementIn(Schema):
    enrolment_id: RecordId
    academic_year: int = Field(ge=2000, le=2100)
    home_institution_id: RecordId
    notes: Text = ""


class AgreementStepOut(AgreementOut):
    recognised_credits: Decimal


class LineAOut(Schema):
    id: int
    agreement_id: int
    component_id: int
    component_code: str = Field(alias="component.code")
    ects: Decimal = Field(alias="component.ects")
    note: str


class LineAIn(Schema):
    agreement_id: RecordId
    component_id: RecordId
    note: str = Field("", max_length=200)


class LineBOut(Schema):
    id: int
    agreement_id: int
    host_line_id: int
    home_code: str
    home_title: str
    credits: Decimal


class LineBIn(Schema):
    agreement_id: RecordId
    host_line_id: RecordId
    home_code: Code
    home_title: str = Field(max_length=200)
    credits: Ects


# --- the generic endpoints ---------------------------------------------------------------

crud(
    router,
    model=AcademicProgramme,
    prefix="academic-programmes",
    out_schema=ProgrammeOut,
    create_schema=ProgrammeIn,
    update_schema=patch_schema(ProgrammeIn, exclude=("institution_id",)),
    filterset=filtersets.AcademicProgrammeFilterSet,
    selector=selectors.programmes_for,
    save=services.save_programme,
    delete=services.delete_programme,
)
crud(
    router,
    model=ProgrammeComponent,
    prefix="programme-components",
    out_schema=ComponentOut,
    create_schema=ComponentIn,
    update_schema=patch_schema(ComponentIn, exclude=("programme_id",)),
    filterset=filtersets.ProgrammeComponentFilterSet,
    selector=selectors.components_for,
    save=services.save_component,
    delete=services.delete_component,
)
crud(
    router,
    model=Cohort,
    prefix="cohorts",
    out_schema=CohortOut,
    create_schema=CohortIn,
    update_schema=patch_schema(CohortIn, exclude=("programme_id",)),
    filterset=filtersets.CohortFilterSet,
    selector=selectors.cohorts_for,
    save=services.save_cohort,
    delete=services.delete_cohort,
)
crud(
    router,
    model=CadetEnrolment,
    prefix="cadet-enrolments",
    out_schema=EnrolmentOut,
    create_schema=EnrolmentIn,
    update_schema=patch_schema(EnrolmentIn, exclude=("cohort_id", "person_id")),
    filterset=filtersets.CadetEnrolmentFilterSet,
    selector=selectors.enrolments_for,
    save=services.save_enrolment,
    delete=services.delete_enrolment,
)
crud(
    router,
    model=TermResult,
    prefix="term-results",
    out_schema=ResultOut,
    create_schema=ResultIn,
    update_schema=patch_schema(ResultIn, exclude=("enrolment_id", "component_id")),
    filterset=filtersets.TermResultFilterSet,
    selector=selectors.results_for,
    save=services.save_result,
    delete=services.delete_result,
)
# A decision is created by deciding the cadet's year (the rules give the
# outcome) and never changed or deleted.
crud(
    router,
    model=ProgressionDecision,
    prefix="progression-decisions",
    out_schema=DecisionOut,
    create_schema=DecisionIn,
    update_schema=None,
    filterset=filtersets.ProgressionDecisionFilterSet,
    selector=selectors.decisions_for,
    save=services.save_decision,
    delete=None,
)
crud(
    router,
    model=CadetIncident,
    prefix="cadet-incidents",
    out_schema=IncidentOut,
    create_schema=IncidentIn,
    update_schema=patch_schema(IncidentIn, exclude=("enrolment_id",)),
    filterset=filtersets.CadetIncidentFilterSet,
    selector=selectors.incidents_for,
    save=services.save_incident,
    delete=services.delete_incident,
)
crud(
    router,
    model=LearningAgreement,
    prefix="learning-agreements",
    out_schema=AgreementOut,
    create_schema=AgreementIn,
    update_schema=patch_schema(AgreementIn, exclude=("enrolment_id",)),
    filterset=filtersets.LearningAgreementFilterSet,
    selector=selectors.agreements_for,
    save=services.save_agreement,
    delete=services.delete_agreement,
)
crud(
    router,
    model=AgreementComponent,
    prefix="agreement-components",
    out_schema=LineAOut,
    create_schema=LineAIn,
    update_schema=patch_schema(LineAIn, exclude=("agreement_id",)),
    filterset=filtersets.AgreementComponentFilterSet,
    selector=selectors.agreement_components_for,
    save=services.save_agreement_component,
    delete=services.delete_agreement_component,
)
crud(
    router,
    model=RecognitionLine,
    prefix="recognition-lines",
    out_schema=LineBOut,
    create_schema=LineBIn,
    update_schema=patch_schema(LineBIn, exclude=("agreement_id", "host_line_id")),
    filterset=filtersets.RecognitionLineFilterSet,
    selector=selectors.recognition_lines_for,
    save=services.save_recognition_line,
    delete=services.delete_recognition_line,
)


# --- the steps ----------------------------------------------------------------------------


class EnrolIn(Schema):
    person_ids: list[RecordId] = Field(min_length=1, max_length=500)
    enrolled_on: dt.date


class DecideIn(Schema):
    on: dt.date | None = Field(None, description="The day of the decision (today if left out).")


class WithdrawIn(Schema):
    reason: str = Field(min_length=1, max_length=2000)
    on: dt.date | None = Field(None, description="The last day (today if left out).")


class ApproveIn(Schema):
    side: Literal["host", "home"] | None = Field(
        None, description="For a user who acts for both sides: the side approving."
    )


@router.post(
    "/cohorts/{int:pk}/enrol",
    response=responses(201, list[EnrolmentOut], 400, 403, 404, 422),
    operation_id="training_cohort_enrol",
    summary="Enrol cadets in a cohort, all or none (the academy or the sending office)",
)
def enrol(request: HttpRequest, pk: int, payload: EnrolIn) -> Any:
    cohort = fetch_scoped(selectors.cohorts_for, request, pk, Action.VIEW)
    people = Person.objects.in_bulk(payload.person_ids)
    missing = [pk for pk in payload.person_ids if pk not in people]
    if missing:
        raise ValidationError(
            {"person_ids": [_("No such person: #%(id)s.") % {"id": pk} for pk in missing]}
        )
    done = services.enrol_cadets(
        cohort,
        [people[pk] for pk in payload.person_ids],
        actor=current_user(request),
        on=payload.enrolled_on,
        field="person_ids",
    )
    rows = selectors.enrolments_for(current_user(request)).filter(pk__in=[e.pk for e in done])
    return Status(201, list(rows))


@router.post(
    "/cohorts/{int:pk}/decide",
    response=responses(200, list[DecisionOut], 400, 403, 404, 422),
    operation_id="training_cohort_decide",
    summary="Decide the year of every cadet of a cohort with results (the academy)",
)
def decide_cohort(request: HttpRequest, pk: int, payload: DecideIn) -> Any:
    cohort = fetch_scoped(selectors.cohorts_for, request, pk, Action.VIEW)
    return services.decide_cohort(
        cohort, actor=current_user(request), on=payload.on or timezone.localdate()
    )


@router.post(
    "/cadet-enrolments/{int:pk}/decide",
    response=responses(201, DecisionOut, 400, 403, 404, 422),
    operation_id="training_cadet_decide",
    summary="Decide a cadet's year by the programme's rules (the academy)",
)
def decide_cadet(request: HttpRequest, pk: int, payload: DecideIn | None = None) -> Any:
    enrolment = fetch_scoped(selectors.enrolments_for, request, pk, Action.VIEW)
    on = payload.on if payload is not None and payload.on else timezone.localdate()
    return Status(201, services.decide_year(enrolment, actor=current_user(request), on=on))


@router.post(
    "/cadet-enrolments/{int:pk}/withdraw",
    response=responses(200, EnrolmentOut, 400, 403, 404, 422),
    operation_id="training_cadet_withdraw",
    summary="Withdraw a cadet (the academy or the sending office), with a reason",
)
def withdraw(request: HttpRequest, pk: int, payload: WithdrawIn) -> Any:
    enrolment = fetch_scoped(selectors.enrolments_for, request, pk, Action.VIEW)
    services.withdraw(
        enrolment,
        actor=current_user(request),
        reason=payload.reason,
        on=payload.on or timezone.localdate(),
    )
    return reload_scoped(selectors.enrolments_for, request, enrolment)


def _agreement_out(request: HttpRequest, agreement: LearningAgreement) -> dict[str, Any]:
    fresh = reload_scoped(selectors.agreements_for, request, agreement)
    data = AgreementOut.from_orm(fresh).model_dump()
    return {**data, "recognised_credits": services.recognised_credits(fresh)}


@router.post(
    "/learning-agreements/{int:pk}/submit",
    response=responses(200, AgreementStepOut, 400, 403, 404, 422),
    operation_id="training_agreement_submit",
    summary="Submit a draft learning agreement to both sides for approval",
)
def submit(request: HttpRequest, pk: int) -> Any:
    agreement = fetch_scoped(selectors.agreements_for, request, pk, Action.VIEW)
    services.submit(agreement, actor=current_user(request))
    return _agreement_out(request, agreement)


@router.post(
    "/learning-agreements/{int:pk}/approve",
    response=responses(200, AgreementStepOut, 400, 403, 404, 422),
    operation_id="training_agreement_approve",
    summary="Approve a learning agreement for the caller's side (host or home)",
)
def approve(request: HttpRequest, pk: int, payload: ApproveIn | None = None) -> Any:
    agreement = fetch_scoped(selectors.agreements_for, request, pk, Action.VIEW)
    side = payload.side if payload is not None else None
    services.approve(agreement, actor=current_user(request), side=side)
    return _agreement_out(request, agreement)


@router.post(
    "/learning-agreements/{int:pk}/transcript",
    response=responses(200, AgreementStepOut, 400, 403, 404, 422),
    operation_id="training_agreement_transcript",
    summary="Issue the transcript of records, closing an approved agreement (the host)",
)
def issue_transcript(request: HttpRequest, pk: int) -> Any:
    agreement = fetch_scoped(selectors.agreements_for, request, pk, Action.VIEW)
    services.issue_transcript(agreement, actor=current_user(request))
    return _agreement_out(request, agreement)


@router.get(
    "/learning-agreements/{int:pk}/transcript.pdf",
    response={200: None, **responses(200, None, 404, 422)},
    operation_id="training_agreement_transcript_pdf",
    summary="Download the transcript of records (PDF in en, ar or tr)",
    openapi_extra={"responses": {200: PDF_CONTENT}},
)
def transcript_pdf(
    request: HttpRequest, pk: RecordId, lang: Literal["en", "ar", "tr"] = "en"
) -> HttpResponse:
    agreement = fetch_scoped(selectors.agreements_for, request, pk, Action.VIEW)
    if not agreement.transcript_code:
        raise Http404
    data = documents.transcript_pdf(agreement, lang)
    return pdf_response(data, documents.transcript_filename(agreement, lang))


# --- the cohort view ----------------------------------------------------------------------


class CadetAbroadOut(Schema):
    enrolment_id: int
    person_id: int
    person_name_latin: str
    service_number: str
    host_nation: str
    academy_id: int
    academy_code: str
    cohort_id: int
    cohort_code: str
    year_of_study: int
    status: EnrolmentStatus
    standing: Standing
    credits_earned: Decimal
    credits_planned: Decimal
    grade_average: Decimal | None
    alerts: list[str]


class CadetsAbroadQuery(Schema):
    host_nation: RecordId | None = None
    academy: RecordId | None = None
    cohort: RecordId | None = None
    standing: Standing | None = None


@router.get(
    "/cadets-abroad",
    response=responses(200, list[CadetAbroadOut], 422),
    operation_id="training_cadets_abroad",
    summary="Every cadet abroad the caller may see, with standing and alerts",
)
def cadets_abroad(request: HttpRequest, filters: Query[CadetsAbroadQuery]) -> Any:
    user = current_user(request)
    enrolments = selectors.enrolments_for(user)
    if filters.host_nation:
        enrolments = enrolments.filter(
            cohort__programme__institution__nation_id=filters.host_nation
        )
    if filters.academy:
        enrolments = enrolments.filter(cohort__programme__institution_id=filters.academy)
    if filters.cohort:
        enrolments = enrolments.filter(cohort_id=filters.cohort)
    rows = selectors.cadet_rows(enrolments.order_by("cohort__code", "pk"), timezone.localdate())
    if filters.standing:
        rows = [row for row in rows if row.standing == filters.standing]
    return [
        {
            "enrolment_id": row.enrolment.pk,
            "person_id": row.enrolment.person_id,
            "person_name_latin": row.enrolment.person.full_name_latin,
            "service_number": row.enrolment.person.service_number,
            "host_nation": row.institution.nation.iso_code,
            "academy_id": row.institution.pk,
            "academy_code": row.institution.code,
            "cohort_id": row.enrolment.cohort_id,
            "cohort_code": row.enrolment.cohort.code,
            "year_of_study": row.enrolment.year_of_study,
            "status": row.enrolment.status,
            "standing": row.standing,
            "credits_earned": row.enrolment.credits_earned,
            "credits_planned": row.planned,
            "grade_average": row.enrolment.grade_average,
            "alerts": row.alerts,
        }
        for row in rows
    ]
