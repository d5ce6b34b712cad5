"""Benchmark: equipment accounted for item by item, at scale.

Run: ``make bench`` or ``.venv/bin/python bench/equipment.py [--items 100000]
[--explain]`` (SQLite in a scratch file by default; set
DATABASE_URL=postgres://…/tadrib_bench_equipment for PostgreSQL: that database
is dropped and re-created); both are ANALYZEd after the load.

Data (items and custody events written with executemany, or COPY on
PostgreSQL, in batches; the rest bulk-created): an exporter (TR: the
ministry's logistics directorate) and an importer (SY: the ministry, the
General Staff as end user, 4 divisions of 5 brigades of 5 battalions, a
storage site per battalion). One programme; 5 transfers of 20 serial-tracked
item types and a counted one; 10 shipments of 10,000 serialised items each
(500 per type) and 1,000 counted rounds, 8 delivered in 2025 and 2 in 2026;
100,000 items held by the battalions (about 1,000 each: 96% in service, 3%
under repair, 1% lost) and 1,000,000 custody events (dispatch, delivery, moves
between battalions, the last one leaving the item where it is; one item has
200 events, 190 have 9, the others 10). The last shipment's hand-over count
reads its 10,000 serials with 5 left out, 3 misread and 2 unknown extra.

Readers: a logistics officer at the exporter's ministry (who owns every
transfer: the "tr side").

Measured side by side, in one process, on the same data:

1. The item list filtered by custodian unit as the list page and the API build
   it (``selectors.items_for(user)`` through ``ItemFilterSet`` with
   ``custodian=<battalion>``: the filter's choices, count + first 25 rows in
   the model's order with the table's joins) against a hand-written count and
   page (items of the unit whose transfer's exporter lies under the reader's
   path, the same joins). Same ids. Target: within 3× of bare SQL; the same
   number of queries at page sizes 25 and 100. Also the page rendered through
   Django's test client (``/equipment/items/?custodian=…``), with its query
   count at ``per_page`` 25 and 100 (target: equal).
2. An item's history (``selectors.item_history(item)``, count + first 25
   events, the item with 200 events) against the hand-written count and page.
   Target: within 3×; the same number of queries at 25 and 100 rows; and the
   item page through the test client at 25 and 100 history rows (equal).
3. The reconciliation of the 10,000-item shipment
   (``services.reconciliation_of``, from loading the shipment) against a bare
   SQL set difference of the same serials (shipped ``EXCEPT`` read, and read
   ``EXCEPT`` shipped, the read serials taken from the shipment's JSON in SQL).
   Both must find the same serials. Ratio reported; no target.
4. The Arms Trade Treaty report of 2025 exports, actual deliveries
   (``reports.treaty_report``) against a bare SQL ``GROUP BY`` of the same
   figures (delivered items and counted rounds by category, importing state
   and currency, value pro rata of the authorised line). Same figures. Ratio
   reported; no target.

``--explain`` prints the plans of the item list's and the history's queries,
the ORM's and the hand-written ones.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from common import progress, setup_django, timed

DIVISIONS, BRIGADES, BATTALIONS = 4, 5, 5  # brigades per division, battalions per brigade
SERIAL_TYPES = 20
TRANSFERS = 5
SHIPMENT_SIZE = 10_000
BULK_SHIPPED = 1_000
BATCH = 20_000
BUSY_EVENTS, SHORT_ITEMS = 200, 190  # one item's events; items with one event fewer
RECONCILED_MISSING, RECONCILED_MISREAD, RECONCILED_EXTRA = 5, 3, 2
CATEGORIES = ("II", "III", "IV", "VII", "SA-4")
EXPORTER_OFFICER = "bench-exporter-logistics"
# The columns written (every one: the database has no defaults), in row order.
ITEM_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "item_type_id",
    "serial_number",
    "shipment_id",
    "transfer_id",
    "parent_id",
    "status",
    "custodian_id",
    "site_id",
    "arrived_on",
]
EVENT_COLUMNS = [
    "created_at",
    "updated_at",
    "item_id",
    "kind",
    "occurred_at",
    "owner_id",
    "from_unit_id",
    "to_unit_id",
    "from_site_id",
    "to_site_id",
    "status_before",
    "status_after",
    "handed_over_by",
    "taken_over_by",
    "document_reference",
    "consent_reference",
    "note",
]


def build(item_count: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from tadrib.accounts.models import Membership, User
    from tadrib.agreements.models import Agreement, Clause, Programme
    from tadrib.core.choices import Role
    from tadrib.equipment.models import (
        CustodyEvent,
        Item,
        ItemType,
        Shipment,
        ShipmentLine,
        StorageSite,
        Transfer,
        TransferLine,
    )
    from tadrib.organisations.models import Nation, Organisation

    rng = random.Random(2026)  # the same data on every run and database
    call_command("migrate", verbosity=0)
    shipments_count = max(1, item_count // SHIPMENT_SIZE)
    per_type = SHIPMENT_SIZE // SERIAL_TYPES

    def org(nation: Any, parent: Any, kind: str, code: str, **extra: Any) -> Organisation:
        return Organisation.objects.create(
            nation=nation, parent=parent, kind=kind, code=code, name_en=code, **extra
        )

    with transaction.atomic():
        tr = Nation.objects.create(iso_code="TR", name_en="Türkiye", role="host")
        sy = Nation.objects.create(iso_code="SY", name_en="Syria", role="partner")
        tr_ministry = org(tr, None, "ministry", "TR-MND")
        exporter = org(tr, tr_ministry, "directorate", "TR-MND-LOG")
        sy_ministry = org(sy, None, "ministry", "SY-MOD")
        staff = org(sy, sy_ministry, "command", "SY-GS")
        battalions: list[Organisation] = []
        for d in range(DIVISIONS):
            division = org(sy, staff, "unit", f"SY-DIV-{d}", echelon="division")
            for b in range(BRIGADES):
                brigade = org(sy, division, "unit", f"SY-BDE-{d}{b}", echelon="brigade")
                battalions += [
                    org(sy, brigade, "unit", f"SY-BN-{d}{b}{n}", echelon="battalion")
                    for n in range(BATTALIONS)
                ]
        progress("organisations", 1, 1)
        sites = StorageSite.objects.bulk_create(
            StorageSite(
                organisation=unit,
                code=f"DEP-{unit.code}",
                name=f"Depot of {unit.code}",
                certified_on=date(2025, 6, 1),
                certification_expires_on=date(2030, 5, 31),
            )
            for unit in battalions
        )
        site_of = {site.organisation_id: site.pk for site in sites}
        agreement = Agreement.objects.create(
            owner=tr_ministry, reference="EQP", kind="contract", name_en="Equipment supply"
        )
        clause = Clause.objects.create(agreement=agreement, number="1", areas=["equipment_supply"])
        programme = Programme.objects.create(
            code="PRG-EQP",
            name_en="Equipment supply",
            owner=tr_ministry,
            clause=clause,
            host_organisation=tr_ministry,
            partner_organisation=sy_ministry,
            starts_on=date(2025, 1, 1),
            status="active",
        )
        types = ItemType.objects.bulk_create(
            ItemType(
                code=f"T{t:02d}",
                name_en=f"Type {t}",
                model=f"Model {t}",
                category=CATEGORIES[t % len(CATEGORIES)],
                crew_per_system=0 if CATEGORIES[t % len(CATEGORIES)] == "SA-4" else 3,
                maintainers_per_system=0 if CATEGORIES[t % len(CATEGORIES)] == "SA-4" else 1,
            )
            for t in range(SERIAL_TYPES)
        )
        rounds = ItemType.objects.create(
            code="ROUNDS",
            name_en="Mortar rounds",
            model="60 mm",
            category="LW-6",
            serial_tracked=False,
        )
        transfers = [
            Transfer.objects.create(
                programme=programme,
                reference=f"TRF-{n}",
                exporter=exporter,
                importer=sy_ministry,
                end_user=staff,
                authorised_on=date(2025, 3, 1),
                status="authorised",
            )
            for n in range(TRANSFERS)
        ]
        per_transfer = -(-shipments_count // TRANSFERS)  # shipments, rounded up
        lines = {
            (transfer.pk, kind.pk): line
            for transfer in transfers
            for kind, line in zip(
                [*types, rounds],
                TransferLine.objects.bulk_create(
                    TransferLine(
                        transfer=transfer,
                        item_type=kind,
                        quantity=per_transfer * (per_type if kind.serial_tracked else BULK_SHIPPED),
                        value=Decimal(
                            per_transfer
                            * (per_type * (50_000 + 1_000 * t) if kind.serial_tracked else 150_000)
                        ),
                    )
                    for t, kind in enumerate([*types, rounds])
                ),
                strict=True,
            )
        }
        now = timezone.now()
        shipments = []
        for s in range(shipments_count):
            transfer = transfers[s % TRANSFERS]
            delivered = datetime(2025 if s < shipments_count - 2 else 2026, 1 + s % 12, 10, 12)
            delivered = delivered.replace(tzinfo=UTC)
            shipment = Shipment.objects.create(
                transfer=transfer,
                code=f"SH-{s:02d}",
                receiving_unit=staff,
                status="delivered",
                dispatched_on=(delivered - timedelta(days=5)).date(),
                counted_at=delivered,
                exporter_signed_at=delivered,
                importer_signed_at=delivered,
                delivered_at=delivered,
            )
            ShipmentLine.objects.bulk_create(
                ShipmentLine(
                    shipment=shipment,
                    transfer_line=lines[(transfer.pk, kind.pk)],
                    quantity_shipped=per_type if kind.serial_tracked else BULK_SHIPPED,
                    quantity_received=per_type if kind.serial_tracked else BULK_SHIPPED,
                )
                for kind in [*types, rounds]
            )
            shipments.append(shipment)

        # Items: ids given here, so that their events need no read-back.
        first_item = (Item.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        plans: list[tuple[int, str, int, str]] = []  # (custodian, status, events, serial)
        status_of = rng.choices(
            ("in_service", "under_repair", "lost"), (96, 3, 1), k=shipments_count * SHIPMENT_SIZE
        )
        item_rows = []
        for i in range(shipments_count * SHIPMENT_SIZE):
            s, t = divmod(i, SHIPMENT_SIZE)
            kind = types[t % SERIAL_TYPES]
            serial = f"{kind.code}-{s:02d}-{i:07d}"
            custodian = rng.choice(battalions).pk
            events = BUSY_EVENTS if i == 0 else 9 if i <= SHORT_ITEMS else 10
            plans.append((custodian, status_of[i], events, serial))
            shipment = shipments[s]
            item_rows.append(
                (
                    first_item + i,
                    now,
                    now,
                    kind.pk,
                    serial,
                    shipment.pk,
                    shipment.transfer_id,
                    None,
                    status_of[i],
                    custodian,
                    site_of[custodian],
                    shipment.delivered_at.date(),
                )
            )
        insert(Item, ITEM_COLUMNS, item_rows, "items", total=len(item_rows))
        del item_rows
        insert(
            CustodyEvent,
            EVENT_COLUMNS,
            custody_rows(plans, first_item, shipments, (exporter.pk, staff.pk), site_of, now, rng),
            "custody events",
            total=sum(plan[2] for plan in plans),
        )
        reconciled = shipments[-1]  # its items are the last SHIPMENT_SIZE
        shipped = [
            (types[i % SERIAL_TYPES].code, plans[i][3])
            for i in range(len(plans) - SHIPMENT_SIZE, len(plans))
        ]
        reconciled.received_serials = received(shipped)
        reconciled.save(update_fields=["received_serials"])
        user = User.objects.create_user(EXPORTER_OFFICER, password="x")
        Membership.objects.create(user=user, organisation=tr_ministry, role=Role.LOGISTICS_OFFICER)
        if connection.vendor == "postgresql":
            from django.core.management.color import no_style

            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [Item, CustodyEvent]):
                    cursor.execute(sql)


def received(shipped: list[tuple[str, str]]) -> list[dict[str, str]]:
    """The hand-over count of a shipment: every serial read, except a few
    left out, a few misread (a digit changed) and a few unknown extra."""
    rows = [{"item_type": code, "serial": serial} for code, serial in shipped]
    left_out = rows[10 : 10 + RECONCILED_MISSING]
    for row in rows[100 : 100 + RECONCILED_MISREAD]:
        row["serial"] = row["serial"][:-1] + "X"
    extra = [
        {"item_type": shipped[0][0], "serial": f"UNKNOWN-{n}"} for n in range(RECONCILED_EXTRA)
    ]
    return [row for row in rows if row not in left_out] + extra


def custody_rows(
    plans: list[tuple[int, str, int, str]],
    first_item: int,
    shipments: list[Any],
    sides: tuple[int, int],
    site_of: dict[int, int],
    now: datetime,
    rng: random.Random,
) -> Iterator[tuple[Any, ...]]:
    """Each item's trail: dispatched by the exporter, delivered to the
    General Staff, then moved between battalions, the last move (or repair,
    or loss) leaving it as the item row says."""
    exporter, staff = sides
    units = list(site_of)
    for i, (custodian, status, events, _serial) in enumerate(plans):
        item = first_item + i
        delivered = shipments[i // SHIPMENT_SIZE].delivered_at
        yield (
            now, now, item, "dispatch", delivered - timedelta(days=5), exporter,
            None, None, None, None, "prepared", "in_transit", "", "", "", "", "",
        )  # fmt: skip
        yield (
            now, now, item, "delivery", delivered, staff,
            None, staff, None, None, "in_transit", "in_service", "", "", "", "", "",
        )  # fmt: skip
        holder, at = staff, delivered
        for step in range(events - 2):
            left = events - 3 - step  # steps after this one
            kind, after = "move", "in_service"
            to_unit: int | None = rng.choice(units)
            if left == 0 and status == "under_repair":
                kind, after, to_unit = "repair", "under_repair", holder
            elif left == 0 and status == "lost":
                kind, after, to_unit = "loss", "lost", None
            elif left == 0 or (left == 1 and status != "in_service"):
                to_unit = custodian
            at += timedelta(days=3)
            yield (
                now, now, item, kind, at, to_unit or holder,
                holder, to_unit, site_of.get(holder), site_of.get(to_unit or 0), "in_service",
                after, "", "", f"HR-{i}-{step}", "", "",
            )  # fmt: skip
            holder = to_unit or holder


def insert(
    model: Any,
    columns: list[str],
    rows: Iterable[tuple[Any, ...]],
    label: str,
    *,
    total: int,
) -> None:
    """Write rows in batches: executemany on SQLite, COPY on PostgreSQL
    (values adapted as Django would; every column is named)."""
    from django.db import connection

    fields = {f.attname: f for f in model._meta.concrete_fields}
    missing = set(fields) - set(columns) - {"id"}
    assert not missing, f"{model.__name__}: columns not written: {missing}"
    table = model._meta.db_table
    names = ", ".join(fields[c].column for c in columns)
    adapt: list[Callable[[Any], Any] | None] = []
    for column in columns:
        kind = fields[column].get_internal_type()
        if kind == "DateTimeField":
            adapt.append(connection.ops.adapt_datetimefield_value)
        elif kind == "DateField":
            adapt.append(connection.ops.adapt_datefield_value)
        else:
            adapt.append(None)
    cache: dict[Any, Any] = {}

    def adapted(row: tuple[Any, ...]) -> tuple[Any, ...]:
        values = list(row)
        for n, fn in enumerate(adapt):
            if fn is not None and values[n] is not None:
                key = values[n]
                if key not in cache:
                    cache[key] = fn(key)
                values[n] = cache[key]
        return tuple(values)

    done = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    done += 1
                    if done % BATCH == 0 or done == total:
                        progress(label, done, total)
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(adapted(row))
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                done += len(batch)
                progress(label, done, total)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            progress(label, done + len(batch), total)


def reader(username: str) -> Any:
    """A fresh user object with its memberships loaded, as once per request."""
    from tadrib.accounts.models import User
    from tadrib.core.access import grants

    user = User.objects.get(username=username)
    grants(user)
    return user


def fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def counted(fn: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        fn()
    return len(queries.captured_queries)


def side_by_side(
    first: Callable[[], object], second: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Median wall times in ms of two functions run in turn (after a warm-up
    of each), so that a change in the machine's load weighs on both alike."""
    first(), second()
    samples: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for fn, kept in ((first, samples[0]), (second, samples[1])):
            start = time.perf_counter()
            fn()
            kept.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples[0]), statistics.median(samples[1])


