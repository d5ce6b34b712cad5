from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from tadrib.agreements import filtersets, selectors, services
from tadrib.agreements.choices import (
    AgreementKind,
    AgreementStatus,
    CooperationArea,
    DocumentKind,
    PartyRole,
    ProgrammeStatus,
    TargetPeriod,
)
from tadrib.agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementParty,
    Clause,
    ClauseTarget,
    Programme,
    ProgrammeMilestone,
    ProgrammeObjective,
)
from tadrib.core.api import (
    crud,
    current_user,
    documents,
    fetch_scoped,
    patch_schema,
    reload_scoped,
    responses,
)
from tadrib.core.choices import Action

router = Router(tags=["agreements"])

Name = Field(max_length=200)
OptionalName = Field("", max_length=200)
# What a DecimalField(max_digits=12, decimal_places=2) holds.
Amount = Annotated[Decimal, Field(ge=-(10**10) + 1, le=10**10 - 1, decimal_places=2)]


class PartyOut(Schema):
    id: int
    agreement_id: int
    organisation_id: int
    organisation_code: str = Field(alias="organisation.code")
    nation_code: str = Field(alias="organisation.nation.iso_code")
    role: PartyRole
    signatory: str


class PartyIn(Schema):
    agreement_id: int
    organisation_id: int
    role: PartyRole
    signatory: str = Field("", max_length=200)


class AgreementOut(Schema):
    id: int
    reference: str
    kind: AgreementKind
    status: AgreementStatus
    name_en: str
    name_ar: str
    name_tr: str
    summary: str
    owner_id: int
    signed_on: dt.date | None
    signed_at: str
    entry_into_force: dt.date | None
    expires_on: dt.date | None
    extends_id: int | None
    parties: list[PartyOut]

    @staticmethod
    def resolve_parties(obj: Agreement) -> list[AgreementParty]:
        return list(obj.parties.all())


class AgreementIn(Schema):
    owner_id: int
    reference: str = Field(max_length=60)
    kind: AgreementKind
    name_en: str = Name
    name_ar: str = OptionalName
    name_tr: str = OptionalName
    summary: str = ""
    signed_on: dt.date | None = None
    signed_at: str = Field("", max_length=120)
    entry_into_force: dt.date | None = None
    expires_on: dt.date | None = None
    extends_id: int | None = None


class StatusChangeIn(Schema):
    status: AgreementStatus
    reason: str = Field("", max_length=2000)
    signed_on: dt.date | None = None
    entry_into_force: dt.date | None = None
    expires_on: dt.date | None = None


class DocumentOut(Schema):
    id: int
    agreement_id: int
    title: str
    kind: DocumentKind
    size: int
    sha256: str


class DocumentFields(Schema):
    agreement_id: int
    title: str = Name
    kind: DocumentKind = DocumentKind.SIGNED_TEXT


class DocumentPatch(Schema):
    title: str | None = Field(None, max_length=200)
    kind: DocumentKind | None = None


class ClauseTargetOut(Schema):
    id: int
    clause_id: int
    indicator: str
    quantity: Decimal
    period: TargetPeriod


class ClauseTargetIn(Schema):
    clause_id: int
    indicator: str = Name
    quantity: Decimal = Field(gt=0, le=10**10 - 1, decimal_places=2)
    period: TargetPeriod = TargetPeriod.TOTAL


class ClauseOut(Schema):
    id: int
    agreement_id: int
    number: str
    areas: list[CooperationArea]
    text: str
    targets: list[ClauseTargetOut]

    @staticmethod
    def resolve_targets(obj: Clause) -> list[ClauseTarget]:
        return list(obj.targets.all())


class ClauseIn(Schema):
    agreement_id: int
    number: str = Field(max_length=20)
    areas: list[CooperationArea] = Field(min_length=1)
    text: str = ""


class ProgrammeOut(Schema):
    id: int
    code: str
    name_en: str
    name_ar: str
    name_tr: str
    owner_id: int
    clause_id: int
    agreement_id: int = Field(alias="clause.agreement_id")
    areas: list[CooperationArea] = Field(alias="clause.areas")
    host_organisation_id: int
    partner_organisation_id: int
    starts_on: dt.date
    ends_on: dt.date | None
    status: ProgrammeStatus
    description: str
    overdue_milestones: int = Field(alias="overdue_count")


class ProgrammeIn(Schema):
    code: str = Field(max_length=40)
    name_en: str = Name
    name_ar: str = OptionalName
    name_tr: str = OptionalName
    owner_id: int
    clause_id: int
    host_organisation_id: int
    partner_organisation_id: int
    starts_on: dt.date
    ends_on: dt.date | None = None
    status: ProgrammeStatus = ProgrammeStatus.PLANNED
    description: str = ""


class ObjectiveOut(Schema):
    id: int
    programme_id: int
    clause_target_id: int | None
    title: str
    indicator: str
    baseline: Decimal
    target: Decimal
    current: Decimal
    source: str
    value: Decimal
    percent: int

    @staticmethod
    def resolve_value(obj: ProgrammeObjective) -> Decimal:
        return _progress(obj).value

    @staticmethod
    def resolve_percent(obj: ProgrammeObjective) -> int:
        return _progress(obj).percent


