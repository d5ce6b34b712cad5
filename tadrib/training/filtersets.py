"""One filter set per model, shared by the web list and the API list."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tadrib.core.filtersets import SearchFilterSet
from tadrib.organisations.filtersets import scoped_organisations
from tadrib.organisations.models import Nation
from tadrib.people.choices import Language
from tadrib.training.choices import (
    AttendanceStatus,
    CourseLevel,
    IncidentKind,
    IncidentSeverity,
    IntakeStatus,
    NominationStatus,
    RunStatus,
    SessionStatus,
    TrainingArea,
)
from tadrib.training.models import (
    AllocationRun,
    Assessment,
    Attendance,
    Course,
    CoursePrerequisite,
    Grade,
    Incident,
    Intake,
    IntakeInstitution,
    Nomination,
    NominationChoice,
    Session,
    SessionQuota,
)


class CourseFilterSet(SearchFilterSet):
    search_fields = ("code", "name_en", "name_ar", "name_tr", "framework_refs")
    area = django_filters.ChoiceFilter(choices=TrainingArea.choices, label=_("area"))
    level = django_filters.ChoiceFilter(choices=CourseLevel.choices, label=_("level"))
    language = django_filters.ChoiceFilter(
        choices=Language.choices, label=_("language of instruction")
    )
    nation = django_filters.ModelChoiceFilter(
        field_name="institution__nation", queryset=Nation.objects.all(), label=_("host nation")
    )
    institution = django_filters.NumberFilter(
        field_name="institution_id", label=_("institution (id)")
    )

    class Meta:
        model = Course
        fields = ["q", "area", "level", "language", "nation", "institution"]


class CoursePrerequisiteFilterSet(SearchFilterSet):
    search_fields = ("course__code", "required__code")
    course = django_filters.NumberFilter(field_name="course_id", label=_("course (id)"))

    class Meta:
        model = CoursePrerequisite
        fields = ["q", "course"]


class SessionFilterSet(SearchFilterSet):
    search_fields = ("code", "course__code", "course__name_en", "site")
    course = django_filters.NumberFilter(field_name="course_id", label=_("course (id)"))
    programme = django_filters.NumberFilter(field_name="programme_id", label=_("programme (id)"))
    status = django_filters.ChoiceFilter(choices=SessionStatus.choices, label=_("status"))
    area = django_filters.ChoiceFilter(
        field_name="course__area", choices=TrainingArea.choices, label=_("area")
    )
    starts_after = django_filters.DateFilter(
        field_name="starts_on", lookup_expr="gte", label=_("starts on or after")
    )
    starts_before = django_filters.DateFilter(
        field_name="starts_on", lookup_expr="lte", label=_("starts on or before")
    )

    class Meta:
        model = Session
        fields = ["q", "course", "programme", "status", "area", "starts_after", "starts_before"]


class SessionQuotaFilterSet(SearchFilterSet):
    search_fields = ("session__code", "session__course__code")
    session = django_filters.NumberFilter(field_name="session_id", label=_("session (id)"))
    nation = django_filters.ModelChoiceFilter(queryset=Nation.objects.all(), label=_("nation"))

    class Meta:
        model = SessionQuota
        fields = ["q", "session", "nation"]


class NominationFilterSet(SearchFilterSet):
    search_fields = (
        "person__service_number",
        "person__family_name",
        "person__family_name_latin",
        "person__given_names_latin",
        "course__code",
    )
    status = django_filters.ChoiceFilter(choices=NominationStatus.choices, label=_("status"))
    course = django_filters.NumberFilter(field_name="course_id", label=_("course (id)"))
    session = django_filters.NumberFilter(field_name="session_id", label=_("session (id)"))
    person = django_filters.NumberFilter(field_name="person_id", label=_("person (id)"))
    area = django_filters.ChoiceFilter(
        field_name="course__area", choices=TrainingArea.choices, label=_("area")
    )
    host_nation = django_filters.ModelChoiceFilter(
        field_name="course__institution__nation",
        queryset=Nation.objects.all(),
        label=_("host nation"),
    )
    owner = django_filters.ModelChoiceFilter(queryset=scoped_organisations, label=_("nominated by"))
    identity_incomplete = django_filters.BooleanFilter(
        method="without_passport", label=_("passport missing")
    )

    class Meta:
        model = Nomination
        fields = [
            "q",
            "status",
            "course",
            "session",
            "person",
            "area",
            "host_nation",
            "owner",
            "identity_incomplete",
        ]

    def without_passport(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if value is None:
            return queryset
        missing = queryset.filter(passport_number="") | queryset.filter(
            passport_expires_on__isnull=True
        )
        return missing if value else queryset.exclude(pk__in=missing.values("pk"))


class AssessmentFilterSet(SearchFilterSet):
    search_fields = ("title", "session__code", "session__course__code")
    session = django_filters.NumberFilter(field_name="session_id", label=_("session (id)"))

    class Meta:
        model = Assessment
        fields = ["q", "session"]


class GradeFilterSet(SearchFilterSet):
    search_fields = ("nomination__person__family_name_latin", "assessment__title")
    assessment = django_filters.NumberFilter(field_name="assessment_id", label=_("assessment (id)"))
    nomination = django_filters.NumberFilter(field_name="nomination_id", label=_("nomination (id)"))

    class Meta:
        model = Grade
        fields = ["q", "assessment", "nomination"]


class AttendanceFilterSet(SearchFilterSet):
    search_fields = ("nomination__person__family_name_latin", "note")
    nomination = django_filters.NumberFilter(field_name="nomination_id", label=_("nomination (id)"))
    status = django_filters.ChoiceFilter(choices=AttendanceStatus.choices, label=_("attendance"))
    on = django_filters.DateFilter(label=_("day"))

    class Meta:
        model = Attendance
        fields = ["q", "nomination", "status", "on"]


class IncidentFilterSet(SearchFilterSet):
    search_fields = ("nomination__person__family_name_latin", "description")
    nomination = django_filters.NumberFilter(field_name="nomination_id", label=_("nomination (id)"))
    kind = django_filters.ChoiceFilter(choices=IncidentKind.choices, label=_("kind"))
    severity = django_filters.ChoiceFilter(choices=IncidentSeverity.choices, label=_("severity"))

    class Meta:
        model = Incident
        fields = ["q", "nomination", "kind", "severity"]


# --- seat allocation ----------------------------------------------------------


class IntakeFilterSet(SearchFilterSet):
    search_fields = ("code", "name", "note")
    status = django_filters.ChoiceFilter(choices=IntakeStatus.choices, label=_("status"))
    owner = django_filters.ModelChoiceFilter(
        queryset=scoped_organisations, label=_("allocating office")
    )

    class Meta:
        model = Intake
        fields = ["q", "status", "owner"]


class IntakeInstitutionFilterSet(SearchFilterSet):
    search_fields = ("intake__code", "institution__code", "institution__name_en")
    intake = django_filters.NumberFilter(field_name="intake_id", label=_("intake (id)"))

    class Meta:
        model = IntakeInstitution
        fields = ["q", "intake"]


class NominationChoiceFilterSet(SearchFilterSet):
    search_fields = ("session__code", "nomination__person__family_name_latin")
    nomination = django_filters.NumberFilter(field_name="nomination_id", label=_("nomination (id)"))
    session = django_filters.NumberFilter(field_name="session_id", label=_("session (id)"))

    class Meta:
        model = NominationChoice
        fields = ["q", "nomination", "session"]


class AllocationRunFilterSet(SearchFilterSet):
    search_fields = ("intake__code", "note")
    intake = django_filters.NumberFilter(field_name="intake_id", label=_("intake (id)"))
    status = django_filters.ChoiceFilter(choices=RunStatus.choices, label=_("status"))

    class Meta:
        model = AllocationRun
        fields = ["q", "intake", "status"]