def compare(
    orm_page: Callable[..., list[Any]], bare_page: Callable[[], list[tuple[Any, ...]]]
) -> dict[str, Any]:
    """Check both sides give the same page, then time them side by side."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert [x.pk for x in orm_page()] == [row[0] for row in bare_page()]
    with CaptureQueriesContext(connection) as q25:
        orm_page(25)
    queries_100 = counted(lambda: orm_page(100))
    orm_ms, bare_ms = side_by_side(orm_page, bare_page, repeat=31)
    return {
        "orm_ms": orm_ms,
        "bare_ms": bare_ms,
        "ratio": orm_ms / bare_ms,
        "queries_25": len(q25.captured_queries),
        "queries_100": queries_100,
        "sql": [q["sql"] for q in q25.captured_queries],
    }


class Pages:
    """The pages themselves, through Django's test client, signed in."""

    def __init__(self, user: Any) -> None:
        from django.conf import settings
        from django.test import Client

        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        self.client = Client()
        self.client.force_login(user)

    def measure(self, url: str, per_page: str) -> dict[str, Any]:
        def get(size: int = 25) -> None:
            response = self.client.get(url, {per_page: size})
            assert response.status_code == 200, (url, response.status_code)

        return {
            "ms": timed(get, repeat=7),
            "queries_25": counted(lambda: get(25)),
            "queries_100": counted(lambda: get(100)),
        }


