"""Benchmark: optimal seat allocation (min-cost flow) against a MILP and a
first-come greedy, on generated instances of 1k, 10k, 100k and 300k nominations.

Run: ``make bench`` or ``.venv/bin/python bench/allocation.py [--sizes 1000,10000,100000,300000]
[--milp-time-limit 120] [--keep DIR]``. No database.

Data (seeded, the same on every run): 10 nations ``NA``…``NJ`` of decreasing
size (weights 10 down to 1); persons with one nomination (half of them) or two;
courses of 8 sessions of 10–40 seats, one session per 40 nominations, so that
there are about as many seats as persons and the popular courses (popularity ∝
1 / rank) are contested; every session sets seats aside for 3 of the nations
(10–25% of its capacity each) and leaves the rest open to the others. A
nomination names one course and 5 of its sessions, each with a weight drawn
from 1–100.

Measured side by side, each solver in its own subprocess on the same problem
file (``tadrib.training.allocation``; the imports of numpy, OR-Tools and
highspy happen before the clock starts, as in a long-running worker):

1. ``solve()``: the min-cost-flow solver, from the parsed problem to the
   result with an explanation for every unseated nomination (the stages —
   building the network, OR-Tools' solve, explaining — are timed apart;
   parsing the JSON is timed before it, not counted). Peak memory is the
   subprocess's peak resident set (``ru_maxrss`` of ``getrusage(RUSAGE_SELF)``,
   read at its end): the whole process — Python, Django, the problem as read
   from JSON and as parsed, and OR-Tools' C++ arrays, which tracemalloc cannot
   see. The resident set just before ``solve()`` is printed beside it, so the
   solver's own share is visible.
2. ``solve_milp()``: the same problem as a 0-1 program in HiGHS (highspy), with
   its default settings ("the MILP"), then again with presolve off (most of
   HiGHS's time goes before its first LP, and this problem's LP solution is
   already integral, so presolve off is the fastest way we found to run it;
   not a target, a harder second baseline). Both build the model and
   explain the result like ``solve()``. A time limit (default 120 s; HiGHS
   only checks it between phases, so the run is killed at 1.5 × the limit +
   30 s): past it, "did not finish", and the ratio is a lower bound.
3. ``greedy_first_come()``: nominations in listed order, each takes its
   best session with a seat left: the objective today's practice reaches.

Targets: the flow's objective equals every MILP's that finishes, and its
result is feasible (capacities, quotas, one seat per person, only chosen
sessions; checked on the written result); at 100k nominations, solved in
under 10 s and 1 GB, and at least 10× faster than the MILP (HiGHS defaults).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from common import ROOT, progress

NATIONS = [f"N{chr(ord('A') + i)}" for i in range(10)]
SESSIONS_PER_COURSE = 8
NOMINATIONS_PER_SESSION = 40
CHOICES = 5
QUOTA_NATIONS = 3


def generate(nominations: int, seed: int = 2026) -> dict[str, Any]:
    rng = random.Random(seed)
    courses = max(1, nominations // (NOMINATIONS_PER_SESSION * SESSIONS_PER_COURSE))
    sessions = []
    for c in range(courses):
        for s in range(SESSIONS_PER_COURSE):
            capacity = rng.randint(10, 40)
            quotas = {
                nation: max(1, round(capacity * rng.uniform(0.10, 0.25)))
                for nation in sorted(rng.sample(NATIONS, QUOTA_NATIONS))
            }
            sessions.append({"id": f"C{c}-S{s}", "capacity": capacity, "quotas": quotas})
    popularity = [1 / (c + 1) for c in range(courses)]
    nation_weights = list(range(10, 0, -1))
    rows = []
    person = 0
    while len(rows) < nominations:
        nation = rng.choices(NATIONS, nation_weights)[0]
        for _ in range(min(rng.choice((1, 2)), nominations - len(rows))):
            course = rng.choices(range(courses), popularity)[0]
            picked = rng.sample(range(SESSIONS_PER_COURSE), CHOICES)
            rows.append(
                {
                    "id": f"N{len(rows)}",
                    "person": f"P{person}",
                    "nation": nation,
                    "choices": [
                        {"session": f"C{course}-S{s}", "weight": rng.randint(1, 100)}
                        for s in picked
                    ],
                }
            )
        person += 1
    return {"sessions": sessions, "nominations": rows}


def resident_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


SOLVERS = {
    "flow": "min-cost flow",
    "milp": "MILP, HiGHS defaults",
    "milp-nopresolve": "MILP, HiGHS presolve off",
    "greedy": "greedy first-come",
}


def child(solver: str, problem_file: str, result_file: str, time_limit: float) -> None:
    """One solver in this (fresh) process; prints its figures as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tadrib.settings")
    import django

    django.setup()
    # Imported before the clock starts: a worker imports them once.
    import highspy  # noqa: F401
    import numpy  # noqa: F401
    from ortools.graph.python import min_cost_flow  # noqa: F401

    from tadrib.training import allocation

    with open(problem_file) as f:
        data = json.load(f)
    start = time.perf_counter()
    problem = allocation.parse_problem(data)
    parse_s = time.perf_counter() - start
    del data
    stages: list[tuple[str, float]] = []
    before_mb = resident_mb()
    start = time.perf_counter()
    if solver == "flow":
        result = allocation.solve(
            problem, progress=lambda stage: stages.append((stage, time.perf_counter()))
        )
    elif solver.startswith("milp"):
        options = {"presolve": "off"} if solver == "milp-nopresolve" else {}
        result = allocation.solve_milp(problem, time_limit=time_limit, options=options)
    else:
        result = allocation.greedy_first_come(problem)
    end = time.perf_counter()
    marks = [*stages, ("end", end)]
    figures: dict[str, Any] = {
        "parse_s": parse_s,
        "solve_s": end - start,
        "stages": [(name, marks[i + 1][1] - at) for i, (name, at) in enumerate(stages)],
        "rss_before_mb": before_mb,
        # The process's high-water mark; kilobytes on Linux.
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "objective": None if result is None else result.objective,
    }
    if result is not None:
        with open(result_file, "w") as f:
            json.dump(allocation.to_json(result), f)
    print(json.dumps(figures))


