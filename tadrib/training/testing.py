"""Test data of training, built through the services, for the generic access
test and every training test.

Two set-ups, both keeping the access-case isolation rule (records owned under
nation A's brigade and shared only with organisations that neither A's
directorate nor nation B can see):

* the catalogue: courses at ``facility_a`` (nation A, under its brigade) under a
  programme whose partner is nation C's ministry;
* nominations by nation A (owned by its battalion) go to courses of nation C's
  academy (``academy_c``); nominations by nation C go to A's facility's courses
  (``c_nomination``), which is what the host records (grades, attendance,
  incidents) hang on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tadrib.agreements import testing as t
from tadrib.agreements.models import Programme
from tadrib.core import testing
from tadrib.core.testing import World
from tadrib.organisations.models import Organisation
from tadrib.people.models import Person, Qualification
from tadrib.people.services import save_qualification
from tadrib.training import services
from tadrib.training.models import (
    Assessment,
    Course,
    Intake,
    IntakeInstitution,
    Nomination,
    NominationChoice,
    Session,
)

# Relative to today: eligibility compares a medical clearance with today.
TODAY = dt.date.today()
START = TODAY + dt.timedelta(days=120)
END = START + dt.timedelta(days=59)
CLEARED = TODAY - dt.timedelta(days=30)  # medical clearance, before START


def qualification(code: str = "Q-DEM") -> Qualification:
    found = Qualification.objects.filter(code=code).first()
    return found or save_qualification(
        Qualification(code=code, name_en=f"Qualification {code}"), actor=None
    )


def facility_a(w: World) -> Organisation:
    return t.facility_a(w)


def academy_c(w: World) -> Organisation:
    """An academy of nation C (host of A's nominees in tests)."""
    return t.shared(
        w,
        "academy_c",
        lambda: testing.organisation(
            t.third_party(w).nation, "C-ACAD", parent=t.third_party(w), kind="academy"
        ),
    )


def unit_c(w: World) -> Organisation:
    return t.shared(
        w,
        "unit_c",
        lambda: testing.organisation(
            t.third_party(w).nation,
            "C-BN",
            parent=t.third_party(w),
            kind="unit",
            echelon="battalion",
        ),
    )


def programme_a(w: World) -> Programme:
    """Host: A's facility; partner: C's ministry (the catalogue's programme)."""
    return t.shared(
        w,
        "training_programme_a",
        lambda: t.programme(
            w, 800, under=t.clause(w, 800, areas=["demining"]), code="TRG-A", starts_on=START
        ),
    )


def programme_c(w: World) -> Programme:
    """Host: C's ministry; partner: A's ministry (A nominates to C's courses)."""
    return t.shared(
        w,
        "training_programme_c",
        lambda: t.programme(
            w,
            801,
            under=t.clause(w, 801, areas=["demining"]),
            code="TRG-C",
            owner=t.third_party(w),
            host_organisation=t.third_party(w),
            partner_organisation=w.ministry_a,
            starts_on=START,
        ),
    )


def course(w: World, i: int = 0, *, at: Organisation | None = None, **fields: Any) -> Course:
    values: dict[str, Any] = {
        "institution": at or facility_a(w),
        "code": f"CRS-{i}",
        "name_en": f"Demining course {i}",
        "name_ar": f"دورة إزالة الألغام {i}",
        "name_tr": f"Mayın temizleme kursu {i}",
        "area": "demining",
        "level": "basic",
        "language": "en",
        "duration_days": 60,
    }
    values.update(fields)
    return services.save_course(Course(**values), actor=None)


def session(w: World, i: int = 0, *, of: Course | None = None, **fields: Any) -> Session:
    of = of or course(w, 100 + i)
    programme = programme_a(w) if of.institution.nation_id == w.nation_a.pk else programme_c(w)
    values: dict[str, Any] = {
        "course": of,
        "programme": programme,
        "code": f"S-{i}",
        "starts_on": START,
        "ends_on": END,
        "site": "Range 3",
        "capacity": 20,
        "status": "open",
    }
    values.update(fields)
    return services.save_session(Session(**values), actor=None)


def c_session(w: World) -> Session:
    """The session at A's facility where nation C's trainees are (one per world)."""
    return t.shared(w, "c_session", lambda: session(w, 900))


def nominee(w: World, unit: Organisation | None = None, **fields: Any) -> Person:
    """A person with a rank and an English profile of 3333."""
    from tadrib.people.models import LanguageProficiency
    from tadrib.people.services import save_language_proficiency

    unit = unit or w.battalion_a
    values: dict[str, Any] = {
        "rank": testing.rank(unit.nation, "CPT", "OF-2"),
        "date_of_birth": dt.date(1995, 5, 5),
    }
    values.update(fields)
    person = testing.person(unit, **values)
    save_language_proficiency(
        LanguageProficiency(
            person=person, language="en", listening=3, speaking=3, reading=3, writing=3
        ),
        actor=None,
    )
    return person


def nomination(
    w: World,
    i: int = 0,
    *,
    person: Person | None = None,
    to: Course | None = None,
    session: Session | None = None,
    owner: Organisation | None = None,
    **fields: Any,
) -> Nomination:
    """A draft nomination by nation A (owned by its battalion) to a course of
    nation C's academy, ready to pass every eligibility rule."""
    to = to or (session.course if session is not None else course(w, 200 + i, at=academy_c(w)))
    values: dict[str, Any] = {
        "owner": owner or w.battalion_a,
        "person": person or nominee(w),
        "course": to,
        "session": session,
        "priority": 10,
        "medical_cleared_on": CLEARED,
        "passport_number": f"P{i:07d}",
        "passport_expires_on": TODAY + dt.timedelta(days=3650),
    }
    values.update(fields)
    return services.save_nomination(Nomination(**values), actor=None)


def c_nomination(w: World, i: int = 0, *, session: Session | None = None) -> Nomination:
    """A nominee of nation C in training at A's facility (the host records'
    trainee): in_training in ``session`` (one per world by default)."""
    session = session or c_session(w)
    person = nominee(w, unit_c(w))
    draft = nomination(w, 5000 + i, person=person, session=session, owner=t.third_party(w))
    return walk(draft, "in_training")


PATH = (
    "submitted",
    "vetted",
    "approved",
    "offered",
    "accepted",
    "enrolled",
    "in_training",
)


def walk(nomination: Nomination, until: str) -> Nomination:
    """Move a draft along the main path as the system, up to ``until``
    (one of PATH, or "eligible")."""
    steps = {
        "submitted": lambda n: services.submit(n, actor=None),
        "vetted": lambda n: services.vet(n, actor=None, reason="No adverse information."),
        "approved": lambda n: services.approve(n, actor=None),
        "offered": lambda n: services.offer_seat(n, actor=None),
        "accepted": lambda n: services.accept(n, actor=None),
        "enrolled": lambda n: services.enrol(n, actor=None),
        "in_training": lambda n: services.start_training(n, actor=None),
    }
    if until == "eligible":
        return services.submit(nomination, actor=None)
    for step in PATH:
        nomination = steps[step](nomination)
        if step == "submitted":
            assert nomination.status == "eligible", nomination.eligibility
        if step == until:
            break
    return nomination


def assessment(w: World, i: int = 0, *, of: Session | None = None, **fields: Any) -> Assessment:
    values: dict[str, Any] = {
        "session": of or c_session(w),
        "title": f"Exam {i}",
        "weight": 5,
        "max_score": 100,
    }
    values.update(fields)
    return services.save_assessment(Assessment(**values), actor=None)


# --- seat allocation --------------------------------------------------------


def intake(
    w: World,
    i: int = 0,
    *,
    owner: Organisation | None = None,
    institutions: list[Organisation] | None = None,
    **fields: Any,
) -> Intake:
    """An open intake of A's facility (under A's brigade) over its own
    sessions starting within 30 days of START (``institutions``: those whose
    sessions it allocates; the facility by default)."""
    from tadrib.training import allocation_services

    owner = owner or facility_a(w)
    values: dict[str, Any] = {
        "owner": owner,
        "code": f"INT-{i}",
        "name": f"Intake {i}",
        "starts_from": START - dt.timedelta(days=30),
        "starts_until": START + dt.timedelta(days=30),
    }
    values.update(fields)
    made = allocation_services.save_intake(Intake(**values), actor=None)
    for institution in [owner] if institutions is None else institutions:
        allocation_services.save_intake_institution(
            IntakeInstitution(intake=made, institution=institution), actor=None
        )
    return made


def nomination_choice(
    nomination_: Nomination, session_: Session, weight: int = 10
) -> NominationChoice:
    from tadrib.training import allocation_services

    return allocation_services.save_nomination_choice(
        NominationChoice(nomination=nomination_, session=session_, weight=weight), actor=None
    )


def approved(
    w: World,
    i: int,
    *,
    to: Course | None = None,
    session: Session | None = None,
    unit: Organisation | None = None,
    owner: Organisation | None = None,
    priority: int = 10,
) -> Nomination:
    """A nomination approved by its nation, ready to be offered a seat: by
    default nation C's (its ministry nominates a soldier of its battalion) to
    ``to``, a course of A's facility."""
    unit = unit or unit_c(w)
    draft = nomination(
        w,
        6000 + i,
        person=nominee(w, unit),
        to=to,
        session=session,
        owner=owner or t.third_party(w),
        priority=priority,
    )
    return walk(draft, "approved")
