"""Writes of seat allocation (docs/allocation.md): intakes, their
institutions and nominations' acceptable sessions; the problem of an intake
built from the database; a run started here and solved by the background task
(``tasks.run_allocation`` → ``execute_run``); and the confirmation of a run,
which offers every chosen seat through ``services.offer_seat`` in one
transaction, or none."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tadrib.core import access
from tadrib.core.choices import Action
from tadrib.core.services import delete_audited, refuse_illegal_transition, save_audited
from tadrib.training import allocation, services
from tadrib.training.choices import (
    AWAY,
    RUN_TRANSITIONS,
    RUN_UNDER_WAY,
    RUN_WITH_RESULT,
    SEAT_HOLDING,
    STAGE_PROGRESS,
    IntakeStatus,
    NominationStatus,
    RunStage,
    RunStatus,
)
from tadrib.training.models import (
    AllocationRun,
    Intake,
    IntakeInstitution,
    Nomination,
    NominationChoice,
    Session,
    SessionQuota,
)

if TYPE_CHECKING:
    from tadrib.accounts.models import User

logger = logging.getLogger(__name__)
N = NominationStatus

# Nominations an intake allocates: approved by the sending nation, or waiting.
ALLOCATABLE = (N.APPROVED, N.WAITLISTED)
# A nomination's acceptable sessions may change until it is offered a seat.
CHOICES_OPEN = frozenset(
    {N.DRAFT, N.INELIGIBLE, N.SUBMITTED, N.ELIGIBLE, N.VETTED, N.APPROVED, N.WAITLISTED}
)


# --- the records --------------------------------------------------------------


def save_intake(intake: Intake, *, actor: User | None) -> Intake:
    return save_audited(intake, actor=actor)


def delete_intake(intake: Intake, *, actor: User | None) -> None:
    """An intake with runs is kept (its runs are the record of what was offered)."""
    delete_audited(intake, actor=actor)


def save_intake_institution(link: IntakeInstitution, *, actor: User | None) -> IntakeInstitution:
    return save_audited(link, actor=actor)


def delete_intake_institution(link: IntakeInstitution, *, actor: User | None) -> None:
    delete_audited(link, actor=actor)


def _choices_open(nomination_id: int | None) -> None:
    status = Nomination.objects.filter(pk=nomination_id).values_list("status", flat=True).first()
    if status is not None and status not in CHOICES_OPEN:
        raise ValidationError(
            {
                "nomination": _(
                    "The acceptable sessions of a nomination that is “%(status)s” can no "
                    "longer change."
                )
                % {"status": NominationStatus(status).label}
            }
        )


def save_nomination_choice(choice: NominationChoice, *, actor: User | None) -> NominationChoice:
    _choices_open(choice.nomination_id)
    return save_audited(choice, actor=actor)


def delete_nomination_choice(choice: NominationChoice, *, actor: User | None) -> None:
    _choices_open(choice.nomination_id)
    delete_audited(choice, actor=actor)


# --- the problem of an intake -------------------------------------------------


@dataclass(frozen=True)
class BuiltProblem:
    """The solver's input (``allocation.parse_problem`` reads ``data``), its
    digest, and the nominations left out before solving, with the reason."""

    data: dict[str, Any]
    excluded: list[dict[str, Any]]
    digest: str

    @property
    def nomination_count(self) -> int:
        return len(self.data["nominations"])

    @property
    def session_count(self) -> int:
        return len(self.data["sessions"])


def canonical_digest(data: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON form (sorted keys, no spaces)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def intake_sessions(intake: Intake) -> models.QuerySet[Session]:
    """Sessions an intake allocates: at its institutions, starting within its
    window, not closed."""
    return Session.objects.filter(
        course__institution__in=intake.host_institutions.values("institution_id"),
        starts_on__gte=intake.starts_from,
        starts_on__lte=intake.starts_until,
    ).exclude(status__in=services.CLOSED)


def candidate_nominations(intake: Intake) -> models.QuerySet[Nomination]:
    """Approved or waiting nominations to a course with a session in the intake."""
    return Nomination.objects.filter(
        status__in=ALLOCATABLE, course_id__in=intake_sessions(intake).values("course_id")
    )


def build_problem(intake: Intake) -> BuiltProblem:
    """The intake's allocation problem as the database holds it now.

    A nomination accepts the session it names (weight = its priority) and the
    sessions of its ``choices`` (their weights; the larger counts if both name
    one); one that names no session and has no choices accepts every session
    of its course in the intake (weight = its priority). Only sessions of the
    intake count. A person already holding a seat in a session that starts
    within the window is left out, and so is a choice whose dates meet a
    course the person is away on.

    Seats are those ``services.seats_left`` would offer now: per session, the
    capacity less the seats held, and per nation with a quota, its quota less
    its seats held (never above the seats left); the solver keeps a nation
    with a quota within it and lets the others share the seats nobody set
    aside, as ``seats_left`` does."""
    sessions: dict[int, dict[str, Any]] = {
        s["pk"]: dict(s)
        for s in intake_sessions(intake).values(
            "pk", "course_id", "capacity", "starts_on", "ends_on"
        )
    }
    by_course: dict[int, list[int]] = defaultdict(list)
    for pk in sorted(sessions):
        by_course[sessions[pk]["course_id"]].append(pk)
    candidates = candidate_nominations(intake)
    rows = list(
        candidates.order_by("pk").values(
            "pk", "person_id", "person__nation__iso_code", "course_id", "session_id", "priority"
        )
    )
    listed: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for nomination_id, session_id, weight in NominationChoice.objects.filter(
        nomination__in=candidates
    ).values_list("nomination_id", "session_id", "weight"):
        listed[nomination_id].append((session_id, weight))
    persons = candidates.values("person_id")
    held_in_window = dict(
        Nomination.objects.filter(
            person_id__in=persons,
            status__in=sorted(SEAT_HOLDING),
            session__starts_on__gte=intake.starts_from,
            session__starts_on__lte=intake.starts_until,
        )
        .order_by("session__starts_on", "pk")
        .values_list("person_id", "session_id")
    )
    away: dict[int, list[tuple[Any, Any]]] = defaultdict(list)
    for person_id, starts_on, ends_on in Nomination.objects.filter(
        person_id__in=persons, status__in=sorted(AWAY), session__isnull=False
    ).values_list("person_id", "session__starts_on", "session__ends_on"):
        away[person_id].append((starts_on, ends_on))

    nominations: list[dict[str, Any]] = []
    excluded: list[dict[str, Any]] = []
    chosen_sessions: set[int] = set()
    for row in rows:
        acceptable: dict[int, int] = {}
        if row["session_id"] in sessions:
            acceptable[row["session_id"]] = row["priority"]
        for session_id, weight in listed.get(row["pk"], ()):
            if session_id in sessions and sessions[session_id]["course_id"] == row["course_id"]:
                acceptable[session_id] = max(acceptable.get(session_id, 0), weight)
        if row["session_id"] is None and row["pk"] not in listed:
            acceptable = dict.fromkeys(by_course.get(row["course_id"], ()), row["priority"])
        if not acceptable:
            continue  # none of its sessions is in this intake
        person_id = row["person_id"]
        if person_id in held_in_window:
            excluded.append(
                {
                    "nomination": str(row["pk"]),
                    "reason": "seat_held",
                    "session": str(held_in_window[person_id]),
                }
            )
            continue
        free = {
            session_id: weight
            for session_id, weight in acceptable.items()
            if not any(
                start <= sessions[session_id]["ends_on"]
                and end >= sessions[session_id]["starts_on"]
                for start, end in away.get(person_id, ())
            )
        }
        if not free:
            excluded.append({"nomination": str(row["pk"]), "reason": "away"})
            continue
        chosen_sessions.update(free)
        nominations.append(
            {
                "id": str(row["pk"]),
                "person": str(person_id),
                "nation": row["person__nation__iso_code"],
                "choices": [
                    {"session": str(session_id), "weight": free[session_id]}
                    for session_id in sorted(free)
                ],
            }
        )
    data = {"sessions": _session_entries(sessions, chosen_sessions), "nominations": nominations}
    return BuiltProblem(data=data, excluded=excluded, digest=canonical_digest(data))


def _session_entries(sessions: dict[int, dict[str, Any]], chosen: set[int]) -> list[dict[str, Any]]:
    """Seats left per session and per nation with a quota (as ``seats_left``)."""
    held: dict[int, dict[str, int]] = defaultdict(dict)
    for session_id, nation, count in (
        Nomination.objects.filter(session_id__in=sorted(chosen), status__in=sorted(SEAT_HOLDING))
        .values_list("session_id", "person__nation__iso_code")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        held[session_id][nation] = count
    quotas: dict[int, dict[str, int]] = defaultdict(dict)
    for session_id, nation, seats in SessionQuota.objects.filter(
        session_id__in=sorted(chosen)
    ).values_list("session_id", "nation__iso_code", "seats"):
        quotas[session_id][nation] = seats
    entries = []
    for session_id in sorted(chosen):
        taken = held.get(session_id, {})
        left = max(0, sessions[session_id]["capacity"] - sum(taken.values()))
        entries.append(
            {
                "id": str(session_id),
                "capacity": left,
                "quotas": {
                    nation: min(left, max(0, seats - taken.get(nation, 0)))
                    for nation, seats in sorted(quotas.get(session_id, {}).items())
                },
            }
        )
    return entries


# --- runs -----------------------------------------------------------------------


def _may_allocate(actor: User | None, intake: Intake) -> None:
    """Those who keep the intake (its office's managers and registrars) run
    and confirm its allocation."""
    if actor is not None and not access.can(actor, Action.CHANGE, intake):
        raise PermissionDenied(_("Only those who keep this intake run and confirm its allocation."))


def _transition(
    run: AllocationRun, target: str, *, actor: User | None, **changes: Any
) -> AllocationRun:
    """Move a run to ``target`` (checked against ``RUN_TRANSITIONS``) with
    ``changes``, under the row's lock, audited as ``allocationrun.<target>``."""
    with transaction.atomic():
        locked = AllocationRun.objects.select_for_update().get(pk=run.pk)
        refuse_illegal_transition(
            RunStatus,
            RUN_TRANSITIONS,
            locked.status,
            target,
            _("A run that is “%(current)s” cannot become “%(target)s”."),
        )
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.status = target
        save_audited(locked, actor=actor, action=f"allocationrun.{target}", authorised=True)
    return locked


# A run under way that has shown no progress for this long lost its worker
# (stopped, or never started): it is failed so that the intake can run again.
STALLED_AFTER = dt.timedelta(hours=1)


def _fail_stalled_runs(intake: Intake) -> None:
    stalled = intake.runs.filter(
        status__in=sorted(RUN_UNDER_WAY), updated_at__lt=timezone.now() - STALLED_AFTER
    )
    for run in stalled:
        _transition(
            run,
            RunStatus.FAILED,
            actor=None,
            error=_("No worker finished this run within an hour; run the allocation again."),
            finished_at=timezone.now(),
            stage=RunStage.FAILED,
            progress=STAGE_PROGRESS[RunStage.FAILED],
        )


def start_run(intake: Intake, *, actor: User | None, note: str = "") -> AllocationRun:
    """Start a run of ``intake``: build its problem now and queue the task
    that solves it (``tadrib worker``; at once under the immediate backend)."""
    return save_run(AllocationRun(intake=intake, note=note), actor=actor)


@transaction.atomic
def save_run(run: AllocationRun, *, actor: User | None) -> AllocationRun:
    """Start the new, unsaved ``run`` of ``run.intake`` (how the add page and
    the API create one). The task is queued in the same transaction (the
    database backend stores it there), so the run and its task are stored
    together or not at all."""
    if not run._state.adding:
        raise ValidationError(_("A run is never changed; start a new one."))
    intake = Intake.objects.select_for_update().filter(pk=run.intake_id).first()
    if intake is None:
        raise ValidationError({"intake": _("Choose the intake.")})
    if actor is not None and not access.can(actor, Action.CHANGE, intake):
        raise ValidationError({"intake": _("You may not make this change in this organisation.")})
    if intake.status != IntakeStatus.OPEN:
        raise ValidationError(
            {"intake": _("This intake is closed; open it to run the allocation.")}
        )
    _fail_stalled_runs(intake)
    if intake.runs.filter(status__in=sorted(RUN_UNDER_WAY)).exists():
        raise ValidationError(
            {"intake": _("A run of this intake is already under way; wait for it to finish.")}
        )
    built = build_problem(intake)
    run.intake = intake
    run.problem = built.data
    run.input_digest = built.digest
    run.excluded = built.excluded
    run.nomination_count = built.nomination_count
    run.previous = (
        intake.runs.filter(status__in=sorted(RUN_WITH_RESULT))
        .order_by("-created_at", "-pk")
        .first()
    )
    run.run_by = actor
    run.status, run.stage, run.progress = RunStatus.QUEUED, RunStage.QUEUED, 0
    save_audited(run, actor=actor, action="allocationrun.created")
    from tadrib.training.tasks import run_allocation

    run_allocation.enqueue(run.pk)
    run.refresh_from_db()  # the immediate backend has run it already
    return run


def _report(run: AllocationRun, stage: str) -> None:
    """Show the stage reached on the run's page (not audited: it is progress,
    not a change of the record)."""
    AllocationRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
        stage=stage, progress=STAGE_PROGRESS[stage], updated_at=timezone.now()
    )


