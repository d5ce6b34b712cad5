"""Training: the course catalogue of host institutions, the sessions that run
them, and the nominations that carry a partner's soldier from being put
forward to a post that uses what they learned; with attendance, assessments,
grades and incidents during the course.

Who sees what: a course, its prerequisites, sessions and quotas belong to the
host institution and are read by the institution's reach and by each partner
organisation with a programme with that host nation (the catalogue). A nomination
belongs to the partner organisation that put the person forward; the host
institution reads it from eligibility on (it vets, offers, accepts and trains).
Grades, attendance and incidents belong to the host institution and are read
by the nominating organisation (an incident is reported to the sending nation).
"""

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
from tadrib.core.access import policy
from tadrib.core.choices import Role
from tadrib.core.models import MultilingualName, TadribModel
from tadrib.organisations.models import Nation, Organisation
from tadrib.people.choices import Language, NatoRankCode, nato_seniority
from tadrib.people.models import Person, Qualification
from tadrib.training.choices import (
    ACTIVE,
    HOST_VISIBLE,
    AttendanceStatus,
    CourseLevel,
    IncidentKind,
    IncidentSeverity,
    IntakeStatus,
    NominationStatus,
    RunStage,
    RunStatus,
    SessionStatus,
    TrainingArea,
)

R = Role
# The catalogue: registrars and managers of the institution publish it.
CATALOGUE_POLICY = policy(
    add=[R.ADMINISTRATOR, R.MANAGER, R.REGISTRAR],
    change=[R.ADMINISTRATOR, R.MANAGER, R.REGISTRAR],
    delete=[R.ADMINISTRATOR, R.MANAGER, R.REGISTRAR],
)
# Running a course: instructors too.
COURSE_RECORDS_POLICY = policy(
    add=[R.ADMINISTRATOR, R.MANAGER, R.REGISTRAR, R.INSTRUCTOR],
    change=[R.ADMINISTRATOR, R.MANAGER, R.REGISTRAR, R.INSTRUCTOR],
    delete=[R.ADMINISTRATOR, R.MANAGER, R.REGISTRAR],
)
# Nominations: the partner's training directorate (managers and registrars).
NOMINATION_POLICY = policy(
    add=[R.ADMINISTRATOR, R.MANAGER, R.REGISTRAR],
    change=[R.ADMINISTRATOR, R.MANAGER, R.REGISTRAR],
    delete=[R.ADMINISTRATOR, R.MANAGER],
)

STANAG_PROFILE = RegexValidator(
    r"^[0-5]{4}$",
    _("Four digits 0–5: listening, speaking, reading, writing (e.g. 3222)."),
)


def catalogue_condition(institution: str, below: Any, above: list[int]) -> Q:
    """Records of a host institution's catalogue (``institution`` is the ORM
    path to it) shown, besides the institution's own reach, to every partner
    organisation that has a programme with the host nation (named as the
    programme's partner, or below or above it). Nothing else of the host is
    shown to the partner."""
    partners = Programme.objects.filter(
        Q(partner_organisation__in=below) | Q(partner_organisation__in=above)
    ).values("host_organisation__nation_id")
    return Q(**{f"{institution}__nation_id__in": partners})


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