ITEM_PAGE = (
    "SELECT i.*, it.*, t.*, c.*, s.* FROM equipment_item i "
    "JOIN equipment_itemtype it ON it.id = i.item_type_id "
    "JOIN equipment_transfer t ON t.id = i.transfer_id "
    "JOIN organisations_organisation x ON x.id = t.exporter_id "
    "LEFT JOIN organisations_organisation c ON c.id = i.custodian_id "
    "LEFT JOIN equipment_storagesite s ON s.id = i.site_id "
    "WHERE {where} ORDER BY it.code, i.serial_number LIMIT 25"
)


def bench_item_list(user: Any, unit: Any) -> dict[str, Any]:
    """Measure 1: the item list filtered by a battalion, for the exporter's
    officer. The hand-written side knows the reader owns transfers by the
    exporter's path."""
    from django.test import RequestFactory

    from tadrib.core.access import grants
    from tadrib.equipment import selectors
    from tadrib.equipment.filtersets import ItemFilterSet
    from tadrib.equipment.models import Item

    (grant,) = grants(user)
    where = "i.custodian_id = %s AND x.path LIKE %s"
    params = [unit.pk, grant.path + "%"]
    joins = (
        "FROM equipment_item i JOIN equipment_transfer t ON t.id = i.transfer_id "
        "JOIN organisations_organisation x ON x.id = t.exporter_id"
    )
    sql_count = f"SELECT COUNT(*) {joins} WHERE {where}"
    sql_page = ITEM_PAGE.format(where=where)
    request = RequestFactory().get("/equipment/items/", {"custodian": unit.pk})
    request.user = user

    def rows() -> Any:
        filterset = ItemFilterSet(
            {"custodian": str(unit.pk)}, queryset=selectors.items_for(user), request=request
        )
        assert filterset.is_valid(), filterset.errors
        return filterset.qs

    def orm_page(size: int = 25) -> list[Item]:
        queryset = rows()
        queryset.count()
        return list(queryset[:size])

    def bare_page() -> list[tuple[Any, ...]]:
        fetch(sql_count, params)
        return fetch(sql_page, params)

    bare_ids = {row[0] for row in fetch(f"SELECT i.id {joins} WHERE {where}", params)}
    orm_ids = set(rows().values_list("pk", flat=True))
    assert orm_ids == bare_ids, (len(orm_ids), len(bare_ids))
    result = compare(orm_page, bare_page)
    result["filter_ms"] = timed(rows, repeat=31)
    result["filter_queries"] = counted(rows)
    result["visible"] = len(orm_ids)
    result["bare_sql"] = [(sql_count, params), (sql_page, params)]
    return result


