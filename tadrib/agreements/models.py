"""Agreements between nations, their clauses and targets, and the programmes
run under them with objectives and milestones."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tadrib.agreements.choices import (
    AgreementKind,
    AgreementStatus,
    CooperationArea,
    DocumentKind,
    PartyRole,
    ProgrammeStatus,
    TargetPeriod,
)
from tadrib.core.fields import ChoiceListField
from tadrib.core.files import StoredDocument
from tadrib.core.models import MultilingualName, TadribModel
from tadrib.organisations.models import Organisation


def amount(label: Any, **options: Any) -> models.DecimalField:
    """A quantity or indicator value: up to ten digits and two decimals."""
    return models.DecimalField(label, max_digits=12, decimal_places=2, **options)


class Agreement(MultilingualName, TadribModel):
    """An accord, memorandum, contract or letter of offer between nations.

    The owner is the office that keeps the record; every party organisation
    (and the offices under and above it) reads it too."""

    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="agreements_kept",
        verbose_name=_("record kept by"),
    )
    reference = models.CharField(_("reference"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    summary = models.TextField(_("summary"), blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_at = models.CharField(_("place of signature"), max_length=120, blank=True)
    entry_into_force = models.DateField(_("entry into force"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AgreementStatus.choices,
        default=AgreementStatus.DRAFT,
        editable=False,
    )
    extends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="extensions",
        verbose_name=_("extends"),
    )

    owner_path_lookup = "owner__path"
    owner_field = "owner"
    shared_lookups: ClassVar = ("parties__organisation",)
    constraint_fields: ClassVar = {
        "agreements_agreement_unique_reference": "reference",
        "agreements_agreement_expiry_after_entry": "expires_on",
        "agreements_agreement_entry_after_signature": "entry_into_force",
        "agreements_agreement_not_own_extension": "extends",
    }

    class Meta:
        ordering = ["-signed_on", "reference"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "reference"],
                name="agreements_agreement_unique_reference",
                violation_error_code="agreements_agreement_unique_reference",
                violation_error_message=_(
                    "This office already has an agreement with this reference."
                ),
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(entry_into_force__isnull=True)
                | Q(expires_on__gt=F("entry_into_force")),
                name="agreements_agreement_expiry_after_entry",
                violation_error_code="agreements_agreement_expiry_after_entry",
                violation_error_message=_("The expiry date must come after entry into force."),
            ),
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True)
                | Q(entry_into_force__isnull=True)
                | Q(entry_into_force__gte=F("signed_on")),
                name="agreements_agreement_entry_after_signature",
                violation_error_code="agreements_agreement_entry_after_signature",
                violation_error_message=_(
                    "An agreement cannot enter into force before it is signed."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(extends=F("id")),
                name="agreements_agreement_not_own_extension",
                violation_error_code="agreements_agreement_not_own_extension",
                violation_error_message=_("An agreement cannot extend itself."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=AgreementKind.values),
                name="agreements_agreement_known_kind",
                violation_error_message=_("Unknown kind of agreement."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=AgreementStatus.values),
                name="agreements_agreement_known_status",
                violation_error_message=_("Unknown status."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.name}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        today = timezone.localdate()
        if (
            self.status == AgreementStatus.IN_FORCE
            and self.expires_on is not None
            and self.expires_on <= today
        ):
            errors["expires_on"] = _(
                "An agreement in force cannot have passed its expiry date; record it as expired."
            )
        if self.status != AgreementStatus.DRAFT and self.signed_on is None:
            errors["signed_on"] = _("A signed agreement needs its date of signature.")
        seen: set[int] = {self.pk} if self.pk else set()
        parent = self.extends if self.extends_id else None
        while parent is not None:
            if parent.pk in seen:
                errors["extends"] = _("An agreement cannot extend one that extends it.")
                break
            seen.add(parent.pk)
            parent = parent.extends if parent.extends_id else None
        if errors:
            raise ValidationError(errors)


class AgreementParty(TadribModel):
    """A nation's organisation that is party to an agreement, and its role."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="parties", verbose_name=_("agreement")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=12, choices=PartyRole.choices)
    signatory = models.CharField(_("signed by"), max_length=200, blank=True)

    owner_path_lookup = "agreement__owner__path"
    owner_field = "agreement"
    shared_lookups: ClassVar = ("agreement__parties__organisation",)
    foreign_organisation_fields: ClassVar = ("organisation",)
    constraint_fields: ClassVar = {"agreements_agreementparty_once": "organisation"}

    class Meta:
        ordering = ["agreement", "role", "pk"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"],
                name="agreements_agreementparty_once",
                violation_error_code="agreements_agreementparty_once",
                violation_error_message=_("This organisation is already a party to the agreement."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=PartyRole.values),
                name="agreements_agreementparty_known_role",
                violation_error_message=_("Unknown role."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.organisation_id and self.organisation.kind == "unit":
            raise ValidationError(
                {"organisation": _("A party is a ministry or an office, not a unit.")}
            )


class AgreementDocument(StoredDocument):
    """The signed text, a translation, an annex: a PDF served only to readers
    of the agreement."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="documents", verbose_name=_("agreement")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.SIGNED_TEXT
    )

    owner_path_lookup = "agreement__owner__path"
    owner_field = "agreement"
    shared_lookups: ClassVar = ("agreement__parties__organisation",)
    upload_folder = "agreements"

    class Meta:
        ordering = ["agreement", "kind", "title"]
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values),
                name="agreements_agreementdocument_known_kind",
                violation_error_message=_("Unknown kind of document."),
            ),
        ]


class Clause(TadribModel):
    """A cooperation area an agreement covers, with its text."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="clauses", verbose_name=_("agreement")
    )
    number = models.CharField(_("number"), max_length=20)
    areas = ChoiceListField(
        _("cooperation areas"), choices=CooperationArea.choices, blank=False, default=list
    )
    text = models.TextField(_("text"), blank=True)

    owner_path_lookup = "agreement__owner__path"
    owner_field = "agreement"
    shared_lookups: ClassVar = ("agreement__parties__organisation",)
    constraint_fields: ClassVar = {
        "agreements_clause_unique_number": "number",
        "agreements_clause_has_area": "areas",
    }

    class Meta:
        ordering = ["agreement", "number"]
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                name="agreements_clause_unique_number",
                violation_error_code="agreements_clause_unique_number",
                violation_error_message=_("The agreement already has a clause with this number."),
            ),
            models.CheckConstraint(
                condition=~Q(areas=""),
                name="agreements_clause_has_area",
                violation_error_code="agreements_clause_has_area",
                violation_error_message=_("Name at least one cooperation area."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.reference} §{self.number} {self.get_areas_display()}"  # type: ignore[attr-defined]


class ClauseTarget(TadribModel):
    """A measurable commitment under a clause ("40 personnel trained per year
    in demining")."""

    clause = models.ForeignKey(
        Clause, on_delete=models.CASCADE, related_name="targets", verbose_name=_("clause")
    )
    indicator = models.CharField(_("indicator"), max_length=200)
    quantity = amount(_("quantity"), validators=[MinValueValidator(Decimal("0.01"))])
    period = models.CharField(
        _("period"), max_length=10, choices=TargetPeriod.choices, default=TargetPeriod.TOTAL
    )

    owner_path_lookup = "clause__agreement__owner__path"
    owner_field = "clause"
    shared_lookups: ClassVar = ("clause__agreement__parties__organisation",)

    class Meta:
        ordering = ["clause", "indicator"]
        verbose_name = _("clause target")
        verbose_name_plural = _("clause targets")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="agreements_clausetarget_positive",
                violation_error_message=_("A target is a positive quantity."),
            ),
            models.CheckConstraint(
                condition=Q(period__in=TargetPeriod.values),
                name="agreements_clausetarget_known_period",
                violation_error_message=_("Unknown period."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.quantity.normalize():f} {self.get_period_display()}"


class Programme(MultilingualName, TadribModel):
    """What a host and a partner run under one clause. Course sessions,
    deployments and transfers belong to a programme, so progress is reported
    per clause."""

    code = models.CharField(_("code"), max_length=40)
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="programmes_managed",
        verbose_name=_("managed by"),
    )
    clause = models.ForeignKey(
        Clause, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("clause")
    )
    host_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="programmes_hosted",
        verbose_name=_("host"),
    )
    partner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="programmes_received",
        verbose_name=_("partner"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ProgrammeStatus.choices, default=ProgrammeStatus.PLANNED
    )
    description = models.TextField(_("description"), blank=True)

    owner_path_lookup = "owner__path"
    owner_field = "owner"
    shared_lookups: ClassVar = ("host_organisation", "partner_organisation")
    foreign_organisation_fields: ClassVar = ("host_organisation", "partner_organisation")
    constraint_fields: ClassVar = {
        "agreements_programme_unique_code": "code",
        "agreements_programme_ends_after_start": "ends_on",
    }

    class Meta:
        ordering = ["code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "code"],
                name="agreements_programme_unique_code",
                violation_error_code="agreements_programme_unique_code",
                violation_error_message=_("This office already runs a programme with this code."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="agreements_programme_ends_after_start",
                violation_error_code="agreements_programme_ends_after_start",
                violation_error_message=_("A programme cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProgrammeStatus.values),
                name="agreements_programme_known_status",
                violation_error_message=_("Unknown status."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        host = self.host_organisation if self.host_organisation_id else None
        partner = self.partner_organisation if self.partner_organisation_id else None
        if host and partner and host.nation_id == partner.nation_id:
            errors["partner_organisation"] = _("Host and partner belong to different nations.")
        for name, org in (("host_organisation", host), ("partner_organisation", partner)):
            if org is not None and org.kind == "unit":
                errors[name] = _("Name a ministry, office, academy or facility, not a unit.")
        if errors:
            raise ValidationError(errors)


class ObjectiveBase(TadribModel):
    """An objective measured by an indicator: baseline, target, current value.

    ``source`` names a registered computation (``agreements.selectors``) that
    gives the current value from real records; empty means typed in."""

    title = models.CharField(_("objective"), max_length=200)
    indicator = models.CharField(_("indicator"), max_length=200)
    baseline = amount(_("baseline"), default=Decimal(0))
    target = amount(_("target"))
    current = amount(_("current value"), default=Decimal(0))
    source = models.CharField(
        _("computed from"),
        max_length=60,
        blank=True,
        help_text=_("Leave empty to type the current value in."),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from tadrib.agreements.selectors import indicator_sources

        errors: dict[str, Any] = {}
        if self.target is not None and self.baseline is not None and self.target == self.baseline:
            errors["target"] = _("The target must differ from the baseline.")
        if self.source and self.source not in indicator_sources(type(self)):
            errors["source"] = _("Unknown computation.")
        if errors:
            raise ValidationError(errors)


class MilestoneBase(TadribModel):
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("What shows it was reached: a document, a report.")
    )

    constraint_fields: ClassVar = {"milestone_evidence_when_completed": "evidence"}

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | ~Q(evidence=""),
                name="%(app_label)s_%(class)s_evidence_when_completed",
                violation_error_code="milestone_evidence_when_completed",
                violation_error_message=_("Say what shows the milestone was reached."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.completed_on is None and self.due_on < timezone.localdate()


class ProgrammeObjective(ObjectiveBase):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("programme")
    )
    clause_target = models.ForeignKey(
        ClauseTarget,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name=_("clause target"),
    )

    owner_path_lookup = "programme__owner__path"
    owner_field = "programme"
    shared_lookups: ClassVar = ("programme__host_organisation", "programme__partner_organisation")

    class Meta:
        ordering = ["programme", "pk"]
        verbose_name = _("programme objective")
        verbose_name_plural = _("programme objectives")

    def clean(self) -> None:
        super().clean()
        if (
            self.clause_target is not None
            and self.programme_id
            and self.clause_target.clause_id != self.programme.clause_id
        ):
            raise ValidationError(
                {"clause_target": _("Choose a target of the clause this programme runs under.")}
            )


class ProgrammeMilestone(MilestoneBase):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("programme")
    )

    owner_path_lookup = "programme__owner__path"
    owner_field = "programme"
    shared_lookups: ClassVar = ("programme__host_organisation", "programme__partner_organisation")

    class Meta(MilestoneBase.Meta):
        ordering = ["programme", "due_on", "pk"]
        verbose_name = _("programme milestone")
        verbose_name_plural = _("programme milestones")
