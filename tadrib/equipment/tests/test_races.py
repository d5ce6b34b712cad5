"""Two writes at the same moment on PostgreSQL: two shipments taking the last
authorised items of a line (the line is locked while shipped quantities are
summed), and two custody events on one item (the item is locked, so the
second sees the first's status)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tadrib.core import testing
from tadrib.equipment import services
from tadrib.equipment import testing as et
from tadrib.equipment.models import CustodyEvent, Item, ShipmentLine

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent transactions (PostgreSQL)"
    ),
]


def _race(writes: list[Callable[[], Any]]) -> list[Any]:
    barrier = threading.Barrier(len(writes))
    outcomes: list[Any] = []

    def run(write: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            write()
            outcomes.append("stored")
        except ValidationError as error:
            outcomes.append(sorted(error.message_dict))
        except BaseException as error:  # reported by the assertion below
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(write,)) for write in writes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_shipments_taking_the_last_authorised_items_at_once() -> None:
    world = testing.build_world()
    transfer = et.transfer(world)  # one line of 4
    shipments = [et.shipment(world, n, of=transfer, quantities={"ACV-1": 0}) for n in range(2)]
    line = transfer.lines.get()

    def ship(shipment: Any) -> Callable[[], Any]:
        return lambda: services.save_shipment_line(
            ShipmentLine(shipment=shipment, transfer_line=line, quantity_shipped=3), actor=None
        )

    outcomes = _race([ship(s) for s in shipments])
    assert sorted(outcomes, key=str) == [["quantity_shipped"], "stored"]
    assert ShipmentLine.objects.filter(transfer_line=line).count() == 1


def test_two_units_recording_the_same_items_loss_and_move_at_once() -> None:
    world = testing.build_world()
    item = et.held_item(world)
    site = et.site(world, 3)

    def record(kind: str, **fields: Any) -> Callable[[], Any]:
        return lambda: services.record_custody_event(
            CustodyEvent(item_id=item.pk, kind=kind, **fields), actor=None
        )

    outcomes = _race([record("disposal"), record("repair", to_site=site)])
    # Whichever comes second finds the item already gone or under repair:
    # disposal after repair is allowed, repair after disposal is not.
    events = list(CustodyEvent.objects.filter(item=item, kind__in=["disposal", "repair"]))
    final = Item.objects.get(pk=item.pk).status
    assert "stored" in outcomes
    assert all(o == "stored" or o == ["kind"] for o in outcomes), outcomes
    assert final == "disposed"
    previous = {e.kind: e.status_before for e in events}
    assert previous["disposal"] in ("in_service", "under_repair")
