"""Pages of unit rotations: the generic pages of each record, and the steps
of the host facility and of the unit."""

from django.urls import URLPattern, path

from tadrib.core.views import object_views
from tadrib.training import filtersets_rotations as filtersets
from tadrib.training import forms_rotations as forms
from tadrib.training import rotation_selectors as selectors
from tadrib.training import rotation_services as services
from tadrib.training import tables_rotations as tables
from tadrib.training import views_rotations as views
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

ROTATION_STEPS = {
    "start": views.StartView,
    "complete": views.CompleteView,
    "cancel": views.CancelView,
    "unit-vetting": views.UnitVettingView,
    "vetting": views.VettingView,
    "members": views.AddMembersView,
    "issue": views.IssueView,
    "return": views.ReturnView,
}

urlpatterns: list[URLPattern] = [
    *(
        path(
            f"rotations/<int:pk>/{step}/",
            view.as_view(),
            name=f"unitrotation_{step.replace('-', '_')}",
        )
        for step, view in ROTATION_STEPS.items()
    ),
    *object_views(
        "rotations",
        model=UnitRotation,
        selector=selectors.rotations_for,
        filterset=filtersets.UnitRotationFilterSet,
        table=tables.UnitRotationTable,
        form=forms.UnitRotationForm,
        save=services.save_unit_rotation,
        delete=services.delete_unit_rotation,
        fields=[
            "programme",
            "code",
            "facility",
            "unit",
            "starts_on",
            "ends_on",
            "training_areas",
            "objectives",
            "qualification",
            "status",
            "status_reason",
            "unit_vetting",
            "unit_vetting_reference",
            "unit_vetted_on",
            "started_on",
            "completed_on",
        ],
        detail_view=views.UnitRotationDetailView,
    ),
    path(
        "rotation-members/<int:pk>/remove/",
        views.MemberRemoveView.as_view(),
        name="rotationmember_remove",
    ),
    path(
        "rotation-members/<int:pk>/vetting/",
        views.MemberVettingView.as_view(),
        name="rotationmember_vetting",
    ),
    *object_views(
        "rotation-members",
        model=RotationMember,
        selector=selectors.rotation_members_for,
        filterset=filtersets.RotationMemberFilterSet,
        table=tables.RotationMemberTable,
        form=forms.RotationMemberForm,
        save=services.save_rotation_member,
        delete=services.delete_rotation_member,
        fields=[
            "rotation",
            "person",
            "role",
            "vetting",
            "vetting_reference",
            "vetted_on",
            "removed_on",
            "removal_reason",
        ],
        detail_view=views.RotationMemberDetailView,
    ),
    *object_views(
        "rotation-equipment",
        model=RotationEquipment,
        selector=selectors.rotation_equipment_for,
        filterset=filtersets.RotationEquipmentFilterSet,
        table=tables.RotationEquipmentTable,
        form=forms.RotationEquipmentForm,
        save=services.save_rotation_equipment,
        delete=services.delete_rotation_equipment,
        fields=[
            "rotation",
            "item_type",
            "serial_number",
            "issued_on",
            "state",
            "returned_on",
            "return_note",
        ],
    ),
    *object_views(
        "equipment-losses",
        model=EquipmentLoss,
        selector=selectors.equipment_losses_for,
        filterset=filtersets.EquipmentLossFilterSet,
        table=tables.EquipmentLossTable,
        form=forms.EquipmentLossForm,
        save=services.save_equipment_loss,
        delete=services.delete_equipment_loss,
    ),
    *object_views(
        "evaluation-checklists",
        model=EvaluationChecklist,
        selector=selectors.evaluation_checklists_for,
        filterset=filtersets.EvaluationChecklistFilterSet,
        table=tables.EvaluationChecklistTable,
        form=forms.EvaluationChecklistForm,
        save=services.save_evaluation_checklist,
        delete=services.delete_evaluation_checklist,
        detail_view=views.EvaluationChecklistDetailView,
    ),
    *object_views(
        "checklist-criteria",
        model=ChecklistCriterion,
        selector=selectors.checklist_criteria_for,
        filterset=filtersets.ChecklistCriterionFilterSet,
        table=tables.ChecklistCriterionTable,
        form=forms.ChecklistCriterionForm,
        save=services.save_checklist_criterion,
        delete=services.delete_checklist_criterion,
    ),
    path(
        "rotation-evaluations/<int:pk>/assess/",
        views.AssessView.as_view(),
        name="rotationevaluation_assess",
    ),
    path(
        "rotation-evaluations/<int:pk>/finalise/",
        views.FinaliseView.as_view(),
        name="rotationevaluation_finalise",
    ),
    *object_views(
        "rotation-evaluations",
        model=RotationEvaluation,
        selector=selectors.rotation_evaluations_for,
        filterset=filtersets.RotationEvaluationFilterSet,
        table=tables.RotationEvaluationTable,
        form=forms.RotationEvaluationForm,
        save=services.save_rotation_evaluation,
        delete=services.delete_rotation_evaluation,
        fields=["rotation", "checklist", "evaluator", "evaluated_on", "remarks", "final", "passed"],
        detail_view=views.RotationEvaluationDetailView,
    ),
    *object_views(
        "criterion-assessments",
        model=CriterionAssessment,
        selector=selectors.criterion_assessments_for,
        filterset=filtersets.CriterionAssessmentFilterSet,
        table=tables.CriterionAssessmentTable,
        form=forms.CriterionAssessmentForm,
        save=services.save_criterion_assessment,
        delete=services.delete_criterion_assessment,
    ),
]
