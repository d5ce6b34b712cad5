"""Optimal seat allocation: the problem, its JSON form, the min-cost-flow
solver and the explanation of every nomination left without a seat.

Database-free on purpose: ``tadrib allocate`` and the background task of an
intake run call the same functions. The intended use::

    problem = parse_problem(data)      # data: the JSON-shaped dict (also the stored input)
    result = solve(problem)            # optimal, deterministic
    to_json(result)                    # {"objective", "assignments", "unassigned"}

The model. A session has ``capacity`` seats and may set seats aside for
partner nations (``quotas``: nation → seats). As in ``services.seats_left``, a
nation with a quota at a session takes at most its quota there, and nations
without one share the seats no nation has set aside
(``capacity − Σ quotas``, never below 0); the session's capacity caps them all.
A nomination is one person's, of one nation, with one or more acceptable
sessions, each with a positive integer weight. A person takes at most one seat
per run, whatever the number of their nominations. Objective: the greatest
total weight of the seats given.

The network (min-cost flow, OR-Tools ``SimpleMinCostFlow``)::

    source ─1→ person ─1, cost −weight→ (session, nation with a quota) ─quota─┐
                    └──1, cost −weight→ (session, other nations) ─open seats──┴→ session ─capacity→ sink
    source ───────────── bypass, capacity = persons, cost 0 ──────────────────────────────────→ sink

The source supplies one unit per person and the sink absorbs them all; the
bypass lets any unit go unseated, so every instance is feasible and the
minimum cost is exactly minus the greatest total weight.

Determinism. Nodes and arcs are built in a canonical order (sessions,
nominations and their choices by id, digits compared as numbers; persons and
nations by plain text), so the solver sees the same network however the input
lists its entries, in any process (no set or hash order leaks in). On top
of that the costs carry a tie-break: an arc costs ``−(weight × K + bonus)``
where ``bonus`` (0 ≤ bonus < B) is larger for nominations earlier in id order,
and ``K = seats × (B − 1) + 1`` exceeds any total of bonuses a solution can
collect (it seats at most ``seats = min(persons, Σ capacities)``). The bonus
therefore only chooses among allocations of equal total weight, leaning
towards earlier nominations. The costs must stay within OR-Tools' range:
(largest cost + 1) × (nodes + 1) below 2^63 (it scales costs by the number of
nodes); ``_tie_break_levels`` picks the largest B that fits, coarsening the
bonus (B < nominations) for very large instances and dropping it (B = 1) if
need be. Weights are at most 10^9, so weight × (nodes + 1) always fits.
(With 100 as the largest weight, B stays at its full value beyond 300,000
nominations.) Ties that remain (equal weights within one nomination, equal
sums of bonuses) are settled by the arc order, the same on every run with the
same OR-Tools.

The interface:

- ``parse_problem(data) -> Problem``, raising ``ProblemError`` (its ``entry``,
  e.g. ``nominations[3] (id N7): choices[2]``, starts its message);
  ``problem_to_json(problem)`` gives the input form back.
- ``solve(problem, *, progress=None) -> Result``: ``objective``,
  ``assignments`` (``Assignment(nomination, session, weight)``) and
  ``unassigned`` (``Unassigned(nomination, reason, obstacles)``), both sorted
  by nomination id; ``progress(stage)`` hears each stage's translated name.
- ``to_json(result)``: the output of ``tadrib allocate``.
- ``explain(problem, assignments)``, ``describe(obstacle)``: the reasons of any
  set of assignments (a stored run, re-read in another language).
- ``greedy_first_come(problem)``, ``solve_milp(problem, *, time_limit, options)``:
  baselines for the tests and ``bench/allocation.py``.
"""

from __future__ import annotations

import gc
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_CAPACITY = 1_000_000
MAX_WEIGHT = 1_000_000_000
# OR-Tools refuses costs with (max |cost| + 1) × (nodes + 1) above int64's
# maximum (checked through logarithms); keep a factor 2 of margin.
_COST_LIMIT = 2**62
SOURCE, SINK = 0, 1


# The problem --------------------------------------------------------------------------


