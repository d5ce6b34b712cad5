"""Training's models in the generic access test (see tadrib/training/testing.py
for how the records keep out of A's directorate's and nation B's reach)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import override_settings

from tadrib.agreements import testing as t
from tadrib.core.testing import AccessCase, World, register
from tadrib.training import allocation_services, services
from tadrib.training import testing as tt
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


def _api(form: dict[str, Any], *fks: str) -> dict[str, Any]:
    """The form's values as an API body: ``fk`` becomes ``fk_id``."""
    return {(f"{k}_id" if k in fks else k): v for k, v in form.items()}


def _course_form(w: World) -> dict[str, Any]:
    return {
        "institution": tt.facility_a(w).pk,
        "code": "CT-101",
        "name_en": "Counter-terrorism basics",
        "area": "counter_terrorism",
        "level": "basic",
        "language": "tr",
        "min_language_profile": "2222",
        "duration_days": 30,
        "min_rank": "OR-5",
        "max_rank": "OF-3",
        "pass_mark": "60",
    }


register(
    AccessCase(
        model=Course,
        api_prefix="/api/courses",
        make=lambda w, i: tt.course(w, i),
        form=_course_form,
        api_payload=lambda w: {
            **_api(_course_form(w), "institution"),
            "code": "CT-API",
            "pass_mark": 55,
        },
        change=("name_en", "Counter-terrorism (revised)"),
    )
)


def _shared_course(w: World) -> Course:
    return t.shared(w, "shared_course", lambda: tt.course(w, 700))


def _required(w: World) -> Course:
    return t.shared(w, "required_course", lambda: tt.course(w, 701))


register(
    AccessCase(
        model=CoursePrerequisite,
        api_prefix="/api/course-prerequisites",
        make=lambda w, i: services.save_course_prerequisite(
            CoursePrerequisite(course=tt.course(w, 300 + i), required=_required(w)), actor=None
        ),
        form=lambda w: {"course": _shared_course(w).pk, "required": _required(w).pk, "note": ""},
        api_payload=lambda w: {"course_id": _shared_course(w).pk, "required_id": _required(w).pk},
        change=("note", "or an equivalent national course"),
    )
)


def _session_form(w: World) -> dict[str, Any]:
    return {
        "course": _shared_course(w).pk,
        "programme": tt.programme_a(w).pk,
        "code": "2031-A",
        "starts_on": tt.START.isoformat(),
        "ends_on": tt.END.isoformat(),
        "site": "Range 1",
        "capacity": 24,
        "status": "planned",
    }


register(
    AccessCase(
        model=Session,
        api_prefix="/api/sessions",
        make=lambda w, i: tt.session(w, i),
        form=_session_form,
        api_payload=lambda w: {**_api(_session_form(w), "course", "programme"), "code": "API-1"},
        change=("site", "Range 2"),
    )
)


def _shared_session(w: World) -> Session:
    return t.shared(w, "shared_session", lambda: tt.session(w, 710))


register(
    AccessCase(
        model=SessionQuota,
        api_prefix="/api/session-quotas",
        make=lambda w, i: services.save_session_quota(
            SessionQuota(session=tt.session(w, 400 + i), nation=t.third_party(w).nation, seats=4),
            actor=None,
        ),
        form=lambda w: {
            "session": _shared_session(w).pk,
            "nation": t.third_party(w).nation.pk,
            "seats": 6,
        },
        api_payload=lambda w: {
            "session_id": _shared_session(w).pk,
            "nation_id": t.third_party(w).nation.pk,
            "seats": 6,
        },
        change=("seats", 3),
    )
)


def _nomination_form(w: World) -> dict[str, Any]:
    tt.programme_c(w)  # A reads C's catalogue through it
    return {
        "owner": w.battalion_a.pk,
        "person": t.shared(w, "nominee", lambda: tt.nominee(w)).pk,
        "course": t.shared(w, "c_course", lambda: tt.course(w, 720, at=tt.academy_c(w))).pk,
        "priority": 12,
        "medical_cleared_on": tt.CLEARED.isoformat(),
        "passport_number": "N1234567",
        "passport_expires_on": "2040-01-01",
        "remarks": "",
    }


register(
    AccessCase(
        model=Nomination,
        api_prefix="/api/nominations",
        make=lambda w, i: tt.nomination(w, i),
        form=_nomination_form,
        api_payload=lambda w: _api(_nomination_form(w), "owner", "person", "course"),
        change=("priority", 20),
    )
)


def _c_trainee(w: World) -> Nomination:
    return t.shared(w, "c_trainee", lambda: tt.c_nomination(w))


def _c_session(w: World) -> Session:
    return _c_trainee(w).session  # type: ignore[return-value]


def _assessment_form(w: World) -> dict[str, Any]:
    return {"session": _c_session(w).pk, "title": "Final exam", "weight": "10", "max_score": "100"}


register(
    AccessCase(
        model=Assessment,
        api_prefix="/api/assessments",
        make=lambda w, i: tt.assessment(w, i, of=_c_session(w)),
        form=_assessment_form,
        api_payload=lambda w: {**_api(_assessment_form(w), "session"), "weight": 10},
        change=("title", "Final written exam"),
    )
)


def _grade_form(w: World) -> dict[str, Any]:
    spare = t.shared(w, "spare_assessment", lambda: tt.assessment(w, 99, of=_c_session(w)))
    return {"nomination": _c_trainee(w).pk, "assessment": spare.pk, "score": "71", "comment": ""}


