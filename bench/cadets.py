"""Benchmark: the cohort view of cadets abroad ("Cadets abroad"), at scale.

Run: ``make bench`` or ``.venv/bin/python bench/cadets.py [--sizes 1000,10000]
[--sample 500] [--explain]`` (SQLite in a scratch file by default; set
DATABASE_URL=postgres://…/tadrib_bench_cadets for PostgreSQL: that database is
dropped and re-created); both are ANALYZEd after each load.

Data (seeded, the same on every run and database; bulk-created, bypassing the
services, with the stored figures computed by ``academic_rules``; dates are
relative to the day of the run, as the page's are): a partner nation (SY)
whose ministry has a sending office (SY-CADETS, sends every cohort) and a home
academy (SY-MA, the cadets' unit); two host nations: TR with two academies
(TR-KHO, TR-HHO) and SA with one (SA-KAMA). Each academy gives a four-year
programme with a language-preparation year (year 0) and its curriculum: 6
components a year, 3 in each of 2 terms (year 0: 0 ECTS; years 1-4: 10 ECTS
each; pass mark 60, 45 ECTS to move up, 240 to graduate, one repeat), and five
cohorts sent by SY-CADETS, started 0-4 years before the current academic year.
N cadets (1,000 then 10,000: the second stage adds 9,000 to the same cohorts)
are spread evenly over the academies and cohorts, each with a full year of
results (its current year, both terms; 6% of the grades fail), and the
decisions of its earlier years (promoted); 6% of the cadets of the older
cohorts repeat their year (a "repeats" decision, the failed first attempt and
the second); 3% have withdrawn; 12% have an incident (60% of them an
unauthorised absence, half of those in the last 90 days; the rest illness or
discipline).

Readers: (a) a viewer at the partner's sending office, who sees every cadet;
(b) a registrar at one academy (TR-KHO), who sees a third.

Measured, in one process, on the same data, for (a) and (b) at both sizes:

1. The cohort view's rows: ``academic_selectors.cadet_rows(enrolments_for(user),
   today)`` (standing, alerts and planned credits of every visible cadet):
   median time and query count.
2. The baseline, in the same run: the naive per-cadet loop ``[standing_of(e,
   today) for e in enrolments_for(user)]`` (six queries per cadet). Where more
   than ``--sample`` (500) cadets are visible, the loop is timed on an evenly
   spread sample of that many and scaled linearly to all of them (the output
   says so); the reading of the enrolments themselves is timed in full. Both
   sides must give the same standings.
3. At the larger size, the whole page through Django's test client
   (``/training/cadets/``, GET, HTML, as the view renders every row) and its CSV
   export (``?export=csv``), for (a) and (b): one timed request after a
   counted one (the warm-up; a request of all 10,000 rows takes tens of
   seconds); time and queries, reported only.

Targets, at 10,000 cadets, on SQLite and on PostgreSQL, for each reader: the
rows in under 2 s; at least 10× faster than the per-cadet baseline; the same
number of queries at 1,000 and at 10,000 cadets.

``--explain`` prints the plans of the cohort view's queries for (a) at the
larger size (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from common import progress, setup_django, timed

ACADEMIES = (("TR", "TR-KHO", "tr"), ("TR", "TR-HHO", "tr"), ("SA", "SA-KAMA", "ar"))
YEARS = 4  # after the preparation year (year 0)
TERMS = 2
PER_TERM = 3  # components a term: 6 a year
COHORTS = YEARS + 1  # started 0..4 years ago: in years 0..4
FAIL_RATE = 0.06
REPEAT_RATE = 0.06
WITHDRAWN_RATE = 0.03
INCIDENT_RATE = 0.12
BATCH = 2000
ROWS_TARGET_MS = 2000
RATIO_TARGET = 10
PARTNER = "bench-cadets-partner"  # (a) viewer at the sending office
REGISTRAR = "bench-cadets-registrar"  # (b) registrar at TR-KHO
FAMILY_NAMES = (
    "al-Ahmad",
    "al-Hassan",
    "al-Khatib",
    "al-Masri",
    "al-Najjar",
    "al-Omari",
    "al-Rifai",
    "al-Sayed",
    "al-Tamimi",
    "al-Zoubi",
)


def academic_year_start(today: dt.date) -> dt.date:
    """The 1 October that began the current academic year, late enough in it
    that both terms' results are in (270 days on)."""
    year = today.year
    while dt.date(year, 10, 1) + dt.timedelta(days=270) > today:
        year -= 1
    return dt.date(year, 10, 1)