def execute_run(run_id: int) -> None:
    """The background task's work: solve the stored problem, reporting each
    stage, then store the result in one step (done), or the error (failed).
    A later finished run supersedes the intake's earlier unconfirmed ones."""
    run = AllocationRun.objects.filter(pk=run_id).first()
    if run is None or run.status != RunStatus.QUEUED:
        return  # gone, or taken by another worker
    try:
        run = _transition(
            run,
            RunStatus.RUNNING,
            actor=None,
            started_at=timezone.now(),
            stage=RunStage.READING,
            progress=STAGE_PROGRESS[RunStage.READING],
        )
    except ValidationError:
        return  # taken by another worker meanwhile
    stages = iter((RunStage.BUILDING, RunStage.SOLVING, RunStage.EXPLAINING))

    def progress(_text: str) -> None:
        _report(run, next(stages, RunStage.EXPLAINING))

    try:
        problem = allocation.parse_problem(run.problem)
        result = allocation.solve(problem, progress=progress)
        _report(run, RunStage.STORING)
        with transaction.atomic():
            _transition(
                run,
                RunStatus.DONE,
                actor=None,
                result=result_json(result),
                objective=result.objective,
                assigned_count=len(result.assignments),
                finished_at=timezone.now(),
                stage=RunStage.STORED,
                progress=STAGE_PROGRESS[RunStage.STORED],
            )
            for earlier in run.intake.runs.filter(status=RunStatus.DONE).exclude(pk=run.pk):
                _transition(earlier, RunStatus.SUPERSEDED, actor=None)
    except Exception as error:
        logger.exception("Allocation run %s failed", run_id)
        if not AllocationRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).exists():
            return  # failed meanwhile as stalled: nothing to add
        _transition(
            run,
            RunStatus.FAILED,
            actor=None,
            error=str(error) or type(error).__name__,
            result=None,
            objective=None,
            assigned_count=None,
            finished_at=timezone.now(),
            stage=RunStage.FAILED,
            progress=STAGE_PROGRESS[RunStage.FAILED],
        )


