"""Reads of seat allocation: the scoped lists, and the review of a run (seats
per session, nation and priority band; who got no seat and why; what changed
since the previous run)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from tadrib.core.choices import Action
from tadrib.training import allocation
from tadrib.training.models import (
    AllocationRun,
    Intake,
    IntakeInstitution,
    Nomination,
    NominationChoice,
    Session,
)
from tadrib.training.selectors import nominations_for

# Priority bands of the review, on a nomination's highest weight (priorities
# run from 1 to 1000, 10 by default).
BANDS: tuple[tuple[int, int | None], ...] = ((1, 5), (6, 10), (11, 20), (21, None))
# Rows of each table shown on the run's page (the API gives them all).
PAGE_ROWS = 500


def intakes_for(user: Any, action: str = Action.VIEW) -> QuerySet[Intake]:
    return (
        Intake.objects.for_user(user, action)
        .select_related("owner")
        .annotate(institution_count=Count("host_institutions", distinct=True))
    )


def intake_institutions_for(user: Any, action: str = Action.VIEW) -> QuerySet[IntakeInstitution]:
    return IntakeInstitution.objects.for_user(user, action).select_related("intake", "institution")


def nomination_choices_for(user: Any, action: str = Action.VIEW) -> QuerySet[NominationChoice]:
    return NominationChoice.objects.for_user(user, action).select_related(
        "nomination__person", "nomination__course", "session__course"
    )


def allocation_runs_for(user: Any, action: str = Action.VIEW) -> QuerySet[AllocationRun]:
    """Runs without their (possibly large) input and result, which are read
    one run at a time."""
    return (
        AllocationRun.objects.for_user(user, action)
        .select_related("intake", "run_by", "confirmed_by")
        .defer("problem", "excluded", "result")
    )


def band_label(low: int, high: int | None) -> str:
    return f"{low}–{high}" if high is not None else f"{low}+"


def band_of(weight: int) -> int:
    for index, (low, high) in enumerate(BANDS):
        if weight >= low and (high is None or weight <= high):
            return index
    return 0


@dataclass
class RunDiff:
    """What changed since ``previous``: nominations newly given a seat, that
    lost theirs, or moved to another session (nomination id → session ids)."""

    previous: AllocationRun
    gained: dict[str, str] = field(default_factory=dict)
    lost: dict[str, str] = field(default_factory=dict)
    moved: dict[str, tuple[str, str]] = field(default_factory=dict)
    unchanged: int = 0


def run_diff(run: AllocationRun) -> RunDiff | None:
    """The difference to the run before it (None without one that has a result)."""
    previous = run.previous
    if previous is None or previous.result is None or run.result is None:
        return None
    before = {a["nomination"]: a["session"] for a in previous.result["assignments"]}
    after = {a["nomination"]: a["session"] for a in run.result["assignments"]}
    diff = RunDiff(previous=previous)
    for nomination, session in after.items():
        if nomination not in before:
            diff.gained[nomination] = session
        elif before[nomination] != session:
            diff.moved[nomination] = (before[nomination], session)
        else:
            diff.unchanged += 1
    diff.lost = {n: s for n, s in before.items() if n not in after}
    return diff


@dataclass
class Review:
    """A finished run as its page shows it."""

    per_session: list[dict[str, Any]]
    per_nation: list[dict[str, Any]]
    per_band: list[dict[str, Any]]
    assignments: list[dict[str, Any]]
    unassigned: list[dict[str, Any]]
    excluded: list[dict[str, Any]]
    diff: RunDiff | None
    diff_rows: list[dict[str, Any]]
    truncated: bool


def review(run: AllocationRun, user: Any) -> Review | None:
    """The review of ``run`` for ``user`` (None before it has a result).
    Nominees are named only where the user reads their nomination; sessions
    by course and code."""
    if run.result is None:
        return None
    result, problem = run.result, run.problem
    nominations = {n["id"]: n for n in problem.get("nominations", [])}
    diff = run_diff(run)
    shown = [a["nomination"] for a in result["assignments"][:PAGE_ROWS]]
    shown += [u["nomination"] for u in result["unassigned"][:PAGE_ROWS]]
    shown += [e["nomination"] for e in run.excluded[:PAGE_ROWS]]
    if diff is not None:
        shown += [*diff.gained, *diff.lost, *diff.moved][:PAGE_ROWS]
    names = _nominees(user, shown)
    session_ids = {s["id"] for s in problem.get("sessions", [])}
    session_ids |= {e["session"] for e in run.excluded if e.get("session")}
    if diff is not None:
        session_ids |= set(diff.lost.values()) | {s for pair in diff.moved.values() for s in pair}
    sessions = _sessions(session_ids)

    def session_label(session_id: str) -> str:
        found = sessions.get(session_id)
        return f"{found.course.code} {found.code}" if found is not None else f"#{session_id}"

    def nominee(nomination_id: str) -> dict[str, Any]:
        found = names.get(nomination_id)
        return {
            "id": nomination_id,
            "nomination": found,
            "nation": nominations.get(nomination_id, {}).get("nation", ""),
        }

    best = {n["id"]: max(c["weight"] for c in n["choices"]) for n in nominations.values()}
    given_by_session = Counter(a["session"] for a in result["assignments"])
    given_by_nation = Counter(nominations[a["nomination"]]["nation"] for a in result["assignments"])
    asked_by_nation = Counter(n["nation"] for n in nominations.values())
    given_by_band = Counter(band_of(best[a["nomination"]]) for a in result["assignments"])
    asked_by_band = Counter(band_of(weight) for weight in best.values())
    diff_rows: list[dict[str, Any]] = []
    if diff is not None:
        for nomination_id, session_id in list(diff.gained.items())[:PAGE_ROWS]:
            diff_rows.append(
                {
                    **nominee(nomination_id),
                    "change": _("newly given a seat"),
                    "before": "",
                    "after": session_label(session_id),
                }
            )
        for nomination_id, session_id in list(diff.lost.items())[:PAGE_ROWS]:
            diff_rows.append(
                {
                    **nominee(nomination_id),
                    "change": _("lost the seat"),
                    "before": session_label(session_id),
                    "after": "",
                }
            )
        for nomination_id, (old, new) in list(diff.moved.items())[:PAGE_ROWS]:
            diff_rows.append(
                {
                    **nominee(nomination_id),
                    "change": _("moved"),
                    "before": session_label(old),
                    "after": session_label(new),
                }
            )
    return Review(
        per_session=[
            {
                "id": s["id"],
                "label": session_label(s["id"]),
                "session": sessions.get(s["id"]),
                "seats": s["capacity"],
                "given": given_by_session.get(s["id"], 0),
            }
            for s in problem.get("sessions", [])
        ],
        per_nation=[
            {"nation": nation, "nominations": asked, "given": given_by_nation.get(nation, 0)}
            for nation, asked in sorted(asked_by_nation.items())
        ],
        per_band=[
            {
                "label": band_label(low, high),
                "nominations": asked_by_band.get(index, 0),
                "given": given_by_band.get(index, 0),
            }
            for index, (low, high) in enumerate(BANDS)
        ],
        assignments=[
            {
                **nominee(a["nomination"]),
                "session": session_label(a["session"]),
                "weight": a["weight"],
            }
            for a in result["assignments"][:PAGE_ROWS]
        ],
        unassigned=[
            {
                **nominee(u["nomination"]),
                "explanations": [explain(o, session_label, names) for o in u.get("obstacles", [])]
                or [u["reason"]],
            }
            for u in result["unassigned"][:PAGE_ROWS]
        ],
        excluded=[
            {**nominee(e["nomination"]), "reason": _excluded_reason(e, session_label)}
            for e in run.excluded[:PAGE_ROWS]
        ],
        diff=diff,
        diff_rows=diff_rows,
        truncated=max(len(result["assignments"]), len(result["unassigned"]), len(run.excluded))
        > PAGE_ROWS,
    )


def explain(obstacle: dict[str, Any], session_label: Any, names: dict[str, Nomination]) -> str:
    """One obstacle in the reader's language, naming sessions and people."""
    holder = names.get(obstacle.get("nomination") or "")
    return allocation.describe(
        allocation.Obstacle(
            kind=allocation.ObstacleKind(obstacle["kind"]),
            session=session_label(obstacle["session"]),
            weight=obstacle.get("weight", 0),
            seats=obstacle.get("seats", 0),
            lowest_weight=obstacle.get("lowest_weight"),
            nation=obstacle.get("nation", ""),
            person=holder.person.full_name_latin if holder is not None else _("This person"),
            nomination=f"#{obstacle.get('nomination', '')}",
        )
    )


def _excluded_reason(entry: dict[str, Any], session_label: Any) -> str:
    if entry["reason"] == "seat_held":
        return _("Already holds a seat in %(session)s, which starts within the window.") % {
            "session": session_label(entry["session"])
        }
    return _("Away on another course at the dates of every acceptable session.")


def _nominees(user: Any, ids: list[str]) -> dict[str, Nomination]:
    pks = {int(i) for i in ids}
    return {str(n.pk): n for n in nominations_for(user).filter(pk__in=pks)}


def _sessions(ids: set[str]) -> dict[str, Session]:
    found = Session.objects.filter(pk__in={int(i) for i in ids}).select_related("course")
    return {str(s.pk): s for s in found}
