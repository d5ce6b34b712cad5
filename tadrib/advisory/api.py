from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Router, Schema
from pydantic import Field

from tadrib.advisory import filtersets, selectors, services
from tadrib.advisory.choices import DeploymentArea, DeploymentStatus, MemberRole
from tadrib.advisory.models import (
    Deployment,
    DeploymentMember,
    DeploymentMilestone,
    DeploymentObjective,
    DeploymentReport,
    ReportAttachment,
)
from tadrib.core.api import crud, documents, patch_schema

router = Router(tags=["advisory"])


def amount(default: Any = ...) -> Any:
    """A value as the database holds it: 12 digits, 2 after the point."""
    return Field(default, max_digits=12, decimal_places=2)


class DeploymentOut(Schema):
    id: int
    programme_id: int
    programme_code: str = Field(alias="programme.code")
    code: str
    name_en: str
    name_ar: str
    name_tr: str
    owner_id: int
    owner_code: str = Field(alias="owner.code")
    supported_organisation_id: int
    supported_organisation_code: str = Field(alias="supported_organisation.code")
    mission: str
    areas: list[DeploymentArea]
    starts_on: dt.date
    ends_on: dt.date
    status: DeploymentStatus


class DeploymentIn(Schema):
    programme_id: int
    code: str = Field(max_length=40)
    name_en: str = Field(max_length=200)
    name_ar: str = Field("", max_length=200)
    name_tr: str = Field("", max_length=200)
    owner_id: int
    supported_organisation_id: int
    mission: str = Field(max_length=20_000)
    areas: list[DeploymentArea] = Field(min_length=1, max_length=len(DeploymentArea))
    starts_on: dt.date
    ends_on: dt.date
    status: DeploymentStatus = DeploymentStatus.PLANNED


class DeploymentMemberOut(Schema):
    id: int
    deployment_id: int
    person_id: int
    person_name_latin: str = Field(alias="person.full_name_latin")
    role: MemberRole
    starts_on: dt.date
    ends_on: dt.date


class DeploymentMemberIn(Schema):
    deployment_id: int
    person_id: int
    role: MemberRole
    starts_on: dt.date
    ends_on: dt.date


class DeploymentObjectiveOut(Schema):
    id: int
    deployment_id: int
    title: str
    indicator: str
    baseline: Decimal
    target: Decimal
    current: Decimal
    source: str


class DeploymentObjectiveIn(Schema):
    deployment_id: int
    title: str = Field(max_length=200)
    indicator: str = Field(max_length=200)
    baseline: Decimal = amount(Decimal(0))
    target: Decimal = amount()
    current: Decimal = amount(Decimal(0))
    source: str = Field("", max_length=60)


class DeploymentMilestoneOut(Schema):
    id: int
    deployment_id: int
    title: str
    due_on: dt.date
    completed_on: dt.date | None
    evidence: str
    is_overdue: bool


class DeploymentMilestoneIn(Schema):
    deployment_id: int
    title: str = Field(max_length=200)
    due_on: dt.date
    completed_on: dt.date | None = None
    evidence: str = Field("", max_length=20_000)


class DeploymentReportOut(Schema):
    id: int
    deployment_id: int
    title: str
    period_start: dt.date
    period_end: dt.date
    narrative: str
    submitted_on: dt.date
    attachment_ids: list[int]

    @staticmethod
    def resolve_attachment_ids(obj: DeploymentReport) -> list[int]:
        return [attachment.pk for attachment in obj.attachments.all()]  # prefetched


class DeploymentReportIn(Schema):
    deployment_id: int
    title: str = Field(max_length=200)
    period_start: dt.date
    period_end: dt.date
    narrative: str = Field(max_length=100_000)
    submitted_on: dt.date


class ReportAttachmentOut(Schema):
    id: int
    report_id: int
    deployment_id: int = Field(alias="report.deployment_id")
    title: str
    size: int
    sha256: str


class ReportAttachmentIn(Schema):
    """The form fields sent with the file (``multipart/form-data``)."""

    report_id: int
    title: str = Field(max_length=200)


crud(
    router,
    model=Deployment,
    prefix="deployments",
    out_schema=DeploymentOut,
    create_schema=DeploymentIn,
    update_schema=patch_schema(DeploymentIn),
    filterset=filtersets.DeploymentFilterSet,
    selector=selectors.deployments_for,
    save=services.save_deployment,
    delete=services.delete_deployment,
)
crud(
    router,
    model=DeploymentMember,
    prefix="deployment-members",
    out_schema=DeploymentMemberOut,
    create_schema=DeploymentMemberIn,
    update_schema=patch_schema(DeploymentMemberIn, exclude=("deployment_id",)),
    filterset=filtersets.DeploymentMemberFilterSet,
    selector=selectors.deployment_members_for,
    save=services.save_deployment_member,
    delete=services.delete_deployment_member,
)
crud(
    router,
    model=DeploymentObjective,
    prefix="deployment-objectives",
    out_schema=DeploymentObjectiveOut,
    create_schema=DeploymentObjectiveIn,
    update_schema=patch_schema(DeploymentObjectiveIn, exclude=("deployment_id",)),
    filterset=filtersets.DeploymentObjectiveFilterSet,
    selector=selectors.deployment_objectives_for,
    save=services.save_deployment_objective,
    delete=services.delete_deployment_objective,
)
crud(
    router,
    model=DeploymentMilestone,
    prefix="deployment-milestones",
    out_schema=DeploymentMilestoneOut,
    create_schema=DeploymentMilestoneIn,
    update_schema=patch_schema(DeploymentMilestoneIn, exclude=("deployment_id",)),
    filterset=filtersets.DeploymentMilestoneFilterSet,
    selector=selectors.deployment_milestones_for,
    save=services.save_deployment_milestone,
    delete=services.delete_deployment_milestone,
)
crud(
    router,
    model=DeploymentReport,
    prefix="deployment-reports",
    out_schema=DeploymentReportOut,
    create_schema=DeploymentReportIn,
    update_schema=patch_schema(DeploymentReportIn, exclude=("deployment_id",)),
    filterset=filtersets.DeploymentReportFilterSet,
    selector=selectors.deployment_reports_for,
    save=services.save_deployment_report,
    delete=services.delete_deployment_report,
)
crud(
    router,
    model=ReportAttachment,
    prefix="report-attachments",
    out_schema=ReportAttachmentOut,
    create_schema=None,
    update_schema=patch_schema(ReportAttachmentIn, exclude=("report_id",)),
    filterset=filtersets.ReportAttachmentFilterSet,
    selector=selectors.report_attachments_for,
    save=services.save_report_attachment,
    delete=services.delete_report_attachment,
)
documents(
    router,
    model=ReportAttachment,
    prefix="report-attachments",
    out_schema=ReportAttachmentOut,
    form_schema=ReportAttachmentIn,
    selector=selectors.report_attachments_for,
    save=services.save_report_attachment,
)