def build_structure(today: dt.date) -> dict[str, Any]:
    """Nations, organisations, programmes with their curricula, cohorts and
    the two readers."""
    from django.core.management import call_command
    from django.db import transaction

    from tadrib.accounts.models import Membership, User
    from tadrib.core.choices import Role
    from tadrib.organisations.models import Nation, Organisation
    from tadrib.training.models import AcademicProgramme, Cohort, ProgrammeComponent

    call_command("migrate", verbosity=0)
    start = academic_year_start(today)

    def org(nation: Any, parent: Any, kind: str, code: str) -> Organisation:
        return Organisation.objects.create(
            nation=nation, parent=parent, kind=kind, code=code, name_en=code
        )

    with transaction.atomic():
        nations = {
            "TR": Nation.objects.create(iso_code="TR", name_en="Türkiye", role="host"),
            "SA": Nation.objects.create(iso_code="SA", name_en="Saudi Arabia", role="host"),
            "SY": Nation.objects.create(iso_code="SY", name_en="Syria", role="partner"),
        }
        ministries = {
            "TR": org(nations["TR"], None, "ministry", "TR-MND"),
            "SA": org(nations["SA"], None, "ministry", "SA-MOD"),
            "SY": org(nations["SY"], None, "ministry", "SY-MOD"),
        }
        sending = org(nations["SY"], ministries["SY"], "office", "SY-CADETS")
        home = org(nations["SY"], ministries["SY"], "academy", "SY-MA")
        academies = [
            org(nations[iso], ministries[iso], "academy", code) for iso, code, _l in ACADEMIES
        ]
        programmes = [
            AcademicProgramme.objects.create(
                institution=academy,
                code=f"{academy.code}-BSC",
                name_en=f"Officer education at {academy.code}",
                years=YEARS,
                terms_per_year=TERMS,
                preparation_year=True,
                language=language,
                pass_mark=Decimal(60),
                credits_to_progress=Decimal(45),
                max_repeats=1,
                credits_to_graduate=Decimal(240),
            )
            for academy, (_i, _c, language) in zip(academies, ACADEMIES, strict=True)
        ]
        components: dict[int, dict[int, list[ProgrammeComponent]]] = {}
        for programme in programmes:
            made = ProgrammeComponent.objects.bulk_create(
                ProgrammeComponent(
                    programme=programme,
                    code=f"Y{year}T{term}-{n}",
                    name_en=f"Component {year}.{term}.{n}",
                    year=year,
                    term=term,
                    ects=Decimal(0 if year == 0 else 10),
                )
                for year in range(YEARS + 1)
                for term in range(1, TERMS + 1)
                for n in range(1, PER_TERM + 1)
            )
            by_year: dict[int, list[ProgrammeComponent]] = {}
            for component in made:
                by_year.setdefault(component.year, []).append(component)
            components[programme.pk] = by_year
        cohorts = [
            [
                Cohort.objects.create(
                    programme=programme,
                    code=f"{programme.institution.code}-{start.year - k}",
                    sending_organisation=sending,
                    starts_on=dt.date(start.year - k, 10, 1),
                )
                for k in range(COHORTS)
            ]
            for programme in programmes
        ]
        for username, organisation, role in (
            (PARTNER, sending, Role.VIEWER),
            (REGISTRAR, academies[0], Role.REGISTRAR),
        ):
            user = User.objects.create_user(username, password="x")
            Membership.objects.create(user=user, organisation=organisation, role=role)
    progress("organisations, programmes (30 components each), cohorts, readers", 1, 1)
    return {
        "start": start,
        "today": today,
        "sy": nations["SY"],
        "home": home,
        "programmes": programmes,
        "components": components,
        "cohorts": cohorts,
    }


