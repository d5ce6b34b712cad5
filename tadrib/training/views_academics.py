"""Pages of cadets at foreign academies beyond the generic ones: a programme
with its curriculum, a cohort with its cadets and its steps (enrol, decide),
a cadet's enrolment with results, decisions and alerts, a learning agreement
with its two tables and approvals, the transcript, and the cohort view
("Cadets abroad") with its chart and exports."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from tadrib.core import views as generic
from tadrib.core.choices import Action
from tadrib.core.exports import csv_response, xlsx_response
from tadrib.core.views import add_link
from tadrib.reports.pdf import pdf_response
from tadrib.training import academic_documents as documents
from tadrib.training import academic_selectors as selectors
from tadrib.training import academic_services as services
from tadrib.training.choices import AgreementStatus
from tadrib.training.filtersets_academics import CadetsAbroadFilterSet
from tadrib.training.forms_academics import DecideForm, EnrolCadetsForm, WithdrawForm
from tadrib.training.models import (
    AgreementComponent,
    CadetEnrolment,
    CadetIncident,
    Cohort,
    LearningAgreement,
    ProgrammeComponent,
    RecognitionLine,
    TermResult,
)
from tadrib.training.tables_academics import CadetsAbroadTable

if TYPE_CHECKING:
    from tadrib.accounts.models import User


def actor(request: HttpRequest) -> User:
    """The signed-in user (every view here requires one)."""
    return cast("User", request.user)


def report_errors(request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    for text in getattr(error, "messages", None) or [str(error)]:
        messages.error(request, text)


def report_form_errors(request: HttpRequest, form: Any) -> None:
    for texts in form.errors.values():
        for text in texts:
            messages.error(request, str(text))


class ProgrammeDetailView(generic.ObjectDetailView):
    template_name = "training/academicprogramme_detail.html"

    def extra_context(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        components = list(obj.components.order_by("year", "term", "code"))
        return {
            "curriculum": [
                {
                    "year": year,
                    "terms": [
                        {"term": term, "components": list(rows)}
                        for term, rows in groupby(of_year, key=lambda c: c.term)
                    ],
                    "ects": sum(c.ects for c in of_year),
                }
                for year, of_year in (
                    (year, list(rows)) for year, rows in groupby(components, key=lambda c: c.year)
                )
            ],
            "cohorts": selectors.cohorts_for(user).filter(programme=obj),
            "add_component_url": add_link(user, ProgrammeComponent(programme=obj), "programme"),
            "add_cohort_url": add_link(user, Cohort(programme=obj), "programme"),
        }


class CohortDetailView(generic.ObjectDetailView):
    template_name = "training/cohort_detail.html"

    def extra_context(self, obj: Cohort) -> dict[str, Any]:
        user = self.request.user
        rows = selectors.cadet_rows(
            selectors.enrolments_for(user).filter(cohort=obj), timezone.localdate()
        )
        return {
            "rows": rows,
            "can_enrol": services.acts_for_sending(user, obj, Action.ADD),
            "can_decide": services.acts_for_academy(user, obj),
            "decide_form": DecideForm(),
        }


class CohortEnrolView(generic.ScopedView):
    """The sending office (or the academy) enrols cadets in a cohort."""

    model = Cohort
    selector = staticmethod(selectors.cohorts_for)

    def render_form(self, cohort: Cohort, form: EnrolCadetsForm) -> HttpResponse:
        return render(
            self.request,
            "training/cohort_enrol.html",
            {**self.base_context(), "object": cohort, "form": form},
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        cohort = self.get_object(pk)
        return self.render_form(cohort, EnrolCadetsForm(cohort=cohort, user=request.user))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        cohort = self.get_object(pk)
        form = EnrolCadetsForm(request.POST, cohort=cohort, user=request.user)
        if form.is_valid():
            try:
                done = services.enrol_cadets(
                    cohort,
                    form.cleaned_data["people"],
                    actor=actor(request),
                    on=form.cleaned_data["enrolled_on"],
                )
            except ValidationError as error:
                for name, errors in getattr(error, "error_dict", {None: error.error_list}).items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, _("%(count)s cadets enrolled.") % {"count": len(done)})
                return HttpResponseRedirect(cohort.get_absolute_url())
        return self.render_form(cohort, form)


class CohortDecideView(generic.ScopedView):
    """The academy decides the year of every cadet of a cohort with results."""

    model = Cohort
    selector = staticmethod(selectors.cohorts_for)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        cohort = self.get_object(pk)
        form = DecideForm(request.POST)
        if not form.is_valid():
            report_form_errors(request, form)
            return HttpResponseRedirect(cohort.get_absolute_url())
        try:
            done = services.decide_cohort(
                cohort, actor=actor(request), on=form.cleaned_data["decided_on"]
            )
        except (ValidationError, PermissionDenied) as error:
            report_errors(request, error)
        else:
            messages.success(request, _("%(count)s cadets decided.") % {"count": len(done)})
        return HttpResponseRedirect(cohort.get_absolute_url())


class EnrolmentDetailView(generic.ObjectDetailView):
    template_name = "training/cadetenrolment_detail.html"

    def extra_context(self, obj: CadetEnrolment) -> dict[str, Any]:
        user = self.request.user
        row = selectors.standing_of(obj, timezone.localdate())
        results = list(
            selectors.results_for(user)
            .filter(enrolment=obj)
            .order_by("component__year", "attempt", "component__term", "component__code")
        )
        agreements = list(selectors.agreements_for(user).filter(enrolment=obj))
        for agreement in agreements:
            agreement.recognised = services.recognised_credits(agreement)  # type: ignore[attr-defined]
        academy_side = services.acts_for_academy(user, obj.cohort)
        either_side = academy_side or services.acts_for_sending(user, obj.cohort)
        return {
            "row": row,
            "results_by_year": [
                {"key": key, "results": list(rows)}
                for key, rows in groupby(
                    results, key=lambda r: (r.component.year, r.attempt, r.component.term)
                )
            ],
            "decisions": selectors.decisions_for(user).filter(enrolment=obj),
            "incidents": selectors.incidents_for(user).filter(enrolment=obj),
            "agreements": agreements,
            "recognised_total": sum(a.recognised for a in agreements),  # type: ignore[attr-defined]
            "can_decide": academy_side and obj.is_active,
            "can_withdraw": either_side and obj.is_active,
            "decide_form": DecideForm(),
            "withdraw_form": WithdrawForm(),
            "add_result_url": add_link(user, TermResult(enrolment=obj), "enrolment")
            if obj.is_active
            else None,
            "add_incident_url": add_link(user, CadetIncident(enrolment=obj), "enrolment"),
            "add_agreement_url": add_link(user, LearningAgreement(enrolment=obj), "enrolment"),
        }


class EnrolmentDecideView(generic.ScopedView):
    model = CadetEnrolment
    selector = staticmethod(selectors.enrolments_for)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        enrolment = self.get_object(pk)
        form = DecideForm(request.POST)
        if not form.is_valid():
            report_form_errors(request, form)
            return HttpResponseRedirect(enrolment.get_absolute_url())
        try:
            decision = services.decide_year(
                enrolment, actor=actor(request), on=form.cleaned_data["decided_on"]
            )
        except (ValidationError, PermissionDenied) as error:
            report_errors(request, error)
        else:
            messages.success(request, decision.reason)
        return HttpResponseRedirect(enrolment.get_absolute_url())


class EnrolmentWithdrawView(generic.ScopedView):
    model = CadetEnrolment
    selector = staticmethod(selectors.enrolments_for)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        enrolment = self.get_object(pk)
        form = WithdrawForm(request.POST)
        if not form.is_valid():
            report_form_errors(request, form)
            return HttpResponseRedirect(enrolment.get_absolute_url())
        try:
            services.withdraw(
                enrolment,
                actor=actor(request),
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["ended_on"],
            )
        except (ValidationError, PermissionDenied) as error:
            report_errors(request, error)
        else:
            messages.success(request, _("The cadet is withdrawn."))
        return HttpResponseRedirect(enrolment.get_absolute_url())


class AgreementDetailView(generic.ObjectDetailView):
    template_name = "training/learningagreement_detail.html"

    def extra_context(self, obj: LearningAgreement) -> dict[str, Any]:
        user = self.request.user
        a_rows = documents.table_a(obj)
        sides = services.agreement_sides(user, obj)
        open_ = obj.status != AgreementStatus.CLOSED
        pending = [s for s in sides if getattr(obj, f"{s}_approved_at") is None]
        return {
            "a_rows": a_rows,
            "b_rows": documents.table_b(obj, a_rows),
            "recognised": services.recognised_credits(obj),
            "sides": sides,
            "can_submit": bool(sides) and obj.status == AgreementStatus.DRAFT,
            "approve_sides": pending
            if obj.status in (AgreementStatus.AWAITING, AgreementStatus.APPROVED)
            else [],
            "can_issue": services.HOST in sides and obj.status == AgreementStatus.APPROVED,
            "add_a_url": add_link(user, AgreementComponent(agreement=obj), "agreement")
            if open_
            else None,
            "add_b_url": add_link(user, RecognitionLine(agreement=obj), "agreement")
            if open_
            else None,
            "languages": [("en", "English"), ("ar", "العربية"), ("tr", "Türkçe")],
        }


AGREEMENT_STEPS = {
    "submit": lambda agreement, user, side: services.submit(agreement, actor=user),
    "approve": lambda agreement, user, side: services.approve(agreement, actor=user, side=side),
    "transcript": lambda agreement, user, side: services.issue_transcript(agreement, actor=user),
}


class AgreementStepView(generic.ScopedView):
    """Submit, approve (as one side) or close with the transcript."""

    model = LearningAgreement
    selector = staticmethod(selectors.agreements_for)

    def post(self, request: HttpRequest, pk: int, step: str) -> HttpResponse:
        agreement = self.get_object(pk)
        side = request.POST.get("side") or None
        if side not in (None, services.HOST, services.HOME):
            return HttpResponseBadRequest(_("Unknown side."))
        try:
            AGREEMENT_STEPS[step](agreement, actor(request), side)
        except (ValidationError, PermissionDenied) as error:
            report_errors(request, error)
        else:
            messages.success(
                request,
                _("The learning agreement is now “%(status)s”.")
                % {"status": agreement.get_status_display()},  # type: ignore[attr-defined]
            )
        return HttpResponseRedirect(agreement.get_absolute_url())


class TranscriptPdfView(generic.ScopedView):
    """The transcript of records, for both sides; ``?lang=`` (or
    ``?language=``) chooses en, ar or tr, else the page's language."""

    model = LearningAgreement
    selector = staticmethod(selectors.agreements_for)

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        from django.http import Http404
        from django.utils.translation import get_language

        agreement = self.get_object(pk)
        if not agreement.transcript_code:
            raise Http404(_("No such record, or it is not yours to see."))
        language = (
            request.GET.get("lang") or request.GET.get("language") or (get_language() or "en")[:2]
        )
        if language not in documents.TRANSCRIPT_LANGUAGES:
            return HttpResponseBadRequest(
                _("Transcripts are written in %(languages)s only.")
                % {"languages": ", ".join(documents.TRANSCRIPT_LANGUAGES)},
                content_type="text/plain; charset=utf-8",
            )
        data = documents.transcript_pdf(agreement, language)
        return pdf_response(data, documents.transcript_filename(agreement, language))


