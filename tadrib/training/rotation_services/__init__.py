"""Writes of unit rotations: a partner unit training at a host facility.

Two sides act on one rotation. The host facility (which owns the rotation,
its equipment, losses and evaluations) records the unit's and each soldier's
vetting, starts the rotation, issues and takes back its equipment, evaluates
the unit against a checklist and completes or cancels the rotation. The unit
(which owns the roster) names its soldiers. A step the actor's side may not
take is a ``PermissionDenied``; a refused step a translated
``ValidationError`` naming the field, with nothing stored. Every write runs
in one transaction and is audited; status changes go through
``refuse_illegal_transition`` with ``ROTATION_TRANSITIONS``."""

from __future__ import annotations

from tadrib.training.rotation_services.base import (
    DECIDED,
    MAX_ROWS,
    MAX_SERIAL_LENGTH,
    OPEN,
    PASS_SHARE,
    RS,
    is_host_side,
    is_unit_side,
    require_host_side,
    require_unit_side,
)
from tadrib.training.rotation_services.equipment import (
    IssueRow,
    ParsedRows,
    ReturnReport,
    delete_equipment_loss,
    delete_rotation_equipment,
    issue_equipment,
    parse_issue_file,
    parse_issue_pairs,
    parse_issue_text,
    return_equipment,
    row_error,
    save_equipment_loss,
    save_rotation_equipment,
)
from tadrib.training.rotation_services.evaluations import (
    Tally,
    assess_criteria,
    delete_checklist_criterion,
    delete_criterion_assessment,
    delete_evaluation_checklist,
    delete_rotation_evaluation,
    finalise_evaluation,
    save_checklist_criterion,
    save_criterion_assessment,
    save_evaluation_checklist,
    save_rotation_evaluation,
    tally,
)
from tadrib.training.rotation_services.roster import (
    Entry,
    add_members,
    delete_rotation_member,
    record_member_vetting,
    record_unit_vetting,
    record_vetting,
    remove_member,
    save_rotation_member,
)
from tadrib.training.rotation_services.rotations import (
    cancel_rotation,
    complete_rotation,
    delete_unit_rotation,
    latest_final_evaluation,
    save_unit_rotation,
    start_rotation,
)

__all__ = [
    "DECIDED",
    "MAX_ROWS",
    "MAX_SERIAL_LENGTH",
    "OPEN",
    "PASS_SHARE",
    "RS",
    "Entry",
    "IssueRow",
    "ParsedRows",
    "ReturnReport",
    "Tally",
    "add_members",
    "assess_criteria",
    "cancel_rotation",
    "complete_rotation",
    "delete_checklist_criterion",
    "delete_criterion_assessment",
    "delete_equipment_loss",
    "delete_evaluation_checklist",
    "delete_rotation_equipment",
    "delete_rotation_evaluation",
    "delete_rotation_member",
    "delete_unit_rotation",
    "finalise_evaluation",
    "is_host_side",
    "is_unit_side",
    "issue_equipment",
    "latest_final_evaluation",
    "parse_issue_file",
    "parse_issue_pairs",
    "parse_issue_text",
    "record_member_vetting",
    "record_unit_vetting",
    "record_vetting",
    "remove_member",
    "require_host_side",
    "require_unit_side",
    "return_equipment",
    "row_error",
    "save_checklist_criterion",
    "save_criterion_assessment",
    "save_equipment_loss",
    "save_evaluation_checklist",
    "save_rotation_equipment",
    "save_rotation_evaluation",
    "save_rotation_member",
    "save_unit_rotation",
    "start_rotation",
    "tally",
]