class Session(NamedTuple):
    id: str
    capacity: int
    quotas: dict[str, int]  # nation → seats set aside for it

    @property
    def open_seats(self) -> int:
        """Seats open to nations without a quota here."""
        return max(0, self.capacity - sum(self.quotas.values()))

    def group(self, nation: str) -> str:
        """The limit a nation's seats count against: its quota, or "" for the
        open seats."""
        return nation if nation in self.quotas else ""


class Choice(NamedTuple):
    session: str
    weight: int


class Nomination(NamedTuple):
    id: str
    person: str
    nation: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Problem:
    """Sessions and nominations in the order the input listed them (the
    first-come baseline reads that order; the solver does not). Build it with
    ``parse_problem``, which checks what the solver relies on."""

    sessions: tuple[Session, ...]
    nominations: tuple[Nomination, ...]

    def session(self, session_id: str) -> Session:
        return self._sessions_by_id[session_id]

    @cached_property
    def _sessions_by_id(self) -> dict[str, Session]:
        return {s.id: s for s in self.sessions}

    @cached_property
    def session_rank(self) -> dict[str, int]:
        """Each session's place in id order (the canonical order)."""
        ordered = sorted(self.sessions, key=lambda s: natural_key(s.id))
        return {s.id: rank for rank, s in enumerate(ordered)}

    @cached_property
    def nominations_by_id(self) -> tuple[Nomination, ...]:
        """The nominations in id order (the canonical order)."""
        return tuple(sorted(self.nominations, key=lambda n: natural_key(n.id)))

    @cached_property
    def nomination_rank(self) -> dict[str, int]:
        return {n.id: rank for rank, n in enumerate(self.nominations_by_id)}


class ProblemError(ValueError):
    """A malformed problem; the message starts with the offending entry,
    e.g. ``nominations[3] (id N7): choices[2]: unknown session S9``."""

    def __init__(self, entry: str, message: str) -> None:
        super().__init__(f"{entry}: {message}" if entry else message)
        self.entry = entry


# The result ---------------------------------------------------------------------------


class ObstacleKind(models.TextChoices):
    SEAT_ELSEWHERE = "seat_elsewhere", gettext_lazy("seat through another nomination")
    SESSION_FULL = "session_full", gettext_lazy("session full")
    QUOTA_EXHAUSTED = "quota_exhausted", gettext_lazy("nation's quota taken")
    OPEN_SEATS_TAKEN = "open_seats_taken", gettext_lazy("open seats taken")
    FREE_SEAT = "free_seat", gettext_lazy("a seat was free")  # never in an optimal result


class Obstacle(NamedTuple):
    """Why one choice of an unseated nomination was not given (or, for
    ``SEAT_ELSEWHERE``, why none was needed: ``person`` holds a seat in
    ``session`` through ``nomination``). ``seats`` is the capacity, the quota
    or the open seats concerned, ``lowest_weight`` the lowest weight admitted
    within them (None when there are none), ``weight`` this choice's."""

    kind: ObstacleKind
    session: str
    weight: int = 0
    seats: int = 0
    lowest_weight: int | None = None
    nation: str = ""
    person: str = ""
    nomination: str = ""


class Assignment(NamedTuple):
    nomination: str
    session: str
    weight: int


class Unassigned(NamedTuple):
    nomination: str
    reason: str  # the obstacles as sentences, in the language active when explained
    obstacles: tuple[Obstacle, ...]


