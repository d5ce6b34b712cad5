"""The equipment workflows through their services: transfers, serial capture,
dispatch, hand-over and delivery, custody, inventories, discrepancies and
their deadlines."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tadrib.core.testing import World
from tadrib.equipment import services
from tadrib.equipment import testing as et
from tadrib.equipment.models import (
    CustodyEvent,
    Discrepancy,
    Inspection,
    InspectionFinding,
    Item,
    ShipmentLine,
    Transfer,
    TransferLine,
)
from tadrib.equipment.services import SerialRow

pytestmark = pytest.mark.django_db


def messages(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- transfers ---------------------------------------------------------------------------


def test_authorised_lines_are_fixed_and_authorising_needs_lines(world: World) -> None:
    empty = et.transfer(world, lines=(), authorise=False)
    with pytest.raises(ValidationError, match="once it has its lines"):
        services.change_transfer_status(empty, "authorised", actor=None)
    transfer = et.transfer(world)
    line = transfer.lines.get()
    line.quantity = 99
    with pytest.raises(ValidationError, match="change only in a draft"):
        services.save_transfer_line(line, actor=None)
    assert TransferLine.objects.get(pk=line.pk).quantity == 4


def test_transfer_steps_follow_the_table_and_suspension_needs_a_reason(world: World) -> None:
    transfer = et.transfer(world)
    with pytest.raises(ValidationError, match="Give the reason"):
        services.change_transfer_status(transfer, "suspended", actor=None)
    services.change_transfer_status(transfer, "suspended", actor=None, reason="End-use check due")
    with pytest.raises(ValidationError, match="cannot become"):
        services.change_transfer_status(transfer, "completed", actor=None)
    services.change_transfer_status(transfer, "authorised", actor=None)
    services.change_transfer_status(transfer, "completed", actor=None)
    assert Transfer.objects.get(pk=transfer.pk).status == "completed"


def test_a_transfer_needs_the_programme_nations_and_an_end_user_under_the_importer(
    world: World,
) -> None:
    with pytest.raises(ValidationError) as error:
        et.transfer(world, importer=world.ministry_a, end_user=world.ministry_a)
    assert "importer" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        et.transfer(world, end_user=world.brigade_a)
    assert "end_user" in error.value.message_dict


def test_shipments_never_exceed_the_authorised_quantity(world: World) -> None:
    transfer = et.transfer(world)  # one line of 4
    et.shipment(world, of=transfer, quantities={"ACV-1": 3})
    second = et.shipment(world, of=transfer, quantities={"ACV-1": 0})
    with pytest.raises(ValidationError) as error:
        services.save_shipment_line(
            ShipmentLine(shipment=second, transfer_line=transfer.lines.get(), quantity_shipped=2),
            actor=None,
        )
    assert "Only 1 of the 4" in messages(error.value)
    assert not ShipmentLine.objects.filter(shipment=second).exists()


def test_no_shipment_under_a_draft_transfer(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        et.shipment(world, of=et.transfer(world, authorise=False))
    assert "transfer" in error.value.message_dict


# --- serial capture ---------------------------------------------------------------------


def test_a_repeated_or_known_serial_refuses_the_whole_list_naming_the_rows(world: World) -> None:
    earlier = et.shipment(world, 1)
    assert services.capture_serials(earlier, et.serials(earlier, "OLD"), actor=None).ok
    shipment = et.shipment(world, 2)
    known = Item.objects.filter(shipment=earlier).first()
    assert known is not None
    rows = [
        SerialRow(2, "ACV-1", "NEW-1"),
        SerialRow(3, "ACV-1", "NEW-2"),
        SerialRow(4, "acv-1", "NEW-1"),  # repeats line 2
        SerialRow(5, "ACV-1", known.serial_number),  # already known
        SerialRow(6, "UAV-9", "X-1"),  # not carried
    ]
    report = services.capture_serials(shipment, rows, actor=None)
    assert not report.ok and report.stored == 0
    by_line = dict(report.errors)
    assert "repeats line 2" in by_line[4]
    assert "already known" in by_line[5]
    assert "not carried" in by_line[6]
    assert set(by_line) == {4, 5, 6}
    assert not Item.objects.filter(shipment=shipment).exists()


def test_more_serials_than_shipped_are_refused(world: World) -> None:
    shipment = et.shipment(world)  # 4 shipped
    rows = [SerialRow(n + 2, "ACV-1", f"S-{n}") for n in range(5)]
    report = services.capture_serials(shipment, rows, actor=None)
    assert [line for line, _ in report.errors] == [6]
    assert not Item.objects.filter(shipment=shipment).exists()


def test_counted_types_take_no_serials(world: World) -> None:
    transfer = et.transfer(world, lines=((et.item_type(), 1), (et.bulk_type(), 500)))
    shipment = et.shipment(world, of=transfer)
    report = services.capture_serials(shipment, [SerialRow(2, "AMMO-1", "B-1")], actor=None)
    assert "counted, not tracked" in report.errors[0][1]


def test_the_exporter_alone_captures_serials(world: World) -> None:
    shipment = et.shipment(world)
    with pytest.raises(PermissionDenied):
        services.capture_serials(shipment, et.serials(shipment), actor=world.manager_b)


# --- dispatch and delivery -----------------------------------------------------------


def test_dispatch_needs_every_serial(world: World) -> None:
    shipment = et.shipment(world)
    services.capture_serials(shipment, et.serials(shipment)[:3], actor=None)
    with pytest.raises(ValidationError, match="3 of 4 serials captured"):
        services.dispatch_shipment(shipment, actor=None)
    assert set(Item.objects.filter(shipment=shipment).values_list("status", flat=True)) == {
        "prepared"
    }


def test_dispatch_puts_items_in_transit_with_one_custody_event_each(world: World) -> None:
    shipment = et.dispatched(world)
    items = Item.objects.filter(shipment=shipment)
    assert set(items.values_list("status", flat=True)) == {"in_transit"}
    events = CustodyEvent.objects.filter(item__shipment=shipment)
    assert events.count() == 4
    assert set(events.values_list("kind", "status_before", "status_after")) == {
        ("dispatch", "prepared", "in_transit")
    }
    assert set(events.values_list("owner", flat=True)) == {world.battalion_a.pk}


def test_exact_delivery_puts_items_in_service_and_schedules_the_initial_inventory(
    world: World,
) -> None:
    shipment = et.delivered(world)
    items = Item.objects.filter(shipment=shipment)
    assert set(items.values_list("status", "custodian")) == {
        ("in_service", shipment.receiving_unit_id)
    }
    assert CustodyEvent.objects.filter(item__shipment=shipment, kind="delivery").count() == 4
    assert not Discrepancy.objects.filter(shipment=shipment).exists()
    inventory = Inspection.objects.get(shipment=shipment)
    assert inventory.kind == "initial_inventory"
    assert inventory.due_on == timezone.localdate() + dt.timedelta(days=90)
    assert inventory.owner_id == shipment.receiving_unit_id


def test_delivery_with_differences_records_each_as_a_discrepancy(world: World) -> None:
    transfer = et.transfer(world, lines=((et.item_type(), 4), (et.bulk_type(), 100)))
    shipment = et.dispatched(world, of=transfer)
    shipped = sorted(Item.objects.filter(shipment=shipment).values_list("serial_number", flat=True))
    ammo = shipment.lines.get(transfer_line__item_type__code="AMMO-1")
    counted = [("ACV-1", shipped[0]), ("", shipped[1]), ("ACV-1", "MISREAD-7"), ("ACV-1", "EXTRA")]
    # 4 shipped; 2 matched, 2 missing, 2 unexpected → 2 wrong serials; 96 of 100 rounds.
    result = services.record_count(shipment, serials=counted, quantities={ammo.pk: 96}, actor=None)
    assert result.matched == 2 and result.difference_count == 3
    services.countersign(shipment, side="importer", actor=None)
    assert Discrepancy.objects.filter(shipment=shipment).count() == 0  # not yet delivered
    services.countersign(shipment, side="exporter", actor=None)
    found = sorted(
        Discrepancy.objects.filter(shipment=shipment).values_list(
            "kind", "serial_number", "expected_serial", "quantity"
        )
    )
    assert found == [
        ("shortage", "", "", 4),
        ("wrong_serial", "EXTRA", shipped[2], 1),
        ("wrong_serial", "MISREAD-7", shipped[3], 1),
    ]
    statuses = dict(Item.objects.filter(shipment=shipment).values_list("serial_number", "status"))
    assert statuses == {
        shipped[0]: "in_service",
        shipped[1]: "in_service",
        shipped[2]: "in_transit",
        shipped[3]: "in_transit",
    }
    for discrepancy in Discrepancy.objects.filter(shipment=shipment):
        assert discrepancy.status == "open"
        assert discrepancy.report_due_on == timezone.localdate() + dt.timedelta(days=30)


def test_a_new_count_clears_both_signatures(world: World) -> None:
    shipment = et.dispatched(world)
    serials = list(
        Item.objects.filter(shipment=shipment).values_list("item_type__code", "serial_number")
    )
    services.record_count(shipment, serials=serials[:3], quantities={}, actor=None)
    services.countersign(shipment, side="exporter", actor=None)
    services.record_count(shipment, serials=serials, quantities={}, actor=None)
    shipment.refresh_from_db()
    assert shipment.exporter_signed_at is None and shipment.status == "dispatched"
    services.countersign(shipment, side="exporter", actor=None)
    services.countersign(shipment, side="importer", actor=None)
    shipment.refresh_from_db()
    assert shipment.status == "delivered"
    assert not Discrepancy.objects.filter(shipment=shipment).exists()


def test_each_side_signs_only_for_itself(world: World) -> None:
    shipment = et.dispatched(world)
    services.record_count(shipment, serials=[], quantities={}, actor=None)
    with pytest.raises(PermissionDenied):
        services.countersign(shipment, side="exporter", actor=world.manager_b)
    with pytest.raises(PermissionDenied):
        services.countersign(shipment, side="importer", actor=world.manager_a)
    services.countersign(shipment, side="exporter", actor=world.manager_a)


def test_a_count_before_dispatch_is_refused(world: World) -> None:
    shipment = et.shipment(world)
    with pytest.raises(ValidationError, match="once it has been dispatched"):
        services.record_count(shipment, serials=[], quantities={}, actor=None)


# --- custody ---------------------------------------------------------------------------

KINDS = [
    "move",
    "repair",
    "return",
    "loss",
    "theft",
    "recovery",
    "destruction",
    "disposal",
    "retransfer",
]
# What may be recorded from each status (written out here, not read from the code).
ALLOWED = {
    "in_service": {"move", "repair", "loss", "theft", "destruction", "disposal", "retransfer"},
    "under_repair": {"move", "return", "loss", "theft", "destruction", "disposal"},
    "in_transit": {"loss", "theft", "destruction"},
    "lost": {"recovery"},
    "stolen": {"recovery"},
    "destroyed": set(),
    "disposed": set(),
    "retransferred": set(),
}
# How each status is reached from an item in service.
REACH = {
    "in_service": [],
    "under_repair": ["repair"],
    "lost": ["loss"],
    "stolen": ["theft"],
    "destroyed": ["destruction"],
    "disposed": ["disposal"],
    "retransferred": ["retransfer"],
}


def event(item: Item, kind: str, **fields: object) -> CustodyEvent:
    values: dict[str, object] = {"item": item, "kind": kind, "consent_reference": "MND-2026/14"}
    values.update(fields)
    return services.record_custody_event(CustodyEvent(**values), actor=None)


def item_in(world: World, status: str) -> Item:
    if status == "in_transit":
        shipment = et.dispatched(world, of=et.c_transfer(world, lines=((et.item_type(), 1),)))
        return Item.objects.get(shipment=shipment)
    item = et.held_item(world)
    for kind in REACH[status]:
        event(item, kind)
    item.refresh_from_db()
    assert item.status == status
    return item


@pytest.mark.parametrize(
    ("status", "kind"), [(status, kind) for status in ALLOWED for kind in KINDS]
)
def test_custody_transitions(world: World, status: str, kind: str) -> None:
    item = item_in(world, status)
    site = et.site(world, 9)
    before = CustodyEvent.objects.filter(item=item).count()
    fields = {"to_site": site} if kind == "move" else {}
    if kind in ALLOWED[status]:
        recorded = event(item, kind, **fields)
        item.refresh_from_db()
        assert recorded.status_before == status
        assert recorded.status_after == item.status
        assert CustodyEvent.objects.filter(item=item).count() == before + 1
    else:
        with pytest.raises(ValidationError) as error:
            event(item, kind, **fields)
        assert "kind" in error.value.message_dict
        assert CustodyEvent.objects.filter(item=item).count() == before
        assert Item.objects.get(pk=item.pk).status == status


def test_a_move_records_both_units_and_sites(world: World) -> None:
    item = et.held_item(world)
    first_site = item.site
    depot = et.site(world, 5, at=world.brigade_a)
    recorded = event(
        item, "move", to_unit=world.brigade_a, to_site=depot, handed_over_by="Sgt. Karim"
    )
    item.refresh_from_db()
    assert (item.custodian, item.site, item.status) == (world.brigade_a, depot, "in_service")
    assert (recorded.from_unit, recorded.to_unit) == (world.battalion_a, world.brigade_a)
    assert (recorded.from_site, recorded.to_site) == (first_site, depot)
    assert recorded.owner == world.brigade_a


def test_a_move_outside_the_end_user_is_refused(world: World) -> None:
    item = et.held_item(world)
    with pytest.raises(ValidationError) as error:
        event(item, "move", to_unit=world.directorate_a)
    assert "outside the transfer's end user" in error.value.message_dict["to_unit"][0]
    item.refresh_from_db()
    assert item.custodian == world.battalion_a


@pytest.mark.parametrize("expires", [timezone.localdate() - dt.timedelta(days=1), None])
def test_a_move_into_a_site_without_valid_certification_is_refused(
    world: World, expires: dt.date | None
) -> None:
    item = et.held_item(world)
    site = et.site(world, 7, expires=expires)
    with pytest.raises(ValidationError) as error:
        event(item, "move", to_site=site)
    assert "to_site" in error.value.message_dict
    assert not CustodyEvent.objects.filter(item=item, kind="move").exists()


def test_a_site_certified_until_today_still_takes_items(world: World) -> None:
    item = et.held_item(world)
    event(item, "move", to_site=et.site(world, 8, expires=timezone.localdate()))


def test_a_retransfer_needs_the_exporters_consent(world: World) -> None:
    item = et.held_item(world)
    with pytest.raises(ValidationError) as error:
        event(item, "retransfer", consent_reference="")
    assert "consent_reference" in error.value.message_dict
    event(item, "retransfer", consent_reference="C-MOD/2026/77")
    item.refresh_from_db()
    assert (item.status, item.custodian) == ("retransferred", world.battalion_a)


def test_loss_opens_a_discrepancy_due_in_30_days(world: World) -> None:
    item = et.held_item(world)
    event(item, "loss", note="Not at the morning check")
    discrepancy = Discrepancy.objects.get(item=item)
    assert (discrepancy.kind, discrepancy.status) == ("loss", "open")
    assert discrepancy.owner == world.battalion_a
    assert discrepancy.report_due_on == timezone.localdate() + dt.timedelta(days=30)


def test_only_the_holder_records_custody(world: World) -> None:
    item = et.held_item(world)
    with pytest.raises(PermissionDenied):
        services.record_custody_event(
            CustodyEvent(item=item, kind="repair"), actor=world.registrar_a
        )
    services.record_custody_event(CustodyEvent(item=item, kind="repair"), actor=world.manager_a)


def test_a_custody_event_is_never_changed_or_deleted(world: World) -> None:
    recorded = CustodyEvent.objects.filter(item=et.held_item(world)).first()
    assert recorded is not None
    recorded.note = "rewritten"
    with pytest.raises(ValidationError):
        recorded.save()
    with pytest.raises(ValidationError):
        services.delete_custody_event(recorded, actor=None)
    assert CustodyEvent.objects.get(pk=recorded.pk).note == ""


# --- inventories ----------------------------------------------------------------------


def test_an_inventory_records_found_missing_and_unexpected(world: World) -> None:
    shipment = et.delivered(world)
    inventory = Inspection.objects.get(shipment=shipment)
    serials = sorted(Item.objects.filter(shipment=shipment).values_list("serial_number", flat=True))
    services.record_inventory(
        inventory,
        serials=[*serials[:3], "UNKNOWN-1"],
        conducted_on=timezone.localdate(),
        actor=None,
    )
    outcomes = dict(
        InspectionFinding.objects.filter(inspection=inventory).values_list(
            "serial_number", "outcome"
        )
    )
    assert outcomes == {
        serials[0]: "found",
        serials[1]: "found",
        serials[2]: "found",
        serials[3]: "missing",
        "UNKNOWN-1": "unexpected",
    }
    raised = set(
        Discrepancy.objects.filter(inspection=inventory).values_list(
            "kind", "expected_serial", "serial_number"
        )
    )
    assert raised == {("loss", serials[3], ""), ("overage", "", "UNKNOWN-1")}
    with pytest.raises(ValidationError, match="already been recorded"):
        services.record_inventory(
            inventory, serials=[], conducted_on=timezone.localdate(), actor=None
        )


@pytest.mark.parametrize(("monitored", "scheduled"), [(True, 1), (False, 0)])
def test_enhanced_monitoring_brings_the_next_inventory_a_year_later(
    world: World, monitored: bool, scheduled: int
) -> None:
    kind = et.item_type("AD-1", category="VII", enhanced_monitoring=monitored)
    shipment = et.delivered(world, of=et.transfer(world, lines=((kind, 2),)))
    inventory = Inspection.objects.get(shipment=shipment)
    serials = Item.objects.filter(shipment=shipment).values_list("serial_number", flat=True)
    day = timezone.localdate()
    services.record_inventory(inventory, serials=list(serials), conducted_on=day, actor=None)
    annual = Inspection.objects.filter(transfer=shipment.transfer, kind="annual_inventory")
    assert annual.count() == scheduled
    if scheduled:
        assert annual.get().due_on == services.next_year(day)


# --- deadlines across month and year ends ---------------------------------------------


@pytest.mark.parametrize(
    ("arrived", "due"),
    [
        (dt.date(2025, 10, 31), dt.date(2026, 1, 29)),
        (dt.date(2025, 12, 31), dt.date(2026, 3, 31)),
        (dt.date(2023, 12, 1), dt.date(2024, 2, 29)),  # across a leap day
        (dt.date(2026, 11, 30), dt.date(2027, 2, 28)),
    ],
)
def test_initial_inventory_is_due_90_days_after_arrival(arrived: dt.date, due: dt.date) -> None:
    assert services.initial_inventory_due(arrived) == due


@pytest.mark.parametrize(
    ("discovered", "due"),
    [
        (dt.date(2025, 12, 15), dt.date(2026, 1, 14)),
        (dt.date(2026, 1, 31), dt.date(2026, 3, 2)),
        (dt.date(2024, 1, 31), dt.date(2024, 3, 1)),  # leap year
        (dt.date(2025, 12, 2), dt.date(2026, 1, 1)),
    ],
)
def test_a_discrepancy_is_due_30_days_after_discovery(
    world: World, discovered: dt.date, due: dt.date
) -> None:
    transfer = et.transfer(world)
    discrepancy = services.save_discrepancy(
        Discrepancy(
            owner=world.battalion_a,
            transfer=transfer,
            kind="damage",
            discovered_on=discovered,
            description="Dented hull",
        ),
        actor=None,
    )
    assert discrepancy.report_due_on == due


def test_a_discrepancy_is_overdue_the_day_after_its_deadline(world: World) -> None:
    today = timezone.localdate()
    transfer = et.transfer(world)

    def recorded(days_ago: int) -> Discrepancy:
        return services.save_discrepancy(
            Discrepancy(
                owner=world.battalion_a,
                transfer=transfer,
                kind="damage",
                discovered_on=today - dt.timedelta(days=days_ago),
                description="Cracked optics",
            ),
            actor=None,
        )

    assert not recorded(30).is_overdue  # due today
    late = recorded(31)
    assert late.is_overdue
    services.change_discrepancy_status(late, "reported", actor=None)
    late.refresh_from_db()
    assert late.reported_on == today and not late.is_overdue


def test_next_year_of_a_leap_day() -> None:
    assert services.next_year(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)
    assert services.next_year(dt.date(2025, 12, 31)) == dt.date(2026, 12, 31)


def test_discrepancy_steps(world: World) -> None:
    item = et.held_item(world)
    event(item, "theft")
    discrepancy = Discrepancy.objects.get(item=item)
    with pytest.raises(ValidationError, match="cannot become"):
        services.change_discrepancy_status(discrepancy, "resolved", actor=None, reason="x")
    services.change_discrepancy_status(discrepancy, "reported", actor=world.manager_a)
    with pytest.raises(ValidationError) as error:
        services.change_discrepancy_status(discrepancy, "escalated", actor=world.manager_a)
    assert "reason" in error.value.message_dict
    services.change_discrepancy_status(
        discrepancy, "escalated", actor=world.manager_a, reason="Seen with an armed faction"
    )
    services.change_discrepancy_status(
        discrepancy, "resolved", actor=world.manager_a, reason="Recovered by military police"
    )
    discrepancy.refresh_from_db()
    assert discrepancy.status == "resolved"
    assert discrepancy.resolution == "Recovered by military police"
    assert "armed faction" in discrepancy.investigation
    with pytest.raises(PermissionDenied):
        services.change_discrepancy_status(
            Discrepancy.objects.get(pk=discrepancy.pk), "investigating", actor=world.manager_b
        )
