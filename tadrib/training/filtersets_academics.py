"""One filter set per academics model, shared by the web list and the API
list; and the filters of the cohort view ("Cadets abroad")."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tadrib.core.filtersets import SearchFilterSet
from tadrib.organisations.models import Nation, Organisation
from tadrib.training.choices import (
    AgreementStatus,
    EnrolmentStatus,
    IncidentKind,
    ProgressionOutcome,
    Standing,
)
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

CADET_SEARCH = (
    "person__service_number",
    "person__family_name",
    "person__family_name_latin",
    "person__given_names_latin",
)


def _cadet(prefix: str) -> tuple[str, ...]:
    return tuple(f"{prefix}__{name}" for name in CADET_SEARCH)


class AcademicProgrammeFilterSet(SearchFilterSet):
    search_fields = ("code", "name_en", "name_ar", "name_tr")
    nation = django_filters.ModelChoiceFilter(
        field_name="institution__nation", queryset=Nation.objects.all(), label=_("host nation")
    )
    institution = django_filters.NumberFilter(field_name="institution_id", label=_("academy (id)"))

    class Meta:
        model = AcademicProgramme
        fields = ["q", "nation", "institution"]


class ProgrammeComponentFilterSet(SearchFilterSet):
    search_fields = ("code", "name_en", "name_ar", "name_tr")
    programme = django_filters.NumberFilter(field_name="programme_id", label=_("programme (id)"))
    year = django_filters.NumberFilter(label=_("year"))

    class Meta:
        model = ProgrammeComponent
        fields = ["q", "programme", "year"]


class CohortFilterSet(SearchFilterSet):
    search_fields = ("code", "programme__code", "sending_organisation__code")
    programme = django_filters.NumberFilter(field_name="programme_id", label=_("programme (id)"))
    host_nation = django_filters.ModelChoiceFilter(
        field_name="programme__institution__nation",
        queryset=Nation.objects.all(),
        label=_("host nation"),
    )

    class Meta:
        model = Cohort
        fields = ["q", "programme", "host_nation"]


class CadetEnrolmentFilterSet(SearchFilterSet):
    search_fields = (*CADET_SEARCH, "cohort__code")
    cohort = django_filters.NumberFilter(field_name="cohort_id", label=_("cohort (id)"))
    status = django_filters.ChoiceFilter(choices=EnrolmentStatus.choices, label=_("status"))
    year_of_study = django_filters.NumberFilter(label=_("year of study"))

    class Meta:
        model = CadetEnrolment
        fields = ["q", "cohort", "status", "year_of_study"]


class TermResultFilterSet(SearchFilterSet):
    search_fields = (*_cadet("enrolment"), "component__code")
    enrolment = django_filters.NumberFilter(field_name="enrolment_id", label=_("cadet (id)"))
    component = django_filters.NumberFilter(field_name="component_id", label=_("component (id)"))

    class Meta:
        model = TermResult
        fields = ["q", "enrolment", "component"]


class ProgressionDecisionFilterSet(SearchFilterSet):
    search_fields = _cadet("enrolment")
    enrolment = django_filters.NumberFilter(field_name="enrolment_id", label=_("cadet (id)"))
    outcome = django_filters.ChoiceFilter(choices=ProgressionOutcome.choices, label=_("outcome"))

    class Meta:
        model = ProgressionDecision
        fields = ["q", "enrolment", "outcome"]


class CadetIncidentFilterSet(SearchFilterSet):
    search_fields = (*_cadet("enrolment"), "description")
    enrolment = django_filters.NumberFilter(field_name="enrolment_id", label=_("cadet (id)"))
    kind = django_filters.ChoiceFilter(choices=IncidentKind.choices, label=_("kind"))

    class Meta:
        model = CadetIncident
        fields = ["q", "enrolment", "kind"]


class LearningAgreementFilterSet(SearchFilterSet):
    search_fields = (*_cadet("enrolment"), "transcript_code")
    enrolment = django_filters.NumberFilter(field_name="enrolment_id", label=_("cadet (id)"))
    status = django_filters.ChoiceFilter(choices=AgreementStatus.choices, label=_("status"))

    class Meta:
        model = LearningAgreement
        fields = ["q", "enrolment", "status"]


class AgreementComponentFilterSet(SearchFilterSet):
    search_fields = ("component__code", "note")
    agreement = django_filters.NumberFilter(
        field_name="agreement_id", label=_("learning agreement (id)")
    )

    class Meta:
        model = AgreementComponent
        fields = ["q", "agreement"]


class RecognitionLineFilterSet(SearchFilterSet):
    search_fields = ("home_code", "home_title")
    agreement = django_filters.NumberFilter(
        field_name="agreement_id", label=_("learning agreement (id)")
    )

    class Meta:
        model = RecognitionLine
        fields = ["q", "agreement"]


def _academies(request: Any) -> QuerySet[Organisation]:
    """The academies of the cohorts the user reads."""
    if request is None:
        return Organisation.objects.none()
    cohorts = Cohort.objects.for_user(request.user).values("programme__institution_id")
    return Organisation.objects.filter(pk__in=cohorts).order_by("code")


def _cohorts(request: Any) -> QuerySet[Cohort]:
    if request is None:
        return Cohort.objects.none()
    return Cohort.objects.for_user(request.user).order_by("code")


class CadetsAbroadFilterSet(SearchFilterSet):
    """The cohort view's filters; ``standing`` is computed, so the view
    applies it to the rows (``standing_value``)."""

    search_fields = CADET_SEARCH
    host_nation = django_filters.ModelChoiceFilter(
        field_name="cohort__programme__institution__nation",
        queryset=Nation.objects.all(),
        label=_("host nation"),
    )
    academy = django_filters.ModelChoiceFilter(
        field_name="cohort__programme__institution", queryset=_academies, label=_("academy")
    )
    cohort = django_filters.ModelChoiceFilter(queryset=_cohorts, label=_("cohort"))
    standing = django_filters.ChoiceFilter(
        choices=Standing.choices, method="keep", label=_("standing")
    )

    class Meta:
        model = CadetEnrolment
        fields = ["q", "host_nation", "academy", "cohort", "standing"]

    def keep(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset

    def standing_value(self) -> str:
        if not self.is_bound or not self.is_valid():
            return ""
        return str(self.form.cleaned_data.get("standing") or "")
