"""The course catalogue of host institutions: courses, prerequisites,
sessions and the seats set aside per partner nation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tadrib.agreements.models import Programme
from tadrib.core.models import MultilingualName, TadribModel
from tadrib.organisations.models import Nation, Organisation
from tadrib.people.choices import Language, NatoRankCode, nato_seniority
from tadrib.people.models import Qualification
from tadrib.training.choices import (
    CourseLevel,
    SessionStatus,
    TrainingArea,
)
from tadrib.training.models.base import CATALOGUE_POLICY, STANAG_PROFILE, catalogue_condition


class Course(MultilingualName, TadribModel):
    """A catalogue entry of a host institution."""

    institution = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=_("institution"),
    )
    code = models.CharField(
        _("code"),
        max_length=40,
        validators=[
            RegexValidator(
                r"^[A-Z0-9][A-Z0-9._/-]*$", _("Use capital letters, digits, '.', '/', '-' or '_'.")
            )
        ],
    )
    area = models.CharField(_("area"), max_length=20, choices=TrainingArea.choices)
    level = models.CharField(_("level"), max_length=12, choices=CourseLevel.choices)
    language = models.CharField(
        _("language of instruction"), max_length=5, choices=Language.choices
    )
    min_language_profile = models.CharField(
        _("minimum language level"),
        max_length=4,
        blank=True,
        validators=[STANAG_PROFILE],
        help_text=_("STANAG 6001 profile in the language of instruction, e.g. 3222."),
    )
    language_preparation = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prepares_for",
        verbose_name=_("language-preparation course"),
        help_text=_("Taken first by nominees below the minimum language level."),
    )
    duration_days = models.PositiveSmallIntegerField(
        _("duration (days)"), validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    min_rank = models.CharField(
        _("lowest rank"), max_length=6, choices=NatoRankCode.choices, blank=True
    )
    max_rank = models.CharField(
        _("highest rank"), max_length=6, choices=NatoRankCode.choices, blank=True
    )
    qualification = models.ForeignKey(
        Qualification,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("qualification awarded"),
    )
    ects_credits = models.DecimalField(
        _("ECTS credits"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    framework_refs = models.CharField(
        _("framework references"),
        max_length=200,
        blank=True,
        help_text=_("Free codes, e.g. a NATO ETOC course number."),
    )
    pass_mark = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(60),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    description = models.TextField(_("description"), blank=True)

    owner_path_lookup = "institution__path"
    owner_field = "institution"
    access_policy: ClassVar = CATALOGUE_POLICY
    constraint_fields: ClassVar = {
        "training_course_unique_code": "code",
        "training_course_not_own_preparation": "language_preparation",
        "training_course_pass_mark_range": "pass_mark",
    }

    class Meta:
        ordering = ["code"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "code"],
                name="training_course_unique_code",
                violation_error_code="training_course_unique_code",
                violation_error_message=_("This institution already has a course with this code."),
            ),
            models.CheckConstraint(
                condition=~Q(language_preparation=F("id")),
                name="training_course_not_own_preparation",
                violation_error_code="training_course_not_own_preparation",
                violation_error_message=_("A course cannot prepare for itself."),
            ),
            models.CheckConstraint(
                condition=Q(pass_mark__gte=0, pass_mark__lte=100),
                name="training_course_pass_mark_range",
                violation_error_code="training_course_pass_mark_range",
                violation_error_message=_("The pass mark is a percentage from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=Q(area__in=TrainingArea.values),
                name="training_course_known_area",
                violation_error_message=_("Unknown area."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @classmethod
    def share_condition(cls, below: Any, above: list[int]) -> Q:
        return catalogue_condition("institution", below, above)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if (
            self.min_rank
            and self.max_rank
            and nato_seniority(self.min_rank) > nato_seniority(self.max_rank)
        ):
            errors["max_rank"] = _("The highest rank is below the lowest.")
        preparation = self.language_preparation if self.language_preparation_id else None
        if preparation is not None:
            if self.pk and preparation.pk == self.pk:
                errors["language_preparation"] = _("A course cannot prepare for itself.")
            elif preparation.area != TrainingArea.LANGUAGE:
                errors["language_preparation"] = _("Choose a course of the language area.")
            elif preparation.language != self.language:
                errors["language_preparation"] = _(
                    "The preparation course teaches another language."
                )
        if self.institution_id and self.institution.kind == "unit":
            errors["institution"] = _("Courses are given by academies, schools and facilities.")
        if errors:
            raise ValidationError(errors)


class CoursePrerequisite(TadribModel):
    """A course that must be completed (its qualification held) first."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="prerequisites", verbose_name=_("course")
    )
    required = models.ForeignKey(
        Course,
        on_delete=models.PROTECT,
        related_name="required_by",
        verbose_name=_("required course"),
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “or an equivalent national course”."),
    )

    owner_path_lookup = "course__institution__path"
    owner_field = "course"
    access_policy: ClassVar = CATALOGUE_POLICY
    constraint_fields: ClassVar = {
        "training_courseprerequisite_unique": "required",
        "training_courseprerequisite_not_itself": "required",
    }

    class Meta:
        ordering = ["course", "required__code"]
        verbose_name = _("prerequisite")
        verbose_name_plural = _("prerequisites")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "required"],
                name="training_courseprerequisite_unique",
                violation_error_code="training_courseprerequisite_unique",
                violation_error_message=_("This course already requires that one."),
            ),
            models.CheckConstraint(
                condition=~Q(required=F("course")),
                name="training_courseprerequisite_not_itself",
                violation_error_code="training_courseprerequisite_not_itself",
                violation_error_message=_("A course cannot require itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course.code} ← {self.required.code}"

    @classmethod
    def share_condition(cls, below: Any, above: list[int]) -> Q:
        return catalogue_condition("course__institution", below, above)


class Session(TadribModel):
    """One running of a course under a programme: dates, site, seats."""

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("course")
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("programme"),
    )
    code = models.CharField(_("code"), max_length=40)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    report_on = models.DateField(
        _("report date"),
        null=True,
        blank=True,
        help_text=_("When trainees report; the start date if empty."),
    )
    site = models.CharField(_("site"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    status = models.CharField(
        _("status"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )

    owner_path_lookup = "course__institution__path"
    owner_field = "course"
    access_policy: ClassVar = CATALOGUE_POLICY
    constraint_fields: ClassVar = {
        "training_session_unique_code": "code",
        "training_session_ends_after_start": "ends_on",
        "training_session_capacity_positive": "capacity",
    }

    class Meta:
        ordering = ["starts_on", "course__code", "code"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "code"],
                name="training_session_unique_code",
                violation_error_code="training_session_unique_code",
                violation_error_message=_("This course already has a session with this code."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="training_session_ends_after_start",
                violation_error_code="training_session_ends_after_start",
                violation_error_message=_("A session cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="training_session_capacity_positive",
                violation_error_code="training_session_capacity_positive",
                violation_error_message=_("A session has at least one seat."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=SessionStatus.values),
                name="training_session_known_status",
                violation_error_message=_("Unknown status."),
            ),
        ]
        indexes = [models.Index(fields=["starts_on"], name="training_session_start_idx")]

    def __str__(self) -> str:
        return f"{self.course.code} {self.code} ({self.starts_on.isoformat()})"

    @classmethod
    def share_condition(cls, below: Any, above: list[int]) -> Q:
        return catalogue_condition("course__institution", below, above)

    @property
    def reporting_on(self) -> dt.date:
        return self.report_on or self.starts_on

    @property
    def identity_due_on(self) -> dt.date:
        """Identity data of every trainee is complete by this day."""
        return self.reporting_on - dt.timedelta(days=settings.TADRIB_IDENTITY_DUE_DAYS)

    @property
    def waitlist_opens_on(self) -> dt.date:
        """From this day the waiting list is offered the seats left."""
        return self.starts_on - dt.timedelta(weeks=settings.TADRIB_WAITLIST_WEEKS)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        programme = self.programme if self.programme_id else None
        course = self.course if self.course_id else None
        if (
            programme is not None
            and course is not None
            and programme.host_organisation.nation_id != course.institution.nation_id
        ):
            errors["programme"] = _(
                "The programme's host is not the nation of the course's institution."
            )
        if self.report_on and self.ends_on and self.report_on > self.ends_on:
            errors["report_on"] = _("Trainees report before the session ends.")
        if self.pk and self.capacity:
            reserved = self.quotas.aggregate(total=models.Sum("seats"))["total"] or 0
            if reserved > self.capacity:
                errors["capacity"] = gettext(
                    "%(reserved)s seats are set aside for nations; the capacity cannot be lower."
                ) % {"reserved": reserved}
        if errors:
            raise ValidationError(errors)


class SessionQuota(TadribModel):
    """Seats of a session set aside for one partner nation: that nation takes
    at most this many, and other nations never take them."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("session")
    )
    nation = models.ForeignKey(
        Nation, on_delete=models.PROTECT, related_name="session_quotas", verbose_name=_("nation")
    )
    seats = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(1)])

    owner_path_lookup = "session__course__institution__path"
    owner_field = "session"
    access_policy: ClassVar = CATALOGUE_POLICY
    constraint_fields: ClassVar = {
        "training_sessionquota_unique_nation": "nation",
        "training_sessionquota_seats_positive": "seats",
    }

    class Meta:
        ordering = ["session", "nation__iso_code"]
        verbose_name = _("seat quota")
        verbose_name_plural = _("seat quotas")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "nation"],
                name="training_sessionquota_unique_nation",
                violation_error_code="training_sessionquota_unique_nation",
                violation_error_message=_("This session already sets seats aside for this nation."),
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1),
                name="training_sessionquota_seats_positive",
                violation_error_code="training_sessionquota_seats_positive",
                violation_error_message=_("Set aside at least one seat."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.nation.iso_code} × {self.seats}"

    @classmethod
    def share_condition(cls, below: Any, above: list[int]) -> Q:
        return catalogue_condition("session__course__institution", below, above)

    def clean(self) -> None:
        session = self.session if self.session_id else None
        if session is None or not self.seats:
            return
        others = session.quotas.exclude(pk=self.pk).aggregate(total=models.Sum("seats"))
        reserved = (others["total"] or 0) + self.seats
        if reserved > session.capacity:
            raise ValidationError(
                {
                    "seats": gettext(
                        "The session has %(capacity)s seats; %(reserved)s would be set aside."
                    )
                    % {"capacity": session.capacity, "reserved": reserved}
                }
            )
        if self.nation_id and self.nation_id == session.course.institution.nation_id:
            raise ValidationError({"nation": _("Seats are set aside for partner nations.")})