def _progress(objective: ProgrammeObjective) -> selectors.Progress:
    """Attached to each row of a list page by ``_attach_progress``."""
    found = getattr(objective, "progress", None)
    return found if found is not None else selectors.progress_of(objective)


def _attach_progress(objectives: list[ProgrammeObjective]) -> None:
    for progress in selectors.progress_all(objectives):
        progress.objective.progress = progress  # type: ignore[attr-defined]


class ObjectiveIn(Schema):
    programme_id: int
    clause_target_id: int | None = None
    title: str = Name
    indicator: str = Name
    baseline: Amount = Decimal(0)
    target: Amount
    current: Amount = Decimal(0)
    source: str = Field("", max_length=60)


class MilestoneOut(Schema):
    id: int
    programme_id: int
    title: str
    due_on: dt.date
    completed_on: dt.date | None
    evidence: str
    is_overdue: bool


class MilestoneIn(Schema):
    programme_id: int
    title: str = Name
    due_on: dt.date
    completed_on: dt.date | None = None
    evidence: str = ""


crud(
    router,
    model=Agreement,
    prefix="agreements",
    out_schema=AgreementOut,
    create_schema=AgreementIn,
    update_schema=patch_schema(AgreementIn, exclude=("owner_id",)),
    filterset=filtersets.AgreementFilterSet,
    selector=selectors.agreements_for,
    save=services.save_agreement,
    delete=services.delete_agreement,
)


@router.post(
    "/agreements/{int:pk}/status",
    response=responses(200, AgreementOut, 400, 404, 422),
    operation_id="change_agreement_status",
    summary="Move an agreement to another status",
)
def change_status(request: HttpRequest, pk: int, payload: StatusChangeIn) -> Any:
    agreement = fetch_scoped(selectors.agreements_for, request, pk, Action.CHANGE)
    data = payload.model_dump()
    services.change_agreement_status(
        agreement, data.pop("status"), actor=current_user(request), **data
    )
    return reload_scoped(selectors.agreements_for, request, agreement)


crud(
    router,
    model=AgreementParty,
    prefix="agreement-parties",
    out_schema=PartyOut,
    create_schema=PartyIn,
    update_schema=patch_schema(PartyIn, exclude=("agreement_id",)),
    filterset=filtersets.AgreementPartyFilterSet,
    selector=selectors.agreement_parties_for,
    save=services.save_agreement_party,
    delete=services.delete_agreement_party,
)
crud(
    router,
    model=AgreementDocument,
    prefix="agreement-documents",
    out_schema=DocumentOut,
    create_schema=None,
    update_schema=DocumentPatch,
    filterset=filtersets.AgreementDocumentFilterSet,
    selector=selectors.agreement_documents_for,
    save=services.save_agreement_document,
    delete=services.delete_agreement_document,
)
documents(
    router,
    model=AgreementDocument,
    prefix="agreement-documents",
    out_schema=DocumentOut,
    form_schema=DocumentFields,
    selector=selectors.agreement_documents_for,
    save=services.save_agreement_document,
)
crud(
    router,
    model=Clause,
    prefix="clauses",
    out_schema=ClauseOut,
    create_schema=ClauseIn,
    update_schema=patch_schema(ClauseIn, exclude=("agreement_id",)),
    filterset=filtersets.ClauseFilterSet,
    selector=selectors.clauses_for,
    save=services.save_clause,
    delete=services.delete_clause,
)
crud(
    router,
    model=ClauseTarget,
    prefix="clause-targets",
    out_schema=ClauseTargetOut,
    create_schema=ClauseTargetIn,
    update_schema=patch_schema(ClauseTargetIn, exclude=("clause_id",)),
    filterset=filtersets.ClauseTargetFilterSet,
    selector=selectors.clause_targets_for,
    save=services.save_clause_target,
    delete=services.delete_clause_target,
)
crud(
    router,
    model=Programme,
    prefix="programmes",
    out_schema=ProgrammeOut,
    create_schema=ProgrammeIn,
    update_schema=patch_schema(ProgrammeIn, exclude=("owner_id",)),
    filterset=filtersets.ProgrammeFilterSet,
    selector=selectors.programmes_for,
    save=services.save_programme,
    delete=services.delete_programme,
)
crud(
    router,
    model=ProgrammeObjective,
    prefix="programme-objectives",
    out_schema=ObjectiveOut,
    create_schema=ObjectiveIn,
    update_schema=patch_schema(ObjectiveIn, exclude=("programme_id",)),
    filterset=filtersets.ProgrammeObjectiveFilterSet,
    selector=selectors.programme_objectives_for,
    save=services.save_programme_objective,
    delete=services.delete_programme_objective,
    prepare_page=_attach_progress,
)
crud(
    router,
    model=ProgrammeMilestone,
    prefix="programme-milestones",
    out_schema=MilestoneOut,
    create_schema=MilestoneIn,
    update_schema=patch_schema(MilestoneIn, exclude=("programme_id",)),
    filterset=filtersets.ProgrammeMilestoneFilterSet,
    selector=selectors.programme_milestones_for,
    save=services.save_programme_milestone,
    delete=services.delete_programme_milestone,
)
