"""Benchmark: reading training records across nations, and offering seats.

Run: ``make bench`` or ``.venv/bin/python bench/training.py [--nominations 100000]
[--offers 200] [--explain]`` (SQLite in a scratch file by default; set
DATABASE_URL=postgres://…/tadrib_bench_training for PostgreSQL: that database
is dropped and re-created); both are ANALYZEd after the load.

Data (bulk-created, except the offers, which go through the service): a host
nation (TR) whose ministry has 40 institutions; a partner nation (SY) whose
ministry has a training directorate (which nominates, with five sub-offices
under it) and 40 battalions; a third nation (JO) with a ministry, a training
directorate, 5 battalions and 10 institutions of its own. Agreements of two
clauses each, one programme per clause: three between the TR and SY
ministries (6 programmes), one between the TR and JO ministries (a programme
hosted by TR for JO, one hosted by JO for TR). 2,000 courses (1,600 at TR
institutions, 400 at JO's), 4 sessions each (capacity 30; every other TR
session sets 12 seats aside for SY and 4 for JO); nominations (100,000 by
default) of N/2 people (4 in 5 SY, owned by SY's training directorate; 1 in 5
JO, owned by JO's), each person nominated to two TR courses, spread evenly over
the 20 statuses.

Readers:
(a) a registrar at one TR institution: reads the nominations to its courses
    from eligibility on (``HOST_VISIBLE``), under 3% of them, none of which it owns;
(b) a viewer at SY's training directorate: owns 4 nominations in 5;
(c) a viewer at an SY sub-office: owns nothing, reads the TR catalogue (80% of
    the courses) only through the programmes between the ministries above it.

Measured side by side, in one process, on the same data:

1. The nominations list page as the UI and API build it
   (``nominations_for(user)``: count + first 25 rows in the model's order,
   joins declared) against a hand-written count and page: for (a), nominations
   joined to course and institution, ``institution.path LIKE 'subtree%' AND
   status IN (…)``; for (b), ``owner.path LIKE 'subtree%'``. Both sides must give
   the same ids. Target: within 3× of bare SQL, the same number of queries at
   page sizes 25 and 100.
2. The course catalogue page for (c) (``courses_for(user)``: count + first 25 by
   code) against a hand-written query (``institution.nation_id IN`` the host
   nations of the programmes naming the sub-office or an organisation above
   it). Same ids; target within 3×, same number of queries at 25 and 100.
3. ``services.offer_seat()`` on approved nominations, each in its own
   transaction, by a registrar of the host ministry, against the platform's
   standard audited write of the same change (read the row, set status and
   session, ``core.services.save_audited``: validation, save, audit entry).
   Target: within 3×. What the offer adds on purpose: it locks the session row
   and counts its seats under that lock (capacity, the nation's quota, seats
   set aside for others), checks that the person is not away on another course
   at those dates, locks the nomination and checks the host's side. Also
   reported: a bare ``UPDATE … SET status='offered', session_id=…`` of one row
   (the floor, no validation or audit), the statements of one offer, and
   offers per second on one connection (offers serialise at the session lock
   and the audit head).

``--explain`` prints the plans of the list pages' queries, the ORM's and the
hand-written ones (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from common import progress, setup_django, timed

HOST_INSTITUTIONS = 40
THIRD_INSTITUTIONS = 10
PARTNER_BATTALIONS = 40
THIRD_BATTALIONS = 5
SUB_OFFICES = 5
COURSES = 2000
SESSIONS_PER_COURSE = 4
CAPACITY = 30
QUOTA_SY, QUOTA_JO = 12, 4
BATCH = 5000

HOST_REGISTRAR = "bench-host-registrar"  # (a)
PARTNER_DIRECTORATE_VIEWER = "bench-partner-directorate"  # (b)
PARTNER_SUB_OFFICE_VIEWER = "bench-partner-sub-office"  # (c)
OFFER_ACTOR = "bench-host-registry"  # registrar at the host ministry


def build(nominations: int) -> None:
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from tadrib.accounts.models import Membership, User
    from tadrib.agreements.models import Agreement, AgreementParty, Clause, Programme
    from tadrib.core.choices import Role
    from tadrib.organisations.models import Nation, Organisation
    from tadrib.people.models import Person, Rank
    from tadrib.training.choices import (
        HOST_VISIBLE,
        SEAT_HOLDING,
        CourseLevel,
        NominationStatus,
        TrainingArea,
    )
    from tadrib.training.models import Course, Nomination, Session, SessionQuota

    N = NominationStatus
    rng = random.Random(2026)  # the same data on every run and database
    call_command("migrate", verbosity=0)

    def org(nation: Any, parent: Any, kind: str, code: str, **extra: Any) -> Organisation:
        return Organisation.objects.create(
            nation=nation, parent=parent, kind=kind, code=code, name_en=code, **extra
        )

    with transaction.atomic():
        tr = Nation.objects.create(iso_code="TR", name_en="Türkiye", role="host")
        sy = Nation.objects.create(iso_code="SY", name_en="Syria", role="partner")
        jo = Nation.objects.create(iso_code="JO", name_en="Jordan", role="both")
        kinds = ("academy", "training_centre", "facility")
        tr_ministry = org(tr, None, "ministry", "TR-MND")
        tr_institutions = [
            org(tr, tr_ministry, kinds[i % 3], f"TR-I{i:02d}") for i in range(HOST_INSTITUTIONS)
        ]
        sy_ministry = org(sy, None, "ministry", "SY-MOD")
        sy_directorate = org(sy, sy_ministry, "directorate", "SY-TRG")
        sy_sub_offices = [
            org(sy, sy_directorate, "office", f"SY-TRG-S{s}") for s in range(SUB_OFFICES)
        ]
        sy_units = [
            org(sy, sy_ministry, "unit", f"SY-BN{b:02d}", echelon="battalion")
            for b in range(PARTNER_BATTALIONS)
        ]
        jo_ministry = org(jo, None, "ministry", "JO-MOD")
        jo_directorate = org(jo, jo_ministry, "directorate", "JO-TRG")
        jo_units = [
            org(jo, jo_ministry, "unit", f"JO-BN{b}", echelon="battalion")
            for b in range(THIRD_BATTALIONS)
        ]
        jo_institutions = [
            org(jo, jo_ministry, kinds[i % 3], f"JO-I{i}") for i in range(THIRD_INSTITUTIONS)
        ]
        progress("organisations", 1, 1)

        def agreement_programmes(
            a: int, partner_ministry: Any, hosts: list[tuple[Any, Any]]
        ) -> list[Programme]:
            agreement = Agreement.objects.create(
                owner=tr_ministry, reference=f"AGR-{a}", kind="memorandum", name_en=f"MoU {a}"
            )
            AgreementParty.objects.create(
                agreement=agreement, organisation=tr_ministry, role="host"
            )
            AgreementParty.objects.create(
                agreement=agreement, organisation=partner_ministry, role="partner"
            )
            created = []
            for n, (host, partner) in enumerate(hosts):
                clause = Clause.objects.create(
                    agreement=agreement, number=str(n + 1), areas=["demining"]
                )
                created.append(
                    Programme.objects.create(
                        code=f"P-{a}-{n + 1}",
                        name_en=f"Programme {a}.{n + 1}",
                        owner=host,
                        clause=clause,
                        host_organisation=host,
                        partner_organisation=partner,
                        starts_on=date(2026, 1, 1),
                        status="active",
                    )
                )
            return created

        tr_sy = [
            p
            for a in range(3)
            for p in agreement_programmes(
                a, sy_ministry, [(tr_ministry, sy_ministry), (tr_ministry, sy_ministry)]
            )
        ]
        _tr_jo, jo_tr = agreement_programmes(
            3, jo_ministry, [(tr_ministry, jo_ministry), (jo_ministry, tr_ministry)]
        )

        ranks = {
            nation.pk: Rank.objects.bulk_create(
                Rank(nation=nation, code=f"R{o}", nato_code=nato, order=o, name_en=nato)
                for o, nato in enumerate(("OR-3", "OR-6", "OF-1", "OF-2", "OF-3", "OF-4"))
            )
            for nation in (sy, jo)
        }

        areas, levels = TrainingArea.values, CourseLevel.values
        courses = Course.objects.bulk_create(
            Course(
                institution=(
                    jo_institutions[c % THIRD_INSTITUTIONS]
                    if c % 5 == 4
                    else tr_institutions[c % HOST_INSTITUTIONS]
                ),
                code=f"C{c:05d}",
                name_en=f"Course {c}",
                area=areas[c % len(areas)],
                level=levels[c % len(levels)],
                language=("tr", "en", "ar")[c % 3],
                duration_days=10 + c % 80,
            )
            for c in range(COURSES)
        )
        progress("courses", COURSES, COURSES)
        sessions_of: dict[int, list[int]] = {}
        rows = []
        for c, course in enumerate(courses):
            for s in range(SESSIONS_PER_COURSE):
                starts = date(2026, 1, 5) + timedelta(days=(c * 37 + s * 91) % 900)
                rows.append(
                    Session(
                        course=course,
                        programme=jo_tr if c % 5 == 4 else tr_sy[c % len(tr_sy)],
                        code=f"S{s + 1}",
                        starts_on=starts,
                        ends_on=starts + timedelta(days=course.duration_days - 1),
                        capacity=CAPACITY,
                        status=rng.choices(
                            ("open", "planned", "running", "completed", "cancelled"),
                            (70, 10, 10, 5, 5),
                        )[0],
                    )
                )
        for start in range(0, len(rows), BATCH):
            for session in Session.objects.bulk_create(rows[start : start + BATCH]):
                sessions_of.setdefault(session.course_id, []).append(session.pk)
            progress("sessions", min(start + BATCH, len(rows)), len(rows))
        SessionQuota.objects.bulk_create(
            quota
            for session in rows[::2]
            if session.course.institution.nation_id == tr.pk
            for quota in (
                SessionQuota(session=session, nation=sy, seats=QUOTA_SY),
                SessionQuota(session=session, nation=jo, seats=QUOTA_JO),
            )
        )

        people = max(1, nominations // 2)
        person_ids: list[tuple[int, int]] = []  # (pk, nation id) by index
        for start in range(0, people, BATCH):
            batch = []
            for p in range(start, min(start + BATCH, people)):
                nation, units = (jo, jo_units) if p % 5 == 0 else (sy, sy_units)
                batch.append(
                    Person(
                        nation=nation,
                        service_number=f"{nation.iso_code}-{p:07d}",
                        given_names="أحمد",
                        family_name=f"العلي{p % 997}",
                        given_names_latin="Ahmad",
                        family_name_latin=f"al-Ali{p % 997:03d}",
                        date_of_birth=date(1985, 1, 1) + timedelta(days=p % 5000),
                        category="officer",
                        rank=ranks[nation.pk][p % 6],
                        unit=units[p % len(units)],
                    )
                )
            person_ids += [(x.pk, x.nation_id) for x in Person.objects.bulk_create(batch)]
            progress("people", len(person_ids), people)

        tr_courses = [c for c in courses if c.institution.nation_id == tr.pk]
        statuses = list(N)
        checked = [
            {"rule": rule, "ok": True, "code": code, "params": {}}
            for rule, code in (
                ("rank", "rank_any"),
                ("prerequisites", "prerequisites_none"),
                ("language", "language_none"),
                ("medical", "medical_valid"),
                ("availability", "available_no_dates"),
            )
        ]
        vetted = HOST_VISIBLE - {N.ELIGIBLE}
        with_session = SEAT_HOLDING | {N.WAITLISTED, N.DECLINED, N.WITHDRAWN}
        owners = {sy.pk: sy_directorate, jo.pk: jo_directorate}
        now = timezone.now()
        for start in range(0, nominations, BATCH):
            batch_n = []
            for i in range(start, min(start + BATCH, nominations)):
                p, k = i % people, i // people
                person_id, nation_id = person_ids[p]
                course = tr_courses[(p * 13 + k * 997) % len(tr_courses)]
                status = rng.choice(statuses)
                batch_n.append(
                    Nomination(
                        owner=owners[nation_id],
                        person_id=person_id,
                        course=course,
                        session_id=(
                            rng.choice(sessions_of[course.pk]) if status in with_session else None
                        ),
                        priority=rng.randint(1, 100),
                        status=status,
                        eligibility=checked if status in HOST_VISIBLE else [],
                        status_changed_at=now,
                        medical_cleared_on=date(2026, 1, 1),
                        passport_number=f"P{i:08d}",
                        passport_expires_on=date(2032, 1, 1),
                        vetted_at=now if status in vetted else None,
                        vetting_reason="No adverse information." if status in vetted else "",
                        final_grade=Decimal("75.50") if status in (N.COMPLETED, N.FAILED) else None,
                    )
                )
            Nomination.objects.bulk_create(batch_n)
            progress("nominations", start + len(batch_n), nominations)

        for username, organisation, role in (
            (HOST_REGISTRAR, tr_institutions[0], Role.REGISTRAR),
            (PARTNER_DIRECTORATE_VIEWER, sy_directorate, Role.VIEWER),
            (PARTNER_SUB_OFFICE_VIEWER, sy_sub_offices[0], Role.VIEWER),
            (OFFER_ACTOR, tr_ministry, Role.REGISTRAR),
        ):
            user = User.objects.create_user(username, password="x")
            Membership.objects.create(user=user, organisation=organisation, role=role)


def reader(username: str) -> Any:
    """A fresh user object with its memberships loaded, as once per request."""
    from tadrib.accounts.models import User
    from tadrib.core.access import grants

    user = User.objects.get(username=username)
    grants(user)
    return user


def compare(orm_page: Any, bare_page: Any, orm_ids: set[int], bare_ids: set[int]) -> dict[str, Any]:
    """Check both sides give the same rows, then time them side by side."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert orm_ids == bare_ids, (len(orm_ids), len(bare_ids))
    assert [x.pk for x in orm_page()] == [row[0] for row in bare_page()]
    with CaptureQueriesContext(connection) as q25:
        orm_page(25)
    with CaptureQueriesContext(connection) as q100:
        orm_page(100)
    orm_ms, bare_ms = timed(orm_page, repeat=11), timed(bare_page, repeat=11)
    return {
        "visible": len(orm_ids),
        "orm_ms": orm_ms,
        "bare_ms": bare_ms,
        "ratio": orm_ms / bare_ms,
        "queries_25": len(q25.captured_queries),
        "queries_100": len(q100.captured_queries),
        "sql": [q["sql"] for q in q25.captured_queries],
    }