class CadetsAbroadView(generic.ScopedView):
    """Every cadet abroad the user may see, with standing and alerts; a chart
    of progress by academy; CSV and XLSX of the rows."""

    model = CadetEnrolment

    def get(self, request: HttpRequest) -> HttpResponseBase:
        enrolments = selectors.enrolments_for(request.user)
        filters = CadetsAbroadFilterSet(request.GET or None, queryset=enrolments, request=request)
        if filters.is_bound and not filters.is_valid():
            chosen = enrolments.none()
        else:
            chosen = filters.qs if filters.is_bound else enrolments
        rows = selectors.cadet_rows(
            chosen.order_by("cohort__code", "person__family_name_latin", "pk"), timezone.localdate()
        )
        standing = filters.standing_value()
        if standing:
            rows = [row for row in rows if row.standing == standing]
        table = CadetsAbroadTable(rows)
        export = request.GET.get("export")
        if export == "csv":
            return csv_response(table, "cadets-abroad")
        if export == "xlsx":
            return xlsx_response(table, "cadets-abroad")
        # The page shows the rows a hundred at a time; exports and charts take them all.
        RequestConfig(request, paginate={"per_page": 100}).configure(table)
        query = request.GET.copy()
        query.pop("export", None)
        context = {
            "table": table,
            "rows": rows,
            "filter": filters,
            "query": query.urlencode(),
            "chart": selectors.progress_by_academy(rows),
            "list_url": reverse("training:cadets_abroad"),
        }
        return render(request, "training/cadets_abroad.html", context)
