"""Pages beyond the generic ones: an agreement with its parties, clauses and
documents; its status steps; a programme's progress; the programme dashboard."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
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
from tadrib.core.views import add_link


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
            "add_party_url": add_link(user, AgreementParty(agreement=obj), "agreement"),
            "add_clause_url": add_link(user, Clause(agreement=obj), "agreement"),
            "add_document_url": add_link(user, AgreementDocument(agreement=obj), "agreement"),
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


class ClauseDetailView(generic.ObjectDetailView):
    template_name = "agreements/clause_detail.html"

    def extra_context(self, obj: Clause) -> dict[str, Any]:
        user = self.request.user
        return {
            "targets": obj.targets.all(),
            "programmes": selectors.programmes_for(user).filter(clause=obj),
            "add_target_url": add_link(user, ClauseTarget(clause=obj), "clause"),
            # A programme is owned by its managing office, not by the clause.
            "add_programme_url": f"{reverse('agreements:programme_add')}?clause={obj.pk}"
            if access.can_add_anywhere(user, Programme)
            else None,
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
            "add_objective_url": add_link(user, ProgrammeObjective(programme=obj), "programme"),
            "add_milestone_url": add_link(user, ProgrammeMilestone(programme=obj), "programme"),
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