def run_child(solver: str, problem_file: Path, result_file: Path, time_limit: float) -> Any:
    """The figures of one solver run in a subprocess. HiGHS checks its time
    limit only between phases (its MIP presolve ran past it for minutes at
    100k), so a MILP run is killed at 1.5 × the limit + 30 s: "did not finish"."""
    command = [sys.executable, __file__, "--child", solver, str(problem_file), str(result_file)]
    try:
        out = subprocess.run(
            [*command, "--milp-time-limit", str(time_limit)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=time_limit * 1.5 + 30 if solver.startswith("milp") else None,
        ).stdout
    except subprocess.TimeoutExpired:
        return {"objective": None, "killed": True}
    return json.loads(out.strip().splitlines()[-1])


def violations(data: dict[str, Any], result: dict[str, Any]) -> list[str]:
    """Broken capacities, quotas, one-seat-per-person or choices in a result."""
    sessions = {s["id"]: s for s in data["sessions"]}
    nominations = {n["id"]: n for n in data["nominations"]}
    per_session: Counter[str] = Counter()
    per_group: Counter[tuple[str, str]] = Counter()
    persons: Counter[str] = Counter()
    found = []
    for a in result["assignments"]:
        n, s = nominations[a["nomination"]], sessions[a["session"]]
        if s["id"] not in {c["session"] for c in n["choices"]}:
            found.append(f"{n['id']} seated in {s['id']}, not one of its choices")
        per_session[s["id"]] += 1
        per_group[s["id"], n["nation"] if n["nation"] in s["quotas"] else ""] += 1
        persons[n["person"]] += 1
    for sid, taken in per_session.items():
        s = sessions[sid]
        if taken > s["capacity"]:
            found.append(f"{sid}: {taken} seats over capacity {s['capacity']}")
    for (sid, nation), taken in per_group.items():
        s = sessions[sid]
        limit = s["quotas"][nation] if nation else max(0, s["capacity"] - sum(s["quotas"].values()))
        if taken > limit:
            found.append(f"{sid}/{nation or 'open'}: {taken} seats over {limit}")
    found += [f"{p} has {k} seats" for p, k in persons.items() if k > 1]
    if len(result["assignments"]) + len(result["unassigned"]) != len(nominations):
        found.append("nominations missing from the result")
    return found


def measure(size: int, workdir: Path, time_limit: float) -> tuple[bool, list[str]]:
    """All solvers on one generated instance; the report's lines and PASS/FAIL."""
    data = generate(size)
    problem_file = workdir / f"problem-{size}.json"
    problem_file.write_text(json.dumps(data))
    runs = {}
    for k, solver in enumerate(SOLVERS):
        progress(f"{size} nominations", k, len(SOLVERS))
        runs[solver] = run_child(
            solver, problem_file, workdir / f"{solver}-{size}.json", time_limit
        )
    progress(f"{size} nominations", len(SOLVERS), len(SOLVERS))
    flow = runs["flow"]
    broken = violations(data, json.loads((workdir / f"flow-{size}.json").read_text()))
    persons = len({row["person"] for row in data["nominations"]})
    seats = sum(s["capacity"] for s in data["sessions"])
    stages = ", ".join(f"{name} {t:.2f}" for name, t in flow["stages"])
    lines = [
        f"{size} nominations ({persons} persons, {len(data['sessions'])} sessions, {seats} seats):",
        f"  {SOLVERS['flow']}: {flow['solve_s']:.2f} s ({stages}; parsing before it "
        f"{flow['parse_s']:.2f} s), peak RSS {flow['peak_rss_mb']:.0f} MB "
        f"({flow['rss_before_mb']:.0f} MB before solve), objective {flow['objective']}, "
        + (f"INFEASIBLE: {'; '.join(broken[:3])}" if broken else "feasible"),
    ]
    checks = [not broken]
    ratios = {}
    for solver in ("milp", "milp-nopresolve"):
        run = runs[solver]
        if run["objective"] is None:
            # It took at least the limit: the ratio is a lower bound.
            ratios[solver] = f"> {time_limit / flow['solve_s']:.1f}x"
            killed = f", killed at {time_limit * 1.5 + 30:.0f} s" if run.get("killed") else ""
            lines.append(
                f"  {SOLVERS[solver]}: did not finish in {time_limit:.0f} s{killed} "
                f"(flow {ratios[solver]} faster)"
            )
            continue
        ratios[solver] = f"{run['solve_s'] / flow['solve_s']:.1f}x"
        same = run["objective"] == flow["objective"]
        checks.append(same)
        lines.append(
            f"  {SOLVERS[solver]}: {run['solve_s']:.2f} s, peak RSS {run['peak_rss_mb']:.0f} MB, "
            f"objective {run['objective']} {'=' if same else '!='} flow's "
            f"(flow {ratios[solver]} faster)"
        )
    greedy = runs["greedy"]
    lines.append(
        f"  {SOLVERS['greedy']}: {greedy['solve_s']:.2f} s, objective {greedy['objective']} "
        f"({greedy['objective'] / max(1, flow['objective']):.1%} of the optimum)"
    )
    verdict = (
        "objectives equal, flow feasible" if all(checks) else "objectives differ or flow infeasible"
    )
    if size == 100_000:
        milp = runs["milp"]
        ratio = (milp["solve_s"] if milp["objective"] is not None else time_limit) / flow["solve_s"]
        checks += [flow["solve_s"] < 10, flow["peak_rss_mb"] < 1024, ratio >= 10]
        verdict += (
            f"; {flow['solve_s']:.2f} s (target < 10 s), {flow['peak_rss_mb']:.0f} MB "
            f"(target < 1024 MB), {ratios['milp']} faster than the MILP (target >= 10x)"
        )
    lines.append(f"  {verdict} -> {'PASS' if all(checks) else 'FAIL'}")
    return all(checks), lines


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000,300000")
    parser.add_argument("--milp-time-limit", type=float, default=120.0)
    parser.add_argument("--keep", default="", help="write the problems and results here")
    parser.add_argument("--child", nargs=3, metavar=("SOLVER", "PROBLEM", "RESULT"))
    args = parser.parse_args()
    if args.child:
        child(*args.child, time_limit=args.milp_time_limit)
        return 0

    workdir = Path(args.keep or tempfile.mkdtemp(prefix="tadrib-bench-allocation-"))
    workdir.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    oks, lines = [], []
    for size in (int(size) for size in args.sizes.split(",")):
        ok, measured = measure(size, workdir, args.milp_time_limit)
        sys.stderr.write("\n".join(measured) + "\n")
        oks.append(ok)
        lines += measured
    print(
        f"machine: {os.cpu_count()} cores, load average {load:.2f} at the start and "
        f"{os.getloadavg()[0]:.2f} at the end; MILP time limit {args.milp_time_limit:.0f} s"
    )
    print(
        "targets: the flow's objective = every finished MILP's, its result feasible; at 100k "
        "nominations < 10 s, < 1 GB and >= 10x faster than the MILP (HiGHS defaults)"
    )
    print("\n".join(lines))
    if not args.keep:
        shutil.rmtree(workdir)  # the problems and results: 400 MB with the default sizes
    return 0 if all(oks) else 1


if __name__ == "__main__":
    sys.exit(main())
