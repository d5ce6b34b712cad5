"""Tables of cadets at foreign academies (the lists and their exports), and
the cohort view's table, exported as it is shown."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

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
from tadrib.training.tables import record_link


def cadet_column(accessor: str = "enrolment__person") -> tables.Column:
    return tables.Column(
        accessor=f"{accessor}__full_name_latin",
        verbose_name=_("cadet"),
        order_by=(f"{accessor}__family_name_latin",),
    )


class AcademicProgrammeTable(tables.Table):
    code = tables.Column(linkify=True)
    name = tables.Column(accessor="name", verbose_name=_("title"), order_by=("name_en",))
    institution = tables.Column(accessor="institution__code", verbose_name=_("academy"))
    nation = tables.Column(accessor="institution__nation__iso_code", verbose_name=_("nation"))

    class Meta:
        model = AcademicProgramme
        fields = (
            "code",
            "name",
            "institution",
            "nation",
            "years",
            "preparation_year",
            "language",
            "pass_mark",
            "credits_to_progress",
            "credits_to_graduate",
        )


class ProgrammeComponentTable(tables.Table):
    code = tables.Column(linkify=True)
    name = tables.Column(accessor="name", verbose_name=_("title"), order_by=("name_en",))
    programme = tables.Column(accessor="programme__code", verbose_name=_("programme"))

    class Meta:
        model = ProgrammeComponent
        fields = ("code", "name", "programme", "year", "term", "ects", "compulsory")


class CohortTable(tables.Table):
    code = tables.Column(linkify=True)
    programme = tables.Column(accessor="programme__code", verbose_name=_("programme"))
    academy = tables.Column(accessor="programme__institution__code", verbose_name=_("academy"))
    sending_organisation = tables.Column(
        accessor="sending_organisation__code", verbose_name=_("sending organisation")
    )

    class Meta:
        model = Cohort
        fields = (
            "code",
            "programme",
            "academy",
            "sending_organisation",
            "starts_on",
            "planned_size",
        )


class CadetEnrolmentTable(tables.Table):
    link = record_link()
    service_number = tables.Column(
        accessor="person__service_number", verbose_name=_("service number")
    )
    person = cadet_column("person")
    cohort = tables.Column(accessor="cohort__code", verbose_name=_("cohort"))
    academy = tables.Column(
        accessor="cohort__programme__institution__code", verbose_name=_("academy")
    )

    class Meta:
        model = CadetEnrolment
        fields = (
            "link",
            "service_number",
            "person",
            "cohort",
            "academy",
            "year_of_study",
            "status",
            "credits_earned",
            "grade_average",
        )


class TermResultTable(tables.Table):
    link = record_link()
    cadet = cadet_column()
    component = tables.Column(accessor="component__code", verbose_name=_("component"))
    year = tables.Column(accessor="component__year", verbose_name=_("year"))
    term = tables.Column(accessor="component__term", verbose_name=_("term"))

    class Meta:
        model = TermResult
        fields = (
            "link",
            "cadet",
            "component",
            "year",
            "term",
            "attempt",
            "grade",
            "credits",
            "recorded_on",
        )


class ProgressionDecisionTable(tables.Table):
    link = record_link()
    cadet = cadet_column()

    class Meta:
        model = ProgressionDecision
        fields = (
            "link",
            "cadet",
            "year_of_study",
            "attempt",
            "outcome",
            "credits_in_year",
            "credits_needed",
            "grade_average",
            "decided_on",
        )


class CadetIncidentTable(tables.Table):
    link = record_link()
    cadet = cadet_column()

    class Meta:
        model = CadetIncident
        fields = ("link", "cadet", "kind", "severity", "occurred_on", "hours_absent", "closed_on")


class LearningAgreementTable(tables.Table):
    link = record_link()
    cadet = cadet_column()
    home_institution = tables.Column(
        accessor="home_institution__code", verbose_name=_("home academy")
    )

    class Meta:
        model = LearningAgreement
        fields = (
            "link",
            "cadet",
            "academic_year",
            "home_institution",
            "status",
            "version",
            "transcript_code",
        )


class AgreementComponentTable(tables.Table):
    link = record_link()
    cadet = cadet_column("agreement__enrolment__person")
    component = tables.Column(accessor="component__code", verbose_name=_("component"))
    ects = tables.Column(accessor="component__ects", verbose_name=_("ECTS credits"))

    class Meta:
        model = AgreementComponent
        fields = ("link", "cadet", "component", "ects", "note")


class RecognitionLineTable(tables.Table):
    link = record_link()
    cadet = cadet_column("agreement__enrolment__person")
    host_component = tables.Column(
        accessor="host_line__component__code", verbose_name=_("component at the host")
    )

    class Meta:
        model = RecognitionLine
        fields = ("link", "cadet", "home_code", "home_title", "credits", "host_component")


class CadetsAbroadTable(tables.Table):
    """The cohort view: one row per cadet (``academic_selectors.CadetRow``)."""

    cadet = tables.Column(
        accessor="enrolment__person__full_name_latin",
        verbose_name=_("cadet"),
        linkify=lambda record: record.enrolment.get_absolute_url(),
    )
    service_number = tables.Column(
        accessor="enrolment__person__service_number", verbose_name=_("service number")
    )
    host_nation = tables.Column(
        accessor="enrolment__cohort__programme__institution__nation__iso_code",
        verbose_name=_("host nation"),
    )
    academy = tables.Column(
        accessor="enrolment__cohort__programme__institution__code", verbose_name=_("academy")
    )
    cohort = tables.Column(accessor="enrolment__cohort__code", verbose_name=_("cohort"))
    year = tables.Column(accessor="enrolment__year_of_study", verbose_name=_("year of study"))
    status = tables.Column(
        accessor="enrolment__get_status_display", verbose_name=_("status"), orderable=False
    )
    standing = tables.Column(accessor="standing_label", verbose_name=_("standing"))
    credits = tables.Column(
        accessor="enrolment__credits_earned", verbose_name=_("credits earned (ECTS)")
    )
    planned = tables.Column(accessor="planned", verbose_name=_("credits planned (ECTS)"))
    average = tables.Column(
        accessor="enrolment__grade_average", verbose_name=_("grade average"), default="—"
    )
    alerts = tables.Column(accessor="alerts", verbose_name=_("alerts"), orderable=False, default="")

    class Meta:
        attrs = {"class": "table table-sm align-middle mb-0", "id": "cadets"}
        row_attrs = {
            "data-standing": lambda record: record.standing,
            "data-enrolment": lambda record: record.enrolment.pk,
        }
        orderable = False

    def render_cadet(self, value: Any) -> str:
        return format_html("<bdi>{}</bdi>", value)

    def render_standing(self, record: Any) -> str:
        colours = {
            "good": "success",
            "at_risk": "warning",
            "failing": "danger",
            "ended": "secondary",
        }
        return format_html(
            '<span class="badge text-bg-{}">{}</span>',
            colours.get(record.standing, "secondary"),
            record.standing_label,
        )

    def value_standing(self, record: Any) -> str:
        return str(record.standing_label)

    def render_alerts(self, value: list[str]) -> str:
        if not value:
            return ""
        return format_html(
            '<ul class="list-unstyled small mb-0 alerts">{}</ul>',
            format_html("".join("<li>{}</li>" for _ in value), *value),
        )

    def value_alerts(self, value: list[str]) -> str:
        return " ".join(value or [])