register(
    AccessCase(
        model=Grade,
        api_prefix="/api/grades",
        make=lambda w, i: services.save_grade(
            Grade(
                nomination=_c_trainee(w),
                assessment=tt.assessment(w, 500 + i, of=_c_session(w)),
                score=60 + i % 40,
            ),
            actor=None,
        ),
        form=_grade_form,
        api_payload=lambda w: {**_api(_grade_form(w), "nomination", "assessment"), "score": 71},
        change=("comment", "Re-marked"),
    )
)


def _attendance_form(w: World) -> dict[str, Any]:
    return {
        "nomination": _c_trainee(w).pk,
        "on": (tt.START + dt.timedelta(days=30)).isoformat(),
        "status": "present",
        "note": "",
    }


register(
    AccessCase(
        model=Attendance,
        api_prefix="/api/attendance",
        make=lambda w, i: services.save_attendance(
            Attendance(
                nomination=_c_trainee(w),
                on=tt.START + dt.timedelta(days=i % 59),
                status="present",
            ),
            actor=None,
        ),
        form=_attendance_form,
        api_payload=lambda w: _api(_attendance_form(w), "nomination"),
        change=("note", "Late bus"),
    )
)


def _incident_form(w: World) -> dict[str, Any]:
    return {
        "nomination": _c_trainee(w).pk,
        "kind": "unauthorised_absence",
        "severity": "serious",
        "occurred_at": (tt.START + dt.timedelta(days=10)).isoformat() + "T08:00",
        "absence_hours": 30,
        "description": "Did not return from leave.",
        "action_taken": "",
    }


register(
    AccessCase(
        model=Incident,
        api_prefix="/api/incidents",
        make=lambda w, i: services.save_incident(
            Incident(
                nomination=_c_trainee(w),
                kind="injury",
                occurred_at=dt.datetime(2031, 3, 5, 9, 0, tzinfo=dt.UTC),
                description=f"Sprained ankle {i}.",
            ),
            actor=None,
        ),
        form=_incident_form,
        api_payload=lambda w: {
            **_api(_incident_form(w), "nomination"),
            "occurred_at": (tt.START + dt.timedelta(days=10)).isoformat() + "T08:00:00Z",
        },
        change=("description", "Returned after 30 hours."),
    )
)


# --- seat allocation: an intake of A's facility (under A's brigade) ----------


def _intake_form(w: World) -> dict[str, Any]:
    return {
        "owner": tt.facility_a(w).pk,
        "code": "INT-AUTUMN",
        "name": "Autumn intake",
        "starts_from": tt.START.isoformat(),
        "starts_until": tt.END.isoformat(),
        "status": "open",
        "note": "",
    }


register(
    AccessCase(
        model=Intake,
        api_prefix="/api/intakes",
        make=lambda w, i: tt.intake(w, i),
        form=_intake_form,
        api_payload=lambda w: {**_api(_intake_form(w), "owner"), "code": "INT-API"},
        change=("name", "Autumn intake (revised)"),
    )
)


def _bare_intake(w: World) -> Intake:
    return t.shared(w, "bare_intake", lambda: tt.intake(w, 900, institutions=[]))


def _intake_institution_form(w: World) -> dict[str, Any]:
    return {"intake": _bare_intake(w).pk, "institution": tt.facility_a(w).pk, "note": ""}


register(
    AccessCase(
        model=IntakeInstitution,
        api_prefix="/api/intake-institutions",
        make=lambda w, i: allocation_services.save_intake_institution(
            IntakeInstitution(
                intake=tt.intake(w, 300 + i, institutions=[]), institution=tt.facility_a(w)
            ),
            actor=None,
        ),
        form=_intake_institution_form,
        api_payload=lambda w: _api(_intake_institution_form(w), "intake", "institution"),
        change=("note", "Contact: the registrar's office"),
    )
)


def _c_nomination_choice_target(w: World) -> tuple[Nomination, Session]:
    """A's draft nomination to a course of C's academy, and another session of
    that course."""

    def make() -> tuple[Nomination, Session]:
        nomination = tt.nomination(w, 730)
        return nomination, tt.session(w, 730, of=nomination.course)

    return t.shared(w, "choice_target", make)


def _nomination_choice_form(w: World) -> dict[str, Any]:
    nomination, session = _c_nomination_choice_target(w)
    return {"nomination": nomination.pk, "session": session.pk, "weight": 12}


register(
    AccessCase(
        model=NominationChoice,
        api_prefix="/api/nomination-choices",
        make=lambda w, i: (
            lambda nomination: tt.nomination_choice(
                nomination, tt.session(w, 740 + i, of=nomination.course), weight=5 + i % 50
            )
        )(tt.nomination(w, 740 + i)),
        form=_nomination_choice_form,
        api_payload=lambda w: _api(_nomination_choice_form(w), "nomination", "session"),
        change=("weight", 20),
    )
)


def _run_intake(w: World) -> Intake:
    return t.shared(w, "run_intake", lambda: tt.intake(w, 910))


def _queued_run(w: World, i: int) -> AllocationRun:
    """A run waiting for a worker (no task backend runs it): users never
    change a run, and this one has not been changed by the system either, so
    its trail holds only its creation."""
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        return allocation_services.start_run(tt.intake(w, 920 + i), actor=None)


register(
    AccessCase(
        model=AllocationRun,
        api_prefix="/api/allocation-runs",
        make=_queued_run,
        form=lambda w: {"intake": _run_intake(w).pk, "note": "First run"},
        api_payload=lambda w: {"intake_id": _run_intake(w).pk, "note": "From the API"},
        change=("note", "Changed"),
        append_only=True,
    )
)


# Cadets at academies and units in rotation register their cases in modules of their own.
from tadrib.training.tests import access_academics, access_rotations  # noqa: E402, F401