NOMINATION_PAGE = (
    "SELECT n.*, o.*, p.*, r.*, pn.*, c.*, i.*, inn.*, s.* FROM training_nomination n "
    "JOIN organisations_organisation o ON o.id = n.owner_id "
    "JOIN people_person p ON p.id = n.person_id "
    "LEFT JOIN people_rank r ON r.id = p.rank_id "
    "JOIN organisations_nation pn ON pn.id = p.nation_id "
    "JOIN training_course c ON c.id = n.course_id "
    "JOIN organisations_organisation i ON i.id = c.institution_id "
    "JOIN organisations_nation inn ON inn.id = i.nation_id "
    "LEFT JOIN training_session s ON s.id = n.session_id "
    "WHERE {where} ORDER BY n.priority DESC, n.id LIMIT 25"
)


def bench_nominations(username: str) -> dict[str, Any]:
    """Measure 1: the nominations list page of ``username``. The hand-written
    side knows what the reader's membership is: the host's institution reads
    its courses' nominations from eligibility on, the owner its subtree's."""
    from django.db import connection

    from tadrib.core.access import grants
    from tadrib.training.choices import HOST_VISIBLE
    from tadrib.training.models import Nomination
    from tadrib.training.selectors import nominations_for

    user = reader(username)
    (grant,) = grants(user)
    if username == HOST_REGISTRAR:
        marks = ",".join(["%s"] * len(HOST_VISIBLE))
        where = f"i.path LIKE %s AND n.status IN ({marks})"
        params = [grant.path + "%", *sorted(HOST_VISIBLE)]
        joins = (
            "FROM training_nomination n JOIN training_course c ON c.id = n.course_id "
            "JOIN organisations_organisation i ON i.id = c.institution_id"
        )
    else:
        where = "o.path LIKE %s"
        params = [grant.path + "%"]
        joins = "FROM training_nomination n JOIN organisations_organisation o ON o.id = n.owner_id"
    sql_count = f"SELECT COUNT(*) {joins} WHERE {where}"
    sql_page = NOMINATION_PAGE.format(where=where)

    def orm_page(size: int = 25) -> list[Nomination]:
        queryset = nominations_for(user)
        queryset.count()
        return list(queryset[:size])

    def bare_page() -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql_count, params)
            cursor.fetchone()
            cursor.execute(sql_page, params)
            return cursor.fetchall()

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT n.id {joins} WHERE {where}", params)
        bare_ids = {row[0] for row in cursor.fetchall()}
    orm_ids = set(nominations_for(user).values_list("pk", flat=True))
    result = compare(orm_page, bare_page, orm_ids, bare_ids)
    result["bare_sql"] = [(sql_count, params), (sql_page, params)]
    return result