@dataclass(frozen=True)
class Result:
    """Assignments and unassigned nominations, each sorted by nomination id."""

    objective: int
    assignments: tuple[Assignment, ...]
    unassigned: tuple[Unassigned, ...]


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort key comparing runs of digits as numbers ("N2" before "N10"); the
    text itself breaks ties ("N01" / "N1"), so the order is total."""
    parts = re.split(r"(\d+)", text)
    return (*(int(p) if i % 2 else p for i, p in enumerate(parts)), text)


def to_json(result: Result) -> dict[str, Any]:
    """The ``tadrib allocate`` output."""
    return {
        "objective": result.objective,
        "assignments": [
            {"nomination": a.nomination, "session": a.session} for a in result.assignments
        ],
        "unassigned": [{"nomination": u.nomination, "reason": u.reason} for u in result.unassigned],
    }


def problem_to_json(problem: Problem) -> dict[str, Any]:
    """The input form of ``problem`` (``parse_problem`` reads it back)."""
    return {
        "sessions": [
            {"id": s.id, "capacity": s.capacity, "quotas": dict(s.quotas)} for s in problem.sessions
        ],
        "nominations": [
            {
                "id": n.id,
                "person": n.person,
                "nation": n.nation,
                "choices": [{"session": c.session, "weight": c.weight} for c in n.choices],
            }
            for n in problem.nominations
        ],
    }


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector. Parsing and solving allocate
    millions of small acyclic objects (nothing here makes a cycle), and each
    collection of the oldest generation rescans the whole heap: at 100,000
    nominations that was half of the time."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# Parsing ------------------------------------------------------------------------------


class _Invalid(Exception):
    """A fault inside one entry; ``parse_problem`` adds where it is."""

    def __init__(self, message: str, choice: int | None = None) -> None:
        super().__init__(message)
        self.message, self.choice = message, choice


def _entry(kind: str, index: int, raw: object, choice: int | None = None) -> str:
    where = f"{kind}[{index}]"
    if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"]:
        where += f" (id {raw['id']})"
    return where if choice is None else f"{where}: choices[{choice}]"


def _text(entry: dict[str, Any], key: str, choice: int | None = None) -> str:
    value = entry.get(key)
    if isinstance(value, str) and value:
        return value
    if key not in entry:
        raise _Invalid(_("missing key %(key)s") % {"key": key}, choice)
    raise _Invalid(_("%(key)s must be a non-empty string") % {"key": key}, choice)


def _integer(
    entry: dict[str, Any], key: str, low: int, high: int, choice: int | None = None, label: str = ""
) -> int:
    """``entry[key]``, an integer (not a bool, not 2.0) within [low, high];
    ``label`` names it in messages (default: the key)."""
    if key not in entry:
        raise _Invalid(_("missing key %(key)s") % {"key": key}, choice)
    value, key = entry[key], label or key
    if not isinstance(value, int) or isinstance(value, bool):
        shown = (
            json.dumps(value)
            if isinstance(value, str | float | bool | None)
            else type(value).__name__
        )
        raise _Invalid(
            _("%(key)s must be an integer, not %(value)s") % {"key": key, "value": shown}, choice
        )
    if value < low:
        message = (
            _("%(key)s must not be negative, not %(value)s")
            if low == 0
            else _("%(key)s must be at least %(low)s, not %(value)s")
        )
        raise _Invalid(message % {"key": key, "low": low, "value": value}, choice)
    if value > high:
        raise _Invalid(
            _("%(key)s must be at most %(high)s, not %(value)s")
            % {"key": key, "high": high, "value": value},
            choice,
        )
    return value


def _list(data: dict[str, Any], key: str) -> list[Any]:
    if key not in data:
        raise ProblemError("", _("missing key %(key)s") % {"key": key})
    if not isinstance(data[key], list):
        raise ProblemError(key, _("must be a list"))
    return data[key]


def _parse_session(raw: object) -> Session:
    if not isinstance(raw, dict):
        raise _Invalid(_("must be an object"))
    session_id = _text(raw, "id")
    capacity = _integer(raw, "capacity", 0, MAX_CAPACITY)
    quotas = raw.get("quotas", {})
    if not isinstance(quotas, dict):
        raise _Invalid(_("quotas must be an object of nation: seats"))
    for nation in quotas:
        if not nation:
            raise _Invalid(_("a quota names no nation"))
        seats = _integer(quotas, nation, 0, MAX_CAPACITY, label=f"quotas.{nation}")
        if seats > capacity:
            raise _Invalid(
                _("the quota of %(nation)s (%(seats)s) is above the capacity (%(capacity)s)")
                % {"nation": nation, "seats": seats, "capacity": capacity}
            )
    return Session(session_id, capacity, dict(quotas))


def _parse_nomination(raw: object, sessions: dict[str, Session]) -> Nomination:
    if not isinstance(raw, dict):
        raise _Invalid(_("must be an object"))
    nomination_id = _text(raw, "id")
    person, nation = _text(raw, "person"), _text(raw, "nation")
    raw_choices = raw.get("choices")
    if not isinstance(raw_choices, list) or not raw_choices:
        if "choices" not in raw:
            raise _Invalid(_("missing key %(key)s") % {"key": "choices"})
        raise _Invalid(_("choices must be a non-empty list"))
    choices: list[Choice] = []
    chosen: set[str] = set()
    for c, choice in enumerate(raw_choices):
        if not isinstance(choice, dict):
            raise _Invalid(_("must be an object"), c)
        session = _text(choice, "session", c)
        if session not in sessions:
            raise _Invalid(_("unknown session %(session)s") % {"session": session}, c)
        if session in chosen:
            raise _Invalid(_("session %(session)s chosen twice") % {"session": session}, c)
        choices.append(Choice(session, _integer(choice, "weight", 1, MAX_WEIGHT, c)))
        chosen.add(session)
    return Nomination(nomination_id, person, nation, tuple(choices))


def parse_problem(data: object) -> Problem:
    """Validate the JSON-shaped ``data`` and build the problem; raise
    ``ProblemError`` naming the first offending entry. Unknown keys are ignored."""
    if not isinstance(data, dict):
        raise ProblemError("", _("the problem must be an object with sessions and nominations"))
    with _collector_paused():
        return _parse(data)


def _parse(data: dict[str, Any]) -> Problem:
    sessions: dict[str, Session] = {}
    index_of: dict[str, int] = {}
    for s, raw in enumerate(_list(data, "sessions")):
        try:
            session = _parse_session(raw)
            if session.id in sessions:
                raise _Invalid(
                    _("duplicate id, also sessions[%(index)s]") % {"index": index_of[session.id]}
                )
        except _Invalid as invalid:
            raise ProblemError(_entry("sessions", s, raw), invalid.message) from None
        sessions[session.id], index_of[session.id] = session, s
    nominations: list[Nomination] = []
    index_of = {}
    nation_of: dict[str, tuple[str, int]] = {}
    for n, raw in enumerate(_list(data, "nominations")):
        try:
            nomination = _parse_nomination(raw, sessions)
            if nomination.id in index_of:
                raise _Invalid(
                    _("duplicate id, also nominations[%(index)s]")
                    % {"index": index_of[nomination.id]}
                )
            nation, first = nation_of.setdefault(nomination.person, (nomination.nation, n))
            if nation != nomination.nation:
                raise _Invalid(
                    _("person %(person)s is of nation %(nation)s in nominations[%(index)s]")
                    % {"person": nomination.person, "nation": nation, "index": first}
                )
        except _Invalid as invalid:
            where = _entry("nominations", n, raw, invalid.choice)
            raise ProblemError(where, invalid.message) from None
        index_of[nomination.id] = n
        nominations.append(nomination)
    return Problem(tuple(sessions.values()), tuple(nominations))


# Solving ------------------------------------------------------------------------------


def _tie_break_levels(nominations: int, seats: int, max_weight: int, nodes: int) -> int:
    """The largest number of bonus levels B (1 ≤ B ≤ nominations) for which
    the largest cost, ``max_weight × K + B − 1`` with ``K = seats × (B − 1) + 1``,
    stays within OR-Tools' range for ``nodes`` nodes."""
    largest = _COST_LIMIT // (nodes + 1) - 1
    if max_weight > largest:
        raise ProblemError("", _("the weights are too large for a network of this size"))
    # max_weight × (seats × (B − 1) + 1) + (B − 1) ≤ largest
    room = (largest - max_weight) // (max_weight * seats + 1)
    return max(1, min(nominations, room + 1))


