"""The allocation problem and its result, with their JSON forms."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy

MAX_CAPACITY = 1_000_000
MAX_WEIGHT = 1_000_000_000
# OR-Tools refuses costs with (max |cost| + 1) × (nodes + 1) above int64's
# maximum (checked through logarithms); keep a factor 2 of margin.
COST_LIMIT = 2**62
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
def collector_paused() -> Iterator[None]:
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
