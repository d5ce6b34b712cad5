"""Checklists (reference data) and the evaluation of the unit against one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tadrib.core.services import delete_audited, save_audited
from tadrib.training.models import (
    ChecklistCriterion,
    CriterionAssessment,
    EvaluationChecklist,
    RotationEvaluation,
)

if TYPE_CHECKING:
    from tadrib.accounts.models import User

from tadrib.training.rotation_services.base import (
    PASS_SHARE,
    _follow,
    _related,
    _require_open,
    require_host_side,
)

# --- checklists (reference data) ---------------------------------------------


def save_evaluation_checklist(
    checklist: EvaluationChecklist, *, actor: User | None
) -> EvaluationChecklist:
    return save_audited(checklist, actor=actor)


def delete_evaluation_checklist(checklist: EvaluationChecklist, *, actor: User | None) -> None:
    delete_audited(checklist, actor=actor)


def save_checklist_criterion(
    criterion: ChecklistCriterion, *, actor: User | None
) -> ChecklistCriterion:
    """A criterion of a checklist; one already assessed in a final
    evaluation keeps its checklist and its critical flag (the result stands)."""
    if not criterion._state.adding:
        stored = ChecklistCriterion.objects.get(pk=criterion.pk)
        changed = (stored.checklist_id, stored.critical) != (
            criterion.checklist_id,
            criterion.critical,
        )
        if changed and stored.assessments.filter(evaluation__final=True).exists():
            raise ValidationError(
                {"critical": _("A final evaluation assessed this criterion; it no longer changes.")}
            )
    return save_audited(criterion, actor=actor)


def delete_checklist_criterion(criterion: ChecklistCriterion, *, actor: User | None) -> None:
    delete_audited(criterion, actor=actor)


# --- evaluations (host) -----------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """An evaluation's results so far."""

    total: int
    met: int
    not_met: int
    critical_not_met: int

    @property
    def assessed(self) -> int:
        return self.met + self.not_met

    @property
    def unassessed(self) -> int:
        return self.total - self.assessed

    @property
    def passes(self) -> bool:
        """Every critical criterion met and at least ``PASS_SHARE`` of all met."""
        return (
            self.total > 0
            and self.critical_not_met == 0
            and Decimal(self.met) >= PASS_SHARE * self.total
        )


def tally(evaluation: RotationEvaluation) -> Tally:
    total = evaluation.checklist.criteria.count()
    rows = list(evaluation.assessments.values_list("met", "criterion__critical"))
    return Tally(
        total=total,
        met=sum(1 for met, _critical in rows if met),
        not_met=sum(1 for met, _critical in rows if not met),
        critical_not_met=sum(1 for met, critical in rows if critical and not met),
    )


def _require_not_final(evaluation: RotationEvaluation, field_name: str | None = None) -> None:
    if evaluation.final:
        message = _("This evaluation is final; its assessments are locked.")
        raise ValidationError({field_name: message} if field_name else message)


def save_rotation_evaluation(
    evaluation: RotationEvaluation, *, actor: User | None
) -> RotationEvaluation:
    """An evaluation of the unit (host), while the rotation is open; it no
    longer changes once final, nor its checklist once criteria are assessed."""
    rotation = _related(evaluation, "rotation")
    if evaluation._state.adding:
        if rotation is not None:
            _require_open(rotation, "rotation")
    else:
        stored = RotationEvaluation.objects.get(pk=evaluation.pk)
        _require_not_final(stored)
        if stored.rotation_id != evaluation.rotation_id:
            raise ValidationError({"rotation": _("An evaluation stays with its rotation.")})
        if stored.checklist_id != evaluation.checklist_id and stored.assessments.exists():
            raise ValidationError(
                {"checklist": _("Criteria are assessed already; the checklist is fixed.")}
            )
    return save_audited(evaluation, actor=actor)


def delete_rotation_evaluation(evaluation: RotationEvaluation, *, actor: User | None) -> None:
    _require_not_final(evaluation)
    delete_audited(evaluation, actor=actor)


