"""Benchmark: the cost of reading records shared with the organisations they name.

Run: ``make bench`` or ``.venv/bin/python bench/sharing.py [--programmes 20000]``
(SQLite in a scratch file by default; set
DATABASE_URL=postgres://…/tadrib_bench_sharing for PostgreSQL: that database is
dropped and re-created).

Data: a host nation (TR) whose ministry has 50 offices, and a partner nation
(SY) whose ministry has 20 directorates of 10 sub-offices each. Programmes are
kept by host offices, hosted by host offices and run with a partner directorate
or one of its sub-offices, under 200 agreements of two clauses each (every
agreement names the host ministry and one partner directorate as parties).
Each programme has one objective and two milestones. The reader is a viewer at
one partner sub-office: nothing is in their own reach, everything they see is
shared with them (programmes naming their sub-office, or their directorate or
ministry above it), about 3% of the programmes.

Measured side by side, in one process, on the same data:

1. The programmes list page as the UI and API build it (``programmes_for(user)``:
   count + first 25 rows by code, joins and the overdue-milestone count
   declared) against the bare SQL of an equivalent hand-written query (the
   organisations named by id and by path prefix, no subquery). Both must give
   the same ids. Target: within 3× of bare SQL, and the same number of queries
   at page sizes 25 and 100.
2. The programme dashboard (``selectors.dashboard(user)``) for a reader who
   sees 10 programmes and one who sees 100: the same number of queries. Once
   with objectives whose value is typed in, once with objectives computed from
   another app's records (``source="advisory.deployments"``, as in the demo).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from common import progress, setup_django, timed

HOST_OFFICES = 50
DIRECTORATES = 20
SUB_OFFICES = 10
AGREEMENTS = 200
CLAUSES_PER_AGREEMENT = 2
# The last directorate is kept for the dashboard readers: the bulk of the
# programmes never names it.
DASHBOARD_DIRECTORATE = DIRECTORATES - 1
# Dashboard readers: sub-office of the last directorate, programmes it is
# named in, whether their objectives are computed.
DASHBOARD_READERS = (
    ("bench-dash-10", 0, 10, False),
    ("bench-dash-100", 1, 100, False),
    ("bench-dash-computed-10", 2, 10, True),
    ("bench-dash-computed-100", 3, 100, True),
)
LIST_READER = "bench-partner-viewer"
BATCH = 5000


def organisation(parent: Any, nation: Any, kind: str, code: str, name: str) -> Any:
    from tadrib.organisations.models import Organisation
    from tadrib.organisations.services import save_organisation

    return save_organisation(
        Organisation(nation=nation, parent=parent, kind=kind, code=code, name_en=name),
        actor=None,
    )


def build(programmes: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from tadrib.accounts.models import Membership, User
    from tadrib.agreements.models import (
        Agreement,
        AgreementParty,
        Clause,
        Programme,
        ProgrammeMilestone,
        ProgrammeObjective,
    )
    from tadrib.core.choices import Role
    from tadrib.organisations.models import Nation

    call_command("migrate", verbosity=0)
    with transaction.atomic():
        host = Nation.objects.create(iso_code="TR", name_en="Türkiye", role="host")
        partner = Nation.objects.create(iso_code="SY", name_en="Syria", role="partner")
        host_ministry = organisation(None, host, "ministry", "TR-MND", "Host ministry")
        offices = [
            organisation(host_ministry, host, "office", f"TR-O{o:02d}", f"Host office {o}")
            for o in range(HOST_OFFICES)
        ]
        partner_ministry = organisation(None, partner, "ministry", "SY-MOD", "Partner ministry")
        directorates = []
        sub_offices: list[list[Any]] = []
        for d in range(DIRECTORATES):
            directorate = organisation(
                partner_ministry, partner, "directorate", f"SY-D{d:02d}", f"Directorate {d}"
            )
            directorates.append(directorate)
            sub_offices.append(
                [
                    organisation(
                        directorate, partner, "office", f"SY-D{d:02d}-S{s}", f"Sub-office {d}.{s}"
                    )
                    for s in range(SUB_OFFICES)
                ]
            )
            progress("organisations", d + 1, DIRECTORATES)

        agreements = Agreement.objects.bulk_create(
            Agreement(
                owner=offices[0],
                reference=f"AGR-{a:04d}",
                kind="memorandum",
                name_en=f"Memorandum {a}",
            )
            for a in range(AGREEMENTS)
        )
        AgreementParty.objects.bulk_create(
            party
            for a, agreement in enumerate(agreements)
            for party in (
                AgreementParty(agreement=agreement, organisation=host_ministry, role="host"),
                AgreementParty(
                    agreement=agreement,
                    organisation=directorates[a % DIRECTORATES],
                    role="partner",
                ),
            )
        )
        clauses = Clause.objects.bulk_create(
            Clause(agreement=agreement, number=str(n + 1), areas=["technical_assistance"])
            for agreement in agreements
            for n in range(CLAUSES_PER_AGREEMENT)
        )
        # The clauses of agreements naming directorate d.
        clauses_of: dict[int, list[Any]] = {}
        for clause, agreement_index in zip(
            clauses,
            (a for a in range(AGREEMENTS) for _ in range(CLAUSES_PER_AGREEMENT)),
            strict=True,
        ):
            clauses_of.setdefault(agreement_index % DIRECTORATES, []).append(clause)

        def programme(i: int, named: Any, d: int) -> Programme:
            return Programme(
                code=f"P{i:06d}",
                name_en=f"Programme {i}",
                owner=offices[i % HOST_OFFICES],
                clause=clauses_of[d][i % len(clauses_of[d])],
                host_organisation=offices[(i * 7 + 3) % HOST_OFFICES],
                partner_organisation=named,
                starts_on=date(2025, 1, 1) + timedelta(days=i % 365),
                status="active",
            )

        rows: list[tuple[Programme, bool]] = []
        for i in range(programmes):
            d = i % DASHBOARD_DIRECTORATE
            # Half name a directorate, half one of its sub-offices.
            if (i // DASHBOARD_DIRECTORATE) % 2 == 0:
                named = directorates[d]
            else:
                named = sub_offices[d][(i // (2 * DASHBOARD_DIRECTORATE)) % SUB_OFFICES]
            rows.append((programme(i, named, d), False))
        i = programmes
        for _username, s, count, computed in DASHBOARD_READERS:
            for _ in range(count):
                named = sub_offices[DASHBOARD_DIRECTORATE][s]
                rows.append((programme(i, named, DASHBOARD_DIRECTORATE), computed))
                i += 1

        today = timezone.localdate()
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            created = Programme.objects.bulk_create([p for p, _computed in chunk])
            ProgrammeObjective.objects.bulk_create(
                ProgrammeObjective(
                    programme=p,
                    title="Deployments" if computed else "Personnel trained",
                    indicator="Deployments" if computed else "Personnel trained",
                    target=Decimal(10),
                    current=Decimal(p.pk % 10),
                    source="advisory.deployments" if computed else "",
                )
                for p, (_p, computed) in zip(created, chunk, strict=True)
            )
            ProgrammeMilestone.objects.bulk_create(
                milestone
                for p in created
                for milestone in (
                    ProgrammeMilestone(
                        programme=p,
                        title="First course",
                        due_on=today - timedelta(days=30),
                        completed_on=today - timedelta(days=40) if p.pk % 3 else None,
                        evidence="Course report." if p.pk % 3 else "",
                    ),
                    ProgrammeMilestone(
                        programme=p, title="Second course", due_on=today + timedelta(days=90)
                    ),
                )
            )
            progress("programmes", start + len(chunk), len(rows))

        readers = {}
        for username, organisation_of in (
            (LIST_READER, sub_offices[3][0]),
            *((r[0], sub_offices[DASHBOARD_DIRECTORATE][r[1]]) for r in DASHBOARD_READERS),
        ):
            user = User.objects.create_user(username, password="x")
            Membership.objects.create(user=user, organisation=organisation_of, role=Role.VIEWER)
            readers[username] = organisation_of
    return readers


def reader(username: str) -> Any:
    """A fresh user object, as each request gets (memberships not yet cached)."""
    from tadrib.accounts.models import User

    return User.objects.get(username=username)


def bench_list(username: str, total: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from tadrib.agreements.models import Programme
    from tadrib.agreements.selectors import programmes_for
    from tadrib.core.access import grants
    from tadrib.core.models import ancestor_ids

    user = reader(username)
    (grant,) = grants(user)  # loaded once, as once per request; both sides use it
    above = ancestor_ids(grant.path)
    today = timezone.localdate()

    def orm_page(size: int = 25) -> list[Programme]:
        queryset = programmes_for(user).order_by("code")
        queryset.count()
        return list(queryset[:size])

    marks = ",".join(["%s"] * len(above))
    where = (
        f"o.path LIKE %s OR h.path LIKE %s OR p.host_organisation_id IN ({marks}) "
        f"OR q.path LIKE %s OR p.partner_organisation_id IN ({marks})"
    )
    where_params = [grant.path + "%", grant.path + "%", *above, grant.path + "%", *above]
    joins = (
        "FROM agreements_programme p "
        "JOIN organisations_organisation o ON o.id = p.owner_id "
        "JOIN organisations_organisation h ON h.id = p.host_organisation_id "
        "JOIN organisations_organisation q ON q.id = p.partner_organisation_id "
    )
    sql_ids = f"SELECT p.id {joins} WHERE {where}"
    sql_count = f"SELECT COUNT(*) {joins} WHERE {where}"
    sql_page = (
        "SELECT p.*, o.*, c.*, a.*, h.*, hn.*, q.*, qn.*, "
        "(SELECT COUNT(*) FROM agreements_programmemilestone m WHERE m.programme_id = p.id "
        "AND m.completed_on IS NULL AND m.due_on < %s) AS overdue_count "
        f"{joins}"
        "JOIN agreements_clause c ON c.id = p.clause_id "
        "JOIN agreements_agreement a ON a.id = c.agreement_id "
        "JOIN organisations_nation hn ON hn.id = h.nation_id "
        "JOIN organisations_nation qn ON qn.id = q.nation_id "
        f"WHERE {where} ORDER BY p.code LIMIT 25"
    )

    def bare_page() -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql_count, where_params)
            cursor.fetchone()
            cursor.execute(sql_page, [today, *where_params])
            return cursor.fetchall()

    with connection.cursor() as cursor:
        cursor.execute(sql_ids, where_params)
        bare_ids = {row[0] for row in cursor.fetchall()}
    orm_ids = set(programmes_for(user).values_list("pk", flat=True))
    assert orm_ids == bare_ids, (len(orm_ids), len(bare_ids))
    assert [p.pk for p in orm_page()] == [row[0] for row in bare_page()]
    with CaptureQueriesContext(connection) as q25:
        orm_page(25)
    with CaptureQueriesContext(connection) as q100:
        orm_page(100)
    orm_ms, bare_ms = timed(orm_page, repeat=11), timed(bare_page, repeat=11)
    return {
        "visible": len(orm_ids),
        "share": len(orm_ids) / total,
        "orm_ms": orm_ms,
        "bare_ms": bare_ms,
        "ratio": orm_ms / bare_ms,
        "queries_25": len(q25.captured_queries),
        "queries_100": len(q100.captured_queries),
        "sql": q25.captured_queries,
    }


def bench_dashboard(small: str, large: str) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tadrib.agreements.selectors import dashboard

    result: dict[str, Any] = {}
    for label, username in (("small", small), ("large", large)):
        with CaptureQueriesContext(connection) as queries:
            board = dashboard(reader(username))
        result[f"programmes_{label}"] = board["programme_total"]
        # reader() itself is one query: not the dashboard's.
        result[f"queries_{label}"] = len(queries.captured_queries) - 1
        result[f"ms_{label}"] = timed(lambda u=username: dashboard(reader(u)), repeat=5)
        result[f"sql_{label}"] = [q["sql"] for q in queries.captured_queries[1:]]
    return result


def repeated(statements: list[str]) -> str:
    """The statement run most often, shortened: where extra queries come from."""
    shape, times = Counter(s.split(" WHERE ")[0][:90] for s in statements).most_common(1)[0]
    return f"{times}x {shape}…"


def explain(sql: str) -> str:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        return "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--programmes", type=int, default=20_000)
    parser.add_argument(
        "--explain", action="store_true", help="print the plans of the list page's queries"
    )
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    build(args.programmes)
    if connection.vendor == "postgresql":
        # Statistics, as autovacuum would gather them after a bulk load.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    listing = bench_list(LIST_READER, args.programmes)
    typed = bench_dashboard(DASHBOARD_READERS[0][0], DASHBOARD_READERS[1][0])
    computed = bench_dashboard(DASHBOARD_READERS[2][0], DASHBOARD_READERS[3][0])

    ok_list = listing["ratio"] <= 3 and listing["queries_25"] == listing["queries_100"]
    print(f"database: {connection.vendor}, programmes: {args.programmes}")
    print(
        f"list page (shared, {listing['visible']} visible = {listing['share']:.1%}): "
        f"ORM {listing['orm_ms']:.2f} ms, bare SQL {listing['bare_ms']:.2f} ms, "
        f"ratio {listing['ratio']:.2f}x (target <= 3x); queries {listing['queries_25']} at 25 rows, "
        f"{listing['queries_100']} at 100 -> {'PASS' if ok_list else 'FAIL'}"
    )
    oks = [ok_list]
    for label, board in (("typed-in objectives", typed), ("computed objectives", computed)):
        ok = board["queries_small"] == board["queries_large"]
        oks.append(ok)
        line = (
            f"dashboard ({label}): {board['programmes_small']} programmes "
            f"{board['queries_small']} queries {board['ms_small']:.1f} ms, "
            f"{board['programmes_large']} programmes {board['queries_large']} queries "
            f"{board['ms_large']:.1f} ms (target: equal) -> {'PASS' if ok else 'FAIL'}"
        )
        if not ok:
            line += f"; most repeated: {repeated(board['sql_large'])}"
        print(line)
    if args.explain:
        for query in listing["sql"]:
            if query["sql"].startswith("SELECT"):
                print(f"\n{query['sql']}\n{explain(query['sql'])}")
    return 0 if all(oks) else 1


if __name__ == "__main__":
    sys.exit(main())