def bench_catalogue(username: str) -> dict[str, Any]:
    """Measure 2: the course catalogue page of a partner sub-office."""
    from django.db import connection

    from tadrib.core.access import grants
    from tadrib.core.models import ancestor_ids
    from tadrib.training.models import Course
    from tadrib.training.selectors import courses_for

    user = reader(username)
    (grant,) = grants(user)
    above = ancestor_ids(grant.path)
    marks = ",".join(["%s"] * len(above))
    where = (
        "i.nation_id IN (SELECT h.nation_id FROM agreements_programme p "
        "JOIN organisations_organisation h ON h.id = p.host_organisation_id "
        "JOIN organisations_organisation q ON q.id = p.partner_organisation_id "
        f"WHERE q.path LIKE %s OR p.partner_organisation_id IN ({marks}))"
    )
    params: list[str | int] = [grant.path + "%", *above]
    joins = "FROM training_course c JOIN organisations_organisation i ON i.id = c.institution_id"
    sql_count = f"SELECT COUNT(*) {joins} WHERE {where}"
    sql_page = (
        "SELECT c.*, i.*, n.*, qf.*, lp.* FROM training_course c "
        "JOIN organisations_organisation i ON i.id = c.institution_id "
        "JOIN organisations_nation n ON n.id = i.nation_id "
        "LEFT JOIN people_qualification qf ON qf.id = c.qualification_id "
        "LEFT JOIN training_course lp ON lp.id = c.language_preparation_id "
        f"WHERE {where} ORDER BY c.code LIMIT 25"
    )

    def orm_page(size: int = 25) -> list[Course]:
        queryset = courses_for(user)
        queryset.count()
        return list(queryset[:size])

    def bare_page() -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql_count, params)
            cursor.fetchone()
            cursor.execute(sql_page, params)
            return cursor.fetchall()

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT c.id {joins} WHERE {where}", params)
        bare_ids = {row[0] for row in cursor.fetchall()}
    orm_ids = set(courses_for(user).values_list("pk", flat=True))
    result = compare(orm_page, bare_page, orm_ids, bare_ids)
    result["bare_sql"] = [(sql_count, params), (sql_page, params)]
    return result


