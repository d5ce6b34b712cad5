"""Reads of unit rotations, scoped to the user, joins declared; and the
choices the rotation and roster forms offer."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from tadrib.agreements.models import Programme
from tadrib.core import access
from tadrib.core.choices import Action
from tadrib.core.models import paths_condition
from tadrib.organisations.models import Organisation
from tadrib.people.models import Person
from tadrib.people.selectors import people_for
from tadrib.training.choices import EquipmentState, RotationStatus, VettingOutcome
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

OPEN = (RotationStatus.PLANNED, RotationStatus.IN_TRAINING)


def rotations_for(user: Any, action: str = Action.VIEW) -> QuerySet[UnitRotation]:
    return (
        UnitRotation.objects.for_user(user, action)
        .select_related("programme", "facility__nation", "unit__nation", "qualification")
        .annotate(
            active_members=Count("members", filter=Q(members__removed_on__isnull=True)),
        )
    )


def rotation_members_for(user: Any, action: str = Action.VIEW) -> QuerySet[RotationMember]:
    return RotationMember.objects.for_user(user, action).select_related(
        "rotation__unit", "rotation__facility", "person__rank", "person__unit"
    )


def rotation_equipment_for(user: Any, action: str = Action.VIEW) -> QuerySet[RotationEquipment]:
    return RotationEquipment.objects.for_user(user, action).select_related(
        "rotation__unit", "item_type"
    )


def equipment_losses_for(user: Any, action: str = Action.VIEW) -> QuerySet[EquipmentLoss]:
    return EquipmentLoss.objects.for_user(user, action).select_related(
        "rotation__unit", "equipment__item_type"
    )


def evaluation_checklists_for(
    user: Any, action: str = Action.VIEW
) -> QuerySet[EvaluationChecklist]:
    return EvaluationChecklist.objects.for_user(user, action).annotate(
        criteria_count=Count("criteria", distinct=True),
        critical_count=Count("criteria", filter=Q(criteria__critical=True), distinct=True),
    )


def checklist_criteria_for(user: Any, action: str = Action.VIEW) -> QuerySet[ChecklistCriterion]:
    return ChecklistCriterion.objects.for_user(user, action).select_related("checklist")


def rotation_evaluations_for(user: Any, action: str = Action.VIEW) -> QuerySet[RotationEvaluation]:
    return (
        RotationEvaluation.objects.for_user(user, action)
        .select_related("rotation__unit", "checklist")
        .annotate(
            met_count=Count("assessments", filter=Q(assessments__met=True), distinct=True),
            not_met_count=Count("assessments", filter=Q(assessments__met=False), distinct=True),
        )
    )


def criterion_assessments_for(
    user: Any, action: str = Action.VIEW
) -> QuerySet[CriterionAssessment]:
    return CriterionAssessment.objects.for_user(user, action).select_related(
        "evaluation__rotation__unit", "evaluation__checklist", "criterion"
    )


# --- what the forms offer ---------------------------------------------------------


def partner_units_for(user: Any) -> QuerySet[Organisation]:
    """Units a host may name for a rotation: units under the partner
    organisation of a programme the user sees whose host is of the user's
    nation. (The generic rule on other parties' organisations leaves units
    out; the host must be able to name the partner's battalion.)"""
    programmes = Programme.objects.for_user(user).select_related("partner_organisation")
    if not access.is_instance_admin(user):
        programmes = programmes.filter(host_organisation__nation_id__in=access.nation_ids(user))
    paths = sorted({p.partner_organisation.path for p in programmes})
    if not paths:
        return Organisation.objects.none()
    return Organisation.objects.filter(kind="unit").filter(paths_condition("path", paths))


def rotations_of_the_unit(user: Any, action: str = Action.ADD) -> QuerySet[UnitRotation]:
    """Open rotations the user sees and whose unit it acts for (may ``action``
    roster members there)."""
    paths = access.reach_paths(user, RotationMember, action)
    return (
        UnitRotation.objects.for_user(user)
        .filter(status__in=OPEN)
        .filter(paths_condition("unit__path", paths))
        .select_related("unit")
    )


def soldiers_for(user: Any, rotations: QuerySet[UnitRotation]) -> QuerySet[Person]:
    """People the user sees who serve in the unit of one of ``rotations``."""
    paths = sorted({r.unit.path for r in rotations})
    if not paths:
        return Person.objects.none()
    return people_for(user).select_related(None).filter(paths_condition("unit__path", paths))


def roster_counts(rotation: UnitRotation) -> dict[str, int]:
    """Active soldiers by vetting outcome, and the removed."""
    counts = dict(
        rotation.members.filter(removed_on__isnull=True)
        .order_by()
        .values_list("vetting")
        .annotate(n=Count("pk"))
        .values_list("vetting", "n")
    )
    return {
        "cleared": counts.get(VettingOutcome.CLEARED, 0),
        "open": counts.get(VettingOutcome.OPEN, 0),
        "refused": counts.get(VettingOutcome.REFUSED, 0),
        "active": sum(counts.values()),
        "removed": rotation.members.filter(removed_on__isnull=False).count(),
    }


def equipment_counts(rotation: UnitRotation) -> list[tuple[str, str, int]]:
    """(state, label, count) of the rotation's equipment, every state listed."""
    counts = dict(
        rotation.equipment.order_by()
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    return [(value, str(label), counts.get(value, 0)) for value, label in EquipmentState.choices]