def solve(problem: Problem, *, progress: Callable[[str], None] | None = None) -> Result:
    """The optimal allocation, explained (see the module's docstring).
    ``progress`` is told the name of each stage as it starts."""
    with _collector_paused():
        return _solve(problem, progress or (lambda stage: None))


def _solve(problem: Problem, report: Callable[[str], None]) -> Result:
    import numpy as np
    from ortools.graph.python import min_cost_flow

    report(_("building the network"))
    rank = problem.session_rank
    sessions = sorted(problem.sessions, key=lambda s: rank[s.id])
    nominations = problem.nominations_by_id
    # Persons and nations never show in the result: any fixed order will do.
    persons = sorted({n.person for n in nominations})
    person_index = {p: i for i, p in enumerate(persons)}
    nations = {n.nation for n in nominations} | {q for s in sessions for q in s.quotas}
    nation_index = {n: i for i, n in enumerate(sorted(nations))}

    # Nodes: the source (0), the sink (1), the persons, then for each session
    # its own node, one per quota and one for the open seats.
    tails: list[int] = []
    heads: list[int] = []
    capacities: list[int] = []

    def arc(tail: int, head: int, capacity: int) -> None:
        tails.append(tail)
        heads.append(head)
        capacities.append(capacity)

    group_node = np.empty((len(sessions), max(1, len(nation_index))), dtype=np.int32)
    node = 2 + len(persons)
    for s, session in enumerate(sessions):
        session_node, open_node = node, node + 1
        arc(session_node, SINK, session.capacity)
        arc(open_node, session_node, session.open_seats)
        group_node[s, :] = open_node
        node += 2
        for nation in sorted(session.quotas):
            arc(node, session_node, session.quotas[nation])
            group_node[s, nation_index[nation]] = node
            node += 1
    for person in range(len(persons)):
        arc(SOURCE, 2 + person, 1)
    arc(SOURCE, SINK, len(persons))  # the bypass: anyone may stay unseated
    structural = len(tails)

    # The choice arcs, person → (session, nation), by nomination then session in id order.
    counts = [len(n.choices) for n in nominations]
    total = sum(counts)
    choice_session = np.fromiter(
        (rank[c.session] for n in nominations for c in n.choices), dtype=np.int64, count=total
    )
    weights = np.fromiter(
        (c.weight for n in nominations for c in n.choices), dtype=np.int64, count=total
    )
    choice_nomination = np.repeat(np.arange(len(nominations), dtype=np.int64), counts)
    order = np.lexsort((choice_session, choice_nomination))
    choice_session, weights = choice_session[order], weights[order]
    choice_nomination = choice_nomination[order]
    person_of = np.fromiter(
        (person_index[n.person] for n in nominations), dtype=np.int64, count=len(nominations)
    )
    nation_of = np.fromiter(
        (nation_index[n.nation] for n in nominations), dtype=np.int64, count=len(nominations)
    )

    seats = min(len(persons), sum(s.capacity for s in sessions))
    levels = _tie_break_levels(len(nominations), seats, int(weights.max(initial=1)), node)
    scale = seats * (levels - 1) + 1
    later = len(nominations) - 1 - choice_nomination
    bonus = (later * (levels - 1)) // max(1, len(nominations) - 1)

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([np.asarray(tails), 2 + person_of[choice_nomination]]).astype(np.int32),
        np.concatenate(
            [np.asarray(heads), group_node[choice_session, nation_of[choice_nomination]]]
        ).astype(np.int32),
        np.concatenate([np.asarray(capacities, dtype=np.int64), np.ones(total, dtype=np.int64)]),
        np.concatenate([np.zeros(structural, dtype=np.int64), -(weights * scale + bonus)]),
    )
    flow.set_node_supply(SOURCE, len(persons))
    flow.set_node_supply(SINK, -len(persons))
    report(_("solving"))
    status = flow.solve()
    if status != flow.OPTIMAL:  # cannot happen: the bypass makes every instance feasible
        raise RuntimeError(f"min-cost flow ended with status {status}")
    seated = np.flatnonzero(flow.flows(np.arange(structural, structural + total, dtype=np.int32)))
    report(_("explaining"))
    assignments = [
        Assignment(nominations[n].id, sessions[s].id, w)
        for n, s, w in zip(
            choice_nomination[seated].tolist(),
            choice_session[seated].tolist(),
            weights[seated].tolist(),
            strict=True,
        )
    ]
    result = _result(problem, assignments)
    if result.objective != -flow.optimal_cost() // scale:
        raise RuntimeError("the tie-break outweighed a weight")  # _tie_break_levels prevents it
    return result


