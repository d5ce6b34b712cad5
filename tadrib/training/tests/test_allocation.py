"""The seat allocation solver and ``tadrib allocate``: optimal (against a MILP
and a brute force), feasible, deterministic, explained, and strict about its
input. No database: pytest-django refuses any query from these tests."""

from __future__ import annotations

import copy
import io
import json
import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tadrib.training import allocation
from tadrib.training.allocation import (
    ObstacleKind,
    Problem,
    ProblemError,
    Result,
    greedy_first_come,
    parse_problem,
    problem_to_json,
    solve,
    solve_milp,
    solver,
    to_json,
)

NATIONS = ("SY", "JO", "IQ")
PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# The issue's example, with a second nominee so that one goes without.
EXAMPLE = {
    "sessions": [{"id": "S1", "capacity": 20, "quotas": {"SY": 12}}],
    "nominations": [
        {"id": "N1", "person": "P1", "nation": "SY", "choices": [{"session": "S1", "weight": 10}]}
    ],
}


@st.composite
def problems(
    draw: Any, max_sessions: int = 6, max_nominations: int = 12, max_persons: int = 8
) -> dict[str, Any]:
    sessions = []
    for s in range(draw(st.integers(1, max_sessions))):
        capacity = draw(st.integers(0, 4))
        with_quota = draw(st.lists(st.sampled_from(NATIONS), unique=True, max_size=2))
        quotas = {nation: draw(st.integers(0, capacity)) for nation in with_quota}
        sessions.append({"id": f"S{s}", "capacity": capacity, "quotas": quotas})
    nation_of = [draw(st.sampled_from(NATIONS)) for _ in range(draw(st.integers(1, max_persons)))]
    nominations = []
    for n in range(draw(st.integers(0, max_nominations))):
        person = draw(st.integers(0, len(nation_of) - 1))
        chosen = draw(
            st.lists(
                st.integers(0, len(sessions) - 1),
                min_size=1,
                max_size=min(3, len(sessions)),
                unique=True,
            )
        )
        nominations.append(
            {
                "id": f"N{n}",
                "person": f"P{person}",
                "nation": nation_of[person],
                # Few distinct weights: many ties, so determinism is tested.
                "choices": [
                    {"session": f"S{s}", "weight": draw(st.integers(1, 5))} for s in chosen
                ],
            }
        )
    return {"sessions": sessions, "nominations": nominations}


def violations(problem: Problem, result: Result) -> list[str]:
    """Every broken rule of a result: capacity, quota, open seats, one seat per
    person, seats only in chosen sessions, every nomination accounted for once."""
    nominations = {n.id: n for n in problem.nominations}
    found = []
    per_session: Counter[str] = Counter()
    per_group: Counter[tuple[str, str]] = Counter()
    per_person: Counter[str] = Counter()
    for a in result.assignments:
        nomination = nominations[a.nomination]
        weights = {c.session: c.weight for c in nomination.choices}
        if weights.get(a.session) != a.weight:
            found.append(f"{a.nomination}: {a.session} is not one of its choices")
        session = problem.session(a.session)
        per_session[a.session] += 1
        per_group[a.session, session.group(nomination.nation)] += 1
        per_person[nomination.person] += 1
    for session in problem.sessions:
        if per_session[session.id] > session.capacity:
            found.append(f"{session.id}: over capacity")
        for nation, seats in session.quotas.items():
            if per_group[session.id, nation] > seats:
                found.append(f"{session.id}: over the quota of {nation}")
        if per_group[session.id, ""] > session.open_seats:
            found.append(f"{session.id}: over its open seats")
    found += [f"{person}: {k} seats" for person, k in per_person.items() if k > 1]
    listed = [a.nomination for a in result.assignments] + [u.nomination for u in result.unassigned]
    if sorted(listed) != sorted(nominations):
        found.append("nominations missing or listed twice")
    if result.objective != sum(a.weight for a in result.assignments):
        found.append("objective is not the total weight")
    return found


def brute_force(problem: Problem) -> int:
    """The greatest total weight, by trying every seat for every nomination."""
    nominations = problem.nominations
    best = 0

    def place(i: int, total: int, persons: set[str], taken: Counter[Any]) -> None:
        nonlocal best
        if i == len(nominations):
            best = max(best, total)
            return
        place(i + 1, total, persons, taken)
        nomination = nominations[i]
        if nomination.person in persons:
            return
        for choice in nomination.choices:
            session = problem.session(choice.session)
            group = session.group(nomination.nation)
            limit = session.quotas[group] if group else session.open_seats
            if taken[session.id] < session.capacity and taken[session.id, group] < limit:
                taken[session.id] += 1
                taken[session.id, group] += 1
                place(i + 1, total + choice.weight, persons | {nomination.person}, taken)
                taken[session.id] -= 1
                taken[session.id, group] -= 1

    place(0, 0, set(), Counter())
    return best


