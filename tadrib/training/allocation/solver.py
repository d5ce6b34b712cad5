"""The min-cost-flow solver (OR-Tools) with its deterministic tie-break
(see the package's docstring)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _

from tadrib.training.allocation.explain import explain
from tadrib.training.allocation.problem import (
    COST_LIMIT,
    SINK,
    SOURCE,
    Assignment,
    Problem,
    ProblemError,
    Result,
    collector_paused,
)


def _tie_break_levels(nominations: int, seats: int, max_weight: int, nodes: int) -> int:
    """The largest number of bonus levels B (1 ≤ B ≤ nominations) for which
    the largest cost, ``max_weight × K + B − 1`` with ``K = seats × (B − 1) + 1``,
    stays within OR-Tools' range for ``nodes`` nodes."""
    largest = COST_LIMIT // (nodes + 1) - 1
    if max_weight > largest:
        raise ProblemError("", _("the weights are too large for a network of this size"))
    # max_weight × (seats × (B − 1) + 1) + (B − 1) ≤ largest
    room = (largest - max_weight) // (max_weight * seats + 1)
    return max(1, min(nominations, room + 1))


def solve(problem: Problem, *, progress: Callable[[str], None] | None = None) -> Result:
    """The optimal allocation, explained (see the module's docstring).
    ``progress`` is told the name of each stage as it starts."""
    with collector_paused():
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
    result = result_of(problem, assignments)
    if result.objective != -flow.optimal_cost() // scale:
        raise RuntimeError("the tie-break outweighed a weight")  # _tie_break_levels prevents it
    return result


def result_of(problem: Problem, assignments: Iterable[Assignment]) -> Result:
    rank = problem.nomination_rank
    seated = sorted(assignments, key=lambda a: rank[a.nomination])
    return Result(
        objective=sum(a.weight for a in seated),
        assignments=tuple(seated),
        unassigned=explain(problem, seated),
    )