def _result(problem: Problem, assignments: Iterable[Assignment]) -> Result:
    rank = problem.nomination_rank
    seated = sorted(assignments, key=lambda a: rank[a.nomination])
    return Result(
        objective=sum(a.weight for a in seated),
        assignments=tuple(seated),
        unassigned=explain(problem, seated),
    )


# Explaining ---------------------------------------------------------------------------


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
    with _collector_paused():
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


# Baselines (the benchmark and the tests) ----------------------------------------------


def greedy_first_come(problem: Problem) -> Result:
    """First come, first served: nominations in the order listed, each taking
    its highest-weight session with a seat left for its nation."""
    with _collector_paused():
        return _greedy_first_come(problem)


def _greedy_first_come(problem: Problem) -> Result:
    left = {s.id: s.capacity for s in problem.sessions}
    left_group = {(s.id, n): q for s in problem.sessions for n, q in s.quotas.items()}
    left_group |= {(s.id, ""): s.open_seats for s in problem.sessions}
    seated: set[str] = set()
    assignments = []
    for nomination in problem.nominations:
        if nomination.person in seated:
            continue
        for choice in sorted(nomination.choices, key=lambda c: -c.weight):
            group = (choice.session, problem.session(choice.session).group(nomination.nation))
            if left[choice.session] > 0 and left_group[group] > 0:
                left[choice.session] -= 1
                left_group[group] -= 1
                seated.add(nomination.person)
                assignments.append(Assignment(nomination.id, choice.session, choice.weight))
                break
    return _result(problem, assignments)


