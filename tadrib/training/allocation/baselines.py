"""Baselines for the tests and the benchmark: first come, first served, and
the same problem as a MILP (HiGHS)."""

from __future__ import annotations

from typing import Any

from tadrib.training.allocation.problem import (
    Assignment,
    Choice,
    Nomination,
    Problem,
    Result,
    collector_paused,
)
from tadrib.training.allocation.solver import result_of


def greedy_first_come(problem: Problem) -> Result:
    """First come, first served: nominations in the order listed, each taking
    its highest-weight session with a seat left for its nation."""
    with collector_paused():
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
    return result_of(problem, assignments)


def solve_milp(
    problem: Problem, *, time_limit: float | None = None, options: dict[str, Any] | None = None
) -> Result | None:
    """The same problem as a 0-1 program solved by HiGHS (highspy, a
    development dependency), with HiGHS's ``options`` if given; None if
    ``time_limit`` (seconds) runs out first. For the tests and the benchmark:
    ``solve`` is the one to use."""
    with collector_paused():
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
        return result_of(problem, [])  # HiGHS reports an empty model rather than solving it
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
    return result_of(
        problem,
        (
            Assignment(n.id, c.session, c.weight)
            for (n, c), x in zip(columns, values, strict=True)
            if x > 0.5
        ),
    )
