"""Pages of cadets at foreign academies: the generic pages of the ten models,
the steps, the transcript and the cohort view."""

from __future__ import annotations

from django.urls import URLPattern, path

from tadrib.core.views import object_views
from tadrib.training import academic_selectors as selectors
from tadrib.training import academic_services as services
from tadrib.training import filtersets_academics as filtersets
from tadrib.training import forms_academics as forms
from tadrib.training import tables_academics as tables
from tadrib.training import views_academics as views
from tadrib.training.models import (
    AcademicProgramme,
    AgreementComponent,
    CadetEnrolment,
    CadetIncident,
    Cohort,
    LearningAgreement,
    ProgrammeComponent,
    ProgressionDecision,
    RecognitionLine,
    TermResult,
)

urlpatterns: list[URLPattern] = [
    path("cadets/", views.CadetsAbroadView.as_view(), name="cadets_abroad"),
    path("cohorts/<int:pk>/enrol/", views.CohortEnrolView.as_view(), name="cohort_enrol"),
    path("cohorts/<int:pk>/decide/", views.CohortDecideView.as_view(), name="cohort_decide"),
    path(
        "cadet-enrolments/<int:pk>/decide/",
        views.EnrolmentDecideView.as_view(),
        name="cadetenrolment_decide",
    ),
    path(
        "cadet-enrolments/<int:pk>/withdraw/",
        views.EnrolmentWithdrawView.as_view(),
        name="cadetenrolment_withdraw",
    ),
    *(
        path(
            f"learning-agreements/<int:pk>/{step}/",
            views.AgreementStepView.as_view(),
            {"step": step},
            name=f"learningagreement_{step}",
        )
        for step in views.AGREEMENT_STEPS
    ),
    path(
        "learning-agreements/<int:pk>/transcript.pdf",
        views.TranscriptPdfView.as_view(),
        name="learningagreement_transcript_pdf",
    ),
    *object_views(
        "academic-programmes",
        model=AcademicProgramme,
        selector=selectors.programmes_for,
        filterset=filtersets.AcademicProgrammeFilterSet,
        table=tables.AcademicProgrammeTable,
        form=forms.AcademicProgrammeForm,
        save=services.save_programme,
        delete=services.delete_programme,
        detail_view=views.ProgrammeDetailView,
    ),
    *object_views(
        "programme-components",
        model=ProgrammeComponent,
        selector=selectors.components_for,
        filterset=filtersets.ProgrammeComponentFilterSet,
        table=tables.ProgrammeComponentTable,
        form=forms.ProgrammeComponentForm,
        save=services.save_component,
        delete=services.delete_component,
    ),
    *object_views(
        "cohorts",
        model=Cohort,
        selector=selectors.cohorts_for,
        filterset=filtersets.CohortFilterSet,
        table=tables.CohortTable,
        form=forms.CohortForm,
        save=services.save_cohort,
        delete=services.delete_cohort,
        detail_view=views.CohortDetailView,
    ),
    *object_views(
        "cadet-enrolments",
        model=CadetEnrolment,
        selector=selectors.enrolments_for,
        filterset=filtersets.CadetEnrolmentFilterSet,
        table=tables.CadetEnrolmentTable,
        form=forms.CadetEnrolmentForm,
        save=services.save_enrolment,
        delete=services.delete_enrolment,
        fields=["cohort", "person", "enrolled_on", "repeats", "ended_on", "end_reason", "notes"],
        detail_view=views.EnrolmentDetailView,
    ),
    *object_views(
        "term-results",
        model=TermResult,
        selector=selectors.results_for,
        filterset=filtersets.TermResultFilterSet,
        table=tables.TermResultTable,
        form=forms.TermResultForm,
        save=services.save_result,
        delete=services.delete_result,
        fields=["enrolment", "component", "attempt", "grade", "credits", "recorded_on", "note"],
    ),
    *object_views(
        "progression-decisions",
        model=ProgressionDecision,
        selector=selectors.decisions_for,
        filterset=filtersets.ProgressionDecisionFilterSet,
        table=tables.ProgressionDecisionTable,
        form=forms.ProgressionDecisionForm,
        save=services.save_decision,
        delete=None,
        append_only=True,
        fields=[
            "enrolment",
            "year_of_study",
            "attempt",
            "outcome",
            "credits_in_year",
            "credits_needed",
            "grade_average",
            "decided_on",
            "reason",
        ],
    ),
    *object_views(
        "cadet-incidents",
        model=CadetIncident,
        selector=selectors.incidents_for,
        filterset=filtersets.CadetIncidentFilterSet,
        table=tables.CadetIncidentTable,
        form=forms.CadetIncidentForm,
        save=services.save_incident,
        delete=services.delete_incident,
    ),
    *object_views(
        "learning-agreements",
        model=LearningAgreement,
        selector=selectors.agreements_for,
        filterset=filtersets.LearningAgreementFilterSet,
        table=tables.LearningAgreementTable,
        form=forms.LearningAgreementForm,
        save=services.save_agreement,
        delete=services.delete_agreement,
        fields=[
            "enrolment",
            "academic_year",
            "home_institution",
            "transcript_code",
            "transcript_issued_on",
            "notes",
        ],
        detail_view=views.AgreementDetailView,
    ),
    *object_views(
        "agreement-components",
        model=AgreementComponent,
        selector=selectors.agreement_components_for,
        filterset=filtersets.AgreementComponentFilterSet,
        table=tables.AgreementComponentTable,
        form=forms.AgreementComponentForm,
        save=services.save_agreement_component,
        delete=services.delete_agreement_component,
    ),
    *object_views(
        "recognition-lines",
        model=RecognitionLine,
        selector=selectors.recognition_lines_for,
        filterset=filtersets.RecognitionLineFilterSet,
        table=tables.RecognitionLineTable,
        form=forms.RecognitionLineForm,
        save=services.save_recognition_line,
        delete=services.delete_recognition_line,
    ),
]
