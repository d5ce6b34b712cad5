"""Writes of deployments and everything that hangs off them. Each goes through
the shared audited save; the few rules that span rows live here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
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
from tadrib.core.services import delete_audited, delete_document, save_audited, save_document
from tadrib.people.models import Person

if TYPE_CHECKING:
    from tadrib.accounts.models import User


def check_status_change(deployment: Deployment) -> None:
    """Refuse a status the transition table does not allow from the stored one."""
    if deployment._state.adding or deployment.status not in DeploymentStatus.values:
        return
    stored = Deployment.objects.filter(pk=deployment.pk).values_list("status", flat=True).first()
    if stored is None or stored == deployment.status:
        return
    if deployment.status not in DEPLOYMENT_TRANSITIONS.get(stored, frozenset()):
        raise ValidationError(
            {
                "status": _("A deployment that is “%(current)s” cannot become “%(target)s”.")
                % {
                    "current": DeploymentStatus(stored).label,
                    "target": DeploymentStatus(deployment.status).label,
                }
            }
        )


@transaction.atomic
def save_deployment(deployment: Deployment, *, actor: User | None) -> Deployment:
    check_status_change(deployment)
    return save_audited(deployment, actor=actor)


@transaction.atomic
def delete_deployment(deployment: Deployment, *, actor: User | None) -> None:
    """Delete a deployment with everything under it; the files of its reports'
    attachments go once the deletion is committed."""
    files = ReportAttachment.objects.filter(report__deployment=deployment)
    _delete_files_on_commit(list(files.values_list("file", flat=True)))
    delete_audited(deployment, actor=actor)


def _delete_files_on_commit(names: list[str]) -> None:
    storage = ReportAttachment._meta.get_field("file").storage  # type: ignore[attr-defined]
    for name in names:
        if name:
            transaction.on_commit(lambda n=name: storage.delete(n))  # type: ignore[misc]


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
    _delete_files_on_commit(list(report.attachments.values_list("file", flat=True)))
    delete_audited(report, actor=actor)


@transaction.atomic
def save_report_attachment(attachment: ReportAttachment, *, actor: User | None) -> ReportAttachment:
    """Save an attachment; a file it replaces is removed once committed."""
    replaced = None
    if not attachment._state.adding:
        replaced = (
            ReportAttachment.objects.filter(pk=attachment.pk).values_list("file", flat=True).first()
        )
    saved = save_document(attachment, actor=actor)
    if replaced and replaced != saved.file.name:
        _delete_files_on_commit([replaced])
    return saved


def delete_report_attachment(attachment: ReportAttachment, *, actor: User | None) -> None:
    delete_document(attachment, actor=actor)
