"""The reference scenario's training: the catalogue of the Turkish and Saudi
institutions (``names.COURSES``), their sessions from late 2025 to the end of
2027 under the Turkish advanced-training programme and the Saudi programme, and
about 300 nominations of Syrian army personnel by the training directorate,
each walked through the training services as the system, step by step.

The scenario's present for training is 1 November 2026: sessions that ended
before it are completed (graded, certificates issued, graduates home and some
in posts), those around it are running, later ones take nominations. Medical
clearances fall before that date and within a year of their course, so that
eligibility (which compares them with the real today) gives the same answer
whenever the demo is loaded.

Who is nominated where is planned from the people of the scenario alone
(``plan_nominations``), so the same seed gives the same nominations. They are
one story: built only when the first ``NOMINEE_POOL`` Syrian unit personnel
exist (``people`` ≥ 461) and none of the story is stored yet.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from tadrib.agreements.models import Programme
from tadrib.demo import names
from tadrib.organisations.models import Organisation
from tadrib.people.choices import nato_seniority
from tadrib.people.models import Person, Qualification
from tadrib.people.services import save_qualification
from tadrib.training import services
from tadrib.training.choices import NominationStatus
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

if TYPE_CHECKING:
    from tadrib.demo.scenario import PersonPlan

D = dt.date
N = NominationStatus
NOW = D(2026, 11, 1)
MEDICAL_LATEST = D(2026, 10, 30)
NOMINEE_POOL = 400  # the first Syrian unit personnel of the plan, cadets apart
OFFICE = "SY-MOD-TRD"
PROGRAMMES = {"TR": "PRG-ADV-TRG", "SA": "PRG-SA-TRG"}
SITES = {"TR-FAC-1": "Range 2", "TR-FAC-2": "Range 4", "TR-DHO": "Tuzla", "SA-KAMA": "Riyadh"}
NATO = {code: nato for code, nato, *_ in names.RANK_TABLE}
BRANCHES = {
    "counter_terrorism": ("INF", "MP"),
    "demining": ("ENG",),
    "cyber_defence": ("SIG",),
    "logistics": ("LOG",),
    "peacekeeping": ("INF", "MP", "MED"),
    "FAC-UAV": ("UAV",),
    "FAC-AD": ("AD",),
}
CREATED = ("qualifications", "courses", "prerequisites", "sessions", "quotas")
WALKED = ("nominations", "assessments", "grades", "attendance", "incidents", "certificates")

# course | code | starts on | capacity | seats set aside for Syria | report on | status |
# the nominations planned, by outcome (language preparations are added where needed)
SESSION_TABLE = names.table("""
FAC-CT-UNIT | 2025-1 | 2025-10-30 | 30 | -  | -          | open      | placed+:16 placed-:5 returned:3 failed:1 dismissed_ret:1
TUR-PREP    | 2026-1 | 2026-01-12 | 30 | -  | -          | open      | -
DEM-BAS     | 2026-1 | 2026-01-14 | 16 | 12 | -          | open      | placed+:7 placed-:2 returned:1 failed:1 withdrawn_ret:1
SA-LDR      | 2026-1 | 2026-01-18 | 12 | -  | -          | open      | placed+:4 placed-:1 returned:1
SA-CT       | 2026-1 | 2026-02-01 | 20 | -  | -          | open      | placed+:6 placed-:2 returned:2 failed:1
LOG-BAS     | 2026-1 | 2026-03-02 | 20 | -  | -          | open      | placed+:6 placed-:3 returned:1 failed:1
CT-DAT      | 2026-1 | 2026-03-09 | 20 | -  | -          | cancelled | -
DEM-TL      | 2026-1 | 2026-05-04 | 10 | -  | -          | cancelled | -
TUR-PREP    | 2026-2 | 2026-05-04 | 30 | -  | -          | open      | -
PKO-PDT     | 2026-1 | 2026-05-04 | 24 | -  | -          | open      | returned:6 placed+:3 failed:1
CYB-FND     | 2026-1 | 2026-06-01 | 12 | -  | -          | open      | completed:4 returned:2 failed:1
DEM-BAS     | 2026-2 | 2026-06-15 | 16 | 12 | -          | open      | completed:7 returned:2 failed:1 dismissed:1
SA-DEM      | 2026-1 | 2026-07-05 | 16 | -  | -          | open      | completed:6 failed:1
TUR-PREP    | 2026-3 | 2026-09-07 | 30 | -  | -          | open      | -
DEM-EOD     | 2026-1 | 2026-09-14 | 12 | -  | -          | open      | in_training:5
SA-LOG      | 2026-1 | 2026-09-20 | 10 | -  | -          | open      | in_training:5 withdrawn_t:1
FAC-UAV     | 2026-1 | 2026-09-28 | 20 | -  | -          | open      | in_training:8 dismissed:1
CT-URB      | 2026-1 | 2026-10-05 | 12 | -  | -          | open      | in_training:5 withdrawn_ret:1
LOG-MOV     | 2026-1 | 2026-10-12 | 10 | -  | -          | open      | in_training:5
PKO-PDT     | 2026-2 | 2026-10-19 | 24 | -  | -          | open      | in_training:10 dismissed_ret:1
LOG-BAS     | 2026-2 | 2026-11-30 | 20 | -  | 2026-11-23 | open      | enrolled:8 withdrawn:1
SA-PKO      | 2027-1 | 2027-01-10 | 16 | -  | -          | open      | accepted:7 declined:1
DEM-BAS     | 2027-1 | 2027-01-11 | 16 | 10 | -          | open      | accepted:6 offered:3 withdrawn:1
TUR-PREP    | 2027-1 | 2027-01-11 | 30 | -  | -          | open      | -
CYB-NET     | 2027-1 | 2027-01-18 | 10 | -  | -          | open      | accepted:3
CT-DAT      | 2027-1 | 2027-02-08 | 20 | -  | -          | open      | ineligible_language:2
KHO-PLT     | 2027-1 | 2027-02-22 | 10 | -  | -          | open      | vetted:3
FAC-CT-UNIT | 2027-1 | 2027-03-01 | 30 | -  | -          | open      | offered:8 approved:5 declined:2
PKO-UNSOC   | 2027-1 | 2027-03-01 | 20 | 4  | -          | open      | ineligible_language:2
SA-CT       | 2027-1 | 2027-03-07 | 12 | 8  | -          | open      | offered:8 waitlisted:3 cancelled_waiting:1
DEM-TL      | 2027-1 | 2027-04-05 | 10 | -  | -          | open      | approved:4
FAC-AD      | 2027-1 | 2027-04-12 | 16 | -  | -          | open      | eligible:4 vetted:3 rejected_host:2 submitted:2
DHO-MAR     | 2027-1 | 2027-05-10 | 12 | -  | -          | open      | eligible:3 rejected:1
CT-BAS      | 2027-1 | 2027-05-17 | 24 | -  | -          | open      | eligible:4 ineligible_rank:2 ineligible_medical:2 revised:2 cancelled_draft:2
TUR-PREP    | 2027-2 | 2027-05-17 | 30 | -  | -          | planned   | -
SA-CYB      | 2027-1 | 2027-06-06 | 16 | -  | -          | open      | approved:5 vetted:3 cancelled:1
CT-URB      | 2027-1 | 2027-06-07 | 12 | -  | -          | open      | vetted:2 ineligible_prereq:3
LOG-STF     | 2027-1 | 2027-06-07 | 10 | -  | -          | open      | draft:3
SA-DEM      | 2027-1 | 2027-07-04 | 16 | -  | -          | open      | vetted:4 eligible:4 ineligible_stale:2 submitted:2 rejected_host:1
SA-LDR      | 2027-1 | 2027-09-05 | 12 | -  | -          | planned   | -
CYB-SOC     | 2027-1 | 2027-09-06 | 12 | -  | -          | open      | eligible:2 ineligible_language:3
DEM-BAS     | 2027-2 | 2027-09-06 | 16 | 10 | -          | planned   | -
PKO-PDT     | 2027-1 | 2027-09-13 | 24 | -  | -          | open      | draft:4
SA-LOG      | 2027-1 | 2027-09-19 | 10 | -  | -          | planned   | -
CYB-FND     | 2027-1 | 2027-09-20 | 12 | -  | -          | planned   | -
FAC-UAV     | 2027-1 | 2027-10-04 | 20 | -  | -          | open      | draft:4
LOG-BAS     | 2027-1 | 2027-10-04 | 20 | -  | -          | planned   | -
PKO-MILOB   | 2027-1 | 2027-11-01 | 20 | -  | -          | planned   | -
""")

# Reasons the offices give (data, as a user would type them).
VETTED = "No adverse information in the host's screening."
REASONS = {
    "reject_host": "Adverse information from the host's security screening.",
    "reject_partner": "Not released by his brigade for the period of the course.",
    "waitlist": "The seats set aside for Syria are taken.",
    "decline": "His specialty does not match the course profile.",
    "withdraw": "Needed by his unit; the directorate will put forward another candidate.",
    "withdraw_training": "Family emergency; returned home at the family's request.",
    "dismiss": "Did not meet the course's safety and discipline standards.",
    "cancel": "Transferred to another post; the nomination is cancelled.",
}
# session | trainee (first of this outcome) | kind | severity | at | hours absent | what | action
INCIDENTS = (
    ("PKO-PDT 2026-2", "in_training", "unauthorised_absence", "serious", (2026, 10, 27, 18), 52,
     "Left the barracks after evening roll call without leave; found in the city two days later.",
     "Back in barracks on 29 October; disciplinary hearing; the training directorate informed."),
    ("FAC-UAV 2026-1", "in_training", "injury", "minor", (2026, 10, 21, 3), None,
     "Sprained an ankle during a night navigation exercise.",
     "Treated at the garrison clinic; light duties for one week."),
    ("FAC-UAV 2026-1", "dismissed", "discipline", "serious", (2026, 10, 14, 10), None,
     "Repeatedly disregarded range safety orders during live flying.",
     "Dismissed from the course; the training directorate informed."),
    ("SA-CT 2026-1", "placed+", "illness", "minor", (2026, 3, 10, 8), None,
     "Admitted to hospital with appendicitis.", "Operated on; resumed training after ten days."),
)  # fmt: skip

_VET = ("submit", "vet")
_APPROVE = (*_VET, "approve")
_SEATED = (*_APPROVE, "offer")
_ARRIVED = (*_SEATED, "accept", "enrol")
# The steps up to the session's start, by planned outcome; trainees arrive.
BEFORE_START = {
    "draft": (),
    "submitted": ("submitted",),
    "eligible": ("submit",),
    "revised": ("submit", "revise", "correct"),
    "cancelled_draft": ("cancel",),
    "rejected_host": ("submit", "reject"),
    "vetted": _VET,
    "rejected": (*_VET, "reject"),
    "approved": _APPROVE,
    "cancelled": (*_APPROVE, "cancel"),
    "waitlisted": (*_APPROVE, "waitlist"),
    "cancelled_waiting": (*_APPROVE, "waitlist", "cancel"),
    "offered": (*_SEATED, "letter"),
    "declined": (*_SEATED, "decline"),
    "withdrawn": (*_SEATED, "accept", "withdraw"),
    "accepted": (*_SEATED, "accept", "letter"),
    "enrolled": (*_SEATED, "accept", "letter", "enrol"),
    **{
        f"ineligible_{why}": ("submit",)
        for why in ("rank", "prereq", "language", "medical", "stale")
    },
}
DURING = {
    "dismissed": ("dismiss",),
    "dismissed_ret": ("dismiss", "return"),
    "withdrawn_t": ("withdraw",),
    "withdrawn_ret": ("withdraw", "return"),
}
PASSED = {"completed", "returned", "placed+", "placed-"}
AFTER = {"returned": ("return",), "placed+": ("return", "place"), "placed-": ("return", "place")}
FINAL = {
    "placed+": N.PLACED,
    "placed-": N.PLACED,
    "revised": N.DRAFT,
    "rejected_host": N.REJECTED,
    "cancelled_draft": N.CANCELLED,
    "cancelled_waiting": N.CANCELLED,
    "dismissed_ret": N.RETURNED,
    "withdrawn_t": N.WITHDRAWN,
    "withdrawn_ret": N.RETURNED,
}


def final_status(outcome: str) -> str:
    """The status a nomination planned with ``outcome`` ends in."""
    if outcome in N.values:
        return outcome
    return FINAL.get(outcome, outcome.split("_")[0])


@dataclass(frozen=True)
class CoursePlan:
    code: str
    institution: str
    area: str
    level: str
    language: str
    minimum: str
    preparation: str
    days: str
    min_rank: str
    max_rank: str
    qualification: str
    ects: str
    pass_mark: str
    framework: str

    def takes(self, rank: str | None) -> bool:
        seniority = nato_seniority(NATO[rank]) if rank else None
        if seniority is None:
            return not (self.min_rank or self.max_rank)
        low = not self.min_rank or seniority >= nato_seniority(self.min_rank)
        return low and (not self.max_rank or seniority <= nato_seniority(self.max_rank))


COURSES = {row[0]: CoursePlan(*row) for row in names.COURSES}


@dataclass(frozen=True)
class SessionPlan:
    course: str
    code: str
    starts_on: D
    ends_on: D
    capacity: int
    quota: int
    report_on: D | None
    status: str
    cohort: tuple[tuple[str, int], ...]

    @property
    def key(self) -> str:
        return f"{self.course} {self.code}"

    @property
    def phase(self) -> str:
        if self.ends_on < NOW:
            return "completed"
        return "running" if self.starts_on <= NOW else "upcoming"

    def window(self) -> tuple[D, D]:
        return (self.report_on or self.starts_on) - dt.timedelta(days=7), self.ends_on


def _session(course: str, code: str, starts: str, *row: str) -> SessionPlan:
    capacity, quota, report_on, status, cohort = row
    starts_on = D.fromisoformat(starts)
    ends_on = starts_on + dt.timedelta(days=int(COURSES[course].days) - 1)
    planned = tuple((outcome, int(n)) for outcome, n in (i.split(":") for i in cohort.split()))
    report = D.fromisoformat(report_on) if report_on else None
    return SessionPlan(
        course, code, starts_on, ends_on, int(capacity), int(quota or 0), report, status, planned
    )


SESSIONS = sorted(
    (_session(*row) for row in SESSION_TABLE), key=lambda s: (s.starts_on, s.course, s.code)
)


@dataclass
class Slot:
    """One planned nomination; ``main`` marks a language preparation (made by
    its main nomination's chain)."""

    person: PersonPlan
    session: SessionPlan
    outcome: str
    medical: D | None
    passport: tuple[str, D]
    priority: int
    main: Slot | None = None
    later: D | None = None  # a revised draft's corrected clearance, or a graduate's post date
    post: tuple[str, str] = ("", "")  # unit code, post

    @property
    def key(self) -> tuple[str, str]:
        return self.person.service_number, self.session.course


class _Planner:
    def __init__(self, people: list[PersonPlan], seed: int) -> None:
        self.rng = random.Random(f"{seed}-training")
        self.pool = [p for p in people if p.status == "active"]
        self.rng.shuffle(self.pool)
        self.windows: dict[str, list[tuple[D, D]]] = defaultdict(list)
        self.courses: dict[str, set[str]] = defaultdict(set)
        self.graduated: dict[str, list[tuple[str, D]]] = defaultdict(list)
        self.prepared: set[str] = set()
        self.passports: dict[str, tuple[str, D]] = {}
        self.slots: list[Slot] = []

    def plan(self) -> list[Slot]:
        for session in SESSIONS:
            for outcome, count in session.cohort:
                for _ in range(count):
                    self.fill(session, outcome)
        return self.slots

    def fill(self, session: SessionPlan, outcome: str) -> None:
        """The first person of the shuffled pool who fits: those not yet
        nominated first, and of them those of the course's branches; nobody
        (the slot is left out) if none does."""
        course = COURSES[session.course]
        branches = BRANCHES.get(course.code) or BRANCHES.get(course.area, ())
        order = sorted(
            self.pool,
            key=lambda p: (bool(self.courses[p.service_number]), p.specialty not in branches),
        )
        for person in order:
            fits, preparation = self.fits(person, session, course, outcome)
            if fits:
                self.add(person, session, outcome, preparation)
                return

    def fits(
        self, person: PersonPlan, session: SessionPlan, course: CoursePlan, outcome: str
    ) -> tuple[bool, SessionPlan | None]:
        number, cause = person.service_number, outcome.removeprefix("ineligible_")
        if course.code in self.courses[number] or self.busy(number, session.window()):
            return False, None
        if course.takes(person.rank) == (cause == "rank"):
            return False, None
        required = {r for c, r in names.PREREQUISITES if c == course.code}
        held = any(c in required and on < session.starts_on for c, on in self.graduated[number])
        if required and held == (cause == "prereq"):
            return False, None
        if not course.minimum or _speaks(person, course):
            return cause != "language", None
        if not course.preparation:
            return cause == "language", None
        if number in self.prepared:
            return True, None
        preparation = self.preparation(number, session)
        return preparation is not None, preparation

    def busy(self, number: str, window: tuple[D, D]) -> bool:
        return any(s <= window[1] and window[0] <= e for s, e in self.windows[number])

    def preparation(self, number: str, session: SessionPlan) -> SessionPlan | None:
        """The latest language-preparation session ending a week before the
        course and starting within 300 days of it, with a seat and free dates."""
        for prep in reversed(SESSIONS):
            if (
                prep.course == "TUR-PREP"
                and prep.status != "cancelled"
                and prep.ends_on < session.starts_on - dt.timedelta(days=7)
                and prep.starts_on >= session.starts_on - dt.timedelta(days=300)
                and sum(s.session is prep for s in self.slots) < prep.capacity
                and not self.busy(number, prep.window())
            ):
                return prep
        return None

    def add(
        self, person: PersonPlan, session: SessionPlan, outcome: str, prep: SessionPlan | None
    ) -> None:
        rng, number = self.rng, person.service_number
        if number not in self.passports:
            expires = D(rng.randint(2029, 2034), rng.randint(1, 12), rng.randint(1, 28))
            self.passports[number] = (f"N{rng.randrange(10**7, 10**8)}", expires)
        first = prep or session
        medical: D | None = self.medical(first.starts_on, session.starts_on)
        if outcome in ("ineligible_medical", "revised"):
            medical = None
        elif outcome == "ineligible_stale":
            medical = session.starts_on - dt.timedelta(days=rng.randint(400, 480))
        slot = Slot(
            person, session, outcome, medical, self.passports[number], rng.choice((10, 20, 30, 50))
        )
        if outcome == "revised":
            slot.later = self.medical(session.starts_on, session.starts_on)
        elif outcome in AFTER and outcome != "returned":
            slot.later = min(session.ends_on + dt.timedelta(days=rng.randint(21, 60)), NOW)
            using = outcome == "placed+"
            unit = person.unit if using else rng.choice(("SY-DIV-1", "SY-DIV-2", "SY-MOD-GS"))
            post = (
                names.POSTS_USING[COURSES[session.course].area]
                if using
                else rng.choice(names.POSTS_NOT_USING)
            )
            slot.post = (unit, post)
        if prep is not None:
            ahead = outcome in ("vetted", "approved", "offered", "accepted", "enrolled")
            phase = {"completed": "completed", "running": "in_training"}.get(prep.phase)
            prep_outcome = phase or ("approved" if ahead else "draft")
            self.slots.append(
                Slot(person, prep, prep_outcome, medical, slot.passport, slot.priority, main=slot)
            )
            self.prepared.add(number)
            self.windows[number].append(prep.window())
        self.slots.append(slot)
        self.windows[number].append(session.window())
        self.courses[number].add(session.course)
        if outcome in PASSED:
            self.graduated[number].append((session.course, session.ends_on))

    def medical(self, first_start: D, course_start: D) -> D:
        """Cleared before the first course and the scenario's present, within a
        year of the course."""
        latest = min(first_start - dt.timedelta(days=14), MEDICAL_LATEST)
        earliest = course_start - dt.timedelta(days=364)
        cleared = latest - dt.timedelta(days=self.rng.randint(0, 60))
        return max(cleared, earliest) if earliest <= latest else latest


def _speaks(person: PersonPlan, course: CoursePlan) -> bool:
    return any(
        language == course.language
        and all(level >= int(need) for level, need in zip(levels, course.minimum, strict=True))
        for language, levels, _tested in person.languages
    )


def _first(cohort: list[Slot], outcome: str) -> Slot | None:
    return next((slot for slot in cohort if slot.outcome == outcome), None)


def plan_nominations(people: list[PersonPlan], seed: int = 2025) -> list[Slot]:
    """The nominations of the scenario, in the order they are made; none when
    fewer than ``NOMINEE_POOL`` Syrian unit personnel are planned."""
    unit_personnel = [p for p in people if p.nation == "SY" and p.category != "cadet"]
    if len(unit_personnel) < NOMINEE_POOL:
        return []
    return _Planner(unit_personnel[:NOMINEE_POOL], seed).plan()


Step = Callable[["TrainingBuilder", Nomination, Slot], Nomination]


def _withdraw(b: TrainingBuilder, n: Nomination, s: Slot) -> Nomination:
    reason = REASONS["withdraw_training" if n.status == N.IN_TRAINING else "withdraw"]
    return services.withdraw(n, actor=None, reason=reason)


def _reject(b: TrainingBuilder, n: Nomination, s: Slot) -> Nomination:
    reason = REASONS["reject_host" if n.status == N.ELIGIBLE else "reject_partner"]
    return services.reject(n, actor=None, reason=reason)


def _submit(b: TrainingBuilder, n: Nomination, s: Slot) -> Nomination:
    n = services.submit(n, actor=None)
    refused = s.outcome.startswith("ineligible") or s.outcome == "revised"
    if (n.status == N.INELIGIBLE) != refused:
        b.fail(s, n)
    return n


def _correct(b: TrainingBuilder, n: Nomination, s: Slot) -> Nomination:
    n.medical_cleared_on = s.later
    return services.save_nomination(n, actor=None)


def _place(b: TrainingBuilder, n: Nomination, s: Slot) -> Nomination:
    unit, post = s.post
    placed_on, using = s.later or NOW, s.outcome == "placed+"
    return services.place(
        n, actor=None, unit=b.orgs[unit], post=post, placed_on=placed_on, uses_training=using
    )


STEPS: dict[str, Step] = {
    "submit": _submit,
    # Submission screens at once; a nomination left "submitted" is one whose
    # screening has not run yet (as when it arrives from another instance).
    "submitted": lambda b, n, s: services._step(n, N.SUBMITTED, actor=None),
    "revise": lambda b, n, s: services.revise(n, actor=None),
    "correct": _correct,
    "vet": lambda b, n, s: services.vet(n, actor=None, reason=VETTED),
    "reject": _reject,
    "approve": lambda b, n, s: services.approve(n, actor=None),
    "waitlist": lambda b, n, s: services.waitlist(n, actor=None, reason=REASONS["waitlist"]),
    "cancel": lambda b, n, s: services.cancel(n, actor=None, reason=REASONS["cancel"]),
    "offer": lambda b, n, s: services.offer_seat(n, actor=None),
    "letter": lambda b, n, s: services.issue_letter(n, actor=None),
    "decline": lambda b, n, s: services.decline(n, actor=None, reason=REASONS["decline"]),
    "accept": lambda b, n, s: services.accept(n, actor=None),
    "enrol": lambda b, n, s: services.enrol(n, actor=None),
    "withdraw": _withdraw,
    "dismiss": lambda b, n, s: services.dismiss(n, actor=None, reason=REASONS["dismiss"]),
    "return": lambda b, n, s: services.return_home(n, actor=None),
    "place": _place,
}


class TrainingBuilder:
    """Creates what is missing of the catalogue and sessions, then, when none
    of them is stored yet, walks the nominations session by session."""

    def __init__(
        self,
        organisations: dict[str, Organisation],
        programmes: dict[str, Programme],
        people: list[PersonPlan],
        seed: int,
        created: dict[str, int],
        report: Callable[[str, int, int], None],
    ) -> None:
        self.orgs, self.programmes, self.people, self.seed = organisations, programmes, people, seed
        self.created, self.report = created, report
        self.courses: dict[str, Course] = {}
        self.sessions: dict[str, Session] = {}
        self.nominations: dict[tuple[str, str], Nomination] = {}
        self.persons: dict[str, Person] = {}
        for key in (*CREATED, *WALKED):
            created.setdefault(key, 0)

    def run(self) -> None:
        self.build_courses()
        self.build_sessions()
        self.build_nominations()

    def build_courses(self) -> None:
        codes = [row[0] for row in names.QUALIFICATIONS]
        found = {q.code: q for q in Qualification.objects.filter(code__in=codes)}
        for code, months, en, ar, tr in names.QUALIFICATIONS:
            if code not in found:
                months_valid = int(months) if months else None
                qualification = Qualification(
                    code=code, valid_for_months=months_valid, name_en=en, name_ar=ar, name_tr=tr
                )
                found[code] = save_qualification(qualification, actor=None)
                self.created["qualifications"] += 1
        stored = {(c.institution_id, c.code): c for c in Course.objects.filter(code__in=COURSES)}
        for done, plan in enumerate(COURSES.values(), start=1):
            institution = self.orgs[plan.institution]
            course = stored.get((institution.pk, plan.code))
            if course is None:
                course = services.save_course(self.new_course(plan, found), actor=None)
                self.created["courses"] += 1
            self.courses[plan.code] = course
            self.report("courses", done, len(COURSES))
        links = set(
            CoursePrerequisite.objects.filter(course__in=self.courses.values()).values_list(
                "course_id", "required_id"
            )
        )
        for code, required in names.PREREQUISITES:
            course, needed = self.courses[code], self.courses[required]
            if (course.pk, needed.pk) not in links:
                link = CoursePrerequisite(course=course, required=needed)
                services.save_course_prerequisite(link, actor=None)
                self.created["prerequisites"] += 1

    def new_course(self, plan: CoursePlan, qualifications: dict[str, Qualification]) -> Course:
        en, ar, tr = names.COURSE_NAMES[plan.code]
        interpreted = plan.language == "tr" and not plan.minimum and plan.area != "language"
        return Course(
            institution=self.orgs[plan.institution],
            code=plan.code,
            name_en=en,
            name_ar=ar,
            name_tr=tr,
            area=plan.area,
            level=plan.level,
            language=plan.language,
            min_language_profile=plan.minimum,
            language_preparation=self.courses.get(plan.preparation),
            duration_days=int(plan.days),
            min_rank=plan.min_rank,
            max_rank=plan.max_rank,
            qualification=qualifications.get(plan.qualification),
            ects_credits=Decimal(plan.ects) if plan.ects else None,
            framework_refs=plan.framework,
            pass_mark=Decimal(plan.pass_mark),
            description="Taught in Turkish with interpretation into Arabic." if interpreted else "",
        )

    def build_sessions(self) -> None:
        syria = self.orgs["SY-MOD"].nation
        stored = {
            (s.course_id, s.code): s
            for s in Session.objects.filter(course__in=self.courses.values())
        }
        quotas = set(
            SessionQuota.objects.filter(session__in=stored.values()).values_list(
                "session_id", "nation_id"
            )
        )
        for done, plan in enumerate(SESSIONS, start=1):
            course = COURSES[plan.course]
            session = stored.get((self.courses[plan.course].pk, plan.code))
            if session is None:
                session = services.save_session(
                    Session(
                        course=self.courses[plan.course],
                        programme=self.programmes[PROGRAMMES[course.institution[:2]]],
                        code=plan.code,
                        starts_on=plan.starts_on,
                        ends_on=plan.ends_on,
                        report_on=plan.report_on,
                        site=SITES.get(course.institution, "Ankara"),
                        capacity=plan.capacity,
                        status=plan.status,
                    ),
                    actor=None,
                )
                self.created["sessions"] += 1
            if plan.quota and (session.pk, syria.pk) not in quotas:
                quota = SessionQuota(session=session, nation=syria, seats=plan.quota)
                services.save_session_quota(quota, actor=None)
                self.created["quotas"] += 1
            self.sessions[plan.key] = session
            self.report("sessions", done, len(SESSIONS))

    def build_nominations(self) -> None:
        slots = plan_nominations(self.people, self.seed)
        numbers = {slot.person.service_number for slot in slots}
        syria = self.orgs["SY-MOD"].nation
        self.persons = {
            p.service_number: p
            for p in Person.objects.filter(nation=syria, service_number__in=numbers)
        }
        office = self.orgs[OFFICE]
        stored = Nomination.objects.filter(owner=office, person__in=self.persons.values())
        if not slots or stored.exists():
            self.report("nominations", len(slots), len(slots))
            return
        counted: dict[str, QuerySet[Any]] = {
            "nominations": Nomination.objects.all(),
            "assessments": Assessment.objects.all(),
            "grades": Grade.objects.all(),
            "attendance": Attendance.objects.all(),
            "incidents": Incident.objects.all(),
            "certificates": Nomination.objects.filter(certificate_code__isnull=False),
        }
        before = {kind: rows.count() for kind, rows in counted.items()}
        cohorts: dict[str, list[Slot]] = defaultdict(list)
        for slot in slots:
            cohorts[slot.session.key].append(slot)
        done = 0
        for plan in SESSIONS:
            cohort = cohorts.get(plan.key, [])
            if cohort:
                self.walk_session(plan, cohort)
                done += len(cohort)
                self.report("nominations", done, len(slots))
        for kind, rows in counted.items():
            self.created[kind] += rows.count() - before[kind]

    def nomination(self, slot: Slot) -> Nomination:
        """The slot's nomination, made now if it is not yet: a language
        preparation by saving its main nomination (the service chains it),
        then given its session."""
        if slot.key in self.nominations:
            return self.nominations[slot.key]
        if slot.main is not None:
            main = self.nomination(slot.main)
            prep = Nomination.objects.get(pk=main.preparation_id)
            prep.session = self.sessions[slot.session.key]
            made = services.save_nomination(prep, actor=None)
        else:
            number, expires = slot.passport
            made = services.save_nomination(
                Nomination(
                    owner=self.orgs[OFFICE],
                    person=self.persons[slot.person.service_number],
                    course=self.courses[slot.session.course],
                    session=self.sessions[slot.session.key],
                    priority=slot.priority,
                    medical_cleared_on=slot.medical,
                    passport_number=number,
                    passport_expires_on=expires,
                ),
                actor=None,
            )
        self.nominations[slot.key] = made
        return made

    def take(self, slot: Slot, steps: tuple[str, ...]) -> None:
        nomination = self.nominations[slot.key]
        for step in steps:
            nomination = STEPS[step](self, nomination, slot)

    def walk_session(self, plan: SessionPlan, cohort: list[Slot]) -> None:
        session = self.sessions[plan.key]
        for slot in cohort:
            self.nomination(slot)
        for slot in cohort:
            self.take(slot, BEFORE_START.get(slot.outcome, _ARRIVED))
        if plan.phase != "upcoming":
            services.start_session(session, actor=None)
            self.refresh(cohort)
            self.record_incidents(plan, cohort)
            for slot in cohort:
                self.take(slot, DURING.get(slot.outcome, ()))
        if plan.phase == "running":
            self.record_course_so_far(plan, session, cohort)
        if plan.phase == "completed":
            self.record_results(plan, session, cohort)
            services.complete_session(session, actor=None)
            self.refresh(cohort)
            for slot in cohort:
                self.take(slot, AFTER.get(slot.outcome, ()))
        for slot in cohort:
            self.check(slot)

    def refresh(self, cohort: list[Slot]) -> None:
        for slot in cohort:
            self.nominations[slot.key].refresh_from_db()

    def check(self, slot: Slot) -> None:
        nomination = self.nominations[slot.key]
        if nomination.status != final_status(slot.outcome):
            self.fail(slot, nomination)

    def fail(self, slot: Slot, nomination: Nomination) -> None:
        raise RuntimeError(
            f"The demo plan put {slot.person.service_number} in {slot.session.key} as "
            f"{slot.outcome}, but the nomination is {nomination.status}: "
            f"{[c for c in nomination.eligibility if not c['ok']]}"
        )

    def record_incidents(self, plan: SessionPlan, cohort: list[Slot]) -> None:
        for key, outcome, kind, severity, at, hours, description, action in INCIDENTS:
            trainee = _first(cohort, outcome)
            if key != plan.key or trainee is None:
                continue
            incident = Incident(
                nomination=self.nominations[trainee.key],
                kind=kind,
                severity=severity,
                occurred_at=dt.datetime(*at, tzinfo=dt.UTC),
                absence_hours=hours,
                description=description,
                action_taken=action,
            )
            services.save_incident(incident, actor=None)

    def trainees(self, cohort: list[Slot]) -> list[Nomination]:
        found = (self.nominations[s.key] for s in cohort)
        return [n for n in found if n.status == N.IN_TRAINING]

    def record_course_so_far(self, plan: SessionPlan, session: Session, cohort: list[Slot]) -> None:
        """A running course's mid-course test and its last week's attendance
        (an unauthorised absence shows as two days absent)."""
        rng = random.Random(f"{self.seed}-{plan.key}")
        held_on = min(plan.starts_on + dt.timedelta(days=14), NOW - dt.timedelta(days=1))
        test = Assessment(session=session, title="Mid-course test", weight=30, held_on=held_on)
        test = services.save_assessment(test, actor=None)
        absent = {
            self.nominations[absentee.key].pk
            for key, outcome, kind, *_ in INCIDENTS
            if key == plan.key
            and kind == "unauthorised_absence"
            and (absentee := _first(cohort, outcome)) is not None
        }
        days = [NOW - dt.timedelta(days=d) for d in range(2, 7)]
        for trainee in self.trainees(cohort):
            score = Decimal(rng.randint(100, 190)) / 2
            services.save_grade(Grade(nomination=trainee, assessment=test, score=score), actor=None)
            for day in days:
                if day < plan.starts_on:
                    continue
                status = rng.choices(("present", "late", "excused"), weights=(90, 7, 3))[0]
                if trainee.pk in absent and day in (D(2026, 10, 28), D(2026, 10, 29)):
                    status = "absent"
                attendance = Attendance(nomination=trainee, on=day, status=status)
                services.save_attendance(attendance, actor=None)

    def record_results(self, plan: SessionPlan, session: Session, cohort: list[Slot]) -> None:
        """The final assessments and every trainee's grades: graduates score
        above the pass mark, those planned to fail below it."""
        rng = random.Random(f"{self.seed}-{plan.key}")
        language = plan.course == "TUR-PREP"
        parts = (
            (("Reading and listening test", 50, 10), ("Speaking and writing test", 50, 3))
            if language
            else (("Written examination", 40, 10), ("Practical assessment", 60, 3))
        )
        assessments = [
            services.save_assessment(
                Assessment(
                    session=session,
                    title=title,
                    weight=weight,
                    held_on=plan.ends_on - dt.timedelta(days=before),
                ),
                actor=None,
            )
            for title, weight, before in parts
        ]
        mark = int(Decimal(COURSES[plan.course].pass_mark))
        outcomes = {self.nominations[s.key].pk: s.outcome for s in cohort}
        for trainee in self.trainees(cohort):
            passed = outcomes[trainee.pk] in PASSED
            low, high = (mark + 6, 98) if passed else (mark - 30, mark - 8)
            for assessment in assessments:
                score = Decimal(rng.randint(low * 2, high * 2)) / 2
                grade = Grade(nomination=trainee, assessment=assessment, score=score)
                services.save_grade(grade, actor=None)
