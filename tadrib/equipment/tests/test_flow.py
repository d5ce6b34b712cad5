"""The life of a shipment and its items, through the services."""

from __future__ import annotations

import pytest

from tadrib.core.testing import World
from tadrib.equipment import services
from tadrib.equipment import testing as et
from tadrib.equipment.models import CustodyEvent, Discrepancy, Inspection, Item

pytestmark = pytest.mark.django_db


def test_exact_delivery_puts_items_in_service_and_schedules_the_inventory(world: World) -> None:
    shipment = et.delivered(world, 0)
    items = Item.objects.filter(shipment=shipment)
    assert items.count() == 4
    assert set(items.values_list("status", flat=True)) == {"in_service"}
    assert set(items.values_list("custodian", flat=True)) == {shipment.receiving_unit_id}
    assert CustodyEvent.objects.filter(item__shipment=shipment).count() == 8
    assert not Discrepancy.objects.filter(shipment=shipment).exists()
    inventory = Inspection.objects.get(shipment=shipment)
    assert (inventory.due_on - shipment.delivered_at.date()).days == 90


def test_held_item_moves(world: World) -> None:
    item = et.held_item(world)
    assert item.custodian_id == world.battalion_a.pk
