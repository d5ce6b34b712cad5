"""Tables of unit rotations (web lists and their CSV/XLSX exports)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from tadrib.training.models import (
    ChecklistCriterion,
    CriterionAssessment,
    EquipmentLoss,
    EvaluationChecklist,
    RotationEquipment,
    RotationEvaluation,
    RotationMember,
    UnitRotation,
)
from tadrib.training.tables import record_link


def rotation_column() -> tables.Column:
    return tables.Column(
        accessor="rotation__code",
        verbose_name=_("rotation"),
        linkify=lambda record: record.rotation.get_absolute_url(),
    )


class UnitRotationTable(tables.Table):
    code = tables.Column(linkify=True)
    unit = tables.Column(accessor="unit__code", verbose_name=_("unit"))
    nation = tables.Column(accessor="unit__nation__iso_code", verbose_name=_("nation"))
    facility = tables.Column(accessor="facility__code", verbose_name=_("host facility"))
    programme = tables.Column(accessor="programme__code", verbose_name=_("programme"))
    active_members = tables.Column(verbose_name=_("soldiers"))

    class Meta:
        model = UnitRotation
        fields = (
            "code",
            "unit",
            "nation",
            "facility",
            "programme",
            "starts_on",
            "ends_on",
            "status",
            "unit_vetting",
            "active_members",
        )


class RotationMemberTable(tables.Table):
    link = record_link()
    rotation = rotation_column()
    service_number = tables.Column(
        accessor="person__service_number", verbose_name=_("service number")
    )
    person = tables.Column(
        accessor="person__full_name_latin",
        verbose_name=_("soldier"),
        order_by=("person__family_name_latin",),
    )
    rank = tables.Column(accessor="person__rank__nato_code", verbose_name=_("rank"))

    class Meta:
        model = RotationMember
        fields = (
            "link",
            "rotation",
            "service_number",
            "person",
            "rank",
            "role",
            "vetting",
            "vetted_on",
            "removed_on",
        )


class RotationEquipmentTable(tables.Table):
    link = record_link()
    rotation = rotation_column()
    item_type = tables.Column(accessor="item_type__code", verbose_name=_("item type"))

    class Meta:
        model = RotationEquipment
        fields = (
            "link",
            "rotation",
            "item_type",
            "serial_number",
            "issued_on",
            "state",
            "returned_on",
        )


class EquipmentLossTable(tables.Table):
    link = record_link()
    rotation = rotation_column()
    item = tables.Column(
        accessor="equipment__serial_number",
        verbose_name=_("item"),
        linkify=lambda record: record.equipment.get_absolute_url(),
    )
    item_type = tables.Column(accessor="equipment__item_type__code", verbose_name=_("item type"))

    class Meta:
        model = EquipmentLoss
        fields = ("link", "rotation", "item_type", "item", "kind", "found_on", "status")


class EvaluationChecklistTable(tables.Table):
    code = tables.Column(linkify=True)
    name = tables.Column(accessor="name", verbose_name=_("name"), order_by=("name_en",))
    criteria_count = tables.Column(verbose_name=_("criteria"))
    critical_count = tables.Column(verbose_name=_("critical"))

    class Meta:
        model = EvaluationChecklist
        fields = ("code", "name", "criteria_count", "critical_count")


class ChecklistCriterionTable(tables.Table):
    code = tables.Column(linkify=True)
    checklist = tables.Column(accessor="checklist__code", verbose_name=_("checklist"))
    name = tables.Column(accessor="name", verbose_name=_("name"), order_by=("name_en",))

    class Meta:
        model = ChecklistCriterion
        fields = ("code", "checklist", "name", "critical")


class RotationEvaluationTable(tables.Table):
    link = record_link()
    rotation = rotation_column()
    checklist = tables.Column(accessor="checklist__code", verbose_name=_("checklist"))
    met_count = tables.Column(verbose_name=_("met"))
    not_met_count = tables.Column(verbose_name=_("not met"))

    class Meta:
        model = RotationEvaluation
        fields = (
            "link",
            "rotation",
            "checklist",
            "evaluator",
            "evaluated_on",
            "met_count",
            "not_met_count",
            "final",
            "passed",
        )


class CriterionAssessmentTable(tables.Table):
    link = record_link()
    rotation = tables.Column(accessor="evaluation__rotation__code", verbose_name=_("rotation"))
    evaluation = tables.Column(
        accessor="evaluation__evaluated_on",
        verbose_name=_("evaluation"),
        linkify=lambda record: record.evaluation.get_absolute_url(),
    )
    criterion = tables.Column(accessor="criterion__code", verbose_name=_("criterion"))

    class Meta:
        model = CriterionAssessment
        fields = ("link", "rotation", "evaluation", "criterion", "met", "remark")