def offer_candidates(count: int) -> list[tuple[Any, Any]]:
    """Up to ``count`` approved nominations without a session, each of another
    person (none of them away on training) and offered a different open
    session of its course that has a seat for the person's nation: every
    offer succeeds."""
    from tadrib.training.choices import AWAY, NominationStatus
    from tadrib.training.models import Nomination, Session
    from tadrib.training.services import seats_left

    away = Nomination.objects.filter(status__in=sorted(AWAY)).values("person_id")
    approved = (
        Nomination.objects.filter(status=NominationStatus.APPROVED, session__isnull=True)
        .exclude(person_id__in=away)
        .select_related("person")
        .order_by("pk")
    )
    sessions: dict[int, list[Session]] = {}
    for session in Session.objects.filter(status__in=("open", "planned")).order_by("pk"):
        sessions.setdefault(session.course_id, []).append(session)
    people: set[int] = set()
    used: set[int] = set()
    found: list[tuple[Any, Any]] = []
    for nomination in approved.iterator(chunk_size=2000):
        if len(found) == count:
            break
        if nomination.person_id in people:
            continue
        for session in sessions.get(nomination.course_id, []):
            if session.pk in used or seats_left(session, nomination.person.nation_id) <= 0:
                continue
            found.append((nomination, session))
            people.add(nomination.person_id)
            used.add(session.pk)
            break
    return found


