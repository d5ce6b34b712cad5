"""Reads of deployments and their parts, scoped to the user, joins declared;
and the counts the agreements app shows per programme."""

from __future__ import annotations

from collections.abc import Sequence
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
from tadrib.agreements.selectors import counts_by
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


def _live(deployments: QuerySet[Deployment]) -> QuerySet[Deployment]:
    return deployments.exclude(status=DeploymentStatus.CANCELLED)


def deployment_count(objectives: Sequence[Any]) -> dict[int, int]:
    """Indicator "advisory.deployments": each objective's programme's
    deployments, not cancelled (one query for all the objectives)."""
    rows = (
        _live(Deployment.objects.filter(programme_id__in={o.programme_id for o in objectives}))
        .order_by()
        .values_list("programme_id")
        .annotate(n=Count("pk"))
    )
    return counts_by(objectives, "programme_id", dict(rows))


def expert_count(objectives: Sequence[Any]) -> dict[int, int]:
    """Indicator "advisory.experts": distinct people on those deployments' teams."""
    rows = (
        DeploymentMember.objects.filter(
            deployment__programme_id__in={o.programme_id for o in objectives}
        )
        .exclude(deployment__status=DeploymentStatus.CANCELLED)
        .order_by()
        .values_list("deployment__programme_id")
        .annotate(n=Count("person_id", distinct=True))
    )
    return counts_by(objectives, "programme_id", dict(rows))


def report_count(objectives: Sequence[Any]) -> dict[int, int]:
    """Indicator of a deployment objective: the deployment's reports."""
    rows = (
        DeploymentReport.objects.filter(deployment_id__in={o.deployment_id for o in objectives})
        .order_by()
        .values_list("deployment_id")
        .annotate(n=Count("pk"))
    )
    return counts_by(objectives, "deployment_id", dict(rows))


def completed_milestone_count(objectives: Sequence[Any]) -> dict[int, int]:
    """Indicator of a deployment objective: the deployment's milestones reached."""
    rows = (
        DeploymentMilestone.objects.filter(
            deployment_id__in={o.deployment_id for o in objectives}, completed_on__isnull=False
        )
        .order_by()
        .values_list("deployment_id")
        .annotate(n=Count("pk"))
    )
    return counts_by(objectives, "deployment_id", dict(rows))


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