def result_json(result: allocation.Result) -> dict[str, Any]:
    """``allocation.to_json`` with each seat's weight and, for each nomination
    without a seat, the obstacles its reason is made of (so that the page can
    say it in the reader's language, with the sessions' names)."""
    data = allocation.to_json(result)
    weights = {a.nomination: a.weight for a in result.assignments}
    for row in data["assignments"]:
        row["weight"] = weights[row["nomination"]]
    obstacles = {u.nomination: u.obstacles for u in result.unassigned}
    for row in data["unassigned"]:
        row["obstacles"] = [
            {
                "kind": str(o.kind),
                "session": o.session,
                "weight": o.weight,
                "seats": o.seats,
                "lowest_weight": o.lowest_weight,
                "nation": o.nation,
                "person": o.person,
                "nomination": o.nomination,
            }
            for o in obstacles[row["nomination"]]
        ]
    return data


INPUT_CHANGED = gettext_lazy(
    "The nominations or seats of this intake have changed since this run was computed; "
    "nothing was offered. Run the allocation again and confirm the new run."
)


@transaction.atomic
def confirm_run(run: AllocationRun, *, actor: User | None) -> AllocationRun:
    """Offer every seat of a finished run, in one transaction: the intake's
    sessions are locked, the problem is built again and must be exactly the
    one the run solved (else nothing is offered and the user is told to run
    again); each chosen nomination is then offered its session through
    ``services.offer_seat`` (the host's step, with its own checks). Any refusal
    rolls back every offer."""
    intake = Intake.objects.select_for_update().get(pk=run.intake_id)
    _may_allocate(actor, intake)
    locked = AllocationRun.objects.select_for_update().get(pk=run.pk)
    if locked.status != RunStatus.DONE:
        raise ValidationError(
            _("Only a run ready for review can be confirmed; this one is “%(status)s”.")
            % {"status": RunStatus(locked.status).label}
        )
    # Seats are counted under the same lock as offer_seat takes, so nobody
    # offers one of these sessions' seats between the check and the offers.
    list(
        intake_sessions(intake)
        .select_for_update(of=("self",))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if build_problem(intake).digest != locked.input_digest:
        raise ValidationError(str(INPUT_CHANGED))
    chosen = (locked.result or {}).get("assignments", [])
    nominations = Nomination.objects.in_bulk([int(a["nomination"]) for a in chosen])
    sessions = Session.objects.in_bulk([int(a["session"]) for a in chosen])
    reason = _("Seat allocated by run %(run)s of intake %(intake)s.") % {
        "run": locked.pk,
        "intake": intake.code,
    }
    for assignment in chosen:
        services.offer_seat(
            nominations[int(assignment["nomination"])],
            actor=actor,
            session=sessions[int(assignment["session"])],
            reason=reason,
        )
    return _transition(
        locked,
        RunStatus.CONFIRMED,
        actor=actor,
        confirmed_by=actor,
        confirmed_at=timezone.now(),
    )
