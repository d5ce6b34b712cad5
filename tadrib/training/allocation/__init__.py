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

from tadrib.training.allocation.baselines import (
    greedy_first_come,
    solve_milp,
)
from tadrib.training.allocation.explain import (
    describe,
    explain,
)
from tadrib.training.allocation.parsing import (
    parse_problem,
)
from tadrib.training.allocation.problem import (
    MAX_CAPACITY,
    MAX_WEIGHT,
    SINK,
    SOURCE,
    Assignment,
    Choice,
    Nomination,
    Obstacle,
    ObstacleKind,
    Problem,
    ProblemError,
    Result,
    Session,
    Unassigned,
    natural_key,
    problem_to_json,
    to_json,
)
from tadrib.training.allocation.solver import (
    solve,
)

__all__ = [
    "MAX_CAPACITY",
    "MAX_WEIGHT",
    "SINK",
    "SOURCE",
    "Assignment",
    "Choice",
    "Nomination",
    "Obstacle",
    "ObstacleKind",
    "Problem",
    "ProblemError",
    "Result",
    "Session",
    "Unassigned",
    "describe",
    "explain",
    "greedy_first_come",
    "natural_key",
    "parse_problem",
    "problem_to_json",
    "solve",
    "solve_milp",
    "to_json",
]