def bench_history(item: Any) -> dict[str, Any]:
    """Measure 2: one item's custody events, newest first."""
    from tadrib.equipment import selectors
    from tadrib.equipment.models import CustodyEvent

    params = [item.pk]
    sql_count = "SELECT COUNT(*) FROM equipment_custodyevent e WHERE e.item_id = %s"
    sql_page = (
        "SELECT e.*, fu.*, tu.*, fs.*, ts.* FROM equipment_custodyevent e "
        "LEFT JOIN organisations_organisation fu ON fu.id = e.from_unit_id "
        "LEFT JOIN organisations_organisation tu ON tu.id = e.to_unit_id "
        "LEFT JOIN equipment_storagesite fs ON fs.id = e.from_site_id "
        "LEFT JOIN equipment_storagesite ts ON ts.id = e.to_site_id "
        "WHERE e.item_id = %s ORDER BY e.occurred_at DESC, e.id DESC LIMIT 25"
    )

    def orm_page(size: int = 25) -> list[CustodyEvent]:
        queryset = selectors.item_history(item)
        queryset.count()
        return list(queryset[:size])

    def bare_page() -> list[tuple[Any, ...]]:
        fetch(sql_count, params)
        return fetch(sql_page, params)

    result = compare(orm_page, bare_page)
    result["visible"] = fetch(sql_count, params)[0][0]
    result["bare_sql"] = [(sql_count, params), (sql_page, params)]
    return result


