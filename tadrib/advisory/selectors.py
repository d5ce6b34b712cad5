"""Reads of deployments and their parts, scoped to the user, joins declared;
and the counts the agreements app shows per programme."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from tadrib.advisory.choices import DeploymentStatus
from tadrib.advisory.models import (
    Deployment,
    DeploymentMember,
    DeploymentMilestone,
    DeploymentObjective,
    DeploymentReport,
    ReportAttachment,
)
from tadrib.core.choices import Action


def deployments_for(user: Any, action: str = Action.VIEW) -> QuerySet[Deployment]:
    return Deployment.objects.for_user(user, action).select_related(
        "programme",
        "owner__nation",
        "supported_organisation__nation",
        "programme__host_organisation",
        "programme__partner_organisation",
    )


def deployment_members_for(user: Any, action: str = Action.VIEW) -> QuerySet[DeploymentMember]:
    return DeploymentMember.objects.for_user(user, action).select_related(
        "deployment", "person__rank", "person__nation"
    )


def deployment_objectives_for(
    user: Any, action: str = Action.VIEW
) -> QuerySet[DeploymentObjective]:
    return DeploymentObjective.objects.for_user(user, action).select_related("deployment")


def deployment_milestones_for(
    user: Any, action: str = Action.VIEW
) -> QuerySet[DeploymentMilestone]:
    return DeploymentMilestone.objects.for_user(user, action).select_related("deployment")


def deployment_reports_for(user: Any, action: str = Action.VIEW) -> QuerySet[DeploymentReport]:
    return (
        DeploymentReport.objects.for_user(user, action)
        .select_related("deployment")
        .prefetch_related(
            Prefetch("attachments", queryset=ReportAttachment.objects.order_by("title", "pk"))
        )
    )


def report_attachments_for(user: Any, action: str = Action.VIEW) -> QuerySet[ReportAttachment]:
    return ReportAttachment.objects.for_user(user, action).select_related("report__deployment")


# --- What the agreements app computes from deployments -------------------------------


def live_deployments_of(programme_id: int) -> QuerySet[Deployment]:
    """A programme's deployments that were not cancelled."""
    return Deployment.objects.filter(programme_id=programme_id).exclude(
        status=DeploymentStatus.CANCELLED
    )


def deployment_count(objective: Any) -> Decimal:
    """Indicator "advisory.deployments": the programme's deployments, not cancelled."""
    return Decimal(live_deployments_of(objective.programme_id).count())


def expert_count(objective: Any) -> Decimal:
    """Indicator "advisory.experts": distinct people on those deployments' teams."""
    deployments = live_deployments_of(objective.programme_id).values("pk")
    people = (
        DeploymentMember.objects.filter(deployment__in=deployments)
        .values("person_id")
        .distinct()
        .count()
    )
    return Decimal(people)


def report_count(objective: Any) -> Decimal:
    """Indicator of a deployment objective: the deployment's reports."""
    return Decimal(DeploymentReport.objects.filter(deployment_id=objective.deployment_id).count())


def completed_milestone_count(objective: Any) -> Decimal:
    """Indicator of a deployment objective: the deployment's milestones reached."""
    return Decimal(
        DeploymentMilestone.objects.filter(
            deployment_id=objective.deployment_id, completed_on__isnull=False
        ).count()
    )


def deployments_per_programme(user: Any, programme_ids: list[int]) -> dict[int, int]:
    """Per programme, the deployments the user may see (one query)."""
    rows = (
        Deployment.objects.for_user(user, Action.VIEW)
        .filter(programme_id__in=programme_ids)
        .order_by()
        .values("programme_id")
        .annotate(n=Count("pk"))
    )
    return {row["programme_id"]: row["n"] for row in rows}
