"""Pages of seat allocation (included by training/urls.py)."""

from django.urls import URLPattern, path

from tadrib.core.views import object_views
from tadrib.training import allocation_selectors as selectors
from tadrib.training import allocation_services as services
from tadrib.training import filtersets, forms_allocation, tables, views_allocation
from tadrib.training.models import AllocationRun, Intake, IntakeInstitution, NominationChoice

urlpatterns: list[URLPattern] = [
    path("intakes/<int:pk>/run/", views_allocation.IntakeRunView.as_view(), name="intake_run"),
    path(
        "allocation-runs/<int:pk>/progress/",
        views_allocation.AllocationRunProgressView.as_view(),
        name="allocationrun_progress",
    ),
    path(
        "allocation-runs/<int:pk>/confirm/",
        views_allocation.AllocationRunConfirmView.as_view(),
        name="allocationrun_confirm",
    ),
    *object_views(
        "intakes",
        model=Intake,
        selector=selectors.intakes_for,
        filterset=filtersets.IntakeFilterSet,
        table=tables.IntakeTable,
        form=forms_allocation.IntakeForm,
        save=services.save_intake,
        delete=services.delete_intake,
        detail_view=views_allocation.IntakeDetailView,
    ),
    *object_views(
        "intake-institutions",
        model=IntakeInstitution,
        selector=selectors.intake_institutions_for,
        filterset=filtersets.IntakeInstitutionFilterSet,
        table=tables.IntakeInstitutionTable,
        form=forms_allocation.IntakeInstitutionForm,
        save=services.save_intake_institution,
        delete=services.delete_intake_institution,
    ),
    *object_views(
        "nomination-choices",
        model=NominationChoice,
        selector=selectors.nomination_choices_for,
        filterset=filtersets.NominationChoiceFilterSet,
        table=tables.NominationChoiceTable,
        form=forms_allocation.NominationChoiceForm,
        save=services.save_nomination_choice,
        delete=services.delete_nomination_choice,
    ),
    # Created only by starting a run (the add page starts one); never changed
    # or deleted.
    *object_views(
        "allocation-runs",
        model=AllocationRun,
        selector=selectors.allocation_runs_for,
        filterset=filtersets.AllocationRunFilterSet,
        table=tables.AllocationRunTable,
        form=forms_allocation.AllocationRunForm,
        save=services.save_run,
        delete=None,
        append_only=True,
        detail_view=views_allocation.AllocationRunDetailView,
        fields=[
            "intake",
            "status",
            "note",
            "nomination_count",
            "assigned_count",
            "objective",
            "input_digest",
            "previous",
            "run_by",
            "started_at",
            "finished_at",
            "confirmed_by",
            "confirmed_at",
            "error",
        ],
    ),
]