def bench_reconciliation(shipment_id: int) -> dict[str, Any]:
    """Measure 3: the 10,000-item shipment's reconciliation against SQL set
    differences of the serials shipped and read."""
    from django.db import connection

    from tadrib.equipment import services
    from tadrib.equipment.models import Shipment

    if connection.vendor == "postgresql":
        read = (
            "SELECT e.value->>'item_type', e.value->>'serial' FROM equipment_shipment s, "
            "jsonb_array_elements(s.received_serials) e WHERE s.id = %s"
        )
    else:
        read = (
            "SELECT json_extract(e.value, '$.item_type'), json_extract(e.value, '$.serial') "
            "FROM equipment_shipment s, json_each(s.received_serials) e WHERE s.id = %s"
        )
    shipped = (
        "SELECT it.code, i.serial_number FROM equipment_item i "
        "JOIN equipment_itemtype it ON it.id = i.item_type_id WHERE i.shipment_id = %s"
    )
    missing_sql = f"{shipped} EXCEPT {read}"
    unexpected_sql = f"{read} EXCEPT {shipped}"
    params = [shipment_id, shipment_id]

    def orm() -> Any:
        return services.reconciliation_of(Shipment.objects.get(pk=shipment_id))

    def bare() -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
        return set(fetch(missing_sql, params)), set(fetch(unexpected_sql, params))

    result = orm()
    missing, unexpected = bare()
    kinds = result.types.values()
    assert {(k.item_type, s) for k in kinds for s in k.missing} | {
        (k.item_type, e) for k in kinds for e, _r in k.wrong
    } == missing
    assert {(k.item_type, s) for k in kinds for s in k.unexpected} | {
        (k.item_type, r) for k in kinds for _e, r in k.wrong
    } == unexpected
    orm_ms, bare_ms = side_by_side(orm, bare, repeat=7)
    return {
        "orm_ms": orm_ms,
        "bare_ms": bare_ms,
        "ratio": orm_ms / bare_ms,
        "matched": result.matched,
        "differences": result.difference_count,
        "queries": counted(orm),
    }


