"""Writes of deployments and everything that hangs off them. Each goes through
the shared audited save; the few rules that span rows live here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from tadrib.advisory.choices import DEPLOYMENT_TRANSITIONS, DeploymentStatus
from tadrib.advisory.models import (
    Deployment,
    DeploymentMember,
    DeploymentMilestone,
    DeploymentObjective,
    DeploymentReport,
    ReportAttachment,
)
from tadrib.core.services import (
    delete_audited,
    delete_document,
    delete_files_on_commit,
    refuse_illegal_transition,
    save_audited,
    save_document,
)
from tadrib.people.models import Person

if TYPE_CHECKING:
    from tadrib.accounts.models import User


def _allowed_step(stored: Deployment, deployment: Deployment) -> None:
    if stored.status != deployment.status:
        refuse_illegal_transition(
            DeploymentStatus,
            DEPLOYMENT_TRANSITIONS,
            stored.status,
            deployment.status,
            _("A deployment that is “%(current)s” cannot become “%(target)s”."),
        )


def save_deployment(deployment: Deployment, *, actor: User | None) -> Deployment:
    """Save a deployment; its status moves only along DEPLOYMENT_TRANSITIONS."""
    return save_audited(deployment, actor=actor, check_change=_allowed_step)


@transaction.atomic
def delete_deployment(deployment: Deployment, *, actor: User | None) -> None:
    """Delete a deployment with everything under it; the files of its reports'
    attachments go once the deletion is committed."""
    files = ReportAttachment.objects.filter(report__deployment=deployment)
    names = list(files.values_list("file", flat=True))
    delete_audited(deployment, actor=actor)
    delete_files_on_commit(ReportAttachment, names)


@transaction.atomic
def save_deployment_member(member: DeploymentMember, *, actor: User | None) -> DeploymentMember:
    """Save a member. The person's row is locked first, so that two saves
    putting the same person on overlapping deployments at the same moment run
    one after the other and the second sees the first (PostgreSQL; SQLite
    writes one at a time anyway)."""
    if member.person_id is not None:
        list(Person.objects.select_for_update().filter(pk=member.person_id).values_list("pk"))
    return save_audited(member, actor=actor)


def delete_deployment_member(member: DeploymentMember, *, actor: User | None) -> None:
    delete_audited(member, actor=actor)


def save_deployment_objective(
    objective: DeploymentObjective, *, actor: User | None
) -> DeploymentObjective:
    return save_audited(objective, actor=actor)


def delete_deployment_objective(objective: DeploymentObjective, *, actor: User | None) -> None:
    delete_audited(objective, actor=actor)


def save_deployment_milestone(
    milestone: DeploymentMilestone, *, actor: User | None
) -> DeploymentMilestone:
    return save_audited(milestone, actor=actor)


def delete_deployment_milestone(milestone: DeploymentMilestone, *, actor: User | None) -> None:
    delete_audited(milestone, actor=actor)


def save_deployment_report(report: DeploymentReport, *, actor: User | None) -> DeploymentReport:
    return save_audited(report, actor=actor)


@transaction.atomic
def delete_deployment_report(report: DeploymentReport, *, actor: User | None) -> None:
    """Delete a report with its attachments; their files go once committed."""
    names = list(report.attachments.values_list("file", flat=True))
    delete_audited(report, actor=actor)
    delete_files_on_commit(ReportAttachment, names)


def save_report_attachment(attachment: ReportAttachment, *, actor: User | None) -> ReportAttachment:
    return save_document(attachment, actor=actor)


def delete_report_attachment(attachment: ReportAttachment, *, actor: User | None) -> None:
    delete_document(attachment, actor=actor)
