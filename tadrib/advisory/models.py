"""Technical assistance: teams of host experts deployed to a partner
organisation, with their members, objectives, milestones and periodic reports."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tadrib.advisory.choices import DeploymentArea, DeploymentStatus, MemberRole
from tadrib.agreements.models import MilestoneBase, ObjectiveBase, Programme
from tadrib.core.fields import ChoiceListField
from tadrib.core.files import StoredDocument
from tadrib.core.models import MultilingualName, TadribModel
from tadrib.organisations.models import Organisation
from tadrib.people.models import Person

# Who reads a deployment besides its owner: the partner organisation it
# supports and the programme's two parties (and the offices above them).
DEPLOYMENT_SHARED = (
    "supported_organisation",
    "programme__host_organisation",
    "programme__partner_organisation",
)


def _shared(prefix: str) -> tuple[str, ...]:
    return tuple(f"{prefix}{lookup}" for lookup in DEPLOYMENT_SHARED)


class Deployment(MultilingualName, TadribModel):
    """A team of host experts sent to a partner organisation under a programme."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="deployments",
        verbose_name=_("programme"),
    )
    code = models.CharField(_("code"), max_length=40)
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="deployments_sent",
        verbose_name=_("sent by"),
        help_text=_("The host organisation that sends the team."),
    )
    supported_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="deployments_supported",
        verbose_name=_("supported organisation"),
        help_text=_("The partner organisation the team works with."),
    )
    mission = models.TextField(_("mission"))
    areas = ChoiceListField(_("areas"), choices=DeploymentArea.choices, blank=False, max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=DeploymentStatus.choices,
        default=DeploymentStatus.PLANNED,
    )

    owner_path_lookup = "owner__path"
    owner_field = "owner"
    shared_lookups: ClassVar = DEPLOYMENT_SHARED
    foreign_organisation_fields: ClassVar = ("supported_organisation",)
    constraint_fields: ClassVar = {
        "advisory_deployment_unique_code": "code",
        "advisory_deployment_ends_after_start": "ends_on",
        "advisory_deployment_has_area": "areas",
    }

    class Meta:
        ordering = ["-starts_on", "code"]
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "code"],
                name="advisory_deployment_unique_code",
                violation_error_code="advisory_deployment_unique_code",
                violation_error_message=_(
                    "This organisation already has a deployment with this code."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="advisory_deployment_ends_after_start",
                violation_error_code="advisory_deployment_ends_after_start",
                violation_error_message=_("A deployment cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(areas=""),
                name="advisory_deployment_has_area",
                violation_error_code="advisory_deployment_has_area",
                violation_error_message=_("Choose at least one area."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeploymentStatus.values),
                name="advisory_deployment_known_status",
                violation_error_code="advisory_deployment_known_status",
                violation_error_message=_("Unknown status."),
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "status"], name="advisory_deployment_prog_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        programme = self.programme if self.programme_id else None
        owner = self.owner if self.owner_id else None
        supported = self.supported_organisation if self.supported_organisation_id else None
        if (
            programme is not None
            and owner is not None
            and owner.nation_id != programme.host_organisation.nation_id
        ):
            errors["owner"] = _(
                "The team is sent by an organisation of the programme's host nation."
            )
        if supported is not None:
            if supported.kind == "unit":
                errors["supported_organisation"] = _(
                    "Name a ministry, office, academy or facility, not a unit."
                )
            elif (
                programme is not None
                and supported.nation_id != programme.partner_organisation.nation_id
            ):
                errors["supported_organisation"] = _(
                    "The supported organisation belongs to the programme's partner nation."
                )
        if self.pk and self.starts_on and self.ends_on and self.ends_on >= self.starts_on:
            outside = self.members.filter(
                Q(starts_on__lt=self.starts_on) | Q(ends_on__gt=self.ends_on)
            ).exists()
            if outside:
                errors["starts_on"] = _(
                    "Some members' dates fall outside these dates; change theirs first."
                )
        if errors:
            raise ValidationError(errors)


class DeploymentMember(TadribModel):
    """A person on a deployment's team, in a role, for a span of days."""

    deployment = models.ForeignKey(
        Deployment, on_delete=models.CASCADE, related_name="members", verbose_name=_("deployment")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="deployment_memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    owner_path_lookup = "deployment__owner__path"
    owner_field = "deployment"
    shared_lookups: ClassVar = _shared("deployment__")
    constraint_fields: ClassVar = {"advisory_deploymentmember_ends_after_start": "ends_on"}

    class Meta:
        ordering = ["deployment", "starts_on", "pk"]
        verbose_name = _("deployment member")
        verbose_name_plural = _("deployment members")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="advisory_deploymentmember_ends_after_start",
                violation_error_code="advisory_deploymentmember_ends_after_start",
                violation_error_message=_("A member cannot leave before arriving."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=MemberRole.values),
                name="advisory_deploymentmember_known_role",
                violation_error_code="advisory_deploymentmember_known_role",
                violation_error_message=_("Unknown role."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["person", "starts_on", "ends_on"], name="advisory_member_person_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        deployment = self.deployment if self.deployment_id else None
        person = self.person if self.person_id else None
        if (
            deployment is not None
            and person is not None
            and person.nation_id != deployment.owner.nation_id
        ):
            errors["person"] = _("A member is of the nation of the organisation sending the team.")
        if deployment is not None:
            if self.starts_on and self.starts_on < deployment.starts_on:
                errors["starts_on"] = gettext(
                    "The deployment starts on %(date)s; a member cannot start before."
                ) % {"date": deployment.starts_on.isoformat()}
            if self.ends_on and self.ends_on > deployment.ends_on:
                errors["ends_on"] = gettext(
                    "The deployment ends on %(date)s; a member cannot stay longer."
                ) % {"date": deployment.ends_on.isoformat()}
        if (
            person is not None
            and "person" not in errors
            and self.starts_on
            and self.ends_on
            and self.ends_on >= self.starts_on
        ):
            clash = self.overlapping().first()
            if clash is not None:
                errors["person"] = gettext(
                    "%(person)s is already on deployment %(deployment)s from %(start)s to %(end)s."
                ) % {
                    "person": person,
                    "deployment": clash.deployment,
                    "start": clash.starts_on.isoformat(),
                    "end": clash.ends_on.isoformat(),
                }
        if errors:
            raise ValidationError(errors)

    def overlapping(self) -> models.QuerySet[DeploymentMember]:
        """The same person's other memberships whose days meet this one's."""
        found = DeploymentMember.objects.filter(
            person_id=self.person_id,
            starts_on__lte=self.ends_on,
            ends_on__gte=self.starts_on,
        ).select_related("deployment")
        if self.pk is not None:
            found = found.exclude(pk=self.pk)
        return found.order_by("starts_on", "pk")


class DeploymentObjective(ObjectiveBase):
    deployment = models.ForeignKey(
        Deployment,
        on_delete=models.CASCADE,
        related_name="objectives",
        verbose_name=_("deployment"),
    )

    owner_path_lookup = "deployment__owner__path"
    owner_field = "deployment"
    shared_lookups: ClassVar = _shared("deployment__")

    class Meta:
        ordering = ["deployment", "pk"]
        verbose_name = _("deployment objective")
        verbose_name_plural = _("deployment objectives")


class DeploymentMilestone(MilestoneBase):
    deployment = models.ForeignKey(
        Deployment,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("deployment"),
    )

    owner_path_lookup = "deployment__owner__path"
    owner_field = "deployment"
    shared_lookups: ClassVar = _shared("deployment__")

    class Meta(MilestoneBase.Meta):
        ordering = ["deployment", "due_on", "pk"]
        verbose_name = _("deployment milestone")
        verbose_name_plural = _("deployment milestones")


class DeploymentReport(TadribModel):
    """A periodic report of the team: what it did in a period."""

    deployment = models.ForeignKey(
        Deployment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("deployment")
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    narrative = models.TextField(_("narrative"))
    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)

    owner_path_lookup = "deployment__owner__path"
    owner_field = "deployment"
    shared_lookups: ClassVar = _shared("deployment__")
    constraint_fields: ClassVar = {
        "advisory_deploymentreport_period_ends_after_start": "period_end"
    }

    class Meta:
        ordering = ["deployment", "-period_start", "pk"]
        verbose_name = _("deployment report")
        verbose_name_plural = _("deployment reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="advisory_deploymentreport_period_ends_after_start",
                violation_error_code="advisory_deploymentreport_period_ends_after_start",
                violation_error_message=_("A report's period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.period_start} – {self.period_end})"

    def clean(self) -> None:
        if self.submitted_on and self.period_start and self.submitted_on < self.period_start:
            raise ValidationError(
                {"submitted_on": _("A report cannot be submitted before its period starts.")}
            )


class ReportAttachment(StoredDocument):
    """A PDF attached to a deployment report, served only to its readers."""

    report = models.ForeignKey(
        DeploymentReport,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("report"),
    )
    upload_folder: ClassVar[str] = "advisory"  # advisory/<year>/<random>.pdf

    owner_path_lookup = "report__deployment__owner__path"
    owner_field = "report"
    shared_lookups: ClassVar = _shared("report__deployment__")

    class Meta:
        ordering = ["report", "title", "pk"]
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")
