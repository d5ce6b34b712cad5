"""Shipments: their lines and items while prepared, dispatch, the hand-over
count, the countersignatures and delivery (reconciled into discrepancies,
with the initial inventory due)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tadrib.core import audit
from tadrib.core.services import delete_audited, save_audited
from tadrib.equipment.choices import (
    CustodyKind,
    InspectionKind,
    ItemStatus,
    ShipmentStatus,
    TransferStatus,
)
from tadrib.equipment.models import (
    CustodyEvent,
    Discrepancy,
    Inspection,
    Item,
    ItemType,
    Shipment,
    ShipmentLine,
    TransferLine,
)
from tadrib.equipment.reconciliation import Count as LineCount
from tadrib.equipment.reconciliation import Reconciliation, reconcile
from tadrib.equipment.services.sides import (
    related_or_none,
    require_exporter_side,
    require_importer_side,
)

if TYPE_CHECKING:
    from tadrib.accounts.models import User


# Days after arrival within which the initial inventory is due.
INITIAL_INVENTORY_DAYS = 90


def require_preparing(shipment: Shipment) -> None:
    if shipment.status != ShipmentStatus.PREPARING:
        raise ValidationError(_("The shipment has been dispatched; its contents no longer change."))


def save_shipment(shipment: Shipment, *, actor: User | None) -> Shipment:
    """A new shipment only under an authorised transfer; its particulars
    change only while it is being prepared."""
    transfer = related_or_none(shipment, "transfer")
    if shipment._state.adding and transfer is not None:
        if transfer.status != TransferStatus.AUTHORISED:
            raise ValidationError({"transfer": _("Ship only under an authorised transfer.")})
    elif not shipment._state.adding:
        stored = Shipment.objects.get(pk=shipment.pk)
        require_preparing(stored)
    return save_audited(shipment, actor=actor)


@transaction.atomic
def delete_shipment(shipment: Shipment, *, actor: User | None) -> None:
    """Delete a shipment still being prepared, with its captured serials."""
    require_preparing(shipment)
    items = Item.objects.filter(shipment=shipment)
    audit.record(actor, "shipment.serials_removed", shipment, changes={"count": items.count()})
    items.delete()
    delete_audited(shipment, actor=actor)


@transaction.atomic
def save_shipment_line(line: ShipmentLine, *, actor: User | None) -> ShipmentLine:
    """A shipment line, within what is authorised and not yet shipped (the
    transfer line is locked so that two shipments cannot both take the last)."""
    shipment = related_or_none(line, "shipment")
    if shipment is not None:
        require_preparing(shipment)
    authorised = (
        TransferLine.objects.select_for_update(of=("self",))
        .filter(pk=line.transfer_line_id)
        .first()
    )
    if authorised is not None and line.quantity_shipped:
        others = (
            ShipmentLine.objects.filter(transfer_line=authorised)
            .exclude(pk=line.pk)
            .exclude(shipment__status=ShipmentStatus.CANCELLED)
            .aggregate(n=Sum("quantity_shipped"))["n"]
            or 0
        )
        if others + line.quantity_shipped > authorised.quantity:
            raise ValidationError(
                {
                    "quantity_shipped": _(
                        "Only %(left)s of the %(authorised)s authorised are left to ship."
                    )
                    % {
                        "left": max(authorised.quantity - others, 0),
                        "authorised": authorised.quantity,
                    }
                }
            )
    return save_audited(line, actor=actor)


def delete_shipment_line(line: ShipmentLine, *, actor: User | None) -> None:
    require_preparing(line.shipment)
    delete_audited(line, actor=actor)


def save_item(item: Item, *, actor: User | None) -> Item:
    """Capture one serial before dispatch (or correct it while preparing)."""
    shipment = related_or_none(item, "shipment")
    if shipment is not None:
        require_preparing(shipment)
        item.transfer_id = shipment.transfer_id
    if not item._state.adding:
        require_preparing(Item.objects.select_related("shipment").get(pk=item.pk).shipment)
    return save_audited(item, actor=actor)


def delete_item(item: Item, *, actor: User | None) -> None:
    require_preparing(item.shipment)
    delete_audited(item, actor=actor)


@transaction.atomic
def dispatch_shipment(
    shipment: Shipment, *, actor: User | None, on: dt.date | None = None
) -> Shipment:
    """The exporter sends the shipment: every serial-tracked line has its
    serials captured, the items go in transit (one custody event each)."""
    locked = (
        Shipment.objects.select_for_update(of=("self",))
        .select_related("transfer__exporter")
        .get(pk=shipment.pk)
    )
    require_exporter_side(actor, locked.transfer)
    if locked.status != ShipmentStatus.PREPARING:
        raise ValidationError(_("This shipment has already been dispatched."))
    if locked.transfer.status != TransferStatus.AUTHORISED:
        raise ValidationError(_("Ship only under an authorised transfer."))
    lines = list(locked.lines.select_related("transfer_line__item_type"))
    if not lines:
        raise ValidationError(_("The shipment carries nothing yet; add its lines."))
    captured = dict(
        Item.objects.filter(shipment=locked)
        .order_by()
        .values_list("item_type_id")
        .annotate(n=Count("pk"))
    )
    missing = [
        _("%(code)s: %(captured)s of %(shipped)s serials captured.")
        % {
            "code": line.transfer_line.item_type.code,
            "captured": captured.get(line.transfer_line.item_type_id, 0),
            "shipped": line.quantity_shipped,
        }
        for line in lines
        if line.transfer_line.item_type.serial_tracked
        and captured.get(line.transfer_line.item_type_id, 0) != line.quantity_shipped
    ]
    if missing:
        raise ValidationError([_("Capture every serial before dispatch."), *missing])
    day = on or timezone.localdate()
    moment = timezone.now() if on is None else _noon(day)
    items = Item.objects.filter(shipment=locked)
    _append_events(
        items.values_list("pk", flat=True),
        kind=CustodyKind.DISPATCH,
        at=moment,
        owner_id=locked.transfer.exporter_id,
        before=ItemStatus.PREPARED,
        after=ItemStatus.IN_TRANSIT,
        to_unit_id=None,
        to_site_id=None,
        document=locked.code,
    )
    items.update(status=ItemStatus.IN_TRANSIT)
    locked.status = ShipmentStatus.DISPATCHED
    locked.dispatched_on = day
    save_audited(locked, actor=actor, action="shipment.dispatched", authorised=True)
    return locked


def _noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _append_events(
    item_ids: Iterable[int],
    *,
    kind: str,
    at: dt.datetime,
    owner_id: int,
    before: str,
    after: str,
    to_unit_id: int | None,
    to_site_id: int | None,
    document: str,
    from_unit_id: int | None = None,
) -> int:
    """One custody event per item, written in batches."""
    events = [
        CustodyEvent(
            item_id=pk,
            kind=kind,
            occurred_at=at,
            owner_id=owner_id,
            from_unit_id=from_unit_id,
            to_unit_id=to_unit_id,
            to_site_id=to_site_id,
            status_before=before,
            status_after=after,
            document_reference=document,
        )
        for pk in item_ids
    ]
    CustodyEvent.objects.bulk_create(events, batch_size=2000)
    return len(events)


@transaction.atomic
def record_count(
    shipment: Shipment,
    *,
    serials: Sequence[tuple[str, str]],
    quantities: dict[int, int],
    actor: User | None,
    at: dt.datetime | None = None,
) -> Reconciliation:
    """The importer's count at the hand-over: the serials read off the items
    (``(item type code or "", serial)``) and, for counted lines, how many
    arrived (by shipment line id). A new count replaces the last and clears
    both countersignatures. Returns the reconciliation it gives. ``at``: when
    it was counted (now by default)."""
    locked = (
        Shipment.objects.select_for_update(of=("self",))
        .select_related("transfer__importer", "transfer__end_user", "receiving_unit")
        .get(pk=shipment.pk)
    )
    require_importer_side(actor, locked)
    if locked.status != ShipmentStatus.DISPATCHED:
        raise ValidationError(_("Count a shipment once it has been dispatched, before delivery."))
    lines = {line.pk: line for line in locked.lines.select_related("transfer_line__item_type")}
    errors = {}
    for line_id, quantity in quantities.items():
        if line_id not in lines:
            errors["quantities"] = _("Line %(id)s is not part of this shipment.") % {"id": line_id}
        elif quantity < 0:
            errors["quantities"] = _("A count cannot be negative.")
    if errors:
        raise ValidationError(errors)
    received = [
        {"item_type": code.strip().upper(), "serial": serial.strip()}
        for code, serial in serials
        if serial.strip()
    ]
    locked.received_serials = received
    locked.counted_at = at or timezone.now()
    locked.exporter_signed_by = locked.importer_signed_by = None
    locked.exporter_signed_at = locked.importer_signed_at = None
    for line in lines.values():
        if line.transfer_line.item_type.serial_tracked:
            continue
        line.quantity_received = quantities.get(line.pk, 0)
        line.save(update_fields=["quantity_received", "updated_at"])
    result = reconciliation_of(locked)
    for line in lines.values():
        if line.transfer_line.item_type.serial_tracked:
            line.quantity_received = result.received_of(line.transfer_line.item_type.code)
            line.save(update_fields=["quantity_received", "updated_at"])
    save_audited(
        locked,
        actor=actor,
        action="shipment.counted",
        authorised=True,
        extra_changes={"serials_counted": len(received), "differences": result.difference_count},
    )
    return result


def reconciliation_of(shipment: Shipment) -> Reconciliation:
    """What the hand-over count says against what was shipped."""
    shipped = Item.objects.filter(shipment=shipment).values_list("item_type__code", "serial_number")
    counts = [
        LineCount(
            item_type=line.transfer_line.item_type.code,
            shipped=line.quantity_shipped,
            received=line.quantity_received,
        )
        for line in shipment.lines.select_related("transfer_line__item_type")
        if not line.transfer_line.item_type.serial_tracked
    ]
    received = [(row.get("item_type", ""), row["serial"]) for row in shipment.received_serials]
    return reconcile(list(shipped), received, counts)


@transaction.atomic
def countersign(
    shipment: Shipment, *, side: str, actor: User | None, at: dt.datetime | None = None
) -> Shipment:
    """One side signs the hand-over count. When both have signed, the
    shipment is delivered: received items go into service with the receiving
    unit, every difference becomes a discrepancy, and the initial inventory
    falls due. ``at``: when it was signed (now unless a past hand-over is
    being recorded, as the demo loader does)."""
    locked = (
        Shipment.objects.select_for_update(of=("self",))
        .select_related(
            "transfer__exporter", "transfer__importer", "transfer__end_user", "receiving_unit"
        )
        .get(pk=shipment.pk)
    )
    if side == "exporter":
        require_exporter_side(actor, locked.transfer)
    elif side == "importer":
        require_importer_side(actor, locked)
    else:
        raise ValidationError({"side": _("Sign for the exporter or the importer.")})
    if locked.status != ShipmentStatus.DISPATCHED or locked.counted_at is None:
        raise ValidationError(_("Countersign a dispatched shipment once it has been counted."))
    now = at or timezone.now()
    user = actor if actor is not None and actor.is_authenticated else None
    if side == "exporter":
        locked.exporter_signed_by, locked.exporter_signed_at = user, now
    else:
        locked.importer_signed_by, locked.importer_signed_at = user, now
    if locked.exporter_signed_at and locked.importer_signed_at:
        _deliver(locked, now, actor)
    save_audited(
        locked,
        actor=actor,
        action="shipment.delivered" if locked.delivered_at else f"shipment.signed_{side}",
        authorised=True,
    )
    return locked


def _deliver(shipment: Shipment, moment: dt.datetime, actor: User | None) -> None:
    result = reconciliation_of(shipment)
    day = timezone.localdate(moment)
    received = Item.objects.filter(
        shipment=shipment, pk__in=_ids_of(shipment, result.matched_serials())
    )
    _append_events(
        received.values_list("pk", flat=True),
        kind=CustodyKind.DELIVERY,
        at=moment,
        owner_id=shipment.receiving_unit_id,
        before=ItemStatus.IN_TRANSIT,
        after=ItemStatus.IN_SERVICE,
        to_unit_id=shipment.receiving_unit_id,
        to_site_id=shipment.destination_site_id,
        document=shipment.code,
    )
    received.update(
        status=ItemStatus.IN_SERVICE,
        custodian_id=shipment.receiving_unit_id,
        site_id=shipment.destination_site_id,
        arrived_on=day,
    )
    shipment.status = ShipmentStatus.DELIVERED
    shipment.delivered_at = moment
    _record_differences(shipment, result, day, actor)
    if result.matched or result.count_received:
        save_audited(
            Inspection(
                owner_id=shipment.receiving_unit_id,
                kind=InspectionKind.INITIAL_INVENTORY,
                transfer_id=shipment.transfer_id,
                shipment=shipment,
                site_id=shipment.destination_site_id,
                due_on=initial_inventory_due(day),
            ),
            actor=actor,
            authorised=True,
        )


def initial_inventory_due(arrived_on: dt.date) -> dt.date:
    """The initial inventory is due within 90 days of arrival."""
    return arrived_on + dt.timedelta(days=INITIAL_INVENTORY_DAYS)


def _ids_of(shipment: Shipment, pairs: set[tuple[str, str]]) -> list[int]:
    rows = Item.objects.filter(shipment=shipment).values_list(
        "pk", "item_type__code", "serial_number"
    )
    return [pk for pk, code, serial in rows if (code, serial) in pairs]


def _record_differences(
    shipment: Shipment, result: Reconciliation, day: dt.date, actor: User | None
) -> None:
    types = {t.code: t for t in ItemType.objects.filter(code__in=result.item_types())}
    items = {
        (code, serial): pk
        for pk, code, serial in Item.objects.filter(shipment=shipment).values_list(
            "pk", "item_type__code", "serial_number"
        )
    }
    for difference in result.differences():
        discrepancy = Discrepancy(
            owner_id=shipment.receiving_unit_id,
            transfer_id=shipment.transfer_id,
            shipment=shipment,
            item_type=types.get(difference.item_type),
            item_id=items.get((difference.item_type, difference.expected_serial)),
            kind=difference.kind,
            serial_number=difference.serial,
            expected_serial=difference.expected_serial,
            quantity=difference.quantity,
            discovered_on=day,
            description=difference.describe(),
        )
        save_audited(discrepancy, actor=actor, authorised=True)