def save_criterion_assessment(
    assessment: CriterionAssessment, *, actor: User | None
) -> CriterionAssessment:
    evaluation = _related(assessment, "evaluation")
    if evaluation is not None:
        _require_not_final(evaluation, "evaluation")
    if not assessment._state.adding:
        stored = CriterionAssessment.objects.get(pk=assessment.pk)
        if stored.evaluation_id != assessment.evaluation_id:
            raise ValidationError({"evaluation": _("An assessment stays with its evaluation.")})
    return save_audited(assessment, actor=actor)


def delete_criterion_assessment(assessment: CriterionAssessment, *, actor: User | None) -> None:
    _require_not_final(assessment.evaluation)
    delete_audited(assessment, actor=actor)


def _lock_evaluation(evaluation: RotationEvaluation) -> RotationEvaluation:
    return (
        RotationEvaluation.objects.select_for_update(of=("self",))
        .select_related("rotation__facility", "rotation__unit", "checklist")
        .get(pk=evaluation.pk)
    )


@transaction.atomic
def assess_criteria(
    evaluation: RotationEvaluation,
    results: Mapping[Any, tuple[bool, str] | None],
    *,
    actor: User | None,
) -> list[CriterionAssessment]:
    """Set the evaluation's assessments as a whole (host): each criterion of
    the checklist given (met, remark) is assessed so; one given ``None`` or
    not given is unassessed. Refused once the evaluation is final."""
    locked = _lock_evaluation(evaluation)
    require_host_side(actor, locked.rotation)
    _require_not_final(locked, "assessments")
    criteria = {c.pk: c for c in locked.checklist.criteria.all()}
    wanted = {
        (k.pk if isinstance(k, ChecklistCriterion) else int(k)): v for k, v in results.items()
    }
    unknown = sorted(set(wanted) - set(criteria))
    if unknown:
        raise ValidationError(
            {
                "assessments": _("Not criteria of the checklist %(checklist)s: %(ids)s.")
                % {"checklist": locked.checklist.code, "ids": ", ".join(map(str, unknown))}
            }
        )
    stored = {a.criterion_id: a for a in locked.assessments.all()}
    kept = []
    for pk, criterion in criteria.items():
        given = wanted.get(pk)
        current = stored.get(pk)
        if given is None:
            if current is not None:
                delete_audited(current, actor=actor)
            continue
        met, remark = bool(given[0]), (given[1] or "").strip()
        if current is None:
            current = CriterionAssessment(evaluation=locked, criterion=criterion)
        elif (current.met, current.remark) == (met, remark):
            kept.append(current)
            continue
        current.met, current.remark = met, remark
        kept.append(save_audited(current, actor=actor))
    return kept


@transaction.atomic
def finalise_evaluation(
    evaluation: RotationEvaluation, *, actor: User | None
) -> RotationEvaluation:
    """Close the evaluation (host) once every criterion is assessed: passed
    when every critical criterion is met and at least ``PASS_SHARE`` of all
    criteria are met. Its assessments are locked from then on."""
    locked = _lock_evaluation(evaluation)
    require_host_side(actor, locked.rotation)
    if locked.final:
        raise ValidationError(_("This evaluation is already final."))
    assessed = set(locked.assessments.values_list("criterion_id", flat=True))
    criteria = list(locked.checklist.criteria.order_by("code"))
    if not criteria:
        raise ValidationError({"checklist": _("The checklist has no criteria.")})
    missing = [c.code for c in criteria if c.pk not in assessed]
    if missing:
        raise ValidationError(
            {
                "assessments": _("Assess every criterion first; not yet assessed: %(codes)s.")
                % {"codes": ", ".join(missing)}
            }
        )
    result = tally(locked)
    locked.final = True
    locked.passed = result.passes
    save_audited(
        locked,
        actor=actor,
        action="rotationevaluation.finalised",
        authorised=True,
        extra_changes={"met": [None, result.met], "total": [None, result.total]},
    )
    _follow(evaluation, locked)
    return evaluation
