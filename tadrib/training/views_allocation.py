"""Pages of seat allocation: an intake with its institutions, the nominations
it would allocate and its runs; a run's review, its progress while it is
computed, and its confirmation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from tadrib.core import access
from tadrib.core import views as generic
from tadrib.core.choices import Action
from tadrib.core.views import add_link
from tadrib.training import allocation_selectors as selectors
from tadrib.training import allocation_services as services
from tadrib.training.choices import IntakeStatus, RunStatus
from tadrib.training.models import AllocationRun, Intake, IntakeInstitution


def _error_messages(request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    for text in getattr(error, "messages", None) or [str(error)]:
        messages.error(request, text)


class IntakeDetailView(generic.ObjectDetailView):
    template_name = "training/intake_detail.html"

    def extra_context(self, obj: Intake) -> dict[str, Any]:
        user = self.request.user
        built = services.build_problem(obj)
        may_run = access.can(user, Action.CHANGE, obj)
        return {
            "institutions": selectors.intake_institutions_for(user).filter(intake=obj),
            "add_institution_url": add_link(user, IntakeInstitution(intake=obj), "intake"),
            "session_count": services.intake_sessions(obj).count(),
            "considered": built.nomination_count,
            "excluded": len(built.excluded),
            "runs": selectors.allocation_runs_for(user).filter(intake=obj)[:20],
            "can_run": may_run and obj.status == IntakeStatus.OPEN,
            "run_url": reverse("training:intake_run", args=[obj.pk]),
        }


class IntakeRunView(generic.ScopedView):
    """Run the allocation of an intake (its page's button)."""

    model = Intake
    selector = staticmethod(selectors.intakes_for)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        intake = self.get_object(pk, Action.CHANGE)
        try:
            run = services.start_run(intake, actor=request.user)  # type: ignore[arg-type]
        except (ValidationError, PermissionDenied) as error:
            _error_messages(request, error)
            return HttpResponseRedirect(intake.get_absolute_url())
        messages.success(request, _("The allocation is being computed."))
        return HttpResponseRedirect(run.get_absolute_url())

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return HttpResponseRedirect(self.get_object(pk).get_absolute_url())


def progress_context(run: AllocationRun) -> dict[str, Any]:
    return {
        "run": run,
        "progress_url": reverse("training:allocationrun_progress", args=[run.pk]),
    }


class AllocationRunDetailView(generic.ObjectDetailView):
    template_name = "training/allocationrun_detail.html"

    def extra_context(self, obj: AllocationRun) -> dict[str, Any]:
        user = self.request.user
        review = selectors.review(obj, user)
        return {
            **progress_context(obj),
            "review": review,
            "band_chart": {
                "labels": [row["label"] for row in review.per_band],
                "values": [row["given"] for row in review.per_band],
            }
            if review
            else None,
            "nation_chart": {
                "labels": [row["nation"] for row in review.per_nation],
                "values": [row["given"] for row in review.per_nation],
            }
            if review
            else None,
            "can_confirm": obj.status == RunStatus.DONE
            and access.can(user, Action.CHANGE, obj.intake),
            "confirm_url": reverse("training:allocationrun_confirm", args=[obj.pk]),
        }


class AllocationRunProgressView(generic.ScopedView):
    """The status fragment the run's page polls (htmx) while the run is
    computed; once it is not, the page reloads to show the result."""

    model = AllocationRun
    selector = staticmethod(selectors.allocation_runs_for)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = self.get_object(pk)
        if getattr(request, "htmx", False) and not run.under_way:
            response = HttpResponse()
            response["HX-Refresh"] = "true"
            return response
        return render(request, "training/_allocationrun_progress.html", progress_context(run))


class AllocationRunConfirmView(generic.ScopedView):
    """Confirm a run: offer its seats (the review page's button)."""

    model = AllocationRun
    selector = staticmethod(selectors.allocation_runs_for)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = self.get_object(pk, Action.CHANGE)
        try:
            services.confirm_run(run, actor=request.user)  # type: ignore[arg-type]
        except (ValidationError, PermissionDenied) as error:
            _error_messages(request, error)
        else:
            messages.success(
                request,
                _("Confirmed: %(count)s seats were offered.") % {"count": run.assigned_count or 0},
            )
        return HttpResponseRedirect(run.get_absolute_url())

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return HttpResponseRedirect(self.get_object(pk).get_absolute_url())