def grade(rng: random.Random, fail: bool) -> Decimal:
    cents = rng.randint(2500, 5999) if fail else rng.randint(6000, 10000)
    return Decimal(cents) / 100


def cadet_records(world: dict[str, Any], i: int, person: Any) -> tuple[Any, list[Any]]:
    """Cadet ``i``'s enrolment (its figures computed by the rules from its
    results) and its results, decisions and incidents, from the cadet's own
    seed (so that the data do not depend on the stages)."""
    from tadrib.training import academic_rules as rules
    from tadrib.training.choices import (
        EnrolmentStatus,
        IncidentKind,
        IncidentSeverity,
        ProgressionOutcome,
    )
    from tadrib.training.models import (
        CadetEnrolment,
        CadetIncident,
        ProgressionDecision,
        TermResult,
    )

    start: dt.date = world["start"]
    today: dt.date = world["today"]
    pass_mark = Decimal(60)
    rng = random.Random(2026 * 1_000_003 + i)
    a, k = i % len(ACADEMIES), (i // len(ACADEMIES)) % COHORTS
    cohort = world["cohorts"][a][k]
    repeater = k >= 1 and rng.random() < REPEAT_RATE
    withdrawn = rng.random() < WITHDRAWN_RATE
    year = k - 1 if repeater else k
    if withdrawn:
        status = EnrolmentStatus.WITHDRAWN
    elif repeater:
        status = EnrolmentStatus.REPEATING
    else:
        status = EnrolmentStatus.PREPARATION if year == 0 else EnrolmentStatus.STUDYING
    enrolment = CadetEnrolment(
        cohort=cohort,
        person=person,
        enrolled_on=cohort.starts_on,
        year_of_study=year,
        status=status,
        repeats=1 if repeater else 0,
        ended_on=today - dt.timedelta(days=rng.randint(10, 200)) if withdrawn else None,
        end_reason="Returned home." if withdrawn else "",
    )
    records: list[Any] = []
    facts: list[rules.ResultFacts] = []
    of_year = world["components"][cohort.programme_id][year]
    # A repeater's first attempt (the year before, three components failed),
    # then everyone's current attempt: results of both terms of the year.
    attempts = [(1, start.year - 1), (2, start.year)] if repeater else [(1, start.year)]
    for attempt, in_year in attempts:
        first_of_repeater = repeater and attempt == 1
        failed = set(rng.sample(range(len(of_year)), 3)) if first_of_repeater else set()
        of_attempt = []
        for n, component in enumerate(of_year):
            value = grade(rng, n in failed or rng.random() < FAIL_RATE)
            records.append(
                TermResult(
                    enrolment=enrolment,
                    component=component,
                    attempt=attempt,
                    grade=value,
                    credits=rules.credits_for(value, component.ects, pass_mark),
                    recorded_on=dt.date(in_year + 1, 2 if component.term == 1 else 6, 20),
                )
            )
            of_attempt.append(
                rules.ResultFacts(
                    component=rules.ComponentFacts(
                        component.pk, component.code, component.year, component.term, component.ects
                    ),
                    attempt=attempt,
                    grade=value,
                )
            )
        facts += of_attempt
        if first_of_repeater:
            records.append(
                ProgressionDecision(
                    enrolment=enrolment,
                    year_of_study=year,
                    attempt=1,
                    outcome=ProgressionOutcome.REPEATS,
                    credits_in_year=sum(
                        (
                            rules.credits_for(f.grade, f.component.ects, pass_mark)
                            for f in of_attempt
                        ),
                        Decimal(0),
                    ),
                    credits_needed=Decimal(45 if year else 0),
                    grade_average=rules.weighted_average(of_attempt),
                    decided_on=dt.date(start.year, 7, 1),
                    reason="Too few credits: the cadet repeats the year.",
                )
            )
    # The earlier years, passed and decided at each year's end.
    records += [
        ProgressionDecision(
            enrolment=enrolment,
            year_of_study=done,
            attempt=1,
            outcome=ProgressionOutcome.PROMOTED,
            credits_in_year=Decimal(60 if done else 0),
            credits_needed=Decimal(45 if done else 0),
            grade_average=Decimal(75),
            decided_on=dt.date(cohort.starts_on.year + done + 1, 7, 1),
            reason="Moves up a year.",
        )
        for done in range(year)
    ]
    # Stored figures: the earlier degree years' credits (as decided) and this
    # year's, by the rules; the average of this year's results.
    earned, average = rules.enrolment_figures(facts, pass_mark)
    enrolment.credits_earned = Decimal(10 * PER_TERM * TERMS * max(year - 1, 0)) + earned
    enrolment.grade_average = average
    if rng.random() < INCIDENT_RATE:
        absence = rng.random() < 0.6
        days = rng.randint(1, 85) if rng.random() < 0.5 else rng.randint(100, 300)
        records.append(
            CadetIncident(
                enrolment=enrolment,
                kind=IncidentKind.UNAUTHORISED_ABSENCE
                if absence
                else rng.choice((IncidentKind.ILLNESS, IncidentKind.DISCIPLINE)),
                severity=rng.choice(list(IncidentSeverity)),
                occurred_on=today - dt.timedelta(days=days),
                hours_absent=rng.randint(25, 72) if absence else None,
                description="Reported by the company officer.",
            )
        )
    return enrolment, records


def add_cadets(world: dict[str, Any], first: int, last: int) -> None:
    """Cadets ``first`` to ``last - 1`` with their enrolments, results,
    decisions and incidents, in batches."""
    from django.db import transaction

    from tadrib.people.models import Person
    from tadrib.training.models import CadetEnrolment

    total = last - first
    label = f"cadets {first + 1}-{last}"
    with transaction.atomic():
        for low in range(first, last, BATCH):
            high = min(low + BATCH, last)
            people = Person.objects.bulk_create(
                Person(
                    nation=world["sy"],
                    service_number=f"SY-CDT-{i:06d}",
                    given_names="أحمد",
                    family_name=f"العلي{i % 97}",
                    given_names_latin="Ahmad",
                    family_name_latin=f"{FAMILY_NAMES[i % len(FAMILY_NAMES)]}{i % 97:02d}",
                    date_of_birth=dt.date(2004, 1, 1) + dt.timedelta(days=i % 1500),
                    category="cadet",
                    unit=world["home"],
                )
                for i in range(low, high)
            )
            enrolments = []
            by_model: dict[Any, list[Any]] = {}
            for i, person in zip(range(low, high), people, strict=True):
                enrolment, records = cadet_records(world, i, person)
                enrolments.append(enrolment)
                for record in records:
                    by_model.setdefault(type(record), []).append(record)
            CadetEnrolment.objects.bulk_create(enrolments)
            for model, records in by_model.items():
                model.objects.bulk_create(records, batch_size=BATCH)
            progress(label, high - first, total)


def analyse() -> None:
    """Statistics, as PostgreSQL's autovacuum would gather them after a bulk
    load (and SQLite's "PRAGMA optimize" at a connection's close)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def counts() -> dict[str, int]:
    from tadrib.training.models import (
        CadetEnrolment,
        CadetIncident,
        ProgressionDecision,
        TermResult,
    )

    return {
        "cadets": CadetEnrolment.objects.count(),
        "results": TermResult.objects.count(),
        "decisions": ProgressionDecision.objects.count(),
        "incidents": CadetIncident.objects.count(),
    }


def reader(username: str) -> Any:
    """A fresh user object with its memberships loaded, as once per request."""
    from tadrib.accounts.models import User
    from tadrib.core.access import grants

    user = User.objects.get(username=username)
    grants(user)
    return user


def counted(fn: Callable[[], object]) -> tuple[int, list[str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()  # a full log (9,000 queries) would count none
    with CaptureQueriesContext(connection) as queries:
        fn()
    return len(queries.captured_queries), [q["sql"] for q in queries.captured_queries]


def bench_rows(username: str, today: dt.date, sample: int) -> dict[str, Any]:
    """Measures 1 and 2 for one reader: the cohort view's rows against the
    per-cadet loop (in full, or on a sample scaled linearly)."""
    from tadrib.training.academic_selectors import cadet_rows, enrolments_for, standing_of

    user = reader(username)

    def view() -> list[Any]:
        return cadet_rows(enrolments_for(user), today)

    rows = view()
    queries, sql = counted(view)
    view_ms = timed(view, repeat=5)
    standings = {row.enrolment.pk: row.standing for row in rows}

    enrolments = list(enrolments_for(user))
    visible = len(enrolments)
    if visible > sample:
        step = visible / sample
        chosen = [enrolments[int(n * step)] for n in range(sample)]
    else:
        chosen = enrolments

    def loop_part() -> list[Any]:
        return [standing_of(e, today) for e in chosen]

    def read_part() -> list[Any]:
        return list(enrolments_for(user))

    looped = loop_part()
    assert [row.standing for row in looped] == [standings[e.pk] for e in chosen]
    loop_queries, _sql = counted(loop_part)
    repeat = 3 if len(chosen) <= 500 else 1
    loop_ms = timed(loop_part, repeat=repeat)
    read_ms = timed(read_part, repeat=3)
    baseline_ms = read_ms + loop_ms * visible / len(chosen)
    return {
        "visible": visible,
        "view_ms": view_ms,
        "queries": queries,
        "sql": sql,
        "standings": Counter(row.standing for row in rows),
        "sampled": len(chosen),
        "loop_ms": loop_ms,
        "loop_queries": loop_queries,
        "read_ms": read_ms,
        "baseline_ms": baseline_ms,
        "ratio": baseline_ms / view_ms,
    }


def bench_page(username: str) -> dict[str, Any]:
    """Measure 3: the page and its CSV export through the test client."""
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(reader(username))
    url = reverse("training:cadets_abroad")
    found: dict[str, Any] = {}

    def get(query: dict[str, str], key: str) -> Callable[[], None]:
        def fetch() -> None:
            response = client.get(url, query)
            assert response.status_code == 200, (url, query, response.status_code)
            content = b"".join(response) if response.streaming else response.content
            found[f"{key}_bytes"] = len(content)
            found[f"{key}_lines"] = content.count(b"\n")

        return fetch

    for key, query in (("page", {}), ("csv", {"export": "csv"})):
        fetch = get(query, key)
        found[f"{key}_queries"], _sql = counted(fetch)  # also the warm-up
        began = time.perf_counter()
        fetch()
        found[f"{key}_ms"] = (time.perf_counter() - began) * 1000
    return found


def explain(sql: str) -> str:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        return "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())


def short(sql: str, limit: int = 400) -> str:
    return sql if len(sql) <= limit else f"{sql[:limit]}… ({len(sql)} characters)"


def rows_line(label: str, result: dict[str, Any]) -> str:
    standings = ", ".join(f"{key} {n}" for key, n in sorted(result["standings"].items()))
    if result["sampled"] < result["visible"]:
        how = (
            f"estimated: {result['sampled']} of {result['visible']} cadets timed, "
            f"{result['loop_ms'] / result['sampled']:.2f} ms each, scaled linearly, "
            f"+ {result['read_ms']:.0f} ms reading the enrolments"
        )
    else:
        how = f"every cadet, {result['loop_queries']} queries"
    return (
        f"  {label} ({result['visible']} visible; {standings}): "
        f"rows {result['view_ms']:.1f} ms, {result['queries']} queries; "
        f"per-cadet loop {result['baseline_ms']:.0f} ms ({how}); "
        f"ratio {result['ratio']:.1f}x"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000", help="cadets, ascending")
    parser.add_argument(
        "--sample", type=int, default=500, help="cadets timed in the per-cadet loop at most"
    )
    parser.add_argument(
        "--explain", action="store_true", help="print the plans of the cohort view's queries"
    )
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    setup_django()
    from django.db import connection
    from django.utils import timezone

    started = time.perf_counter()
    today = timezone.localdate()
    world = build_structure(today)
    readers = ((PARTNER, "partner's sending office"), (REGISTRAR, "registrar at TR-KHO"))
    measured: dict[int, dict[str, dict[str, Any]]] = {}
    stored: dict[int, dict[str, int]] = {}
    done = 0
    for size in sizes:
        add_cadets(world, done, size)
        done = size
        analyse()
        stored[size] = counts()
        measured[size] = {}
        for n, (username, _label) in enumerate(readers):
            progress(f"measures at {size} cadets", n, len(readers))
            measured[size][username] = bench_rows(username, today, args.sample)
        progress(f"measures at {size} cadets", len(readers), len(readers))
    largest, smallest = sizes[-1], sizes[0]
    pages = {}
    for n, (username, _label) in enumerate(readers):
        progress(f"pages at {largest} cadets", n, len(readers))
        pages[username] = bench_page(username)
    progress(f"pages at {largest} cadets", len(readers), len(readers))

    print(
        f"database: {connection.vendor}; {len(ACADEMIES)} academies, "
        f"{len(ACADEMIES) * COHORTS} cohorts, {(YEARS + 1) * TERMS * PER_TERM} components "
        f"a programme; today {today}"
    )
    for size in sizes:
        figures = stored[size]
        print(
            f"{figures['cadets']} cadets ({figures['results']} results, "
            f"{figures['decisions']} decisions, {figures['incidents']} incidents):"
        )
        for username, label in readers:
            print(rows_line(label, measured[size][username]))
    print(f"pages at {largest} cadets, through the test client (reported, no target):")
    for username, label in readers:
        page = pages[username]
        print(
            f"  {label}: /training/cadets/ {page['page_ms']:.0f} ms, {page['page_queries']} "
            f"queries, {page['page_bytes'] / 1e6:.1f} MB of HTML; CSV export "
            f"{page['csv_ms']:.0f} ms, {page['csv_queries']} queries, {page['csv_lines']} lines"
        )
    oks: list[bool] = []
    print(
        f"targets at {largest} cadets: rows < {ROWS_TARGET_MS} ms, >= {RATIO_TARGET}x the "
        f"per-cadet loop, the same query count at {smallest} and {largest} cadets"
    )
    for username, label in readers:
        big, small = measured[largest][username], measured[smallest][username]
        checks = (
            big["view_ms"] < ROWS_TARGET_MS,
            big["ratio"] >= RATIO_TARGET,
            big["queries"] == small["queries"],
        )
        oks += checks
        verdicts = ["PASS" if ok else "FAIL" for ok in checks]
        print(
            f"  {label}: rows {big['view_ms']:.0f} ms -> {verdicts[0]}; "
            f"ratio {big['ratio']:.1f}x -> {verdicts[1]}; queries {small['queries']} at "
            f"{smallest}, {big['queries']} at {largest} -> {verdicts[2]}"
        )
    print(f"total run: {time.perf_counter() - started:.0f} s")
    if args.explain:
        for sql in measured[largest][PARTNER]["sql"]:
            print(f"\n[cohort view] {short(sql)}\n{explain(sql)}")
    return 0 if all(oks) else 1


if __name__ == "__main__":
    sys.exit(main())
