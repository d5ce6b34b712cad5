"""Pages beyond the generic ones: an agreement with its parties, clauses and
documents; its status steps; a programme's progress; the programme dashboard."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from tadrib.agreements import selectors, services
from tadrib.agreements.forms import AgreementStatusForm
from tadrib.agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementParty,
    Clause,
    ClauseTarget,
    Programme,
    ProgrammeMilestone,
    ProgrammeObjective,
)
from tadrib.core import access
from tadrib.core import views as generic
from tadrib.core.choices import Action
from tadrib.core.files import download


def _may_add(user: Any, record: Any) -> bool:
    return access.can(user, Action.ADD, record)


def _add_url(name: str, **initial: int) -> str:
    query = "&".join(f"{key}={value}" for key, value in initial.items())
    return f"{reverse(f'agreements:{name}_add')}?{query}"


class AgreementDetailView(generic.ObjectDetailView):
    template_name = "agreements/agreement_detail.html"

    def extra_context(self, obj: Agreement) -> dict[str, Any]:
        user = self.request.user
        clauses = selectors.clauses_for(user).filter(agreement=obj)
        return {
            "parties": obj.parties.all(),
            "clauses": clauses,
            "documents": selectors.agreement_documents_for(user).filter(agreement=obj),
            "extensions": selectors.agreements_for(user).filter(extends=obj),
            "can_add_party": _may_add(user, AgreementParty(agreement=obj)),
            "can_add_clause": _may_add(user, Clause(agreement=obj)),
            "can_add_document": _may_add(user, AgreementDocument(agreement=obj)),
            "add_party_url": _add_url("agreementparty", agreement=obj.pk),
            "add_clause_url": _add_url("clause", agreement=obj.pk),
            "add_document_url": _add_url("agreementdocument", agreement=obj.pk),
            "status_form": AgreementStatusForm(agreement=obj)
            if access.can(user, Action.CHANGE, obj)
            else None,
            "report_languages": [("en", "English"), ("ar", "العربية"), ("tr", "Türkçe")],
        }


class AgreementStatusView(generic.ScopedView):
    """Move an agreement to its next status (the form sits on its page)."""

    model = Agreement
    selector = staticmethod(selectors.agreements_for)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = self.get_object(pk, Action.CHANGE)
        return self.render_form(AgreementStatusForm(agreement=agreement), agreement)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = self.get_object(pk, Action.CHANGE)
        form = AgreementStatusForm(request.POST, agreement=agreement)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.change_agreement_status(
                    agreement,
                    data["status"],
                    actor=request.user,  # type: ignore[arg-type]
                    reason=data["reason"],
                    signed_on=data["signed_on"],
                    entry_into_force=data["entry_into_force"],
                    expires_on=data["expires_on"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
                agreement.refresh_from_db()
            else:
                messages.success(
                    request,
                    _("“%(record)s” is now %(status)s.")
                    % {"record": agreement, "status": agreement.get_status_display()},
                )
                return HttpResponseRedirect(agreement.get_absolute_url())
        return self.render_form(form, agreement)

    def render_form(self, form: AgreementStatusForm, agreement: Agreement) -> HttpResponse:
        context = {**self.base_context(), "form": form, "object": agreement}
        return render(self.request, "agreements/agreement_status.html", context)


class DocumentFileView(generic.ScopedView):
    """The stored PDF, for readers of the record it belongs to; 404 otherwise."""

    model = AgreementDocument
    selector = staticmethod(selectors.agreement_documents_for)

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        return download(self.get_object(pk))


class ClauseDetailView(generic.ObjectDetailView):
    template_name = "agreements/clause_detail.html"

    def extra_context(self, obj: Clause) -> dict[str, Any]:
        user = self.request.user
        return {
            "targets": obj.targets.all(),
            "programmes": selectors.programmes_for(user).filter(clause=obj),
            "can_add_target": _may_add(user, ClauseTarget(clause=obj)),
            "add_target_url": _add_url("clausetarget", clause=obj.pk),
            "add_programme_url": _add_url("programme", clause=obj.pk),
            "can_add_programme": access.can_add_anywhere(user, Programme),
        }


class ProgrammeDetailView(generic.ObjectDetailView):
    template_name = "agreements/programme_detail.html"

    def extra_context(self, obj: Programme) -> dict[str, Any]:
        user = self.request.user
        progress = selectors.programme_progress(obj)
        counts = selectors.activity_counts(user, [obj.pk])
        return {
            "progress": progress,
            "overall": selectors.overall_percent(progress),
            "chart": {
                "labels": [p.objective.title for p in progress],
                "values": [p.percent for p in progress],
                "max": 100,
            },
            "milestones": obj.milestones.all(),
            "activities": [
                (activity, counts[activity.key].get(obj.pk, 0))
                for activity in selectors.programme_activities()
            ],
            "can_add_objective": _may_add(user, ProgrammeObjective(programme=obj)),
            "can_add_milestone": _may_add(user, ProgrammeMilestone(programme=obj)),
            "add_objective_url": _add_url("programmeobjective", programme=obj.pk),
            "add_milestone_url": _add_url("programmemilestone", programme=obj.pk),
        }


class DashboardView(generic.ScopedView):
    """Every agreement the user may see, clause by clause, with the programmes
    under each and how far along they are."""

    model = Programme

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "agreements/dashboard.html",
            selectors.dashboard(request.user),
        )


class DocumentDetailView(generic.ObjectDetailView):
    template_name = "agreements/document_detail.html"