def bench_offers(offers: int) -> dict[str, Any]:
    """Measure 3: offer_seat() against a bare UPDATE, one transaction each
    (and, for the reading, the same UPDATE through the ORM)."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from tadrib.core.services import save_audited
    from tadrib.training import services
    from tadrib.training.models import Nomination

    actor = reader(OFFER_ACTOR)
    # Three runs of ``offers`` plus timed()'s warm-up each, and one whose statements are counted.
    candidates = offer_candidates(3 * (offers + 1) + 1)
    offers = min(offers, (len(candidates) - 1) // 3 - 1)
    if offers < 10:
        raise SystemExit(f"only {len(candidates)} nominations can be offered a seat: more data")
    queues = {
        name: iter(candidates[k * (offers + 1) : (k + 1) * (offers + 1)])
        for k, name in enumerate(("bare", "audited", "service"))
    }
    done = iter(range(1, offers + 2))

    def bare() -> None:
        nomination, session = next(queues["bare"])
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE training_nomination SET status = %s, session_id = %s WHERE id = %s",
                ["offered", session.pk, nomination.pk],
            )

    def audited() -> None:
        # The platform's standard write of the same change: read, validate,
        # save and audit the record (core.services.save_audited).
        nomination, session = next(queues["audited"])
        record = Nomination.objects.get(pk=nomination.pk)
        record.status, record.session = "offered", session
        save_audited(record, actor=None)

    def service() -> None:
        nomination, session = next(queues["service"])
        services.offer_seat(nomination, actor=actor, session=session)
        n = next(done)
        if n % 25 == 0 or n == offers + 1:
            progress("offers", n, offers + 1)

    bare_ms = timed(bare, repeat=offers)
    audited_ms = timed(audited, repeat=offers)
    start = time.perf_counter()
    service_ms = timed(service, repeat=offers)
    elapsed = time.perf_counter() - start
    # Counted once the audit head exists, as in any running system.
    with CaptureQueriesContext(connection) as one:
        nomination, session = candidates[-1]
        services.offer_seat(nomination, actor=actor, session=session)
    used = [n.pk for n, _s in candidates[: 3 * (offers + 1)]] + [nomination.pk]
    offered = Nomination.objects.filter(pk__in=used, status="offered").count()
    assert offered == len(used), (offered, len(used))
    return {
        "offers": offers,
        "bare_ms": bare_ms,
        "audited_ms": audited_ms,
        "service_ms": service_ms,
        "ratio": service_ms / audited_ms,
        "bare_ratio": service_ms / bare_ms,
        "per_second": (offers + 1) / elapsed,
        "statements": len(one.captured_queries),
    }


def explain(sql: str, params: list[Any] | None = None) -> str:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        return "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())


def list_line(label: str, result: dict[str, Any], total: int, ok: bool) -> str:
    return (
        f"{label} ({result['visible']} visible = {result['visible'] / total:.1%}): "
        f"ORM {result['orm_ms']:.2f} ms, bare SQL {result['bare_ms']:.2f} ms, "
        f"ratio {result['ratio']:.2f}x (target <= 3x); queries {result['queries_25']} at 25 rows, "
        f"{result['queries_100']} at 100 -> {'PASS' if ok else 'FAIL'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--nominations", type=int, default=100_000)
    parser.add_argument("--offers", type=int, default=200)
    parser.add_argument(
        "--explain", action="store_true", help="print the plans of the list pages' queries"
    )
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    build(args.nominations)
    # Statistics, as PostgreSQL's autovacuum would gather them after a bulk
    # load (and SQLite's "PRAGMA optimize" at a connection's close).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    progress("measures", 0, 4)
    host = bench_nominations(HOST_REGISTRAR)
    progress("measures", 1, 4)
    owner = bench_nominations(PARTNER_DIRECTORATE_VIEWER)
    progress("measures", 2, 4)
    catalogue = bench_catalogue(PARTNER_SUB_OFFICE_VIEWER)
    progress("measures", 3, 4)
    offers = bench_offers(args.offers)
    progress("measures", 4, 4)

    def list_ok(result: dict[str, Any]) -> bool:
        return result["ratio"] <= 3 and result["queries_25"] == result["queries_100"]

    oks = [list_ok(host), list_ok(owner), list_ok(catalogue), offers["ratio"] <= 3]
    print(
        f"database: {connection.vendor}, nominations: {args.nominations}, courses: {COURSES}, "
        f"sessions: {COURSES * SESSIONS_PER_COURSE}"
    )
    print(list_line("nominations, host registrar", host, args.nominations, oks[0]))
    print(list_line("nominations, owning directorate", owner, args.nominations, oks[1]))
    print(list_line("catalogue, partner sub-office", catalogue, COURSES, oks[2]))
    print(
        f"offer a seat ({offers['offers']} offers): service {offers['service_ms']:.3f} ms "
        f"({offers['statements']} statements), audited save of the same change "
        f"{offers['audited_ms']:.3f} ms, ratio {offers['ratio']:.2f}x (target <= 3x); "
        f"bare UPDATE {offers['bare_ms']:.3f} ms ({offers['bare_ratio']:.0f}x); "
        f"{offers['per_second']:.0f} offers/s -> {'PASS' if oks[3] else 'FAIL'}"
    )
    if args.explain:
        for label, result in (("host", host), ("owner", owner), ("catalogue", catalogue)):
            for sql in result["sql"]:
                if sql.startswith("SELECT"):
                    print(f"\n[{label}, ORM] {sql}\n{explain(sql)}")
            for sql, params in result["bare_sql"]:
                print(f"\n[{label}, bare] {sql}\n{explain(sql, params)}")
    return 0 if all(oks) else 1


if __name__ == "__main__":
    sys.exit(main())
