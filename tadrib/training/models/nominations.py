"""Nominations: a partner's soldier put forward for a course, through the
pipeline to a post at home."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tadrib.core.models import TadribModel
from tadrib.organisations.models import Organisation
from tadrib.people.models import Person
from tadrib.training.choices import (
    ACTIVE,
    HOST_VISIBLE,
    NominationStatus,
)
from tadrib.training.models.base import NOMINATION_POLICY
from tadrib.training.models.catalogue import Course, Session


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
