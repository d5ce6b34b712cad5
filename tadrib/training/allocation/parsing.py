"""Reading a problem from its JSON form; a malformed one is a ProblemError
naming the entry."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

from tadrib.training.allocation.problem import (
    MAX_CAPACITY,
    MAX_WEIGHT,
    Choice,
    Nomination,
    Problem,
    ProblemError,
    Session,
    collector_paused,
)


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
    with collector_paused():
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
