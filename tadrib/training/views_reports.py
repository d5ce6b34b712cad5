"""Pages of training's reports: the partner's dashboard, the host's intake and
the alumni (with their CSV and XLSX exports). The figures come from
``reports``; the views only render them."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_tables2 import RequestConfig

from tadrib.core.exports import csv_response, xlsx_response
from tadrib.core.views import ScopedView
from tadrib.training import reports
from tadrib.training.models import Nomination


class AlumniTable(tables.Table):
    person = tables.Column(
        linkify=lambda record: reports.nomination_url(record.pk),
        order_by=("person__family_name_latin", "person__given_names_latin"),
    )
    course = tables.Column(order_by=("course__code",))
    institution = tables.Column(
        accessor="course__institution",
        verbose_name=_("institution"),
        order_by=("course__institution__code",),
    )
    placed_on = tables.Column(verbose_name=_("in post since"))
    uses_training = tables.Column(
        accessor="post_uses_training",
        empty_values=(),
        orderable=False,
        verbose_name=_("post uses the training"),
    )

    class Meta:
        model = Nomination
        fields = (
            "person",
            "course",
            "institution",
            "completed_on",
            "certificate_code",
            "placed_unit",
            "placed_post",
            "placed_on",
            "uses_training",
        )

    def render_person(self, value: Any) -> str:
        return format_html("<bdi>{}</bdi>", value)

    def value_person(self, value: Any) -> str:
        return str(value)

    def render_uses_training(self, record: Nomination) -> str:
        return str(reports.USES_TRAINING_LABELS[reports.uses_training(record)])

    def value_uses_training(self, record: Nomination) -> str:
        return self.render_uses_training(record)


class ReportView(ScopedView):
    model = Nomination
    filters_class: type[reports.ReportFilters] = reports.ReportFilters

    def filters(self) -> reports.ReportFilters:
        # Unbound filters are valid and empty: the whole report.
        return self.filters_class(self.request.GET or {})


class DashboardView(ReportView):
    """Where every trainee of the user's nation is."""

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = self.filters()
        figures = reports.dashboard(request.user, filters)
        context = {
            **figures,
            "filter": filters,
            "chart": reports.funnel_chart(figures),
            "completed": next(s["count"] for s in figures["funnel"] if s["status"] == "completed"),
            "beyond": reports.beyond_courses(request.user),
        }
        return render(request, "training/dashboard.html", context)


class IntakeView(ReportView):
    """What the user's institutions receive from partner nations."""

    filters_class = reports.IntakeFilters

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = self.filters()
        figures = reports.intake(request.user, filters)
        context = {**figures, "filter": filters, "chart": reports.intake_chart(figures)}
        return render(request, "training/intake.html", context)


class AlumniView(ReportView):
    """The graduates of the user's nation and the posts they went on to."""

    per_page = 50

    def get(self, request: HttpRequest) -> HttpResponseBase:
        filters = self.filters()
        graduates = reports.alumni_nominations(request.user, filters)
        table = AlumniTable(graduates, request=request)
        export = request.GET.get("export")
        if export == "csv":
            return csv_response(table, "alumni")
        if export == "xlsx":
            return xlsx_response(table, "alumni")
        RequestConfig(request, paginate={"per_page": self.per_page}).configure(table)
        summary = reports.alumni_summary(graduates)
        context: dict[str, Any] = {
            "summary": summary,
            "table": table,
            "filter": filters,
            "chart": reports.alumni_chart(summary),
        }
        return render(request, "training/alumni.html", context)
