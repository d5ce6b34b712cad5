"""Benchmark: the cost of access scoping and of the audit trail.

Run: ``make bench`` or ``.venv/bin/python bench/scoping.py [--people 100000]``
(SQLite in a scratch file by default; set DATABASE_URL=postgres://… for PostgreSQL).

Measured side by side, in one process, on the same data:

1. A people list page as the UI and API build it (scoped to a division
   manager's subtree, joins declared, count + first page of 25) against the bare
   SQL of the same query. Target: within 3× of bare SQL, and the same number of
   queries at page sizes 25 and 100.
2. Saving a person through the service (validation, access check, audit
   entry chained under the head lock) against a bare ``Model.save()``.
   Target: within 10×. The service runs, on purpose, six statements a bare
   save does not: two foreign-key existence checks and the uniqueness check of
   validation, then the audit head lock, the entry insert and the head update.
3. ``audit verify`` over trails of N and 4N entries: peak Python memory must
   not grow with the trail (it streams). Target: peak(4N) < 1.5 × peak(N).
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc

from common import progress, setup_django, timed


def build(people: int) -> dict[str, object]:
    from django.core.management import call_command
    from django.db import transaction

    from tadrib.accounts.models import Membership, User
    from tadrib.core.choices import Role
    from tadrib.organisations.models import Nation, Organisation
    from tadrib.people.models import Person

    call_command("migrate", verbosity=0)
    if User.objects.filter(username="bench-division").exists():
        return {"user": User.objects.get(username="bench-division")}
    with transaction.atomic():
        nation = Nation.objects.create(iso_code="SY", name_en="Syria", role="partner")
        ministry = Organisation.objects.create(
            nation=nation, kind="ministry", code="MOD", name_en="MoD"
        )
        units: list[Organisation] = []
        divisions = []
        for d in range(10):
            division = Organisation.objects.create(
                nation=nation,
                parent=ministry,
                kind="unit",
                echelon="division",
                code=f"D{d}",
                name_en=f"Division {d}",
            )
            divisions.append(division)
            for b in range(5):
                brigade = Organisation.objects.create(
                    nation=nation,
                    parent=division,
                    kind="unit",
                    echelon="brigade",
                    code=f"D{d}B{b}",
                    name_en=f"Brigade {d}.{b}",
                )
                for n in range(5):
                    units.append(
                        Organisation.objects.create(
                            nation=nation,
                            parent=brigade,
                            kind="unit",
                            echelon="battalion",
                            code=f"D{d}B{b}N{n}",
                            name_en=f"Battalion {d}.{b}.{n}",
                        )
                    )
        batch: list[Person] = []
        for i in range(people):
            batch.append(
                Person(
                    nation=nation,
                    service_number=f"SY-{i:07d}",
                    given_names="أحمد",
                    family_name=f"العلي{i % 997}",
                    given_names_latin="Ahmad",
                    family_name_latin=f"al-Ali{i % 997:03d}",
                    category="enlisted",
                    unit=units[i % len(units)],
                )
            )
            if len(batch) == 5000:
                Person.objects.bulk_create(batch)
                batch.clear()
                progress("people", i + 1, people)
        Person.objects.bulk_create(batch)
        progress("people", people, people)
        user = User.objects.create_user("bench-division", password="x")
        Membership.objects.create(user=user, organisation=divisions[3], role=Role.MANAGER)
    return {"user": user}


def bench_list(user: object) -> dict[str, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tadrib.core.access import reach_paths
    from tadrib.people.models import Person
    from tadrib.people.selectors import people_for

    def orm_page(size: int = 25) -> list[Person]:
        queryset = people_for(user).order_by("family_name_latin", "given_names_latin", "pk")
        queryset.count()
        return list(queryset[:size])

    (path,) = reach_paths(user, Person, "view") or []
    sql_count = (
        "SELECT COUNT(*) FROM people_person p JOIN organisations_organisation u ON u.id = p.unit_id "
        "WHERE u.path LIKE %s"
    )
    sql_page = (
        "SELECT p.*, n.*, u.* FROM people_person p "
        "JOIN organisations_nation n ON n.id = p.nation_id "
        "JOIN organisations_organisation u ON u.id = p.unit_id "
        "WHERE u.path LIKE %s ORDER BY p.family_name_latin, p.given_names_latin, p.id LIMIT 25"
    )
    sql_languages = "SELECT * FROM people_languageproficiency WHERE person_id IN ({})"

    def bare_page() -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql_count, [path + "%"])
            cursor.fetchone()
            cursor.execute(sql_page, [path + "%"])
            rows = cursor.fetchall()
            ids = [row[0] for row in rows]
            cursor.execute(sql_languages.format(",".join(["%s"] * len(ids))), ids)
            cursor.fetchall()
        return rows

    with CaptureQueriesContext(connection) as q25:
        orm_page(25)
    with CaptureQueriesContext(connection) as q100:
        orm_page(100)
    orm_ms, bare_ms = timed(orm_page), timed(bare_page)
    return {
        "orm_ms": orm_ms,
        "bare_ms": bare_ms,
        "ratio": orm_ms / bare_ms,
        "queries_25": len(q25.captured_queries),
        "queries_100": len(q100.captured_queries),
    }


def bench_writes(n: int) -> dict[str, float]:
    from django.db import transaction

    from tadrib.organisations.models import Organisation
    from tadrib.people.models import Person
    from tadrib.people.services import save_person

    unit = Organisation.objects.get(code="D3B0N0")
    counter = iter(range(10**9))

    def make() -> Person:
        i = next(counter)
        return Person(
            nation_id=unit.nation_id,
            service_number=f"W-{i:08d}",
            given_names="خالد",
            family_name="الحسن",
            given_names_latin="Khalid",
            family_name_latin="al-Hasan",
            category="nco",
            unit=unit,
        )

    def bare() -> None:
        with transaction.atomic():
            for _ in range(n):
                make().save()

    def service() -> None:
        with transaction.atomic():
            for _ in range(n):
                save_person(make(), actor=None)

    bare_ms, service_ms = timed(bare, repeat=3), timed(service, repeat=3)
    return {
        "bare_ms_per_write": bare_ms / n,
        "service_ms_per_write": service_ms / n,
        "ratio": service_ms / bare_ms,
    }


def bench_verify(entries: int) -> dict[str, float]:
    from django.db import transaction

    from tadrib.core import audit
    from tadrib.core.models import AuditEntry

    def grow_to(total: int) -> None:
        missing = total - AuditEntry.objects.count()
        with transaction.atomic():
            for i in range(missing):
                audit.record(
                    None,
                    "bench.entry",
                    changes={"i": [None, i]},
                    object_type="bench",
                    object_id=str(i),
                )
                if i % 2000 == 0:
                    progress("audit entries", i, missing)
        progress("audit entries", missing, missing)

    def peak_of_verify() -> tuple[float, float]:
        tracemalloc.start()
        start = time.perf_counter()
        problems = list(audit.verify_chain())
        elapsed = time.perf_counter() - start
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert problems == [], problems[:1]
        return peak / 1e6, elapsed

    grow_to(entries)
    small_peak, small_s = peak_of_verify()
    grow_to(entries * 4)
    large_peak, large_s = peak_of_verify()
    return {
        "entries": entries,
        "peak_mb_n": small_peak,
        "peak_mb_4n": large_peak,
        "peak_ratio": large_peak / small_peak,
        "seconds_n": small_s,
        "seconds_4n": large_s,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--entries", type=int, default=5_000)
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    world = build(args.people)
    listing = bench_list(world["user"])
    writes = bench_writes(args.writes)
    verify = bench_verify(args.entries)
    ok_list = listing["ratio"] <= 3 and listing["queries_25"] == listing["queries_100"]
    ok_writes = writes["ratio"] <= 10
    ok_verify = verify["peak_ratio"] < 1.5
    print(f"database: {connection.vendor}, people: {args.people}")
    print(
        f"list page (division scope): ORM {listing['orm_ms']:.2f} ms, bare SQL {listing['bare_ms']:.2f} ms, "
        f"ratio {listing['ratio']:.2f}x (target <= 3x); queries {listing['queries_25']} at 25 rows, "
        f"{listing['queries_100']} at 100 -> {'PASS' if ok_list else 'FAIL'}"
    )
    print(
        f"write a person: service {writes['service_ms_per_write']:.3f} ms, bare save "
        f"{writes['bare_ms_per_write']:.3f} ms, ratio {writes['ratio']:.2f}x (target <= 10x) -> "
        f"{'PASS' if ok_writes else 'FAIL'}"
    )
    print(
        f"audit verify: {verify['entries']} entries peak {verify['peak_mb_n']:.2f} MB in {verify['seconds_n']:.2f} s; "
        f"{verify['entries'] * 4} entries peak {verify['peak_mb_4n']:.2f} MB in {verify['seconds_4n']:.2f} s; "
        f"memory ratio {verify['peak_ratio']:.2f} (target < 1.5) -> {'PASS' if ok_verify else 'FAIL'}"
    )
    return 0 if ok_list and ok_writes and ok_verify else 1


if __name__ == "__main__":
    sys.exit(main())
