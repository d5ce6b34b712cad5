from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tadrib.core.access import policy
from tadrib.core.choices import Role
from tadrib.core.models import MultilingualName, TadribModel
from tadrib.organisations.models import Nation, Organisation
from tadrib.people.choices import (
    Language,
    NatoRankCode,
    PersonCategory,
    PersonStatus,
    VettingState,
)

PEOPLE_POLICY = policy(
    add=[Role.ADMINISTRATOR, Role.MANAGER, Role.REGISTRAR],
    change=[Role.ADMINISTRATOR, Role.MANAGER, Role.REGISTRAR],
    delete=[Role.ADMINISTRATOR, Role.MANAGER],
)


class Rank(MultilingualName, TadribModel):
    """A national rank and the NATO code it maps to."""

    nation = models.ForeignKey(
        Nation, on_delete=models.PROTECT, related_name="ranks", verbose_name=_("nation")
    )
    code = models.CharField(_("code"), max_length=20)
    nato_code = models.CharField(_("NATO code"), max_length=6, choices=NatoRankCode.choices)
    order = models.PositiveSmallIntegerField(
        _("seniority"), default=0, help_text=_("Higher is more senior.")
    )

    access_scope = "reference"
    constraint_fields: ClassVar = {"people_rank_unique_code": "code"}

    class Meta:
        ordering = ["nation__iso_code", "-order"]
        verbose_name = _("rank")
        verbose_name_plural = _("ranks")
        constraints = [
            models.UniqueConstraint(
                fields=["nation", "code"],
                name="people_rank_unique_code",
                violation_error_code="people_rank_unique_code",
                violation_error_message=_("This nation already has a rank with this code."),
            ),
            models.CheckConstraint(
                condition=Q(nato_code__in=NatoRankCode.values),
                name="people_rank_known_nato_code",
                violation_error_message=_("Unknown NATO rank code."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.nato_code})"


class Specialty(MultilingualName, TadribModel):
    """A branch or military occupational specialty."""

    code = models.CharField(_("code"), max_length=20, unique=True)

    access_scope = "reference"

    class Meta:
        ordering = ["code"]
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")


class Person(TadribModel):
    nation = models.ForeignKey(
        Nation, on_delete=models.PROTECT, related_name="people", verbose_name=_("nation")
    )
    service_number = models.CharField(
        _("service number"),
        max_length=40,
        validators=[RegexValidator(r"^[A-Za-z0-9/-]+$", _("Use letters, digits, '/' or '-'."))],
    )
    given_names = models.CharField(
        _("given names"), max_length=150, help_text=_("In the script they were given in.")
    )
    family_name = models.CharField(_("family name"), max_length=150)
    given_names_latin = models.CharField(_("given names (Latin)"), max_length=150)
    family_name_latin = models.CharField(_("family name (Latin)"), max_length=150)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=12, choices=PersonCategory.choices)
    rank = models.ForeignKey(
        Rank,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("rank"),
    )
    specialty = models.ForeignKey(
        Specialty,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("specialty"),
    )
    unit = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="people", verbose_name=_("unit")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PersonStatus.choices, default=PersonStatus.ACTIVE
    )
    vetting_state = models.CharField(
        _("vetting"), max_length=12, choices=VettingState.choices, default=VettingState.NOT_STARTED
    )

    owner_path_lookup = "unit__path"
    owner_field = "unit"
    access_policy: ClassVar = PEOPLE_POLICY
    constraint_fields: ClassVar = {"people_person_unique_service_number": "service_number"}

    class Meta:
        ordering = ["family_name_latin", "given_names_latin", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["nation", "service_number"],
                name="people_person_unique_service_number",
                violation_error_code="people_person_unique_service_number",
                violation_error_message=_(
                    "A person of this nation already has this service number."
                ),
            ),
            models.CheckConstraint(
                condition=Q(category__in=PersonCategory.values),
                name="people_person_known_category",
                violation_error_message=_("Unknown category."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=PersonStatus.values),
                name="people_person_known_status",
                violation_error_message=_("Unknown status."),
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "family_name_latin"], name="people_person_unit_idx")
        ]

    def __str__(self) -> str:
        return f"{self.full_name_latin} ({self.service_number})"

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()

    @property
    def full_name_latin(self) -> str:
        return f"{self.given_names_latin} {self.family_name_latin}".strip()

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.nation_id and self.unit_id and self.unit.nation_id != self.nation_id:
            errors["unit"] = _("This unit belongs to another nation.")
        rank = self.rank if self.rank_id else None
        if rank is not None and self.nation_id and rank.nation_id != self.nation_id:
            errors["rank"] = _("This rank belongs to another nation.")
        if (
            rank is not None
            and self.category == PersonCategory.CADET
            and rank.nato_code != NatoRankCode.OF_D
        ):
            errors["rank"] = _("An officer cadet holds an OF(D) rank.")
        if errors:
            raise ValidationError(errors)


