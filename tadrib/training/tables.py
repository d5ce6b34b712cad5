from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

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


def record_link() -> tables.Column:
    """A "#" column linking each row to its record's page."""
    return tables.Column(
        accessor="pk", verbose_name="#", linkify=lambda record: record.get_absolute_url()
    )


class CourseTable(tables.Table):
    code = tables.Column(linkify=True)
    name = tables.Column(accessor="name", verbose_name=_("title"), order_by=("name_en",))
    institution = tables.Column(accessor="institution__code", verbose_name=_("institution"))
    nation = tables.Column(accessor="institution__nation__iso_code", verbose_name=_("nation"))

    class Meta:
        model = Course
        fields = (
            "code",
            "name",
            "institution",
            "nation",
            "area",
            "level",
            "language",
            "min_language_profile",
            "duration_days",
            "ects_credits",
        )


class CoursePrerequisiteTable(tables.Table):
    course = tables.Column(linkify=True)
    required = tables.Column(linkify=True)
    link = record_link()

    class Meta:
        model = CoursePrerequisite
        fields = ("link", "course", "required", "note")


class SessionTable(tables.Table):
    code = tables.Column(linkify=True)
    course = tables.Column(accessor="course__code", verbose_name=_("course"))
    institution = tables.Column(accessor="course__institution__code", verbose_name=_("institution"))
    programme = tables.Column(accessor="programme__code", verbose_name=_("programme"))
    seats_held = tables.Column(verbose_name=_("seats held"))

    class Meta:
        model = Session
        fields = (
            "code",
            "course",
            "institution",
            "programme",
            "starts_on",
            "ends_on",
            "site",
            "capacity",
            "seats_held",
            "status",
        )


class SessionQuotaTable(tables.Table):
    session = tables.Column(linkify=True)
    nation = tables.Column(accessor="nation__iso_code", verbose_name=_("nation"))
    seats = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta:
        model = SessionQuota
        fields = ("session", "nation", "seats")


class NominationTable(tables.Table):
    link = record_link()
    service_number = tables.Column(
        accessor="person__service_number", verbose_name=_("service number")
    )
    person = tables.Column(
        accessor="person__full_name_latin",
        verbose_name=_("person"),
        order_by=("person__family_name_latin",),
    )
    rank = tables.Column(accessor="person__rank__nato_code", verbose_name=_("rank"))
    course = tables.Column(accessor="course__code", verbose_name=_("course"))
    institution = tables.Column(accessor="course__institution__code", verbose_name=_("institution"))
    session = tables.Column(accessor="session__code", verbose_name=_("session"))
    starts_on = tables.Column(accessor="session__starts_on", verbose_name=_("starts on"))
    owner = tables.Column(accessor="owner__code", verbose_name=_("nominated by"))

    class Meta:
        model = Nomination
        fields = (
            "link",
            "service_number",
            "person",
            "rank",
            "course",
            "institution",
            "session",
            "starts_on",
            "priority",
            "status",
            "owner",
        )


class AssessmentTable(tables.Table):
    title = tables.Column(linkify=True)
    session = tables.Column(linkify=True)

    class Meta:
        model = Assessment
        fields = ("title", "session", "weight", "max_score", "held_on")


class TraineeRecordTable(tables.Table):
    """A record kept on one trainee: its link and the trainee's name first."""

    link = record_link()
    person = tables.Column(
        accessor="nomination__person__full_name_latin",
        verbose_name=_("person"),
        order_by=("nomination__person__family_name_latin",),
    )


class GradeTable(TraineeRecordTable):
    assessment = tables.Column(accessor="assessment__title", verbose_name=_("assessment"))

    class Meta:
        model = Grade
        fields = ("link", "person", "assessment", "score", "comment")


class AttendanceTable(TraineeRecordTable):
    course = tables.Column(accessor="nomination__course__code", verbose_name=_("course"))

    class Meta:
        model = Attendance
        fields = ("link", "person", "course", "on", "status", "note")


class IncidentTable(TraineeRecordTable):
    institution = tables.Column(
        accessor="nomination__course__institution__code", verbose_name=_("institution")
    )

    class Meta:
        model = Incident
        fields = (
            "link",
            "person",
            "institution",
            "kind",
            "severity",
            "occurred_at",
            "absence_hours",
            "reported_on",
        )


# --- seat allocation ----------------------------------------------------------


class IntakeTable(tables.Table):
    code = tables.Column(linkify=True)
    owner = tables.Column(accessor="owner__code", verbose_name=_("allocating office"))
    institution_count = tables.Column(verbose_name=_("institutions"))

    class Meta:
        model = Intake
        fields = (
            "code",
            "name",
            "owner",
            "starts_from",
            "starts_until",
            "institution_count",
            "status",
        )


class IntakeInstitutionTable(tables.Table):
    link = record_link()
    intake = tables.Column(linkify=True)
    institution = tables.Column(accessor="institution__code", verbose_name=_("institution"))

    class Meta:
        model = IntakeInstitution
        fields = ("link", "intake", "institution", "note")


class NominationChoiceTable(tables.Table):
    link = record_link()
    nomination = tables.Column(linkify=True)
    session = tables.Column(accessor="session__code", verbose_name=_("session"))
    starts_on = tables.Column(accessor="session__starts_on", verbose_name=_("starts on"))

    class Meta:
        model = NominationChoice
        fields = ("link", "nomination", "session", "starts_on", "weight")


class AllocationRunTable(tables.Table):
    link = record_link()
    intake = tables.Column(accessor="intake__code", verbose_name=_("intake"))
    run_by = tables.Column(accessor="run_by__username", verbose_name=_("run by"))

    class Meta:
        model = AllocationRun
        fields = (
            "link",
            "intake",
            "created_at",
            "status",
            "progress",
            "nomination_count",
            "assigned_count",
            "objective",
            "run_by",
            "confirmed_at",
        )