def shuffled(data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The same problem listed in another order (sessions, nominations,
    choices, quotas)."""
    data = copy.deepcopy(data)
    rng.shuffle(data["sessions"])
    rng.shuffle(data["nominations"])
    for session in data["sessions"]:
        quotas = list(session["quotas"].items())
        rng.shuffle(quotas)
        session["quotas"] = dict(quotas)
    for nomination in data["nominations"]:
        rng.shuffle(nomination["choices"])
    return data


# Optimal and feasible ---------------------------------------------------------------


@PROPERTY
@given(problems())
def test_it_is_feasible_and_as_good_as_the_milp(data: dict[str, Any]) -> None:
    problem = parse_problem(data)
    result = solve(problem)
    assert violations(problem, result) == []
    milp = solve_milp(problem)
    assert milp is not None
    assert violations(problem, milp) == []
    assert result.objective == milp.objective
    greedy = greedy_first_come(problem)
    assert violations(problem, greedy) == []
    assert greedy.objective <= result.objective
    # Optimal: nobody without a seat could have had a free one.
    for unassigned in result.unassigned:
        assert unassigned.reason
        assert all(o.kind != ObstacleKind.FREE_SEAT for o in unassigned.obstacles)


@settings(max_examples=100, deadline=None)
@given(problems(max_sessions=4, max_nominations=7, max_persons=6))
def test_it_finds_the_brute_force_optimum(data: dict[str, Any]) -> None:
    problem = parse_problem(data)
    assert solve(problem).objective == brute_force(problem)


def test_it_seats_a_late_heavy_nominee_before_an_early_light_one() -> None:
    problem = parse_problem(
        {
            "sessions": [{"id": "S1", "capacity": 1}, {"id": "S2", "capacity": 1}],
            "nominations": [
                {"id": "N1", "person": "P1", "nation": "SY", "choices": [{"session": "S1", "weight": 1}, {"session": "S2", "weight": 1}]},
                {"id": "N2", "person": "P2", "nation": "SY", "choices": [{"session": "S1", "weight": 9}]},
                {"id": "N3", "person": "P3", "nation": "SY", "choices": [{"session": "S2", "weight": 9}]},
            ],
        }
    )  # fmt: skip
    assert greedy_first_come(problem).objective == 10  # N1 takes S1 first
    assert solve(problem).objective == 18
    assert to_json(solve(problem))["assignments"] == [
        {"nomination": "N2", "session": "S1"},
        {"nomination": "N3", "session": "S2"},
    ]


def test_it_keeps_seats_set_aside_for_a_nation_from_others() -> None:
    data = {
        "sessions": [{"id": "S1", "capacity": 3, "quotas": {"SY": 2}}],
        "nominations": [
            {"id": f"N{i}", "person": f"P{i}", "nation": "JO", "choices": [{"session": "S1", "weight": 5}]}
            for i in range(1, 4)
        ],
    }  # fmt: skip
    result = solve(parse_problem(data))
    assert [a.nomination for a in result.assignments] == ["N1"]


# Deterministic ----------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(problems(), st.randoms(use_true_random=False))
def test_it_gives_the_same_result_however_the_input_is_ordered(
    data: dict[str, Any], rng: random.Random
) -> None:
    assert to_json(solve(parse_problem(shuffled(data, rng)))) == to_json(solve(parse_problem(data)))


def test_it_breaks_ties_towards_earlier_nomination_ids() -> None:
    data = {
        "sessions": [{"id": "S1", "capacity": 1}],
        "nominations": [
            {"id": f"N{i}", "person": f"P{i}", "nation": "SY", "choices": [{"session": "S1", "weight": 4}]}
            for i in (10, 2, 33)
        ],
    }  # fmt: skip
    result = solve(parse_problem(data))
    assert [a.nomination for a in result.assignments] == ["N2"]  # 2 < 10 < 33: digits as numbers
    assert [u.nomination for u in result.unassigned] == ["N10", "N33"]


def test_the_same_file_gives_the_same_result_in_processes_with_other_hash_seeds(
    tmp_path: Path,
) -> None:
    rng = random.Random(7)
    data = {
        "sessions": [
            {"id": f"S{s}", "capacity": rng.randint(2, 6), "quotas": {"SY": rng.randint(0, 2)}}
            for s in range(30)
        ],
        "nominations": [
            {
                "id": f"N{n}",
                "person": f"P{n // 2}",
                "nation": ("SY", "JO")[n // 2 % 2],
                "choices": [
                    {"session": f"S{s}", "weight": rng.randint(1, 3)}
                    for s in rng.sample(range(30), 4)
                ],
            }
            for n in range(300)
        ],
    }
    problem_file = tmp_path / "problem.json"
    problem_file.write_text(json.dumps(data))
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"result-{seed}.json"
        run = subprocess.run(
            [sys.executable, "-m", "tadrib.cli", "allocate", "--problem", str(problem_file), "--out", str(out)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        outputs.append(out.read_text())
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0]) == to_json(solve(parse_problem(data)))


def test_the_tie_break_never_leaves_the_cost_range_of_or_tools() -> None:
    levels = solver._tie_break_levels
    assert levels(nominations=300_000, seats=200_000, max_weight=100, nodes=250_000) == 300_000
    for weight in (10_000, 10**6, allocation.MAX_WEIGHT):
        b = levels(nominations=300_000, seats=200_000, max_weight=weight, nodes=250_000)
        assert 1 <= b < 300_000  # coarser, or none at all, for large weights
        scale = 200_000 * (b - 1) + 1
        assert (weight * scale + b - 1 + 1) * (250_000 + 1) <= solver.COST_LIMIT


# Explained --------------------------------------------------------------------------


def _nominee(n: int, nation: str, *choices: tuple[str, int], person: str = "") -> dict[str, Any]:
    return {
        "id": f"N{n}",
        "person": person or f"P{n}",
        "nation": nation,
        "choices": [{"session": s, "weight": w} for s, w in choices],
    }


def _reasons(sessions: list[dict[str, Any]], *nominations: dict[str, Any]) -> dict[str, str]:
    result = solve(parse_problem({"sessions": sessions, "nominations": list(nominations)}))
    return {u.nomination: u.reason for u in result.unassigned}


def test_it_explains_a_full_session_with_the_lowest_weight_admitted() -> None:
    reasons = _reasons(
        [{"id": "S1", "capacity": 2}],
        _nominee(1, "SY", ("S1", 5)),
        _nominee(2, "JO", ("S1", 3)),
        _nominee(3, "SY", ("S1", 1)),
    )
    assert reasons == {
        "N3": "S1 was full (capacity 2); the lowest weight admitted was 3, this choice weighed 1."
    }


def test_it_explains_an_exhausted_quota_with_the_lowest_weight_admitted_within_it() -> None:
    reasons = _reasons(
        [{"id": "S1", "capacity": 10, "quotas": {"SY": 2}}],
        _nominee(1, "SY", ("S1", 5)),
        _nominee(2, "SY", ("S1", 4)),
        _nominee(3, "SY", ("S1", 2)),
        _nominee(4, "JO", ("S1", 1)),
    )
    assert reasons == {
        "N3": "The quota of SY at S1 (2) was taken; the lowest weight admitted within it was 4, "
        "this choice weighed 2."
    }


def test_it_explains_open_seats_taken_while_a_quota_stays_free() -> None:
    reasons = _reasons(
        [{"id": "S1", "capacity": 3, "quotas": {"SY": 2}}],
        _nominee(1, "JO", ("S1", 4)),
        _nominee(2, "IQ", ("S1", 6)),
    )
    assert reasons == {
        "N1": "The seats of S1 open to nations without a quota (1) were taken; the lowest "
        "weight admitted to them was 6, this choice weighed 4."
    }


def test_it_explains_every_session_of_a_nomination_highest_weight_first() -> None:
    reasons = _reasons(
        [{"id": "S1", "capacity": 0}, {"id": "S2", "capacity": 1, "quotas": {"SY": 0}}],
        _nominee(1, "SY", ("S1", 2), ("S2", 7)),
    )
    assert reasons == {"N1": "S2 has no seats for SY (quota 0). S1 has no seats."}


def test_it_explains_a_seat_given_through_another_nomination_of_the_person() -> None:
    result = solve(
        parse_problem(
            {
                "sessions": [{"id": "S1", "capacity": 1}, {"id": "S2", "capacity": 1}],
                "nominations": [
                    _nominee(1, "SY", ("S1", 5), person="P1"),
                    _nominee(2, "SY", ("S2", 3), person="P1"),
                ],
            }
        )
    )
    (unassigned,) = result.unassigned
    assert unassigned.nomination == "N2"
    assert unassigned.reason == "P1 received a seat in S1 through nomination N1."
    assert unassigned.obstacles[0].kind == ObstacleKind.SEAT_ELSEWHERE


# Strict about its input -------------------------------------------------------------


def _base() -> dict[str, Any]:
    return {
        "sessions": [
            {"id": "S1", "capacity": 20, "quotas": {"SY": 12}},
            {"id": "S2", "capacity": 5},
        ],
        "nominations": [
            _nominee(1, "SY", ("S1", 10)),
            _nominee(2, "JO", ("S1", 3), ("S2", 4)),
        ],
    }


def _set(path: str, value: Any) -> Any:
    """A change to the base problem: set (or, with ``...``, delete) the entry at
    a dotted path such as ``nominations.1.choices.0.weight``."""

    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        key: Any = int(last) if isinstance(target, list) else last
        if value is ...:
            del target[key]
        else:
            target[key] = value

    return change


MALFORMED = [
    ("unknown session", _set("nominations.1.choices.1.session", "S9"),
     "nominations[1] (id N2): choices[1]: unknown session S9"),
    ("negative capacity", _set("sessions.1.capacity", -1),
     "sessions[1] (id S2): capacity must not be negative, not -1"),
    ("quota above capacity", _set("sessions.0.quotas.SY", 21),
     "sessions[0] (id S1): the quota of SY (21) is above the capacity (20)"),
    ("negative quota", _set("sessions.0.quotas.SY", -2),
     "sessions[0] (id S1): quotas.SY must not be negative, not -2"),
    ("non-integer quota", _set("sessions.0.quotas.SY", 1.5),
     "sessions[0] (id S1): quotas.SY must be an integer, not 1.5"),
    ("duplicate session id", _set("sessions.1.id", "S1"),
     "sessions[1] (id S1): duplicate id, also sessions[0]"),
    ("duplicate nomination id", _set("nominations.1.id", "N1"),
     "nominations[1] (id N1): duplicate id, also nominations[0]"),
    ("non-integer weight", _set("nominations.1.choices.0.weight", 2.5),
     "nominations[1] (id N2): choices[0]: weight must be an integer, not 2.5"),
    ("integral float weight", _set("nominations.1.choices.0.weight", 3.0),
     "nominations[1] (id N2): choices[0]: weight must be an integer, not 3.0"),
    ("string weight", _set("nominations.1.choices.0.weight", "3"),
     'nominations[1] (id N2): choices[0]: weight must be an integer, not "3"'),
    ("bool weight", _set("nominations.1.choices.0.weight", True),
     "nominations[1] (id N2): choices[0]: weight must be an integer, not true"),
    ("zero weight", _set("nominations.1.choices.0.weight", 0),
     "nominations[1] (id N2): choices[0]: weight must be at least 1, not 0"),
    ("negative weight", _set("nominations.0.choices.0.weight", -3),
     "nominations[0] (id N1): choices[0]: weight must be at least 1, not -3"),
    ("huge weight", _set("nominations.0.choices.0.weight", 10**10),
     "nominations[0] (id N1): choices[0]: weight must be at most 1000000000, not 10000000000"),
    ("bool capacity", _set("sessions.0.capacity", False),
     "sessions[0] (id S1): capacity must be an integer, not false"),
    ("session chosen twice", _set("nominations.1.choices.1.session", "S1"),
     "nominations[1] (id N2): choices[1]: session S1 chosen twice"),
    ("person of two nations", _set("nominations.1.person", "P1"),
     "nominations[1] (id N2): person P1 is of nation SY in nominations[0]"),
    ("missing capacity", _set("sessions.1.capacity", ...),
     "sessions[1] (id S2): missing key capacity"),
    ("missing session id", _set("sessions.1.id", ...), "sessions[1]: missing key id"),
    ("missing person", _set("nominations.0.person", ...),
     "nominations[0] (id N1): missing key person"),
    ("missing nation", _set("nominations.0.nation", ...),
     "nominations[0] (id N1): missing key nation"),
    ("missing choices", _set("nominations.0.choices", ...),
     "nominations[0] (id N1): missing key choices"),
    ("no choices", _set("nominations.0.choices", []),
     "nominations[0] (id N1): choices must be a non-empty list"),
    ("missing weight", _set("nominations.1.choices.1.weight", ...),
     "nominations[1] (id N2): choices[1]: missing key weight"),
    ("missing choice session", _set("nominations.1.choices.0.session", ...),
     "nominations[1] (id N2): choices[0]: missing key session"),
    ("numeric nomination id", _set("nominations.1.id", 2), "nominations[1]: id must be a non-empty string"),
    ("empty person", _set("nominations.1.person", ""),
     "nominations[1] (id N2): person must be a non-empty string"),
    ("choice not an object", _set("nominations.1.choices.0", "S1"),
     "nominations[1] (id N2): choices[0]: must be an object"),
    ("nomination not an object", _set("nominations.1", ["N2"]), "nominations[1]: must be an object"),
    ("quotas not an object", _set("sessions.0.quotas", [12]),
     "sessions[0] (id S1): quotas must be an object of nation: seats"),
    ("sessions not a list", _set("sessions", {"S1": 20}), "sessions: must be a list"),
    ("missing nominations", _set("nominations", ...), "missing key nominations"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "change", "message"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_it_refuses_a_malformed_problem_naming_the_entry(
    case: str, change: Any, message: str
) -> None:
    data = _base()
    parse_problem(data)  # the base problem is valid
    change(data)
    with pytest.raises(ProblemError) as refused:
        parse_problem(data)
    assert str(refused.value) == message


def test_it_refuses_a_problem_that_is_not_an_object() -> None:
    with pytest.raises(ProblemError, match="must be an object with sessions and nominations"):
        parse_problem([EXAMPLE])


def test_the_problem_reads_back_from_its_json_form() -> None:
    problem = parse_problem(_base())
    assert parse_problem(problem_to_json(problem)) == problem


# tadrib allocate --------------------------------------------------------------------


def _allocate(tmp_path: Path, data: Any, **options: Any) -> tuple[Path, str]:
    problem = tmp_path / "problem.json"
    problem.write_text(data if isinstance(data, str) else json.dumps(data))
    out = tmp_path / "result.json"
    stdout = io.StringIO()
    call_command("allocate", problem=str(problem), out=str(out), stdout=stdout, **options)
    return out, stdout.getvalue()


def test_the_command_writes_the_issue_s_shape(tmp_path: Path) -> None:
    data = copy.deepcopy(EXAMPLE)
    data["sessions"].append({"id": "S2", "capacity": 0})
    data["nominations"].append(_nominee(2, "JO", ("S2", 4)))
    out, summary = _allocate(tmp_path, data)
    assert json.loads(out.read_text()) == {
        "objective": 10,
        "assignments": [{"nomination": "N1", "session": "S1"}],
        "unassigned": [{"nomination": "N2", "reason": "S2 has no seats."}],
    }
    assert summary.startswith("objective 10, 1 assigned, 1 unassigned, ")


def test_the_command_reports_progress_when_asked(tmp_path: Path) -> None:
    stderr = io.StringIO()
    _allocate(tmp_path, EXAMPLE, verbosity=2, stderr=stderr)
    assert "solving" in stderr.getvalue()
    assert "writing" in stderr.getvalue()


@pytest.mark.parametrize(
    ("case", "change", "message"), MALFORMED[:12], ids=[m[0] for m in MALFORMED[:12]]
)
def test_the_command_refuses_a_malformed_problem_and_writes_nothing(
    tmp_path: Path, case: str, change: Any, message: str
) -> None:
    data = _base()
    change(data)
    with pytest.raises(CommandError, match="Malformed problem") as refused:
        _allocate(tmp_path, data)
    assert message in str(refused.value)
    assert list(tmp_path.iterdir()) == [tmp_path / "problem.json"]


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "is not valid JSON"), ("\udcff", "is not valid JSON"), (None, "Cannot read")],
)
def test_the_command_refuses_an_unreadable_file_and_writes_nothing(
    tmp_path: Path, content: str | None, message: str
) -> None:
    problem, out = tmp_path / "problem.json", tmp_path / "result.json"
    if content is not None:
        problem.write_bytes(content.encode("utf-8", "surrogateescape"))
    with pytest.raises(CommandError, match=message):
        call_command("allocate", problem=str(problem), out=str(out))
    assert not out.exists()


def test_the_command_exits_non_zero_naming_the_entry(tmp_path: Path) -> None:
    data = _base()
    _set("sessions.1.capacity", -1)(data)
    problem, out = tmp_path / "problem.json", tmp_path / "result.json"
    problem.write_text(json.dumps(data))
    run = subprocess.run(
        [sys.executable, "-m", "tadrib.cli", "allocate", "--problem", str(problem), "--out", str(out)],
        capture_output=True,
        text=True,
        # No database at all: a server that does not exist.
        env={**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"},
    )  # fmt: skip
    assert run.returncode != 0
    assert "sessions[1] (id S2): capacity must not be negative" in run.stderr
    assert not out.exists()
