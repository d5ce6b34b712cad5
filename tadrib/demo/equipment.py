"""The reference scenario's equipment: the supply reported on 17 October 2025
(armoured vehicles, drones, artillery, rockets and air-defence systems) as
one transfer from the Turkish ministry's logistics directorate to the Syrian
Ministry of Defence for the General Staff, under the programme PRG-EQP.

Two shipments tell the story the audits of real programmes tell: the first
(November 2025) is counted exactly, inventoried in February 2026 with one
rifle missing, and its items handed down to battalions; the second (July
2026) arrives one vehicle short and with a launcher's serial misread, so its
discrepancies are open past their 30-day deadline and its initial inventory,
due within 90 days, has not been made. One brigade armoury's storage
certification has since expired with items still in it.

Every date is fixed and in the past of the training scenario's present
(1 November 2026), so the demo tells the same story whenever it is loaded.
Models and categories are real Turkish systems; quantities, values and
serial numbers are synthetic. Built through the services, as the system; the
story is built only when the transfer is not stored yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from tadrib.agreements.models import Programme
from tadrib.demo import names
from tadrib.equipment import services
from tadrib.equipment.models import (
    CustodyEvent,
    Discrepancy,
    Inspection,
    Item,
    ItemType,
    ItemTypeCourse,
    Shipment,
    ShipmentLine,
    StorageSite,
    Transfer,
    TransferLine,
)
from tadrib.organisations.models import Organisation
from tadrib.training.models import Course

D = dt.date
EXPORTER, IMPORTER, END_USER = "TR-MND-LOG", "SY-MOD", "SY-MOD-GS"
PROGRAMME = "PRG-EQP"
REFERENCE = "TR-SY-2025-EQP/1"
AUTHORISED_ON = D(2025, 10, 17)
CREATED = ("item_types", "storage_sites", "transfers", "shipments")
COUNTED = ("items", "custody_events", "inspections", "discrepancies")

# code | category | serial-tracked | enhanced monitoring | crew | maintainers |
# control list entry | model | English | Arabic | Turkish | description
ITEM_TYPES = names.table("""
KIRPI-II  | II   | y | - | 3 | 1 | ML6.a | BMC Kirpi II                | Kirpi II mine-protected armoured vehicle | مركبة كيربي 2 المدرعة المقاومة للألغام | Kirpi II mayına karşı korumalı zırhlı araç | 4×4, carries a squad of ten; remote weapon station (12.7 mm).
TB2       | IV   | y | - | 2 | 3 | ML10.a | Baykar Bayraktar TB2       | Bayraktar TB2 armed tactical UAV | طائرة بيرقدار تي بي 2 المسيّرة المسلحة | Bayraktar TB2 silahlı taktik İHA | Armed (laser-guided munitions), so an unmanned combat aerial vehicle of category IV; crew per aircraft: pilot and payload operator.
T155      | III  | y | - | 5 | 2 | ML2.a | MKE T-155 Fırtına           | T-155 Fırtına 155 mm self-propelled howitzer | مدفع الهاوتزر ذاتي الحركة تي-155 فرطينة عيار 155 ملم | T-155 Fırtına 155 mm kundağı motorlu obüs | Tracked, 155 mm/52 calibre.
T122      | III  | y | y | 3 | 2 | ML4.b | Roketsan T-122 Sakarya      | T-122 Sakarya multiple rocket launcher | راجمة الصواريخ المتعددة تي-122 صقاريا | T-122 Sakarya çok namlulu roketatar | 122 mm, 40 tubes on a truck: a multiple-launch rocket system, category III; its rockets (range 40 km) would be reported under VII if supplied.
HISAR-O   | VII  | y | y | 3 | 2 | ML4.b | Roketsan/Aselsan Hisar-O+   | Hisar-O+ air-defence missile launcher | قاذف صواريخ الدفاع الجوي حصار-أو+ | Hisar-O+ hava savunma füze atıcısı | Medium-range (over 25 km) surface-to-air missile system; each launcher vehicle tracked by its own serial.
MPT-76    | SA-4 | y | - | 0 | 0 | ML1.a | MKE MPT-76                  | MPT-76 7.62 mm assault rifle | بندقية إم بي تي-76 الهجومية عيار 7.62 ملم | MPT-76 7,62 mm piyade tüfeği | 7.62×51 mm NATO.
MORT-60   | LW-6 | - | - | 0 | 0 | ML3.a | MKE 60 mm mortar bomb       | 60 mm mortar bombs | قذائف هاون عيار 60 ملم | 60 mm havan mühimmatı | Ammunition for light mortars, counted by the box, not by serial.
""")  # fmt: skip

# item type | course | role: the courses of the catalogue that qualify crews
COURSE_LINKS = names.table("""
TB2      | FAC-UAV     | operator
HISAR-O  | FAC-AD      | operator
HISAR-O  | FAC-AD      | maintainer
KIRPI-II | FAC-CT-UNIT | operator
MPT-76   | FAC-CT-UNIT | operator
KIRPI-II | LOG-BAS     | maintainer
T155     | LOG-BAS     | maintainer
T122     | LOG-BAS     | maintainer
""")

# unit | code | name | location | certified on | certification expires on
SITES = names.table("""
SY-DIV-1  | DEP-N1  | 1st Division central depot       | Aleppo                | 2025-09-15 | 2027-09-14
SY-BDE-11 | ARM-11  | 11th Brigade armoury             | Azaz                  | 2025-06-01 | 2026-05-31
SY-BDE-13 | ART-13  | 13th Brigade artillery park      | Al-Bab                | 2025-11-01 | 2027-10-31
SY-BDE-22 | AD-22   | 22nd Brigade missile site        | Hama                  | 2026-05-01 | 2028-04-30
SY-BN-222 | UAV-222 | UAV battalion hangar             | Hama air base         | 2026-06-01 | 2028-05-31
""")

# item type | quantity authorised | value (USD) | comments
LINES = names.table("""
KIRPI-II | 40   | 24000000 | Armoured vehicles for the mechanised brigades
TB2      | 6    | 30000000 | Two ground control stations included in the value
T155     | 12   | 42000000 | -
T122     | 6    | 9000000  | -
HISAR-O  | 4    | 48000000 | Launchers; radar and command post not serialised here
MPT-76   | 500  | 600000   | -
MORT-60  | 5000 | 500000   | -
""")


@dataclass(frozen=True)
class Move:
    """Items of a type handed from the receiving unit to a battalion."""

    on: D
    item_type: str
    count: int
    to_unit: str
    to_site: str
    receipt: str


@dataclass(frozen=True)
class ShipmentPlan:
    code: str
    receiving: str
    site: str
    carrier: str
    dispatched_on: D
    counted_at: dt.datetime
    quantities: tuple[tuple[str, int], ...]
    year: str
    moves: tuple[Move, ...]
    short: tuple[str, ...] = ()  # serials shipped but not read at the hand-over
    misread: tuple[tuple[str, str], ...] = ()  # (shipped serial, serial read instead)
    inventory: tuple[D, str] | None = None  # initial inventory made on, serial not found


def _at(year: int, month: int, day: int, hour: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=dt.UTC)


CARRIER = "Land convoy through the Öncüpınar – Bab al-Salama crossing"
SHIPMENTS = (
    ShipmentPlan(
        "SH-2025-01",
        "SY-DIV-1",
        "DEP-N1",
        CARRIER,
        D(2025, 11, 24),
        _at(2025, 11, 27, 9),
        (("KIRPI-II", 20), ("T155", 6), ("MPT-76", 120), ("MORT-60", 2000)),
        "25",
        (
            Move(D(2026, 2, 16), "KIRPI-II", 12, "SY-BN-111", "ARM-11", "HR-2026-0031"),
            Move(D(2026, 2, 16), "KIRPI-II", 8, "SY-BN-131", "ART-13", "HR-2026-0032"),
            Move(D(2026, 2, 18), "T155", 6, "SY-BN-113", "ARM-11", "HR-2026-0035"),
            Move(D(2026, 2, 18), "MPT-76", 40, "SY-BN-111", "ARM-11", "HR-2026-0036"),
        ),
        inventory=(D(2026, 2, 10), "MPT76-25-0077"),
    ),
    ShipmentPlan(
        "SH-2026-02",
        "SY-BDE-22",
        "AD-22",
        CARRIER,
        D(2026, 7, 6),
        _at(2026, 7, 14, 9),
        (("KIRPI-II", 10), ("TB2", 6), ("T122", 6), ("HISAR-O", 4)),
        "26",
        (
            Move(D(2026, 7, 28), "TB2", 6, "SY-BN-222", "UAV-222", "HR-2026-0214"),
            Move(D(2026, 7, 28), "HISAR-O", 4, "SY-BN-221", "AD-22", "HR-2026-0215"),
            Move(D(2026, 7, 30), "T122", 5, "SY-BN-133", "ART-13", "HR-2026-0220"),
            Move(D(2026, 8, 3), "KIRPI-II", 9, "SY-BN-121", "DEP-N1", "HR-2026-0227"),
        ),
        short=("KIRPI-26-0010",),
        misread=(("T122-26-0101", "T122-26-0110"),),
    ),
)
REPAIR = (_at(2026, 9, 3, 8), "KIRPI-25-0004", "Hull damage from an IED; to the division workshop.")
# Custody events recorded after delivery: the moves and the repair.
MOVES = sum(move.count for plan in SHIPMENTS for move in plan.moves) + 1
# Serial numbers: prefix and where the numbering starts, by item type.
SERIALS = {
    "KIRPI-II": ("KIRPI", 1),
    "TB2": ("T2", 301),
    "T155": ("T155", 1),
    "T122": ("T122", 101),
    "HISAR-O": ("HSR", 1),
    "MPT-76": ("MPT76", 1),
}


def serial(item_type: str, year: str, n: int) -> str:
    """The ``n``-th (from 0) serial of a type delivered in ``year``: ``KIRPI-25-0001``."""
    prefix, first = SERIALS[item_type]
    return f"{prefix}-{year}-{first + n:04d}"


class EquipmentBuilder:
    """Creates what is missing of the item types, their courses and the
    sites, then, when the transfer is not stored yet, its whole story."""

    def __init__(
        self,
        organisations: dict[str, Organisation],
        programmes: dict[str, Programme],
        courses: dict[str, Course],
        created: dict[str, int],
        report: Callable[[str, int, int], None],
    ) -> None:
        self.orgs, self.programmes, self.courses = organisations, programmes, courses
        self.created, self.report = created, report
        self.types: dict[str, ItemType] = {}
        self.sites: dict[str, StorageSite] = {}
        self.moved = 0
        for key in (*CREATED, *COUNTED):
            created.setdefault(key, 0)

    def run(self) -> None:
        self.build_item_types()
        self.build_sites()
        exporter = self.orgs[EXPORTER]
        if Transfer.objects.filter(exporter=exporter, reference=REFERENCE).exists():
            for stage, total in (("transfers", 1), ("shipments", 2), ("custody", MOVES)):
                self.report(stage, total, total)
            return
        counted: dict[str, QuerySet[Any]] = {
            "items": Item.objects.all(),
            "custody_events": CustodyEvent.objects.all(),
            "inspections": Inspection.objects.all(),
            "discrepancies": Discrepancy.objects.all(),
        }
        before = {kind: rows.count() for kind, rows in counted.items()}
        transfer = self.build_transfer()
        self.report("transfers", 1, 1)
        shipments = []
        for done, plan in enumerate(SHIPMENTS, start=1):
            shipment = self.ship(transfer, plan)
            shipments.append(shipment)
            self.report("shipments", done, len(SHIPMENTS))
            if plan.inventory is not None:  # before its items move on
                self.record_inventory(shipment, *plan.inventory)
            self.hand_down(shipment, plan)
        self.repair()
        self.inspections(transfer, shipments[0])
        for kind, rows in counted.items():
            self.created[kind] += rows.count() - before[kind]

    def build_item_types(self) -> None:
        found = {t.code: t for t in ItemType.objects.filter(code__in=[r[0] for r in ITEM_TYPES])}
        for done, row in enumerate(ITEM_TYPES, start=1):
            code, category, tracked, enhanced, crew, maintainers, control, model, *rest = row
            if code not in found:
                en, ar, tr, description = rest
                kind = ItemType(
                    code=code,
                    category=category,
                    serial_tracked=bool(tracked),
                    enhanced_monitoring=bool(enhanced),
                    crew_per_system=int(crew),
                    maintainers_per_system=int(maintainers),
                    national_control_code=control,
                    model=model,
                    name_en=en,
                    name_ar=ar,
                    name_tr=tr,
                    description=description,
                )
                found[code] = services.save_item_type(kind, actor=None)
                self.created["item_types"] += 1
            self.types[code] = found[code]
            self.report("item_types", done, len(ITEM_TYPES))
        linked = set(
            ItemTypeCourse.objects.filter(item_type__in=self.types.values()).values_list(
                "item_type__code", "course__code", "role"
            )
        )
        for code, course, role in COURSE_LINKS:
            if (code, course, role) not in linked and course in self.courses:
                link = ItemTypeCourse(
                    item_type=self.types[code], course=self.courses[course], role=role
                )
                services.save_item_type_course(link, actor=None)

    def build_sites(self) -> None:
        units = [self.orgs[row[0]] for row in SITES]
        found = {
            (s.organisation_id, s.code): s
            for s in StorageSite.objects.filter(organisation__in=units)
        }
        for done, (unit, code, name, location, certified, expires) in enumerate(SITES, start=1):
            site = found.get((self.orgs[unit].pk, code))
            if site is None:
                site = StorageSite(
                    organisation=self.orgs[unit],
                    code=code,
                    name=name,
                    location=location,
                    certified_on=D.fromisoformat(certified),
                    certification_expires_on=D.fromisoformat(expires),
                )
                site = services.save_storage_site(site, actor=None)
                self.created["storage_sites"] += 1
            self.sites[code] = site
            self.report("storage_sites", done, len(SITES))

    def build_transfer(self) -> Transfer:
        transfer = services.save_transfer(
            Transfer(
                programme=self.programmes[PROGRAMME],
                reference=REFERENCE,
                exporter=self.orgs[EXPORTER],
                importer=self.orgs[IMPORTER],
                end_user=self.orgs[END_USER],
                licence_number="TR-MSB-IHR-2025-0417",
                authorised_on=AUTHORISED_ON,
                end_use="For the units of the Syrian army under the General Staff's unified "
                "command, deployed in northern Syria. Not to be retransferred or passed to any "
                "armed group without Türkiye's written consent; on-site checks by Türkiye's "
                "inspectors allowed.",
            ),
            actor=None,
        )
        for code, quantity, value, comments in LINES:
            line = TransferLine(
                transfer=transfer,
                item_type=self.types[code],
                quantity=int(quantity),
                value=Decimal(value),
                currency="USD",
                comments=comments,
            )
            services.save_transfer_line(line, actor=None)
        self.created["transfers"] += 1
        return services.change_transfer_status(transfer, "authorised", actor=None)

    def ship(self, transfer: Transfer, plan: ShipmentPlan) -> Shipment:
        """Prepared, serials captured, dispatched, counted at the hand-over
        and countersigned by both sides (the exporter first)."""
        self.created["shipments"] += 1
        shipment = services.save_shipment(
            Shipment(
                transfer=transfer,
                code=plan.code,
                receiving_unit=self.orgs[plan.receiving],
                destination_site=self.sites[plan.site],
                expected_on=plan.counted_at.date(),
                carrier=plan.carrier,
            ),
            actor=None,
        )
        authorised = {
            line.item_type.code: line for line in transfer.lines.select_related("item_type")
        }
        lines: dict[str, ShipmentLine] = {}
        rows: list[services.SerialRow] = []
        for code, quantity in plan.quantities:
            line = ShipmentLine(
                shipment=shipment, transfer_line=authorised[code], quantity_shipped=quantity
            )
            lines[code] = services.save_shipment_line(line, actor=None)
            if self.types[code].serial_tracked:
                rows += [
                    services.SerialRow(len(rows) + 2, code, serial(code, plan.year, n))
                    for n in range(quantity)
                ]
        report = services.capture_serials(shipment, rows, actor=None)
        if not report.ok:
            raise RuntimeError(f"The demo's serials of {plan.code} were refused: {report.errors}")
        services.dispatch_shipment(shipment, actor=None, on=plan.dispatched_on)
        misread = dict(plan.misread)
        counted = [
            (row.item_type, misread.get(row.serial, row.serial))
            for row in rows
            if row.serial not in plan.short
        ]
        bulk = {
            line.pk: line.quantity_shipped
            for code, line in lines.items()
            if not self.types[code].serial_tracked
        }
        at = plan.counted_at
        services.record_count(shipment, serials=counted, quantities=bulk, actor=None, at=at)
        hour = dt.timedelta(hours=1)
        services.countersign(shipment, side="exporter", actor=None, at=at + hour)
        return services.countersign(shipment, side="importer", actor=None, at=at + 2 * hour)

    def record_inventory(self, shipment: Shipment, on: D, not_found: str) -> None:
        """The shipment's initial inventory: every item found but one."""
        inventory = Inspection.objects.get(shipment=shipment, kind="initial_inventory")
        expected = services.expected_items(inventory).values_list("serial_number", flat=True)
        services.record_inventory(
            inventory,
            serials=[s for s in expected if s != not_found],
            conducted_on=on,
            actor=None,
            inspectors="Logistics inspection team, 1st Division",
            summary="All vehicles and howitzers found; one rifle not found in its rack.",
        )

    def hand_down(self, shipment: Shipment, plan: ShipmentPlan) -> None:
        """The receiving unit hands items down to its battalions, one custody
        event each (not the item its inventory did not find)."""
        giver = shipment.receiving_unit.name_en
        not_found = plan.inventory[1] if plan.inventory else ""
        for move in plan.moves:
            items = (
                Item.objects.filter(
                    shipment=shipment,
                    item_type=self.types[move.item_type],
                    status="in_service",
                    custodian=shipment.receiving_unit,
                )
                .exclude(serial_number=not_found)
                .order_by("serial_number")[: move.count]
            )
            for item in items:
                event = CustodyEvent(
                    item=item,
                    kind="move",
                    occurred_at=_at(move.on.year, move.on.month, move.on.day, 10),
                    to_unit=self.orgs[move.to_unit],
                    to_site=self.sites[move.to_site],
                    handed_over_by=f"Logistics officer, {giver}",
                    taken_over_by=f"Quartermaster, {self.orgs[move.to_unit].name_en}",
                    document_reference=move.receipt,
                )
                services.record_custody_event(event, actor=None)
                self.moved += 1
                self.report("custody", self.moved, MOVES)

    def repair(self) -> None:
        at, number, note = REPAIR
        item = Item.objects.get(serial_number=number, item_type=self.types["KIRPI-II"])
        event = CustodyEvent(item=item, kind="repair", occurred_at=at, note=note)
        services.record_custody_event(event, actor=None)
        self.report("custody", MOVES, MOVES)

    def inspections(self, transfer: Transfer, first: Shipment) -> None:
        """Türkiye's post-shipment check of the first delivery, made; and a
        storage-site security check of the 11th Brigade's armoury, overdue."""
        services.save_inspection(
            Inspection(
                owner=self.orgs["TR-MND-INS"],
                kind="post_shipment",
                transfer=transfer,
                shipment=first,
                due_on=D(2026, 3, 31),
                conducted_on=D(2026, 3, 18),
                inspectors="Two inspectors of the Turkish ministry's inspectorate",
                summary="Vehicles and howitzers seen with the battalions holding them; serials "
                "match the hand receipts. The rifle reported missing was not found.",
            ),
            actor=None,
        )
        services.save_inspection(
            Inspection(
                owner=self.orgs["SY-BDE-11"],
                kind="site_security",
                transfer=transfer,
                site=self.sites["ARM-11"],
                due_on=D(2026, 5, 15),
                summary="Renewal of the armoury's storage certification.",
            ),
            actor=None,
        )
