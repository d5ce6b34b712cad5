"""Why each nomination left without a seat got none."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.utils.translation import gettext as _

from tadrib.training.allocation.problem import (
    Assignment,
    Obstacle,
    ObstacleKind,
    Problem,
    Session,
    Unassigned,
    collector_paused,
)


class _Seats:
    """Seats given within one limit (a session, a quota, the open seats)."""

    __slots__ = ("lowest", "taken")

    def __init__(self) -> None:
        self.taken = 0
        self.lowest: int | None = None

    def add(self, weight: int) -> None:
        self.taken += 1
        self.lowest = weight if self.lowest is None else min(self.lowest, weight)


def explain(problem: Problem, assignments: Iterable[Assignment]) -> tuple[Unassigned, ...]:
    """Why each nomination without a seat in ``assignments`` has none: its
    person's seat through another nomination, or, for each of its sessions
    (highest weight first), the full session, the nation's quota or the open
    seats taken, with the lowest weight admitted within them. Sorted by id."""
    with collector_paused():
        return _explain(problem, assignments)


def _explain(problem: Problem, assignments: Iterable[Assignment]) -> tuple[Unassigned, ...]:
    nominations = {n.id: n for n in problem.nominations}
    seated: set[str] = set()
    seat_of: dict[str, Assignment] = {}  # person → seat
    by_session: dict[str, _Seats] = defaultdict(_Seats)
    by_group: dict[tuple[str, str], _Seats] = defaultdict(_Seats)
    for a in assignments:
        nomination = nominations[a.nomination]
        seated.add(a.nomination)
        seat_of[nomination.person] = a
        by_session[a.session].add(a.weight)
        by_group[a.session, problem.session(a.session).group(nomination.nation)].add(a.weight)

    limits: dict[tuple[str, str], tuple[ObstacleKind, int, int | None]] = {}

    def limit(session: Session, nation: str) -> tuple[ObstacleKind, int, int | None]:
        """The limit that kept ``nation`` out of ``session``: its kind, seats
        and lowest weight admitted (the same for every nominee of the nation)."""
        if nation in session.quotas:
            mine = by_group[session.id, nation]
            if mine.taken >= session.quotas[nation]:
                return ObstacleKind.QUOTA_EXHAUSTED, session.quotas[nation], mine.lowest
        elif session.quotas:
            shared, open_seats = by_group[session.id, ""], session.open_seats
            if shared.taken >= open_seats:
                return ObstacleKind.OPEN_SEATS_TAKEN, open_seats, shared.lowest
        given = by_session[session.id]
        if given.taken >= session.capacity:
            return ObstacleKind.SESSION_FULL, session.capacity, given.lowest
        return ObstacleKind.FREE_SEAT, 0, None

    rank = problem.session_rank
    templates = _templates()
    unassigned = []
    for nomination in problem.nominations_by_id:
        if nomination.id in seated:
            continue
        held = seat_of.get(nomination.person)
        if held is not None:
            obstacles: tuple[Obstacle, ...] = (
                Obstacle(
                    ObstacleKind.SEAT_ELSEWHERE,
                    held.session,
                    person=nomination.person,
                    nomination=held.nomination,
                ),
            )
        else:
            nation, found = nomination.nation, []
            for session, weight in sorted(
                nomination.choices, key=lambda c: (-c.weight, rank[c.session])
            ):
                key = (session, nation)
                if key not in limits:
                    limits[key] = limit(problem.session(session), nation)
                kind, seats, lowest = limits[key]
                found.append(Obstacle(kind, session, weight, seats, lowest, nation))
            obstacles = tuple(found)
        reason = " ".join(_describe(o, templates) for o in obstacles)
        unassigned.append(Unassigned(nomination.id, reason, obstacles))
    return tuple(unassigned)


def describe(obstacle: Obstacle) -> str:
    """One sentence, in the active language."""
    return _describe(obstacle, _templates())


def _describe(o: Obstacle, templates: dict[tuple[str, bool], str]) -> str:
    template = templates[o.kind, o.lowest_weight is not None]
    return template % {
        "session": o.session,
        "seats": o.seats,
        "lowest": o.lowest_weight,
        "weight": o.weight,
        "nation": o.nation,
        "person": o.person,
        "nomination": o.nomination,
    }


def _templates() -> dict[tuple[str, bool], str]:
    """The sentences of ``describe`` by (kind, whether a lowest weight is
    known), translated once per explanation rather than once per sentence."""
    K = ObstacleKind
    elsewhere = _("%(person)s received a seat in %(session)s through nomination %(nomination)s.")
    free = _("%(session)s still had a seat for %(nation)s (weight %(weight)s).")
    return {
        (K.SEAT_ELSEWHERE, False): elsewhere,
        (K.SEAT_ELSEWHERE, True): elsewhere,
        (K.FREE_SEAT, False): free,
        (K.FREE_SEAT, True): free,
        (K.SESSION_FULL, False): _("%(session)s has no seats."),
        (K.QUOTA_EXHAUSTED, False): _("%(session)s has no seats for %(nation)s (quota 0)."),
        (K.OPEN_SEATS_TAKEN, False): _("All seats of %(session)s are set aside for other nations."),
        (K.SESSION_FULL, True): _(
            "%(session)s was full (capacity %(seats)s); the lowest weight admitted was "
            "%(lowest)s, this choice weighed %(weight)s."
        ),
        (K.QUOTA_EXHAUSTED, True): _(
            "The quota of %(nation)s at %(session)s (%(seats)s) was taken; the lowest "
            "weight admitted within it was %(lowest)s, this choice weighed %(weight)s."
        ),
        (K.OPEN_SEATS_TAKEN, True): _(
            "The seats of %(session)s open to nations without a quota (%(seats)s) were "
            "taken; the lowest weight admitted to them was %(lowest)s, this choice "
            "weighed %(weight)s."
        ),
    }