def bench_treaty(user: Any, year: int) -> dict[str, Any]:
    """Measure 4: the treaty report of the year's exports, actual deliveries,
    against a GROUP BY of the same figures."""
    from tadrib.equipment import reports

    query = reports.treaty_query(year=year, side="exports", basis="actual", user=user)
    where = (
        "s.status = 'delivered' AND s.delivered_at >= %s AND s.delivered_at < %s "
        "AND x.nation_id = %s"
    )
    joins = (
        "JOIN equipment_transfer t ON t.id = s.transfer_id "
        "JOIN organisations_organisation x ON x.id = t.exporter_id "
        "JOIN organisations_organisation m ON m.id = t.importer_id "
        "JOIN equipment_transferline tl ON tl.transfer_id = t.id "
        "JOIN equipment_itemtype it ON it.id = tl.item_type_id"
    )
    sql = (
        "SELECT category, nation_id, currency, SUM(items), SUM(value) FROM ("
        "SELECT it.category, m.nation_id, tl.currency, COUNT(*) AS items, "
        "SUM(tl.value / tl.quantity) AS value "
        f"FROM equipment_item i JOIN equipment_shipment s ON s.id = i.shipment_id {joins} "
        f"WHERE tl.item_type_id = i.item_type_id AND i.arrived_on IS NOT NULL AND {where} "
        "GROUP BY it.category, m.nation_id, tl.currency "
        "UNION ALL "
        "SELECT it.category, m.nation_id, tl.currency, "
        "SUM(CASE WHEN sl.quantity_received < sl.quantity_shipped THEN sl.quantity_received "
        "ELSE sl.quantity_shipped END), "
        "SUM(tl.value * (CASE WHEN sl.quantity_received < sl.quantity_shipped "
        "THEN sl.quantity_received ELSE sl.quantity_shipped END) / tl.quantity) "
        f"FROM equipment_shipmentline sl JOIN equipment_shipment s ON s.id = sl.shipment_id "
        f"{joins} WHERE tl.id = sl.transfer_line_id AND NOT it.serial_tracked AND {where} "
        "GROUP BY it.category, m.nation_id, tl.currency"
        ") AS lines GROUP BY category, nation_id, currency"
    )
    start, end = datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    params = [start, end, query.nation.pk] * 2

    def orm() -> Any:
        return reports.treaty_report(query, user=user)

    def bare() -> list[tuple[Any, ...]]:
        return fetch(sql, params)

    report = orm()
    from tadrib.organisations.models import Nation

    codes = dict(Nation.objects.values_list("pk", "iso_code"))
    figures = {(r.category, r.state_code, r.currency): (r.items, r.value) for r in report.rows}
    hand = {
        (category, codes[nation], currency): (int(items), Decimal(str(value)))
        for category, nation, currency, items, value in bare()
    }
    assert figures.keys() == hand.keys(), (figures.keys(), hand.keys())
    for key, (items, value) in figures.items():
        assert items == hand[key][0] and abs(value - hand[key][1]) < 1, (key, figures, hand)
    orm_ms, bare_ms = side_by_side(orm, bare, repeat=7)
    return {
        "orm_ms": orm_ms,
        "bare_ms": bare_ms,
        "ratio": orm_ms / bare_ms,
        "rows": len(report.rows),
        "items": report.totals.items,
        "queries": counted(orm),
    }


