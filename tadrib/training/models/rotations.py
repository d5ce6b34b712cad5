"""Whole units training at a host facility: the rotation with its roster and
vetting, the host's equipment issued to the unit by serial and returned (any
loss or damage recorded), and the evaluation against a checklist (NATO
CREVAL style: each criterion met or not met).

Who sees what: a rotation, its issued equipment, losses and evaluations belong
to the host facility and are read by the unit (and the offices above it). The
roster belongs to the unit (the partner names its soldiers) and is read by the
facility, which records each member's vetting. Checklists are reference data.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tadrib.agreements.models import Programme
from tadrib.core.choices import Role
from tadrib.core.constraints import check_rule, known_choice, unique_rule
from tadrib.core.models import MultilingualName, TadribModel
from tadrib.core.validators import SERIAL
from tadrib.organisations.models import Organisation
from tadrib.people.models import Person, Qualification
from tadrib.training.choices import (
    EquipmentState,
    LossKind,
    LossStatus,
    MemberRole,
    RotationStatus,
    VettingOutcome,
)
from tadrib.training.models.base import CODE, COURSE_RECORDS_POLICY, NOMINATION_POLICY


class UnitRotation(TadribModel):
    """A partner unit (or part of one) training at a host facility."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="rotations",
        verbose_name=_("programme"),
    )
    code = models.CharField(_("code"), max_length=40, validators=[CODE])
    facility = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="rotations_hosted",
        verbose_name=_("host facility"),
    )
    unit = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="rotations",
        verbose_name=_("unit"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    training_areas = models.TextField(
        _("training areas"), help_text=_("Ranges, training areas and facilities used.")
    )
    objectives = models.TextField(_("objectives"))
    qualification = models.ForeignKey(
        Qualification,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rotations",
        verbose_name=_("qualification conferred"),
        help_text=_("Entered on each member's record when the rotation is completed."),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RotationStatus.choices,
        default=RotationStatus.PLANNED,
        editable=False,
    )
    unit_vetting = models.CharField(
        _("unit vetting"),
        max_length=8,
        choices=VettingOutcome.choices,
        default=VettingOutcome.OPEN,
        editable=False,
    )
    unit_vetting_reference = models.CharField(
        _("unit vetting reference"), max_length=100, blank=True, editable=False
    )
    unit_vetted_on = models.DateField(_("unit vetted on"), null=True, blank=True, editable=False)
    started_on = models.DateField(_("started on"), null=True, blank=True, editable=False)
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    status_reason = models.TextField(_("reason"), blank=True, editable=False)

    owner_path_lookup = "facility__path"
    owner_field = "facility"
    shared_lookups: ClassVar = ("unit",)
    access_policy: ClassVar = COURSE_RECORDS_POLICY
    constraint_fields: ClassVar = {
        "training_unitrotation_unique_code": "code",
        "training_unitrotation_ends_after_start": "ends_on",
    }

    class Meta:
        ordering = ["-starts_on", "code"]
        verbose_name = _("unit rotation")
        verbose_name_plural = _("unit rotations")
        constraints = [
            unique_rule(
                "training_unitrotation",
                "unique_code",
                ["facility", "code"],
                _("This facility already has a rotation with this code."),
            ),
            check_rule(
                "training_unitrotation",
                "ends_after_start",
                Q(ends_on__gte=F("starts_on")),
                _("A rotation ends on or after the day it starts."),
            ),
            known_choice("training_unitrotation", "status", RotationStatus),
            known_choice("training_unitrotation", "unit_vetting", VettingOutcome),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.unit}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        programme = self.programme if self.programme_id else None
        facility = self.facility if self.facility_id else None
        unit = self.unit if self.unit_id else None
        if facility is not None and facility.kind == "unit":
            errors["facility"] = _("Units train at a host facility, centre or academy.")
        if unit is not None and unit.kind != "unit":
            errors["unit"] = _("Choose a unit.")
        if programme is not None:
            if facility is not None and facility.nation_id != programme.host_organisation.nation_id:
                errors["facility"] = _("The facility is not of the programme's host nation.")
            partner = programme.partner_organisation
            if unit is not None and not unit.path.startswith(partner.path):
                errors["unit"] = _(
                    "The unit is not under the programme's partner (%(partner)s)."
                ) % {"partner": partner}
        if errors:
            raise ValidationError(errors)


class RotationMember(TadribModel):
    """A soldier of the unit on the rotation's roster, with the host's
    vetting of them. Removed members stay on the record, marked."""

    rotation = models.ForeignKey(
        UnitRotation, on_delete=models.CASCADE, related_name="members", verbose_name=_("rotation")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="rotations", verbose_name=_("soldier")
    )
    role = models.CharField(
        _("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    vetting = models.CharField(
        _("vetting"),
        max_length=8,
        choices=VettingOutcome.choices,
        default=VettingOutcome.OPEN,
        editable=False,
    )
    vetting_reference = models.CharField(
        _("vetting reference"), max_length=100, blank=True, editable=False
    )
    vetted_on = models.DateField(_("vetted on"), null=True, blank=True, editable=False)
    removed_on = models.DateField(_("removed on"), null=True, blank=True, editable=False)
    removal_reason = models.TextField(_("reason for removal"), blank=True, editable=False)

    owner_path_lookup = "rotation__unit__path"
    owner_field = "rotation"
    shared_lookups: ClassVar = ("rotation__facility",)
    access_policy: ClassVar = NOMINATION_POLICY
    constraint_fields: ClassVar = {"training_rotationmember_once": "person"}

    class Meta:
        ordering = ["rotation", "role", "person__family_name_latin", "pk"]
        verbose_name = _("rotation member")
        verbose_name_plural = _("rotation roster")
        constraints = [
            unique_rule(
                "training_rotationmember",
                "once",
                ["rotation", "person"],
                _("This soldier is already on the roster."),
            ),
            known_choice("training_rotationmember", "vetting", VettingOutcome),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.rotation.code}"

    @property
    def active(self) -> bool:
        return self.removed_on is None

    def clean(self) -> None:
        rotation = self.rotation if self.rotation_id else None
        person = self.person if self.person_id else None
        if (rotation is not None and person is not None) and (
            person.unit_id is None or not person.unit.path.startswith(rotation.unit.path)
        ):
            raise ValidationError(
                {"person": _("This soldier does not serve in the rotation's unit.")}
            )


class RotationRecord(TadribModel):
    """A record the host facility keeps on a rotation, read by the unit."""

    owner_path_lookup = "rotation__facility__path"
    owner_field = "rotation"
    shared_lookups: ClassVar = ("rotation__unit",)
    access_policy: ClassVar = COURSE_RECORDS_POLICY

    class Meta:
        abstract = True


class RotationEquipment(RotationRecord):
    """One item of the host's equipment issued to the unit for its training,
    by serial, and how it came back."""

    rotation = models.ForeignKey(
        UnitRotation,
        on_delete=models.CASCADE,
        related_name="equipment",
        verbose_name=_("rotation"),
    )
    item_type = models.ForeignKey(
        "equipment.ItemType",
        on_delete=models.PROTECT,
        related_name="rotation_issues",
        verbose_name=_("item type"),
    )
    serial_number = models.CharField(_("serial number"), max_length=60, validators=[SERIAL])
    issued_on = models.DateField(_("issued on"))
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=EquipmentState.choices,
        default=EquipmentState.ISSUED,
        editable=False,
    )
    returned_on = models.DateField(_("returned on"), null=True, blank=True, editable=False)
    return_note = models.TextField(_("note on return"), blank=True, editable=False)

    constraint_fields: ClassVar = {
        "training_rotationequipment_once_per_rotation": "serial_number",
        "training_rotationequipment_issued_once": "serial_number",
    }

    class Meta:
        ordering = ["rotation", "item_type__code", "serial_number"]
        verbose_name = _("equipment issued")
        verbose_name_plural = _("equipment issued")
        constraints = [
            unique_rule(
                "training_rotationequipment",
                "once_per_rotation",
                ["rotation", "item_type", "serial_number"],
                _("This item is already issued to this rotation."),
            ),
            unique_rule(
                "training_rotationequipment",
                "issued_once",
                ["item_type", "serial_number"],
                _("This item is issued to another rotation and not yet returned."),
                condition=Q(state=EquipmentState.ISSUED),
            ),
            known_choice("training_rotationequipment", "state", EquipmentState),
        ]

    def __str__(self) -> str:
        return f"{self.item_type.code} {self.serial_number}"

    def clean(self) -> None:
        rotation = self.rotation if self.rotation_id else None
        if rotation is None or self.issued_on is None:
            return
        if not rotation.starts_on <= self.issued_on <= rotation.ends_on:
            raise ValidationError({"issued_on": _("Issued during the rotation.")})


class EquipmentLoss(RotationRecord):
    """A loss or damage of issued equipment found on its return."""

    rotation = models.ForeignKey(
        UnitRotation, on_delete=models.CASCADE, related_name="losses", verbose_name=_("rotation")
    )
    equipment = models.OneToOneField(
        RotationEquipment,
        on_delete=models.CASCADE,
        related_name="loss",
        verbose_name=_("item"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=LossKind.choices)
    found_on = models.DateField(_("found on"))
    description = models.TextField(_("description"))
    status = models.CharField(
        _("status"), max_length=12, choices=LossStatus.choices, default=LossStatus.OPEN
    )
    resolution = models.TextField(_("resolution"), blank=True)

    class Meta:
        ordering = ["rotation", "-found_on", "pk"]
        verbose_name = _("equipment loss or damage")
        verbose_name_plural = _("equipment losses and damage")
        constraints = [
            known_choice("training_equipmentloss", "kind", LossKind),
            known_choice("training_equipmentloss", "status", LossStatus),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.equipment}"  # type: ignore[attr-defined]

    def clean(self) -> None:
        if self.status != LossStatus.OPEN and not self.resolution.strip():
            raise ValidationError({"resolution": _("Say how it was settled.")})
        if (
            self.equipment_id
            and self.rotation_id
            and self.equipment.rotation_id != self.rotation_id
        ):
            raise ValidationError({"equipment": _("This item was issued to another rotation.")})


class EvaluationChecklist(MultilingualName, TadribModel):
    """A checklist units are evaluated against (NATO CREVAL style)."""

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[CODE])
    description = models.TextField(_("description"), blank=True)

    access_scope = "reference"
    # Besides instance administrators: administrators and registrars of any
    # training office. Not managers: a reference list every nation reads is
    # not rewritten by any ministry's manager (the generic access test holds
    # another nation's manager out of reference data).
    reference_editors: ClassVar = frozenset({Role.ADMINISTRATOR, Role.REGISTRAR})

    class Meta:
        ordering = ["code"]
        verbose_name = _("evaluation checklist")
        verbose_name_plural = _("evaluation checklists")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class ChecklistCriterion(MultilingualName, TadribModel):
    """One criterion of a checklist; a critical one not met fails the evaluation."""

    checklist = models.ForeignKey(
        EvaluationChecklist,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("checklist"),
    )
    code = models.CharField(_("code"), max_length=40, validators=[CODE])
    critical = models.BooleanField(
        _("critical"), default=False, help_text=_("Not met: the unit is not ready.")
    )

    access_scope = "reference"
    reference_editors: ClassVar = EvaluationChecklist.reference_editors
    constraint_fields: ClassVar = {"training_checklistcriterion_unique_code": "code"}

    class Meta:
        ordering = ["checklist", "code"]
        verbose_name = _("checklist criterion")
        verbose_name_plural = _("checklist criteria")
        constraints = [
            unique_rule(
                "training_checklistcriterion",
                "unique_code",
                ["checklist", "code"],
                _("This checklist already has a criterion with this code."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class RotationEvaluation(RotationRecord):
    """An evaluation of the unit against a checklist, by a named evaluator;
    final once every criterion is assessed and the evaluator closes it."""

    rotation = models.ForeignKey(
        UnitRotation,
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("rotation"),
    )
    checklist = models.ForeignKey(
        EvaluationChecklist,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("checklist"),
    )
    evaluator = models.CharField(_("evaluator"), max_length=200)
    evaluated_on = models.DateField(_("evaluated on"))
    remarks = models.TextField(_("remarks"), blank=True)
    final = models.BooleanField(_("final"), default=False, editable=False)
    passed = models.BooleanField(_("passed"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["rotation", "-evaluated_on", "pk"]
        verbose_name = _("rotation evaluation")
        verbose_name_plural = _("rotation evaluations")

    def __str__(self) -> str:
        return f"{self.rotation.code} · {self.checklist.code} · {self.evaluated_on}"

    def clean(self) -> None:
        rotation = self.rotation if self.rotation_id else None
        if rotation is not None and self.evaluated_on and self.evaluated_on < rotation.starts_on:
            raise ValidationError({"evaluated_on": _("Evaluated after the rotation starts.")})


class CriterionAssessment(TadribModel):
    """A criterion of an evaluation, met or not met, with a remark."""

    evaluation = models.ForeignKey(
        RotationEvaluation,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("evaluation"),
    )
    criterion = models.ForeignKey(
        ChecklistCriterion,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("criterion"),
    )
    met = models.BooleanField(_("met"))
    remark = models.TextField(_("remark"), blank=True)

    owner_path_lookup = "evaluation__rotation__facility__path"
    owner_field = "evaluation"
    shared_lookups: ClassVar = ("evaluation__rotation__unit",)
    access_policy: ClassVar = COURSE_RECORDS_POLICY
    constraint_fields: ClassVar = {"training_criterionassessment_once": "criterion"}

    class Meta:
        ordering = ["evaluation", "criterion__code"]
        verbose_name = _("criterion assessed")
        verbose_name_plural = _("criteria assessed")
        constraints = [
            unique_rule(
                "training_criterionassessment",
                "once",
                ["evaluation", "criterion"],
                _("This criterion is already assessed in this evaluation."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {'✓' if self.met else '✗'}"

    def clean(self) -> None:
        if (self.evaluation_id and self.criterion_id) and (
            self.criterion.checklist_id != self.evaluation.checklist_id
        ):
            raise ValidationError(
                {"criterion": _("This criterion is not on the evaluation's checklist.")}
            )
