"""What the host records during a course: assessments, grades, attendance and
incidents."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tadrib.core.models import TadribModel
from tadrib.training.choices import (
    AttendanceStatus,
    IncidentKind,
    IncidentSeverity,
)
from tadrib.training.models.base import COURSE_RECORDS_POLICY
from tadrib.training.models.catalogue import Session
from tadrib.training.models.nominations import Nomination


class Assessment(TadribModel):
    """An assessed piece of a session (exam, exercise, paper), with its weight
    in the final grade."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("session")
    )
    title = models.CharField(_("title"), max_length=200)
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )
    max_score = models.DecimalField(
        _("maximum score"),
        max_digits=7,
        decimal_places=2,
        default=Decimal(100),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    held_on = models.DateField(_("held on"), null=True, blank=True)

    owner_path_lookup = "session__course__institution__path"
    owner_field = "session"
    access_policy: ClassVar = COURSE_RECORDS_POLICY
    constraint_fields: ClassVar = {
        "training_assessment_weight_range": "weight",
        "training_assessment_max_score_positive": "max_score",
    }

    class Meta:
        ordering = ["session", "held_on", "pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gt=0, weight__lte=100),
                name="training_assessment_weight_range",
                violation_error_code="training_assessment_weight_range",
                violation_error_message=_("A weight is a percentage above 0 and up to 100."),
            ),
            models.CheckConstraint(
                condition=Q(max_score__gt=0),
                name="training_assessment_max_score_positive",
                violation_error_code="training_assessment_max_score_positive",
                violation_error_message=_("The maximum score is above 0."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.title}"

    def clean(self) -> None:
        session = self.session if self.session_id else None
        if session is None or self.weight is None:
            return
        others = session.assessments.exclude(pk=self.pk).aggregate(total=models.Sum("weight"))
        total = (others["total"] or Decimal(0)) + self.weight
        if total > 100:
            raise ValidationError(
                {
                    "weight": gettext(
                        "The weights of this session's assessments would add up to %(total)s%%."
                    )
                    % {"total": total}
                }
            )
        if self.held_on and not (session.starts_on <= self.held_on <= session.ends_on):
            raise ValidationError({"held_on": _("An assessment is held during its session.")})


class HostRecord(TadribModel):
    """A record the host keeps on one trainee (a grade, a day's attendance, an
    incident): owned by the course's institution, read by the nominating
    organisation."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="+", verbose_name=_("nomination")
    )

    owner_path_lookup = "nomination__course__institution__path"
    owner_field = "nomination"
    shared_lookups: ClassVar = ("nomination__owner",)
    access_policy: ClassVar = COURSE_RECORDS_POLICY

    class Meta:
        abstract = True

    def trainee_errors(self) -> dict[str, Any]:
        nomination = self.nomination if self.nomination_id else None
        if nomination is not None and nomination.session_id is None:
            return {"nomination": _("This nomination has no session yet.")}
        return {}


class Grade(HostRecord):
    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="grades", verbose_name=_("nomination")
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="grades", verbose_name=_("assessment")
    )
    score = models.DecimalField(
        _("score"), max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    comment = models.CharField(_("comment"), max_length=200, blank=True)

    constraint_fields: ClassVar = {
        "training_grade_one_per_assessment": "assessment",
        "training_grade_score_not_negative": "score",
    }

    class Meta:
        ordering = ["assessment", "nomination"]
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "nomination"],
                name="training_grade_one_per_assessment",
                violation_error_code="training_grade_one_per_assessment",
                violation_error_message=_("This trainee already has a grade for this assessment."),
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0),
                name="training_grade_score_not_negative",
                violation_error_code="training_grade_score_not_negative",
                violation_error_message=_("A score is not negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomination.person} · {self.assessment.title}: {self.score}"

    def clean(self) -> None:
        errors = self.trainee_errors()
        assessment = self.assessment if self.assessment_id else None
        if (
            assessment is not None
            and not errors
            and self.nomination_id
            and assessment.session_id != self.nomination.session_id
        ):
            errors["assessment"] = _("This assessment belongs to another session.")
        if assessment is not None and self.score is not None and self.score > assessment.max_score:
            errors["score"] = gettext("The maximum score is %(max)s.") % {
                "max": assessment.max_score
            }
        if errors:
            raise ValidationError(errors)


class Attendance(HostRecord):
    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("nomination"),
    )
    on = models.DateField(_("day"))
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    constraint_fields: ClassVar = {"training_attendance_one_per_day": "on"}

    class Meta:
        ordering = ["nomination", "on"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "on"],
                name="training_attendance_one_per_day",
                violation_error_code="training_attendance_one_per_day",
                violation_error_message=_("Attendance for this trainee on this day is recorded."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=AttendanceStatus.values),
                name="training_attendance_known_status",
                violation_error_message=_("Unknown attendance."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomination.person} · {self.on.isoformat()} · {self.get_status_display()}"

    def clean(self) -> None:
        errors = self.trainee_errors()
        if not errors and self.nomination_id and self.on:
            session = self.nomination.session
            if session is not None and not (session.starts_on <= self.on <= session.ends_on):
                errors["on"] = _("This day is outside the session's dates.")
        if errors:
            raise ValidationError(errors)


class Incident(HostRecord):
    """Something that happened to or was done by a trainee during training,
    reported to the sending nation (which reads it at once)."""

    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.CASCADE,
        related_name="incidents",
        verbose_name=_("nomination"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=IncidentKind.choices)
    severity = models.CharField(
        _("severity"),
        max_length=10,
        choices=IncidentSeverity.choices,
        default=IncidentSeverity.MINOR,
    )
    occurred_at = models.DateTimeField(_("occurred at"))
    absence_hours = models.PositiveSmallIntegerField(
        _("hours absent"),
        null=True,
        blank=True,
        help_text=_("For an unauthorised absence: more than 24 hours."),
    )
    description = models.TextField(_("description"))
    action_taken = models.TextField(_("action taken"), blank=True)
    reported_on = models.DateField(
        _("reported to the sending nation on"), null=True, blank=True, editable=False
    )

    constraint_fields: ClassVar = {"training_incident_absence_over_a_day": "absence_hours"}

    class Meta:
        ordering = ["-occurred_at", "pk"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="unauthorised_absence") | Q(absence_hours__gt=24),
                name="training_incident_absence_over_a_day",
                violation_error_code="training_incident_absence_over_a_day",
                violation_error_message=_(
                    "An unauthorised absence is an incident when it lasts more than 24 hours; "
                    "record shorter ones as attendance."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=IncidentKind.values),
                name="training_incident_known_kind",
                violation_error_message=_("Unknown kind."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomination.person} · {self.get_kind_display()}"

    def clean(self) -> None:
        errors = self.trainee_errors()
        if errors:
            raise ValidationError(errors)