def solve_milp(
    problem: Problem, *, time_limit: float | None = None, options: dict[str, Any] | None = None
) -> Result | None:
    """The same problem as a 0-1 program solved by HiGHS (highspy, a
    development dependency), with HiGHS's ``options`` if given; None if
    ``time_limit`` (seconds) runs out first. For the tests and the benchmark:
    ``solve`` is the one to use."""
    with _collector_paused():
        return _solve_milp(problem, time_limit, options or {})


def _solve_milp(
    problem: Problem, time_limit: float | None, options: dict[str, Any]
) -> Result | None:
    import highspy
    import numpy as np

    sessions = {s.id: r for r, s in enumerate(problem.sessions)}
    persons: dict[str, int] = {}
    groups: dict[tuple[str, str], int] = {}
    row_upper = [s.capacity for s in problem.sessions]
    columns: list[tuple[Nomination, Choice]] = []
    index: list[int] = []
    for nomination in problem.nominations:
        if nomination.person not in persons:
            persons[nomination.person] = len(row_upper)
            row_upper.append(1)
        for choice in nomination.choices:
            session = problem.session(choice.session)
            nation = session.group(nomination.nation)
            if (choice.session, nation) not in groups:
                groups[choice.session, nation] = len(row_upper)
                row_upper.append(session.quotas[nation] if nation else session.open_seats)
            columns.append((nomination, choice))
            index += [
                sessions[choice.session],
                persons[nomination.person],
                groups[choice.session, nation],
            ]
    if not columns:
        return _result(problem, [])  # HiGHS reports an empty model rather than solving it
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(columns), len(row_upper)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = np.array([c.weight for _n, c in columns], dtype=np.float64)
    lp.col_lower_ = np.zeros(len(columns))
    lp.col_upper_ = np.ones(len(columns))
    lp.row_lower_ = np.zeros(len(row_upper))
    lp.row_upper_ = np.array(row_upper, dtype=np.float64)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.arange(0, 3 * len(columns) + 1, 3, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.ones(len(index))
    lp.integrality_ = [highspy.HighsVarType.kInteger] * len(columns)
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_abs_gap", 0.5)  # integer weights: a gap below 1 is optimal
    if time_limit is not None:
        highs.setOptionValue("time_limit", float(time_limit))
    for option, value in options.items():
        highs.setOptionValue(option, value)
    highs.passModel(lp)
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    values = highs.getSolution().col_value
    return _result(
        problem,
        (
            Assignment(n.id, c.session, c.weight)
            for (n, c), x in zip(columns, values, strict=True)
            if x > 0.5
        ),
    )
