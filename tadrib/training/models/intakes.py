"""Seat allocation: intakes, their institutions, acceptable sessions of a
nomination, allocation runs (docs/allocation.md)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tadrib.core.models import TadribModel
from tadrib.organisations.models import Organisation
from tadrib.training.choices import (
    HOST_VISIBLE,
    IntakeStatus,
    RunStage,
    RunStatus,
)
from tadrib.training.models.base import CATALOGUE_POLICY, CODE, NOMINATION_POLICY
from tadrib.training.models.catalogue import Course, Session
from tadrib.training.models.nominations import Nomination


class Intake(TadribModel):
    """A round of seat allocation run by a host's cooperation office or
    training directorate: the sessions of its institutions that start within
    a window, and the approved nominations to them."""

    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="intakes",
        verbose_name=_("allocating office"),
    )
    code = models.CharField(_("code"), max_length=40, validators=[CODE])
    name = models.CharField(_("name"), max_length=200)
    starts_from = models.DateField(
        _("sessions starting from"), help_text=_("The first start date of the window.")
    )
    starts_until = models.DateField(
        _("sessions starting until"), help_text=_("The last start date of the window.")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=IntakeStatus.choices, default=IntakeStatus.OPEN
    )
    note = models.TextField(_("note"), blank=True)

    owner_path_lookup = "owner__path"
    owner_field = "owner"
    access_policy: ClassVar = CATALOGUE_POLICY
    constraint_fields: ClassVar = {
        "training_intake_unique_code": "code",
        "training_intake_window_order": "starts_until",
    }

    class Meta:
        ordering = ["-starts_from", "code"]
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "code"],
                name="training_intake_unique_code",
                violation_error_code="training_intake_unique_code",
                violation_error_message=_("This office already has an intake with this code."),
            ),
            models.CheckConstraint(
                condition=Q(starts_until__gte=F("starts_from")),
                name="training_intake_window_order",
                violation_error_code="training_intake_window_order",
                violation_error_message=_("The window cannot end before it begins."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=IntakeStatus.values),
                name="training_intake_known_status",
                violation_error_message=_("Unknown status."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class IntakeInstitution(TadribModel):
    """A host institution whose sessions an intake allocates."""

    intake = models.ForeignKey(
        Intake, on_delete=models.CASCADE, related_name="host_institutions", verbose_name=_("intake")
    )
    institution = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="intake_links",
        verbose_name=_("institution"),
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the institution's contact for this intake."),
    )

    owner_path_lookup = "intake__owner__path"
    owner_field = "intake"
    access_policy: ClassVar = CATALOGUE_POLICY
    constraint_fields: ClassVar = {"training_intakeinstitution_unique": "institution"}

    class Meta:
        ordering = ["intake", "institution__code"]
        verbose_name = _("intake institution")
        verbose_name_plural = _("intake institutions")
        constraints = [
            models.UniqueConstraint(
                fields=["intake", "institution"],
                name="training_intakeinstitution_unique",
                violation_error_code="training_intakeinstitution_unique",
                violation_error_message=_("This institution is already part of the intake."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intake.code} · {self.institution.code}"

    def clean(self) -> None:
        intake = self.intake if self.intake_id else None
        institution = self.institution if self.institution_id else None
        if intake is None or institution is None:
            return
        if institution.nation_id != intake.owner.nation_id:
            raise ValidationError(
                {"institution": _("An intake allocates seats of its own nation's institutions.")}
            )
        if institution.kind == "unit":
            raise ValidationError(
                {"institution": _("Courses are given by academies, schools and facilities.")}
            )


class NominationChoice(TadribModel):
    """A session a nomination accepts besides the one it names, with its
    weight (higher is more important). Kept by the nominating office."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="choices", verbose_name=_("nomination")
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="choices", verbose_name=_("session")
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("1 to 1000; higher is more important."),
    )

    owner_path_lookup = "nomination__owner__path"
    owner_field = "nomination"
    access_policy: ClassVar = NOMINATION_POLICY
    constraint_fields: ClassVar = {
        "training_nominationchoice_unique": "session",
        "training_nominationchoice_weight_range": "weight",
    }

    class Meta:
        ordering = ["nomination", "-weight", "session__starts_on"]
        verbose_name = _("acceptable session")
        verbose_name_plural = _("acceptable sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "session"],
                name="training_nominationchoice_unique",
                violation_error_code="training_nominationchoice_unique",
                violation_error_message=_("This nomination already accepts this session."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=1000),
                name="training_nominationchoice_weight_range",
                violation_error_code="training_nominationchoice_weight_range",
                violation_error_message=_("A weight runs from 1 to 1000."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomination} · {self.session.code} ({self.weight})"

    @classmethod
    def share_condition(cls, below: Any, above: list[int]) -> Q:
        # The host reads a nomination's choices once it reads the nomination.
        courses = Course.objects.filter(Q(institution__in=below) | Q(institution__in=above))
        return Q(nomination__status__in=sorted(HOST_VISIBLE)) & Q(
            nomination__course_id__in=courses.values("pk")
        )

    def clean(self) -> None:
        nomination = self.nomination if self.nomination_id else None
        session = self.session if self.session_id else None
        if nomination is None or session is None:
            return
        if session.course_id != nomination.course_id:
            raise ValidationError({"session": _("This session runs another course.")})
        if session.pk == nomination.session_id:
            raise ValidationError(
                {
                    "session": _(
                        "The nomination names this session already; its weight is the "
                        "nomination's priority."
                    )
                }
            )


class AllocationRun(TadribModel):
    """One computation of an intake's allocation: the exact input given to the
    solver, its result with the explanations, and who ran and confirmed it.
    Created only by ``allocation_services.start_run``; never edited or deleted
    (its status moves through the services)."""

    intake = models.ForeignKey(
        Intake, on_delete=models.PROTECT, related_name="runs", verbose_name=_("intake")
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("previous run"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RunStatus.choices,
        default=RunStatus.QUEUED,
        editable=False,
    )
    stage = models.CharField(
        _("stage"), max_length=12, choices=RunStage.choices, default=RunStage.QUEUED, editable=False
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, editable=False)
    problem = models.JSONField(_("input"), default=dict, blank=True, editable=False)
    input_digest = models.CharField(_("input digest (SHA-256)"), max_length=64, editable=False)
    excluded = models.JSONField(
        _("left out before solving"), default=list, blank=True, editable=False
    )
    result = models.JSONField(_("result"), null=True, blank=True, editable=False)
    objective = models.BigIntegerField(_("total weight given"), null=True, editable=False)
    nomination_count = models.PositiveIntegerField(_("nominations"), default=0, editable=False)
    assigned_count = models.PositiveIntegerField(_("seats given"), null=True, editable=False)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("run by"),
    )
    started_at = models.DateTimeField(_("started at"), null=True, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, editable=False)
    error = models.TextField(_("error"), blank=True, editable=False)

    owner_path_lookup = "intake__owner__path"
    owner_field = "intake"
    access_policy: ClassVar = CATALOGUE_POLICY
    # The input and the result can be large; the trail keeps the digest, the
    # objective and the counts, which identify them.
    audit_exclude: ClassVar = TadribModel.audit_exclude | {
        "problem",
        "excluded",
        "result",
        "stage",
        "progress",
    }
    constraint_fields: ClassVar = {
        "training_allocationrun_one_under_way": "intake",
        "training_allocationrun_progress_range": "progress",
    }

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        constraints = [
            models.UniqueConstraint(
                fields=["intake"],
                condition=Q(status__in=["queued", "running"]),
                name="training_allocationrun_one_under_way",
                violation_error_code="training_allocationrun_one_under_way",
                violation_error_message=_(
                    "A run of this intake is already under way; wait for it to finish."
                ),
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="training_allocationrun_progress_range",
                violation_error_code="training_allocationrun_progress_range",
                violation_error_message=_("Progress is a percentage from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_at__isnull=False),
                name="training_allocationrun_confirmed_has_time",
                violation_error_code="training_allocationrun_confirmed_has_time",
                violation_error_message=_("A confirmed run records when it was confirmed."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=RunStatus.values),
                name="training_allocationrun_known_status",
                violation_error_message=_("Unknown status."),
            ),
        ]
        indexes = [
            models.Index(fields=["intake", "-created_at"], name="training_run_intake_idx"),
        ]

    def __str__(self) -> str:
        return gettext("Run %(number)s of %(intake)s") % {
            "number": self.pk or "—",
            "intake": self.intake.code if self.intake_id else "—",
        }

    @property
    def under_way(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)
