"""Filter sets of unit rotations, shared by the web lists and the API lists."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tadrib.core.filtersets import SearchFilterSet
from tadrib.training.choices import (
    EquipmentState,
    LossKind,
    LossStatus,
    MemberRole,
    RotationStatus,
    VettingOutcome,
)
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


def _rotation_filter() -> django_filters.NumberFilter:
    return django_filters.NumberFilter(field_name="rotation_id", label=_("rotation (id)"))


class UnitRotationFilterSet(SearchFilterSet):
    search_fields = ("code", "unit__code", "unit__name_en", "facility__code", "training_areas")
    status = django_filters.ChoiceFilter(choices=RotationStatus.choices, label=_("status"))
    unit_vetting = django_filters.ChoiceFilter(
        choices=VettingOutcome.choices, label=_("unit vetting")
    )
    programme = django_filters.NumberFilter(field_name="programme_id", label=_("programme (id)"))
    facility = django_filters.NumberFilter(field_name="facility_id", label=_("facility (id)"))
    unit = django_filters.NumberFilter(field_name="unit_id", label=_("unit (id)"))
    starts_after = django_filters.DateFilter(
        field_name="starts_on", lookup_expr="gte", label=_("starts on or after")
    )
    starts_before = django_filters.DateFilter(
        field_name="starts_on", lookup_expr="lte", label=_("starts on or before")
    )

    class Meta:
        model = UnitRotation
        fields = [
            "q",
            "status",
            "unit_vetting",
            "programme",
            "facility",
            "unit",
            "starts_after",
            "starts_before",
        ]


class RotationMemberFilterSet(SearchFilterSet):
    search_fields = (
        "person__service_number",
        "person__family_name_latin",
        "person__given_names_latin",
        "person__family_name",
        "rotation__code",
    )
    rotation = _rotation_filter()
    vetting = django_filters.ChoiceFilter(choices=VettingOutcome.choices, label=_("vetting"))
    role = django_filters.ChoiceFilter(choices=MemberRole.choices, label=_("role"))
    active = django_filters.BooleanFilter(method="filter_active", label=_("still on the roster"))

    class Meta:
        model = RotationMember
        fields = ["q", "rotation", "vetting", "role", "active"]

    def filter_active(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(removed_on__isnull=bool(value))


class RotationEquipmentFilterSet(SearchFilterSet):
    search_fields = ("serial_number", "item_type__code", "rotation__code")
    rotation = _rotation_filter()
    item_type = django_filters.NumberFilter(field_name="item_type_id", label=_("item type (id)"))
    state = django_filters.ChoiceFilter(choices=EquipmentState.choices, label=_("state"))

    class Meta:
        model = RotationEquipment
        fields = ["q", "rotation", "item_type", "state"]


class EquipmentLossFilterSet(SearchFilterSet):
    search_fields = ("equipment__serial_number", "description", "rotation__code")
    rotation = _rotation_filter()
    kind = django_filters.ChoiceFilter(choices=LossKind.choices, label=_("kind"))
    status = django_filters.ChoiceFilter(choices=LossStatus.choices, label=_("status"))

    class Meta:
        model = EquipmentLoss
        fields = ["q", "rotation", "kind", "status"]


class EvaluationChecklistFilterSet(SearchFilterSet):
    search_fields = ("code", "name_en", "name_ar", "name_tr", "description")

    class Meta:
        model = EvaluationChecklist
        fields = ["q"]


class ChecklistCriterionFilterSet(SearchFilterSet):
    search_fields = ("code", "name_en", "name_ar", "name_tr", "checklist__code")
    checklist = django_filters.NumberFilter(field_name="checklist_id", label=_("checklist (id)"))
    critical = django_filters.BooleanFilter(label=_("critical"))

    class Meta:
        model = ChecklistCriterion
        fields = ["q", "checklist", "critical"]


class RotationEvaluationFilterSet(SearchFilterSet):
    search_fields = ("evaluator", "rotation__code", "checklist__code", "remarks")
    rotation = _rotation_filter()
    checklist = django_filters.NumberFilter(field_name="checklist_id", label=_("checklist (id)"))
    final = django_filters.BooleanFilter(label=_("final"))
    passed = django_filters.BooleanFilter(label=_("passed"))

    class Meta:
        model = RotationEvaluation
        fields = ["q", "rotation", "checklist", "final", "passed"]


class CriterionAssessmentFilterSet(SearchFilterSet):
    search_fields = ("criterion__code", "remark", "evaluation__rotation__code")
    evaluation = django_filters.NumberFilter(field_name="evaluation_id", label=_("evaluation (id)"))
    met = django_filters.BooleanFilter(label=_("met"))

    class Meta:
        model = CriterionAssessment
        fields = ["q", "evaluation", "met"]
