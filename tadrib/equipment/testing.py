"""Test data of equipment, built through the services, for the generic access
test and every equipment test.

Two set-ups keep the access-case isolation rule (records owned under nation
A's brigade, shared only with organisations neither A's directorate nor
nation B can see):

* A exports (``transfer``): A's battalion sends to nation C's ministry, so the
  transfer, its lines, shipments and items are A's;
* A imports (``c_transfer``): C's ministry sends to A's brigade, whose
  battalion holds the items, so custody events (the holder's) are A's.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from tadrib.agreements import testing as t
from tadrib.agreements.models import Programme
from tadrib.core import testing
from tadrib.core.testing import World
from tadrib.equipment import services
from tadrib.equipment.models import (
    Item,
    ItemType,
    Shipment,
    ShipmentLine,
    StorageSite,
    Transfer,
    TransferLine,
)
from tadrib.organisations.models import Organisation

TODAY = dt.date.today()
_counter = itertools.count(1)


def item_type(code: str = "ACV-1", **fields: Any) -> ItemType:
    found = ItemType.objects.filter(code=code).first()
    if found is not None:
        return found
    values: dict[str, Any] = {
        "code": code,
        "name_en": f"Type {code}",
        "model": f"Model {code}",
        "category": "II",
        "serial_tracked": True,
        "crew_per_system": 3,
        "maintainers_per_system": 1,
    }
    values.update(fields)
    return services.save_item_type(ItemType(**values), actor=None)


def bulk_type(code: str = "AMMO-1") -> ItemType:
    return item_type(
        code, category="LW-6", serial_tracked=False, crew_per_system=0, maintainers_per_system=0
    )


def export_programme(w: World) -> Programme:
    """Host: A's facility; partner: C's ministry."""
    return t.shared(
        w,
        "equipment_programme_a",
        lambda: t.programme(
            w, 950, under=t.clause(w, 950, areas=["equipment_supply"]), code="EQP-A"
        ),
    )


def import_programme(w: World) -> Programme:
    """Host: C's ministry; partner: A's ministry."""
    return t.shared(
        w,
        "equipment_programme_c",
        lambda: t.programme(
            w,
            951,
            under=t.clause(w, 951, areas=["equipment_supply"]),
            code="EQP-C",
            owner=t.third_party(w),
            host_organisation=t.third_party(w),
            partner_organisation=w.ministry_a,
        ),
    )


def unit_c(w: World) -> Organisation:
    return t.shared(
        w,
        "equipment_unit_c",
        lambda: testing.organisation(
            t.third_party(w).nation, "C-EQ-BN", parent=t.third_party(w), kind="unit"
        ),
    )


def site(
    w: World,
    i: int = 0,
    *,
    at: Organisation | None = None,
    expires: dt.date | None = TODAY + dt.timedelta(days=365),
) -> StorageSite:
    return services.save_storage_site(
        StorageSite(
            organisation=at or w.battalion_a,
            code=f"SITE-{i}-{next(_counter)}",
            name=f"Depot {i}",
            certified_on=TODAY - dt.timedelta(days=400) if expires else None,
            certification_expires_on=expires,
        ),
        actor=None,
    )


def transfer(
    w: World,
    i: int = 0,
    *,
    lines: tuple[tuple[ItemType, int], ...] | None = None,
    authorise: bool = True,
    **fields: Any,
) -> Transfer:
    """A exports to C (A's battalion is the exporter)."""
    values: dict[str, Any] = {
        "programme": export_programme(w),
        "reference": f"TRF-{i}-{next(_counter)}",
        "exporter": w.battalion_a,
        "importer": t.third_party(w),
        "end_user": t.third_party(w),
    }
    values.update(fields)
    made = services.save_transfer(Transfer(**values), actor=None)
    for kind, quantity in lines if lines is not None else ((item_type(), 4),):
        services.save_transfer_line(
            TransferLine(transfer=made, item_type=kind, quantity=quantity, value=1000 * quantity),
            actor=None,
        )
    if authorise:
        services.change_transfer_status(made, "authorised", actor=None)
        made.refresh_from_db()
    return made


def c_transfer(w: World, **fields: Any) -> Transfer:
    """C exports to A's brigade (A is the importer and end user)."""
    return transfer(
        w,
        **{
            "programme": import_programme(w),
            "exporter": t.third_party(w),
            "importer": w.brigade_a,
            "end_user": w.brigade_a,
            **fields,
        },
    )


def shipment(
    w: World,
    i: int = 0,
    *,
    of: Transfer | None = None,
    receiving: Organisation | None = None,
    destination: StorageSite | None = None,
    quantities: dict[str, int] | None = None,
) -> Shipment:
    """A shipment being prepared, carrying every line of its transfer (all
    of each, unless ``quantities`` says otherwise by item type code)."""
    of = of or transfer(w, i)
    made = services.save_shipment(
        Shipment(
            transfer=of,
            code=f"SH-{i}-{next(_counter)}",
            receiving_unit=receiving or of.end_user,
            destination_site=destination,
        ),
        actor=None,
    )
    for line in of.lines.select_related("item_type"):
        quantity = (quantities or {}).get(line.item_type.code, line.quantity)
        if quantity:
            services.save_shipment_line(
                ShipmentLine(shipment=made, transfer_line=line, quantity_shipped=quantity),
                actor=None,
            )
    return made


def serials(shipment_: Shipment, prefix: str = "SN") -> list[services.SerialRow]:
    """Serials for every serial-tracked line of the shipment."""
    rows = []
    line_no = itertools.count(2)
    for line in shipment_.lines.select_related("transfer_line__item_type"):
        kind = line.transfer_line.item_type
        if kind.serial_tracked:
            rows += [
                services.SerialRow(
                    next(line_no), kind.code, f"{prefix}-{shipment_.pk}-{kind.code}-{n}"
                )
                for n in range(1, line.quantity_shipped + 1)
            ]
    return rows


def dispatched(w: World, i: int = 0, **fields: Any) -> Shipment:
    made = shipment(w, i, **fields)
    report = services.capture_serials(made, serials(made), actor=None)
    assert report.ok, report.errors
    return services.dispatch_shipment(made, actor=None)


def delivered(w: World, i: int = 0, **fields: Any) -> Shipment:
    """Dispatched, counted exactly, countersigned by both sides."""
    made = dispatched(w, i, **fields)
    shipped = list(
        Item.objects.filter(shipment=made).values_list("item_type__code", "serial_number")
    )
    counted = {
        line.pk: line.quantity_shipped
        for line in made.lines.select_related("transfer_line__item_type")
        if not line.transfer_line.item_type.serial_tracked
    }
    services.record_count(made, serials=shipped, quantities=counted, actor=None)
    services.countersign(made, side="exporter", actor=None)
    return services.countersign(made, side="importer", actor=None)


def held_item(w: World, i: int = 0) -> Item:
    """An item of C's transfer to A, in service with A's battalion at a
    certified site of A's."""
    made = delivered(
        w,
        i,
        of=c_transfer(w, lines=((item_type(), 1),)),
        receiving=w.battalion_a,
        destination=site(w, i),
    )
    return Item.objects.get(shipment=made)
