"""The bulk nomination page: upload a CSV or XLSX file of service numbers,
nominate each person to one course, and read the report row by row."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from tadrib.core import access
from tadrib.organisations.models import Organisation
from tadrib.training import bulk
from tadrib.training.choices import SessionStatus
from tadrib.training.models import Course, Nomination, Session
from tadrib.training.reports import nomination_url
from tadrib.training.selectors import courses_for, sessions_for


class BulkNominationForm(forms.Form):
    owner = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=gettext_lazy("nominated by")
    )
    course = forms.ModelChoiceField(queryset=Course.objects.none(), label=gettext_lazy("course"))
    session = forms.ModelChoiceField(
        queryset=Session.objects.none(),
        required=False,
        label=gettext_lazy("session"),
        help_text=gettext_lazy("Optional; a session of the chosen course."),
    )
    submit = forms.BooleanField(
        required=False,
        label=gettext_lazy("Submit at once"),
        help_text=gettext_lazy(
            "Each nomination is submitted and its eligibility checked; an ineligible one is "
            "still stored, with the reasons."
        ),
    )
    file = forms.FileField(
        label=gettext_lazy("file"),
        help_text=gettext_lazy(
            "CSV (UTF-8, comma or semicolon) or XLSX (the first sheet); the first row names "
            "the columns."
        ),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        fields: dict[str, Any] = self.fields
        fields["owner"].queryset = bulk.nominating_organisations(user)
        fields["course"].queryset = courses_for(user).order_by("code")
        fields["session"].queryset = (
            sessions_for(user)
            .exclude(status__in=[SessionStatus.CANCELLED, SessionStatus.COMPLETED])
            .order_by("course__code", "starts_on", "code")
        )
        for field in fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
        fields["file"].widget.attrs["accept"] = (
            ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        owner, course = cleaned.get("owner"), cleaned.get("course")
        if owner is not None and course is not None:
            try:
                bulk.check_target(
                    owner=owner, course=course, session=cleaned.get("session"), actor=self.user
                )
            except ValidationError as error:
                self.add_error(None, error)
            except PermissionDenied as error:
                self.add_error(None, str(error))
        return cleaned


COLUMN_HELP = (
    ("service_number", True, gettext_lazy("The person's service number in their nation.")),
    ("priority", False, gettext_lazy("A whole number from 1 to 1000, higher first; 10 if empty.")),
    ("medical_cleared_on", False, gettext_lazy("Date of the medical clearance, YYYY-MM-DD.")),
    ("passport_number", False, gettext_lazy("Letters and digits only.")),
    ("passport_expires_on", False, gettext_lazy("YYYY-MM-DD.")),
    ("remarks", False, gettext_lazy("Free text.")),
)


class NominationBulkView(LoginRequiredMixin, View):
    form_template = "training/bulk_form.html"
    report_template = "training/bulk_report.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if user.is_authenticated and not access.can_add_anywhere(user, Nomination):
            raise PermissionDenied(_("You may not add nominations."))
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, form: BulkNominationForm) -> HttpResponse:
        context = {"form": form, "columns": COLUMN_HELP, "max_rows": bulk.MAX_ROWS}
        return render(self.request, self.form_template, context)

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.GET.get("template") == "csv":
            response = HttpResponse(
                "\ufeff" + ",".join(bulk.COLUMNS) + "\r\n", content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = 'attachment; filename="nominations-template.csv"'
            return response
        return self.render_form(BulkNominationForm(user=request.user, initial=request.GET))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = BulkNominationForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.render_form(form)
        data = form.cleaned_data
        actor: Any = request.user  # signed in (LoginRequiredMixin)
        try:
            report = bulk.nominate_from_file(
                data["file"],
                owner=data["owner"],
                course=data["course"],
                session=data["session"],
                actor=actor,
                submit=data["submit"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_form(form)
        rows = [
            {"outcome": row, "url": nomination_url(row.nomination_id) if row.nomination_id else ""}
            for row in report.rows
        ]
        context = {
            "report": report,
            "rows": rows,
            "owner": data["owner"],
            "course": data["course"],
            "session": data["session"],
            "submitted": data["submit"],
        }
        return render(request, self.report_template, context)
