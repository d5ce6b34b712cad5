"""Cadets at foreign academies: multi-year academic programmes with their
curricula, cohorts, each cadet's enrolment with term results and end-of-year
decisions, incidents, and the learning agreement (tables A and B) by which the
home academy recognises the credits.

Who sees what: a programme and its curriculum belong to the academy and are
read like its course catalogue (by partners with a programme with the host
nation). Cohorts, enrolments, results, decisions, incidents and learning
agreements belong to the academy and are read by the cohort's sending
organisation (and the offices above it); a learning agreement also by the home
academy. Table B (what the home academy recognises) belongs to the home
academy and is read by the host.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tadrib.core.constraints import check_rule, known_choice, unique_rule
from tadrib.core.models import MultilingualName, TadribModel
from tadrib.organisations.models import Organisation
from tadrib.people.choices import Language
from tadrib.people.models import Person, Qualification
from tadrib.training.choices import (
    ENROLMENT_ACTIVE,
    AgreementStatus,
    EnrolmentStatus,
    IncidentKind,
    IncidentSeverity,
    ProgressionOutcome,
)
from tadrib.training.models.base import (
    CATALOGUE_POLICY,
    CODE,
    COURSE_RECORDS_POLICY,
    NOMINATION_POLICY,
    catalogue_condition,
)

ECTS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(60))]


def _programme(name: str) -> str:
    return f"training_academicprogramme_{name}"


class AcademicProgramme(MultilingualName, TadribModel):
    """A degree programme of an academy (e.g. four years of officer
    education), optionally preceded by a language-preparation year (year 0)."""

    institution = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="academic_programmes",
        verbose_name=_("academy"),
    )
    code = models.CharField(_("code"), max_length=40, validators=[CODE])
    years = models.PositiveSmallIntegerField(
        _("years of study"), validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    terms_per_year = models.PositiveSmallIntegerField(
        _("terms per year"), default=2, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    preparation_year = models.BooleanField(
        _("language-preparation year"),
        default=False,
        help_text=_("A year 0 in the language of instruction before the first year."),
    )
    language = models.CharField(
        _("language of instruction"), max_length=5, choices=Language.choices
    )
    grade_max = models.DecimalField(
        _("highest grade"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(100),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("The top of the grading scale, e.g. 100 or 4.00."),
    )
    pass_mark = models.DecimalField(
        _("pass mark"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(60),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("A component is passed, and its credits earned, at this grade or above."),
    )
    credits_to_progress = models.DecimalField(
        _("credits to move up (ECTS)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal(45),
        validators=ECTS,
        help_text=_("Credits of the year's components a cadet must earn to move up a year."),
    )
    max_repeats = models.PositiveSmallIntegerField(
        _("repeats allowed"),
        default=1,
        validators=[MaxValueValidator(5)],
        help_text=_("How many times in the whole programme a cadet may repeat a year."),
    )
    credits_to_graduate = models.DecimalField(
        _("credits to graduate (ECTS)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal(240),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(600))],
    )
    qualification = models.ForeignKey(
        Qualification,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="academic_programmes",
        verbose_name=_("qualification on graduation"),
        help_text=_("Entered on the graduate's record, e.g. the commission as an officer."),
    )
    description = models.TextField(_("description"), blank=True)

    owner_path_lookup = "institution__path"
    owner_field = "institution"
    access_policy: ClassVar = CATALOGUE_POLICY
    constraint_fields: ClassVar = {
        _programme("unique_code"): "code",
        _programme("pass_mark_on_scale"): "pass_mark",
    }

    class Meta:
        ordering = ["institution", "code"]
        verbose_name = _("academic programme")
        verbose_name_plural = _("academic programmes")
        constraints = [
            unique_rule(
                "training_academicprogramme",
                "unique_code",
                ["institution", "code"],
                _("This academy already has a programme with this code."),
            ),
            check_rule(
                "training_academicprogramme",
                "pass_mark_on_scale",
                Q(pass_mark__gt=0, pass_mark__lte=F("grade_max")),
                _("The pass mark lies above 0 and up to the highest grade."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @classmethod
    def share_condition(cls, below: Any, above: list[int]) -> Q:
        return catalogue_condition("institution", below, above)

    @property
    def first_year(self) -> int:
        return 0 if self.preparation_year else 1

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.institution_id and self.institution.kind == "unit":
            errors["institution"] = _("Academic programmes are given by academies and schools.")
        if (self.pass_mark is not None and self.grade_max is not None) and (
            self.pass_mark > self.grade_max
        ):
            errors["pass_mark"] = _("The pass mark is above the highest grade.")
        if errors:
            raise ValidationError(errors)


class ProgrammeComponent(MultilingualName, TadribModel):
    """A course unit of the curriculum: taught in one term of one year, with
    its ECTS credits (year 0: the language-preparation year)."""

    programme = models.ForeignKey(
        AcademicProgramme,
        on_delete=models.CASCADE,
        related_name="components",
        verbose_name=_("programme"),
    )
    code = models.CharField(_("code"), max_length=40, validators=[CODE])
    year = models.PositiveSmallIntegerField(_("year"), validators=[MaxValueValidator(6)])
    term = models.PositiveSmallIntegerField(
        _("term"), default=1, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    ects = models.DecimalField(_("ECTS credits"), max_digits=4, decimal_places=1, validators=ECTS)
    compulsory = models.BooleanField(_("compulsory"), default=True)

    owner_path_lookup = "programme__institution__path"
    owner_field = "programme"
    access_policy: ClassVar = CATALOGUE_POLICY
    constraint_fields: ClassVar = {
        "training_programmecomponent_unique_code": "code",
        "training_programmecomponent_ects_range": "ects",
    }

    class Meta:
        ordering = ["programme", "year", "term", "code"]
        verbose_name = _("curriculum component")
        verbose_name_plural = _("curriculum components")
        constraints = [
            unique_rule(
                "training_programmecomponent",
                "unique_code",
                ["programme", "code"],
                _("This programme already has a component with this code."),
            ),
            check_rule(
                "training_programmecomponent",
                "ects_range",
                Q(ects__gte=0, ects__lte=60),
                _("ECTS credits lie between 0 and 60."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @classmethod
    def share_condition(cls, below: Any, above: list[int]) -> Q:
        return catalogue_condition("programme__institution", below, above)

    def clean(self) -> None:
        programme = self.programme if self.programme_id else None
        if programme is None or self.year is None:
            return
        errors: dict[str, Any] = {}
        if self.year > programme.years or self.year < programme.first_year:
            errors["year"] = _("The programme runs from year %(first)s to year %(last)s.") % {
                "first": programme.first_year,
                "last": programme.years,
            }
        if self.term and self.term > programme.terms_per_year:
            errors["term"] = _("The programme has %(terms)s terms a year.") % {
                "terms": programme.terms_per_year
            }
        if errors:
            raise ValidationError(errors)


class Cohort(TadribModel):
    """Cadets of one sending organisation starting a programme together
    (the 49 cadets of 31 October 2025 at the Turkish academies)."""

    programme = models.ForeignKey(
        AcademicProgramme,
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("programme"),
    )
    code = models.CharField(_("code"), max_length=40, validators=[CODE])
    sending_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="cohorts_sent",
        verbose_name=_("sending organisation"),
        help_text=_("The partner's office that sends the cadets and follows them."),
    )
    starts_on = models.DateField(_("starts on"))
    planned_size = models.PositiveSmallIntegerField(
        _("planned size"), null=True, blank=True, validators=[MaxValueValidator(2000)]
    )

    owner_path_lookup = "programme__institution__path"
    owner_field = "programme"
    shared_lookups: ClassVar = ("sending_organisation",)
    foreign_organisation_fields: ClassVar = ("sending_organisation",)
    access_policy: ClassVar = COURSE_RECORDS_POLICY
    constraint_fields: ClassVar = {"training_cohort_unique_code": "code"}

    class Meta:
        ordering = ["-starts_on", "code"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            unique_rule(
                "training_cohort",
                "unique_code",
                ["programme", "code"],
                _("This programme already has a cohort with this code."),
            ),
        ]

    def __str__(self) -> str:
        return self.code


class AcademicRecord(TadribModel):
    """A record the academy keeps on a cadet, read by the sending side."""

    owner_path_lookup = "enrolment__cohort__programme__institution__path"
    owner_field = "enrolment"
    shared_lookups: ClassVar = ("enrolment__cohort__sending_organisation",)
    access_policy: ClassVar = COURSE_RECORDS_POLICY

    class Meta:
        abstract = True


class CadetEnrolment(TadribModel):
    """A cadet's years at a foreign academy: where they stand (year, status,
    credits, average) is kept by the services from the results and the
    end-of-year decisions; never typed in."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("cohort")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="cadet_enrolments",
        verbose_name=_("cadet"),
    )
    enrolled_on = models.DateField(_("enrolled on"))
    year_of_study = models.PositiveSmallIntegerField(
        _("year of study"), default=1, editable=False, validators=[MaxValueValidator(6)]
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.STUDYING,
        editable=False,
    )
    repeats = models.PositiveSmallIntegerField(_("years repeated"), default=0, editable=False)
    credits_earned = models.DecimalField(
        _("credits earned (ECTS)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal(0),
        editable=False,
    )
    grade_average = models.DecimalField(
        _("grade average"), max_digits=6, decimal_places=2, null=True, blank=True, editable=False
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True, editable=False)
    end_reason = models.TextField(_("reason"), blank=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)

    owner_path_lookup = "cohort__programme__institution__path"
    owner_field = "cohort"
    shared_lookups: ClassVar = ("cohort__sending_organisation",)
    access_policy: ClassVar = COURSE_RECORDS_POLICY
    constraint_fields: ClassVar = {
        "training_cadetenrolment_unique_cadet": "person",
        "training_cadetenrolment_one_academy_at_a_time": "person",
    }

    class Meta:
        ordering = ["cohort", "person__family_name_latin", "pk"]
        verbose_name = _("cadet enrolment")
        verbose_name_plural = _("cadet enrolments")
        constraints = [
            unique_rule(
                "training_cadetenrolment",
                "unique_cadet",
                ["cohort", "person"],
                _("This cadet is already in this cohort."),
            ),
            unique_rule(
                "training_cadetenrolment",
                "one_academy_at_a_time",
                ["person"],
                _("This cadet is already studying in another programme."),
                condition=Q(status__in=sorted(ENROLMENT_ACTIVE)),
            ),
            known_choice("training_cadetenrolment", "status", EnrolmentStatus),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.cohort}"

    @property
    def is_active(self) -> bool:
        return self.status in ENROLMENT_ACTIVE

    def clean(self) -> None:
        cohort = self.cohort if self.cohort_id else None
        if cohort is None:
            return
        errors: dict[str, Any] = {}
        if self.enrolled_on and self.enrolled_on < cohort.starts_on.replace(
            year=cohort.starts_on.year - 1
        ):
            errors["enrolled_on"] = _("Enrolled more than a year before the cohort starts.")
        person = self.person if self.person_id else None
        if person is not None and person.nation_id != cohort.sending_organisation.nation_id:
            errors["person"] = _("The cadet is not of the sending organisation's nation.")
        if errors:
            raise ValidationError(errors)


class TermResult(AcademicRecord):
    """A cadet's grade in one component, at one attempt (a repeated year is
    a new attempt); credits are earned at the pass mark or above."""

    enrolment = models.ForeignKey(
        CadetEnrolment, on_delete=models.CASCADE, related_name="results", verbose_name=_("cadet")
    )
    component = models.ForeignKey(
        ProgrammeComponent,
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name=_("component"),
    )
    attempt = models.PositiveSmallIntegerField(
        _("attempt"), default=1, validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    grade = models.DecimalField(
        _("grade"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    credits = models.DecimalField(
        _("credits earned"), max_digits=4, decimal_places=1, default=Decimal(0), editable=False
    )
    recorded_on = models.DateField(_("recorded on"))
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("E.g. a resit, or a grade re-marked.")
    )

    constraint_fields: ClassVar = {
        "training_termresult_unique_attempt": "component",
        "training_termresult_grade_not_negative": "grade",
    }

    class Meta:
        ordering = ["enrolment", "component__year", "component__term", "component__code", "attempt"]
        verbose_name = _("term result")
        verbose_name_plural = _("term results")
        constraints = [
            unique_rule(
                "training_termresult",
                "unique_attempt",
                ["enrolment", "component", "attempt"],
                _("This cadet already has a result in this component at this attempt."),
            ),
            check_rule(
                "training_termresult",
                "grade_not_negative",
                Q(grade__gte=0),
                _("A grade is not negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.person} · {self.component.code} · {self.grade}"

    def clean(self) -> None:
        enrolment = self.enrolment if self.enrolment_id else None
        component = self.component if self.component_id else None
        if enrolment is None or component is None:
            return
        programme = enrolment.cohort.programme
        errors: dict[str, Any] = {}
        if component.programme_id != programme.pk:
            errors["component"] = _("This component is not in the cadet's programme.")
        elif component.year != enrolment.year_of_study and self._state.adding:
            errors["component"] = _(
                "This component is taught in year %(year)s; the cadet is in year %(now)s."
            ) % {"year": component.year, "now": enrolment.year_of_study}
        if self.grade is not None and self.grade > programme.grade_max:
            errors["grade"] = _("The highest grade of this programme is %(max)s.") % {
                "max": programme.grade_max
            }
        if not enrolment.is_active and self._state.adding:
            errors["enrolment"] = _("This cadet is no longer studying.")
        if errors:
            raise ValidationError(errors)


class ProgressionDecision(AcademicRecord):
    """The end-of-year decision on a cadet, as the programme's rules gave it
    (recorded once; never changed)."""

    enrolment = models.ForeignKey(
        CadetEnrolment,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("cadet"),
    )
    year_of_study = models.PositiveSmallIntegerField(_("year of study"))
    attempt = models.PositiveSmallIntegerField(_("attempt"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=ProgressionOutcome.choices)
    credits_in_year = models.DecimalField(_("credits of the year"), max_digits=5, decimal_places=1)
    credits_needed = models.DecimalField(_("credits needed"), max_digits=5, decimal_places=1)
    grade_average = models.DecimalField(
        _("grade average of the year"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    decided_on = models.DateField(_("decided on"))
    reason = models.TextField(_("reason"))

    access_policy: ClassVar = COURSE_RECORDS_POLICY
    constraint_fields: ClassVar = {"training_progressiondecision_once_a_year": "year_of_study"}

    class Meta:
        ordering = ["enrolment", "decided_on", "pk"]
        verbose_name = _("end-of-year decision")
        verbose_name_plural = _("end-of-year decisions")
        constraints = [
            unique_rule(
                "training_progressiondecision",
                "once_a_year",
                ["enrolment", "year_of_study", "attempt"],
                _("This year already has its decision."),
            ),
            known_choice("training_progressiondecision", "outcome", ProgressionOutcome),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.person} · {self.get_outcome_display()}"  # type: ignore[attr-defined]


class CadetIncident(AcademicRecord):
    """An absence or another incident at the academy, reported to the
    sending side (an unauthorised absence of more than 24 hours is one)."""

    enrolment = models.ForeignKey(
        CadetEnrolment,
        on_delete=models.CASCADE,
        related_name="incidents",
        verbose_name=_("cadet"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=IncidentKind.choices)
    severity = models.CharField(
        _("severity"),
        max_length=10,
        choices=IncidentSeverity.choices,
        default=IncidentSeverity.MINOR,
    )
    occurred_on = models.DateField(_("occurred on"))
    hours_absent = models.PositiveSmallIntegerField(
        _("hours absent"), null=True, blank=True, validators=[MaxValueValidator(8760)]
    )
    description = models.TextField(_("description"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    constraint_fields: ClassVar = {"training_cadetincident_closed_after": "closed_on"}

    class Meta:
        ordering = ["-occurred_on", "pk"]
        verbose_name = _("cadet incident")
        verbose_name_plural = _("cadet incidents")
        constraints = [
            check_rule(
                "training_cadetincident",
                "closed_after",
                Q(closed_on__isnull=True) | Q(closed_on__gte=F("occurred_on")),
                _("An incident is closed on or after the day it occurred."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.person} · {self.get_kind_display()} · {self.occurred_on}"  # type: ignore[attr-defined]

    def clean(self) -> None:
        if self.kind == IncidentKind.UNAUTHORISED_ABSENCE and not self.hours_absent:
            raise ValidationError({"hours_absent": _("Give the hours of an absence.")})


class LearningAgreement(TadribModel):
    """What a cadet takes at the host (table A) and what the home academy
    recognises for it (table B), approved by both sides, closed by the host's
    transcript of records. Any change after both approved needs both again."""

    enrolment = models.ForeignKey(
        CadetEnrolment,
        on_delete=models.PROTECT,
        related_name="learning_agreements",
        verbose_name=_("cadet"),
    )
    academic_year = models.PositiveSmallIntegerField(
        _("academic year"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The calendar year it starts in (2025 for 2025/26)."),
    )
    home_institution = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="learning_agreements",
        verbose_name=_("home academy"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AgreementStatus.choices,
        default=AgreementStatus.DRAFT,
        editable=False,
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    host_approved_at = models.DateTimeField(
        _("approved by the host"), null=True, blank=True, editable=False
    )
    host_approved_by = models.CharField(
        _("host approver"), max_length=150, blank=True, editable=False
    )
    home_approved_at = models.DateTimeField(
        _("approved at home"), null=True, blank=True, editable=False
    )
    home_approved_by = models.CharField(
        _("home approver"), max_length=150, blank=True, editable=False
    )
    transcript_code = models.CharField(
        _("transcript number"), max_length=40, blank=True, editable=False
    )
    transcript_issued_on = models.DateField(
        _("transcript issued on"), null=True, blank=True, editable=False
    )
    notes = models.TextField(_("notes"), blank=True)

    owner_path_lookup = "enrolment__cohort__programme__institution__path"
    owner_field = "enrolment"
    shared_lookups: ClassVar = ("enrolment__cohort__sending_organisation", "home_institution")
    foreign_organisation_fields: ClassVar = ("home_institution",)
    access_policy: ClassVar = COURSE_RECORDS_POLICY
    constraint_fields: ClassVar = {"training_learningagreement_one_a_year": "academic_year"}

    class Meta:
        ordering = ["enrolment", "academic_year"]
        verbose_name = _("learning agreement")
        verbose_name_plural = _("learning agreements")
        constraints = [
            unique_rule(
                "training_learningagreement",
                "one_a_year",
                ["enrolment", "academic_year"],
                _("This cadet already has a learning agreement for this academic year."),
            ),
            known_choice("training_learningagreement", "status", AgreementStatus),
        ]

    def __str__(self) -> str:
        return (
            f"{self.enrolment.person} · {self.academic_year}/{(self.academic_year + 1) % 100:02d}"
        )

    def clean(self) -> None:
        enrolment = self.enrolment if self.enrolment_id else None
        home = self.home_institution if self.home_institution_id else None
        if (enrolment is not None and home is not None) and (
            home.nation_id != enrolment.person.nation_id
        ):
            raise ValidationError(
                {"home_institution": _("The home academy is of the cadet's nation.")}
            )


class AgreementComponent(TadribModel):
    """Table A: a component the cadet takes at the host, with its credits."""

    agreement = models.ForeignKey(
        LearningAgreement,
        on_delete=models.CASCADE,
        related_name="components",
        verbose_name=_("learning agreement"),
    )
    component = models.ForeignKey(
        ProgrammeComponent,
        on_delete=models.PROTECT,
        related_name="agreement_lines",
        verbose_name=_("component at the host"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    owner_path_lookup = "agreement__enrolment__cohort__programme__institution__path"
    owner_field = "agreement"
    shared_lookups: ClassVar = (
        "agreement__enrolment__cohort__sending_organisation",
        "agreement__home_institution",
    )
    access_policy: ClassVar = COURSE_RECORDS_POLICY
    constraint_fields: ClassVar = {"training_agreementcomponent_unique_component": "component"}

    class Meta:
        ordering = ["agreement", "component__year", "component__term", "component__code"]
        verbose_name = _("table A line")
        verbose_name_plural = _("table A: components at the host")
        constraints = [
            unique_rule(
                "training_agreementcomponent",
                "unique_component",
                ["agreement", "component"],
                _("This component is already in table A."),
            ),
        ]

    def __str__(self) -> str:
        return f"A · {self.component}"

    def clean(self) -> None:
        agreement = self.agreement if self.agreement_id else None
        component = self.component if self.component_id else None
        if (agreement is not None and component is not None) and (
            component.programme_id != agreement.enrolment.cohort.programme_id
        ):
            raise ValidationError(
                {"component": _("This component is not in the cadet's programme.")}
            )


class RecognitionLine(TadribModel):
    """Table B: what the home academy recognises, and for which component of
    table A; recognised credits count once that component is passed."""

    agreement = models.ForeignKey(
        LearningAgreement,
        on_delete=models.CASCADE,
        related_name="recognitions",
        verbose_name=_("learning agreement"),
    )
    host_line = models.ForeignKey(
        AgreementComponent,
        on_delete=models.CASCADE,
        related_name="recognitions",
        verbose_name=_("for the component of table A"),
    )
    home_code = models.CharField(_("home course code"), max_length=40, validators=[CODE])
    home_title = models.CharField(_("home course title"), max_length=200)
    credits = models.DecimalField(
        _("credits recognised (ECTS)"), max_digits=4, decimal_places=1, validators=ECTS
    )

    owner_path_lookup = "agreement__home_institution__path"
    owner_field = "agreement"
    shared_lookups: ClassVar = (
        "agreement__enrolment__cohort__programme__institution",
        "agreement__enrolment__cohort__sending_organisation",
    )
    access_policy: ClassVar = NOMINATION_POLICY
    constraint_fields: ClassVar = {
        "training_recognitionline_unique_code": "home_code",
        "training_recognitionline_credits_range": "credits",
    }

    class Meta:
        ordering = ["agreement", "home_code"]
        verbose_name = _("table B line")
        verbose_name_plural = _("table B: recognised at home")
        constraints = [
            unique_rule(
                "training_recognitionline",
                "unique_code",
                ["agreement", "home_code"],
                _("This home course is already in table B."),
            ),
            check_rule(
                "training_recognitionline",
                "credits_range",
                Q(credits__gte=0, credits__lte=60),
                _("ECTS credits lie between 0 and 60."),
            ),
        ]

    def __str__(self) -> str:
        return f"B · {self.home_code} — {self.home_title}"

    def clean(self) -> None:
        if (self.agreement_id and self.host_line_id) and (
            self.host_line.agreement_id != self.agreement_id
        ):
            raise ValidationError({"host_line": _("Choose a line of this agreement's table A.")})