def explain(sql: str, params: list[Any] | None = None) -> str:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        return "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())


def page_line(label: str, result: dict[str, Any], ok: bool) -> str:
    return (
        f"{label}: ORM {result['orm_ms']:.2f} ms, bare SQL {result['bare_ms']:.2f} ms, "
        f"ratio {result['ratio']:.2f}x (target <= 3x); queries {result['queries_25']} at 25 "
        f"rows, {result['queries_100']} at 100 -> {'PASS' if ok else 'FAIL'}"
    )


def client_line(label: str, result: dict[str, Any], ok: bool) -> str:
    return (
        f"{label} through the test client: {result['ms']:.1f} ms; queries "
        f"{result['queries_25']} at 25 rows, {result['queries_100']} at 100 "
        f"(target: equal) -> {'PASS' if ok else 'FAIL'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument(
        "--explain", action="store_true", help="print the plans of the list and history queries"
    )
    args = parser.parse_args()
    if args.items < SHIPMENT_SIZE:
        parser.error(f"--items: at least {SHIPMENT_SIZE}")
    setup_django()
    from django.db import connection
    from django.urls import reverse

    from tadrib.equipment.models import CustodyEvent, Item, Shipment

    build(args.items)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    items, events = Item.objects.count(), CustodyEvent.objects.count()
    user = reader(EXPORTER_OFFICER)
    busy = Item.objects.order_by("pk").first()
    assert busy is not None and busy.custodian is not None
    unit = busy.custodian
    pages = Pages(user)
    progress("measures", 0, 6)
    listed = bench_item_list(user, unit)
    progress("measures", 1, 6)
    list_page = pages.measure(f"{reverse('equipment:item_list')}?custodian={unit.pk}", "per_page")
    progress("measures", 2, 6)
    history = bench_history(busy)
    progress("measures", 3, 6)
    item_page = pages.measure(reverse("equipment:item", args=[busy.pk]), "history-per_page")
    progress("measures", 4, 6)
    reconciled = bench_reconciliation(
        Shipment.objects.order_by("-code").values_list("pk", flat=True)[0]
    )
    progress("measures", 5, 6)
    treaty = bench_treaty(user, 2025)
    progress("measures", 6, 6)

    def page_ok(result: dict[str, Any]) -> bool:
        return result["ratio"] <= 3 and result["queries_25"] == result["queries_100"]

    def client_ok(result: dict[str, Any]) -> bool:
        return result["queries_25"] == result["queries_100"]

    oks = [page_ok(listed), client_ok(list_page), page_ok(history), client_ok(item_page)]
    print(f"database: {connection.vendor}, items: {items}, custody events: {events}")
    print(
        page_line(
            f"item list, exporter's officer, custodian {unit.code} ({listed['visible']} items)",
            listed,
            oks[0],
        )
    )
    print(
        f"  of which the filter set (the custodian checked against the units the reader may "
        f"name): {listed['filter_ms']:.2f} ms, {listed['filter_queries']} queries"
    )
    print(client_line("  the list page", list_page, oks[1]))
    print(page_line(f"item history ({history['visible']} events)", history, oks[2]))
    print(client_line("  the item page", item_page, oks[3]))
    print(
        f"reconciliation of a {SHIPMENT_SIZE}-item shipment: service {reconciled['orm_ms']:.1f} ms "
        f"({reconciled['queries']} queries; {reconciled['matched']} matched, "
        f"{reconciled['differences']} differences), bare SQL set difference "
        f"{reconciled['bare_ms']:.1f} ms, ratio {reconciled['ratio']:.2f}x (no target)"
    )
    print(
        f"treaty report, exports 2025 (actual): report {treaty['orm_ms']:.1f} ms "
        f"({treaty['queries']} queries; {treaty['rows']} rows, {treaty['items']} items), "
        f"bare SQL GROUP BY {treaty['bare_ms']:.1f} ms, ratio {treaty['ratio']:.2f}x (no target)"
    )
    if args.explain:
        for label, result in (("item list", listed), ("history", history)):
            for sql in result["sql"]:
                if sql.startswith("SELECT"):
                    print(f"\n[{label}, ORM] {sql}\n{explain(sql)}")
            for sql, params in result["bare_sql"]:
                print(f"\n[{label}, bare] {sql}\n{explain(sql, params)}")
    return 0 if all(oks) else 1


if __name__ == "__main__":
    sys.exit(main())
