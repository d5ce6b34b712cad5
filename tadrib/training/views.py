"""Pages beyond the generic ones: a course with its sessions; a session with
its seats, roster and assessments, and the registrar's actions on it; a
nomination with its eligibility, its steps and its record at the host."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tadrib.core import access
from tadrib.core import views as generic
from tadrib.core.choices import Action
from tadrib.core.views import add_link
from tadrib.training import eligibility, selectors, services, steps
from tadrib.training.choices import SEAT_HOLDING
from tadrib.training.forms import StepForm
from tadrib.training.models import (
    Assessment,
    Attendance,
    Course,
    CoursePrerequisite,
    Grade,
    Incident,
    Nomination,
    Session,
    SessionQuota,
)


class CourseDetailView(generic.ObjectDetailView):
    template_name = "training/course_detail.html"

    def extra_context(self, obj: Course) -> dict[str, Any]:
        user = self.request.user
        return {
            "prerequisites": obj.prerequisites.select_related("required"),
            "sessions": selectors.sessions_for(user).filter(course=obj),
            "add_prerequisite_url": add_link(user, CoursePrerequisite(course=obj), "course"),
            "add_session_url": add_link(user, Session(course=obj), "course"),
            "nominate_url": f"{reverse('training:nomination_add')}?course={obj.pk}"
            if access.can_add_anywhere(user, Nomination)
            else None,
        }


def seat_table(session: Session) -> list[dict[str, Any]]:
    """Seats per nation: set aside, held, left; and the open seats."""
    held = dict(
        services.holders(session)
        .order_by()
        .values_list("person__nation__iso_code")
        .annotate(n=Count("pk"))
    )
    rows = []
    for quota in session.quotas.select_related("nation"):
        rows.append(
            {
                "nation": quota.nation,
                "reserved": quota.seats,
                "held": held.get(quota.nation.iso_code, 0),
                "left": services.seats_left(session, quota.nation_id),
            }
        )
    return rows


class SessionDetailView(generic.ObjectDetailView):
    template_name = "training/session_detail.html"

    def extra_context(self, obj: Session) -> dict[str, Any]:
        user = self.request.user
        roster = selectors.nominations_for(user).filter(session=obj).order_by("status", "-priority")
        can_run = access.can(user, Action.CHANGE, obj)
        return {
            "quotas": seat_table(obj),
            "held": obj.seats_held,  # type: ignore[attr-defined]  # annotated by the selector
            "roster": roster,
            "waiting": selectors.nominations_for(user)
            .filter(course_id=obj.course_id, status="waitlisted")
            .order_by("-priority", "status_changed_at"),
            "assessments": obj.assessments.all(),
            "identity_overdue": selectors.identity_overdue(roster),
            "can_run": can_run,
            "add_quota_url": add_link(user, SessionQuota(session=obj), "session"),
            "add_assessment_url": add_link(user, Assessment(session=obj), "session"),
            "seat_holding": SEAT_HOLDING,
        }


SESSION_ACTIONS = {
    "start": (services.start_session, gettext_lazy("%(count)s trainees are now in training.")),
    "complete": (
        services.complete_session,
        gettext_lazy("%(count)s trainees completed or failed."),
    ),
    "offer-waiting-list": (
        services.offer_waiting_list,
        gettext_lazy("%(count)s seats were offered from the waiting list."),
    ),
}


class SessionActionView(generic.ScopedView):
    """The registrar's actions on a session: start it, close it with results
    and certificates, offer the seats left to the waiting list."""

    model = Session
    selector = staticmethod(selectors.sessions_for)

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        session = self.get_object(pk, Action.CHANGE)
        run, message = SESSION_ACTIONS[action]
        try:
            done = run(session, actor=request.user)  # type: ignore[operator]
        except (ValidationError, PermissionDenied) as error:
            for text in getattr(error, "messages", [str(error)]):
                messages.error(request, text)
        else:
            messages.success(request, str(message) % {"count": len(done)})
        return HttpResponseRedirect(session.get_absolute_url())


class NominationDetailView(generic.ObjectDetailView):
    template_name = "training/nomination_detail.html"

    def extra_context(self, obj: Nomination) -> dict[str, Any]:
        user = self.request.user
        available = steps.available(user, obj)  # type: ignore[arg-type]
        host = services.is_host(user, obj)
        return {
            "checks": [
                {
                    **entry,
                    "label": eligibility.RULE_LABELS.get(entry["rule"], entry["rule"]),
                    "text": eligibility.explain(entry),
                }
                for entry in obj.eligibility
            ],
            "step_form": StepForm(steps=available, nomination=obj, user=user)
            if available
            else None,
            "step_url": reverse("training:nomination_step", args=[obj.pk]),
            "grades": selectors.grades_for(user).filter(nomination=obj),
            "attendance": selectors.attendance_for(user).filter(nomination=obj),
            "incidents": selectors.incidents_for(user).filter(nomination=obj),
            "preparation": obj.preparation,
            "is_host": host,
            "languages": [("en", "English"), ("ar", "العربية"), ("tr", "Türkçe")],
            "letter_ready": host
            and not obj.letter_number
            and obj.vetted_at is not None
            and obj.status in services.LETTER_READY,
            "add_grade_url": add_link(user, Grade(nomination=obj), "nomination")
            if host and obj.session_id
            else None,
            "add_attendance_url": add_link(user, Attendance(nomination=obj), "nomination")
            if host and obj.session_id
            else None,
            "add_incident_url": add_link(user, Incident(nomination=obj), "nomination")
            if host and obj.session_id
            else None,
        }


class NominationStepView(generic.ScopedView):
    """Take one step of a nomination (the form on its page)."""

    model = Nomination
    selector = staticmethod(selectors.nominations_for)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        nomination = self.get_object(pk)
        available = steps.available(request.user, nomination)  # type: ignore[arg-type]
        form = StepForm(request.POST, steps=available, nomination=nomination, user=request.user)
        if not available:
            raise PermissionDenied(_("You may take no step on this nomination."))
        if form.is_valid():
            data = form.cleaned_data
            given = steps.StepInput(
                reason=data["reason"],
                session=data["session"],
                unit=data["placed_unit"],
                post=data["placed_post"],
                placed_on=data["placed_on"],
                uses_training=data["post_uses_training"],
            )
            try:
                steps.take(data["step"], nomination, actor=request.user, given=given)  # type: ignore[arg-type]
            except (ValidationError, PermissionDenied) as error:
                for text in getattr(error, "messages", [str(error)]):
                    messages.error(request, text)
            else:
                messages.success(
                    request,
                    _("“%(record)s” is now %(status)s.")
                    % {"record": nomination, "status": nomination.get_status_display()},
                )
                return HttpResponseRedirect(nomination.get_absolute_url())
        else:
            for texts in form.errors.values():
                for text in texts:
                    messages.error(request, str(text))
        return HttpResponseRedirect(nomination.get_absolute_url())

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        nomination = self.get_object(pk)
        return HttpResponseRedirect(nomination.get_absolute_url())