STANAG_LEVEL = [MaxValueValidator(5)]


class LanguageProficiency(TadribModel):
    """A STANAG 6001 profile: listening, speaking, reading, writing, each 0–5."""

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="language_proficiencies",
        verbose_name=_("person"),
    )
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    listening = models.PositiveSmallIntegerField(_("listening"), validators=STANAG_LEVEL)
    speaking = models.PositiveSmallIntegerField(_("speaking"), validators=STANAG_LEVEL)
    reading = models.PositiveSmallIntegerField(_("reading"), validators=STANAG_LEVEL)
    writing = models.PositiveSmallIntegerField(_("writing"), validators=STANAG_LEVEL)
    tested_on = models.DateField(_("tested on"), null=True, blank=True)

    owner_path_lookup = "person__unit__path"
    owner_field = "person"
    access_policy: ClassVar = PEOPLE_POLICY
    constraint_fields: ClassVar = {"people_languageproficiency_one_per_language": "language"}

    class Meta:
        ordering = ["person", "language"]
        verbose_name = _("language proficiency")
        verbose_name_plural = _("language proficiencies")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "language"],
                name="people_languageproficiency_one_per_language",
                violation_error_code="people_languageproficiency_one_per_language",
                violation_error_message=_("This person already has a profile in this language."),
            ),
            models.CheckConstraint(
                condition=Q(listening__lte=5, speaking__lte=5, reading__lte=5, writing__lte=5),
                name="people_languageproficiency_stanag_levels",
                violation_error_message=_("STANAG 6001 levels run from 0 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_language_display()} {self.profile}"

    @property
    def profile(self) -> str:
        """The four-digit STANAG 6001 profile, e.g. "3222"."""
        return f"{self.listening}{self.speaking}{self.reading}{self.writing}"


class Qualification(MultilingualName, TadribModel):
    """A qualification a course, a rotation or an academy confers (operator of
    a system, demining team leader, commissioned officer): reference data that
    positions, tasks and item types ask for."""

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z0-9][A-Z0-9._-]*$", _("Use capital letters, digits, '.', '-' or '_'.")
            )
        ],
    )
    valid_for_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty if it does not expire."),
    )

    access_scope = "reference"

    class Meta:
        ordering = ["code"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class PersonQualification(TadribModel):
    """A qualification held by a person: awarded by a completed course (the
    training app records which) or entered from the person's file."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="qualifications", verbose_name=_("person")
    )
    qualification = models.ForeignKey(
        Qualification,
        on_delete=models.PROTECT,
        related_name="holders",
        verbose_name=_("qualification"),
    )
    awarded_on = models.DateField(_("awarded on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    awarded_by = models.CharField(
        _("awarded by"),
        max_length=200,
        blank=True,
        help_text=_("The course, institution or authority that awarded it."),
    )

    owner_path_lookup = "person__unit__path"
    owner_field = "person"
    access_policy: ClassVar = PEOPLE_POLICY
    constraint_fields: ClassVar = {
        "people_personqualification_unique_award": "qualification",
        "people_personqualification_expires_after_award": "expires_on",
    }

    class Meta:
        ordering = ["person", "-awarded_on", "pk"]
        verbose_name = _("qualification held")
        verbose_name_plural = _("qualifications held")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "qualification", "awarded_on"],
                name="people_personqualification_unique_award",
                violation_error_code="people_personqualification_unique_award",
                violation_error_message=_(
                    "This person was already awarded this qualification on this date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("awarded_on")),
                name="people_personqualification_expires_after_award",
                violation_error_code="people_personqualification_expires_after_award",
                violation_error_message=_("A qualification cannot expire before it is awarded."),
            ),
        ]
        indexes = [
            models.Index(fields=["qualification", "person"], name="people_pq_qualification_idx")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.qualification.code}"