class Nomination(TadribModel):
    """A person put forward by their nation for a course (and, once known, a
    session). Its status moves only through ``services`` (see
    ``choices.NOMINATION_TRANSITIONS``); the edit form never touches it."""

    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("nominated by"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("person")
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("course")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("session"),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("Higher is more important."),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=NominationStatus.choices,
        default=NominationStatus.DRAFT,
        editable=False,
    )
    preparation = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prepares",
        verbose_name=_("language preparation"),
        help_text=_("The nomination to the language-preparation course taken first."),
    )
    medical_cleared_on = models.DateField(_("medical clearance on"), null=True, blank=True)
    passport_number = models.CharField(
        _("passport number"),
        max_length=40,
        blank=True,
        validators=[RegexValidator(r"^[A-Za-z0-9]+$", _("Use letters and digits only."))],
    )
    passport_expires_on = models.DateField(_("passport expires on"), null=True, blank=True)
    remarks = models.TextField(_("remarks"), blank=True)

    # Set by the pipeline's services, never by the edit form.
    eligibility = models.JSONField(_("eligibility"), default=list, blank=True, editable=False)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, editable=False)
    status_reason = models.TextField(_("reason"), blank=True, editable=False)
    vetted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("vetted by"),
    )
    vetted_at = models.DateTimeField(_("vetted at"), null=True, editable=False)
    vetting_reason = models.TextField(_("vetting decision"), blank=True, editable=False)
    letter_number = models.CharField(
        _("letter of invitation"), max_length=40, unique=True, null=True, editable=False
    )
    letter_issued_on = models.DateField(_("letter issued on"), null=True, editable=False)
    final_grade = models.DecimalField(
        _("final grade (%)"), max_digits=5, decimal_places=2, null=True, editable=False
    )
    class_standing = models.PositiveSmallIntegerField(
        _("class standing"), null=True, editable=False
    )
    completed_on = models.DateField(_("completed on"), null=True, editable=False)
    certificate_code = models.CharField(
        _("certificate code"), max_length=20, unique=True, null=True, editable=False
    )
    certificate_issued_on = models.DateField(_("certificate issued on"), null=True, editable=False)
    placed_unit = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="graduates_placed",
        editable=False,
        verbose_name=_("post: organisation"),
    )
    placed_post = models.CharField(_("post"), max_length=200, blank=True, editable=False)
    placed_on = models.DateField(_("placed on"), null=True, editable=False)
    post_uses_training = models.BooleanField(_("post uses the training"), null=True, editable=False)

    owner_path_lookup = "owner__path"
    owner_field = "owner"
    access_policy: ClassVar = NOMINATION_POLICY
    # The entry's own time says when the status changed.
    audit_exclude: ClassVar = TadribModel.audit_exclude | {"status_changed_at"}
    constraint_fields: ClassVar = {
        "training_nomination_one_active_per_course": "person",
        "training_nomination_priority_range": "priority",
    }

    class Meta:
        ordering = ["-priority", "pk"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "course"],
                condition=Q(status__in=sorted(ACTIVE)),
                name="training_nomination_one_active_per_course",
                violation_error_code="training_nomination_one_active_per_course",
                violation_error_message=_(
                    "This person already has a nomination for this course under way."
                ),
            ),
            models.CheckConstraint(
                condition=Q(priority__gte=1, priority__lte=1000),
                name="training_nomination_priority_range",
                violation_error_code="training_nomination_priority_range",
                violation_error_message=_("Priority runs from 1 to 1000."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=NominationStatus.values),
                name="training_nomination_known_status",
                violation_error_message=_("Unknown status."),
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status"], name="training_nom_session_idx"),
            models.Index(fields=["person", "status"], name="training_nom_person_idx"),
            models.Index(fields=["status"], name="training_nom_status_idx"),
            models.Index(fields=["course", "status"], name="training_nom_course_idx"),
            # The lists' order.
            models.Index(fields=["-priority", "id"], name="training_nom_priority_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.course.code}"

    @classmethod
    def share_condition(cls, below: Any, above: list[int]) -> Q:
        # Through the host's courses (an index on course), not a join per row.
        courses = Course.objects.filter(Q(institution__in=below) | Q(institution__in=above))
        return Q(status__in=sorted(HOST_VISIBLE)) & Q(course_id__in=courses.values("pk"))

    @property
    def identity_complete(self) -> bool:
        """What the host needs to issue an invitation and admit the trainee."""
        person = self.person
        session = self.session if self.session_id else None
        end = session.ends_on if session is not None else None
        return bool(
            person.date_of_birth
            and person.given_names_latin
            and person.family_name_latin
            and self.passport_number
            and self.passport_expires_on
            and (end is None or self.passport_expires_on > end)
        )

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        person = self.person if self.person_id else None
        owner = self.owner if self.owner_id else None
        course = self.course if self.course_id else None
        session = self.session if self.session_id else None
        if person is not None and owner is not None and person.nation_id != owner.nation_id:
            errors["person"] = _("A nation nominates its own people.")
        if (
            course is not None
            and owner is not None
            and course.institution.nation_id == owner.nation_id
        ):
            errors["course"] = _("Nominations go to another nation's courses.")
        if session is not None and course is not None and session.course_id != course.pk:
            errors["session"] = _("This session runs another course.")
        if self.preparation_id and course is not None:
            prep = self.preparation
            if prep is not None and (
                prep.person_id != self.person_id or prep.course_id != course.language_preparation_id
            ):
                errors["preparation"] = _(
                    "The preparation is the same person's nomination to this course's "
                    "language-preparation course."
                )
        if errors:
            raise ValidationError(errors)


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


# --- seat allocation: intakes, acceptable sessions, runs (docs/allocation.md) ---

CODE = RegexValidator(
    r"^[A-Z0-9][A-Z0-9._/-]*$", _("Use capital letters, digits, '.', '/', '-' or '_'.")
)


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
