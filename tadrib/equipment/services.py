"""Writes of equipment records. Plain records go through the shared audited
save; the workflows that span rows live here: capturing serials, dispatch,
the hand-over count and its countersignatures (the moment of delivery, with
reconciliation into discrepancies and the initial inventory scheduled),
custody events, inventories, and the steps of a transfer and a discrepancy.

Two sides act on the same transfer: the exporter (who owns it) and the
importer (who reads it). A step the importer takes on the exporter's record
checks the importer's right by its own rule and saves with
``authorised=True``; the audit entry is filed under the actor either way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tadrib.core import access, audit
from tadrib.core.choices import Action
from tadrib.core.services import delete_audited, refuse_illegal_transition, save_audited
from tadrib.equipment.choices import (
    CUSTODY_TRANSITIONS,
    DISCREPANCY_REASON_REQUIRED,
    DISCREPANCY_TRANSITIONS,
    HELD,
    INVENTORY_KINDS,
    SHIPMENT_KINDS,
    TRANSFER_TRANSITIONS,
    CustodyKind,
    DiscrepancyKind,
    DiscrepancyStatus,
    FindingOutcome,
    InspectionKind,
    ItemStatus,
    ShipmentStatus,
    TransferStatus,
)
from tadrib.equipment.models import (
    CustodyEvent,
    Discrepancy,
    Inspection,
    InspectionFinding,
    Item,
    ItemType,
    ItemTypeCourse,
    Shipment,
    ShipmentLine,
    StorageSite,
    Transfer,
    TransferLine,
)
from tadrib.equipment.reconciliation import Count as LineCount
from tadrib.equipment.reconciliation import Reconciliation, reconcile
from tadrib.organisations.models import Organisation

if TYPE_CHECKING:
    from tadrib.accounts.models import User

# Days after arrival within which the initial inventory is due.
INITIAL_INVENTORY_DAYS = 90


# --- who acts for which side ---------------------------------------------------------


def acts_for(
    actor: Any,
    organisation: Organisation,
    model: type = Transfer,
    action: str = Action.CHANGE,
) -> bool:
    """Whether ``actor`` may take ``action`` on ``model`` records at
    ``organisation`` (its reach covers it with one of the roles the model's
    policy gives that action). ``None`` is the system."""
    if actor is None:
        return True
    return access.path_in_reach(organisation.path, access.reach_paths(actor, model, action))


def is_exporter_side(actor: Any, transfer: Transfer) -> bool:
    """Whether ``actor`` acts for the transfer's exporter (its steps: status,
    serials, dispatch, the exporter's countersignature)."""
    return acts_for(actor, transfer.exporter)


def is_importer_side(actor: Any, shipment: Shipment) -> bool:
    """Whether ``actor`` acts for the receiving side of a shipment: the
    importer, the end user or the receiving unit (the count, the importer's
    countersignature)."""
    transfer = shipment.transfer
    return any(
        acts_for(actor, organisation)
        for organisation in (transfer.importer, transfer.end_user, shipment.receiving_unit)
    )


def may_steer_discrepancy(actor: Any, discrepancy: Discrepancy) -> bool:
    """The recording side and the exporter take a discrepancy's steps."""
    return acts_for(actor, discrepancy.owner, Discrepancy) or acts_for(
        actor, discrepancy.transfer.exporter, Discrepancy
    )


def may_record_inventory(actor: Any, inspection: Inspection) -> bool:
    """An inventory not yet recorded, by its inspecting organisation."""
    return (
        inspection.kind in INVENTORY_KINDS
        and inspection.conducted_on is None
        and acts_for(actor, inspection.owner, Inspection)
    )


def _exporter_side(actor: User | None, transfer: Transfer) -> None:
    if not is_exporter_side(actor, transfer):
        raise PermissionDenied(_("Only the exporter's side takes this step."))


def _importer_side(actor: User | None, shipment: Shipment) -> None:
    if not is_importer_side(actor, shipment):
        raise PermissionDenied(_("Only the importer's side takes this step."))


def _related(instance: Any, name: str) -> Any:
    """The record a foreign key names, or ``None`` when it names none or one
    that does not exist (validation then reports the field)."""
    pk = getattr(instance, f"{name}_id")
    if pk is None:
        return None
    model = instance._meta.get_field(name).related_model
    return model._default_manager.filter(pk=pk).first()


# --- item types and sites ------------------------------------------------------------


def save_item_type(item_type: ItemType, *, actor: User | None) -> ItemType:
    return save_audited(item_type, actor=actor)


def delete_item_type(item_type: ItemType, *, actor: User | None) -> None:
    delete_audited(item_type, actor=actor)


def save_item_type_course(link: ItemTypeCourse, *, actor: User | None) -> ItemTypeCourse:
    return save_audited(link, actor=actor)


def delete_item_type_course(link: ItemTypeCourse, *, actor: User | None) -> None:
    delete_audited(link, actor=actor)


def save_storage_site(site: StorageSite, *, actor: User | None) -> StorageSite:
    return save_audited(site, actor=actor)


def delete_storage_site(site: StorageSite, *, actor: User | None) -> None:
    delete_audited(site, actor=actor)


# --- transfers and their lines -------------------------------------------------------


def save_transfer(transfer: Transfer, *, actor: User | None) -> Transfer:
    """Save a transfer's particulars; its status moves only through
    ``change_transfer_status``."""
    return save_audited(transfer, actor=actor)


def delete_transfer(transfer: Transfer, *, actor: User | None) -> None:
    """Delete a transfer that never shipped anything (its lines go with it)."""
    if transfer.shipments.exists():
        raise ValidationError(_("A transfer with shipments cannot be deleted; cancel it instead."))
    delete_audited(transfer, actor=actor)


@transaction.atomic
def change_transfer_status(
    transfer: Transfer, target: str, *, actor: User | None, reason: str = ""
) -> Transfer:
    """Authorise, suspend, resume, complete or cancel a transfer."""
    locked = (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("exporter")
        .get(pk=transfer.pk)
    )
    _exporter_side(actor, locked)
    refuse_illegal_transition(
        TransferStatus,
        TRANSFER_TRANSITIONS,
        locked.status,
        target,
        _("A transfer that is “%(current)s” cannot become “%(target)s”."),
    )
    if target not in TransferStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if target == TransferStatus.AUTHORISED and not locked.lines.exists():
        raise ValidationError({"status": _("Authorise a transfer once it has its lines.")})
    if target in (TransferStatus.SUSPENDED, TransferStatus.CANCELLED) and not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    if target == TransferStatus.AUTHORISED and locked.authorised_on is None:
        locked.authorised_on = timezone.localdate()
    locked.status = target
    locked.status_reason = reason.strip()
    save_audited(locked, actor=actor, action=f"transfer.{target}", extra_changes={"reason": reason})
    return locked


def _draft_only(transfer: Transfer) -> None:
    if transfer.status != TransferStatus.DRAFT:
        raise ValidationError(
            _("The lines of an authorised transfer are fixed; they change only in a draft.")
        )


def save_transfer_line(line: TransferLine, *, actor: User | None) -> TransferLine:
    transfer = _related(line, "transfer")
    if transfer is not None:
        _draft_only(transfer)
    return save_audited(line, actor=actor)


def delete_transfer_line(line: TransferLine, *, actor: User | None) -> None:
    _draft_only(line.transfer)
    delete_audited(line, actor=actor)


# --- shipments -----------------------------------------------------------------------


def _preparing(shipment: Shipment) -> None:
    if shipment.status != ShipmentStatus.PREPARING:
        raise ValidationError(_("The shipment has been dispatched; its contents no longer change."))


def save_shipment(shipment: Shipment, *, actor: User | None) -> Shipment:
    """A new shipment only under an authorised transfer; its particulars
    change only while it is being prepared."""
    transfer = _related(shipment, "transfer")
    if shipment._state.adding and transfer is not None:
        if transfer.status != TransferStatus.AUTHORISED:
            raise ValidationError({"transfer": _("Ship only under an authorised transfer.")})
    elif not shipment._state.adding:
        stored = Shipment.objects.get(pk=shipment.pk)
        _preparing(stored)
    return save_audited(shipment, actor=actor)


@transaction.atomic
def delete_shipment(shipment: Shipment, *, actor: User | None) -> None:
    """Delete a shipment still being prepared, with its captured serials."""
    _preparing(shipment)
    items = Item.objects.filter(shipment=shipment)
    audit.record(actor, "shipment.serials_removed", shipment, changes={"count": items.count()})
    items.delete()
    delete_audited(shipment, actor=actor)


@transaction.atomic
def save_shipment_line(line: ShipmentLine, *, actor: User | None) -> ShipmentLine:
    """A shipment line, within what is authorised and not yet shipped (the
    transfer line is locked so that two shipments cannot both take the last)."""
    shipment = _related(line, "shipment")
    if shipment is not None:
        _preparing(shipment)
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
    _preparing(line.shipment)
    delete_audited(line, actor=actor)


def save_item(item: Item, *, actor: User | None) -> Item:
    """Capture one serial before dispatch (or correct it while preparing)."""
    shipment = _related(item, "shipment")
    if shipment is not None:
        _preparing(shipment)
        item.transfer_id = shipment.transfer_id
    if not item._state.adding:
        _preparing(Item.objects.select_related("shipment").get(pk=item.pk).shipment)
    return save_audited(item, actor=actor)


def delete_item(item: Item, *, actor: User | None) -> None:
    _preparing(item.shipment)
    delete_audited(item, actor=actor)


@dataclass(frozen=True)
class SerialRow:
    """One serial to capture: its line in the file or the pasted text."""

    line: int
    item_type: str
    serial: str


@dataclass
class CaptureReport:
    stored: int
    errors: list[tuple[int, str]]  # (line, message naming the column)

    @property
    def ok(self) -> bool:
        return not self.errors


@transaction.atomic
def capture_serials(
    shipment: Shipment, rows: Sequence[SerialRow], *, actor: User | None
) -> CaptureReport:
    """Capture many serials at once, all or nothing: a serial repeated in
    the list, already known, of a type the shipment does not carry, or beyond
    the quantity shipped, refuses the whole list, naming each bad row."""
    locked = (
        Shipment.objects.select_for_update(of=("self",))
        .select_related("transfer")
        .get(pk=shipment.pk)
    )
    _exporter_side(actor, locked.transfer)
    _preparing(locked)
    lines = {
        line.transfer_line.item_type.code: line
        for line in locked.lines.select_related("transfer_line__item_type")
    }
    room = {
        code: line.quantity_shipped
        - Item.objects.filter(shipment=locked, item_type=line.transfer_line.item_type).count()
        for code, line in lines.items()
    }
    errors: list[tuple[int, str]] = []
    seen: dict[tuple[str, str], int] = {}
    wanted: list[tuple[SerialRow, ShipmentLine]] = []
    for row in rows:
        code, serial = row.item_type.strip().upper(), row.serial.strip()
        line = lines.get(code)
        if not serial:
            errors.append((row.line, _("serial: empty.")))
        elif line is None:
            errors.append(
                (
                    row.line,
                    _("item_type: %(code)s is not carried by this shipment.") % {"code": code},
                )
            )
        elif not line.transfer_line.item_type.serial_tracked:
            errors.append(
                (
                    row.line,
                    _("item_type: %(code)s is counted, not tracked by serial.") % {"code": code},
                )
            )
        elif (code, serial) in seen:
            errors.append(
                (
                    row.line,
                    _("serial: %(serial)s repeats line %(first)s.")
                    % {"serial": serial, "first": seen[(code, serial)]},
                )
            )
        else:
            seen[(code, serial)] = row.line
            wanted.append((SerialRow(row.line, code, serial), line))
    for row, _line in wanted:
        room[row.item_type] -= 1
        if room[row.item_type] == -1:
            errors.append(
                (
                    row.line,
                    _("item_type: more serials of %(code)s than the %(n)s shipped.")
                    % {"code": row.item_type, "n": lines[row.item_type].quantity_shipped},
                )
            )
    known = _known_serials([(line.transfer_line.item_type_id, row.serial) for row, line in wanted])
    for row, line in wanted:
        if (line.transfer_line.item_type_id, row.serial) in known:
            errors.append(
                (row.line, _("serial: %(serial)s is already known.") % {"serial": row.serial})
            )
    if errors:
        return CaptureReport(0, sorted(errors))
    validator = Item._meta.get_field("serial_number")
    for row, _line in wanted:
        try:
            validator.run_validators(row.serial)  # type: ignore[attr-defined]
        except ValidationError as error:
            errors.append(
                (row.line, _("serial: %(reason)s") % {"reason": " ".join(error.messages)})
            )
    if errors:
        return CaptureReport(0, sorted(errors))
    Item.objects.bulk_create(
        [
            Item(
                item_type_id=line.transfer_line.item_type_id,
                serial_number=row.serial,
                shipment=locked,
                transfer_id=locked.transfer_id,
            )
            for row, line in wanted
        ],
        batch_size=2000,
    )
    audit.record(actor, "shipment.serials_captured", locked, changes={"count": len(wanted)})
    return CaptureReport(len(wanted), [])


def _known_serials(pairs: list[tuple[int, str]]) -> set[tuple[int, str]]:
    found: set[tuple[int, str]] = set()
    by_type: dict[int, list[str]] = {}
    for type_id, serial in pairs:
        by_type.setdefault(type_id, []).append(serial)
    for type_id, serials in by_type.items():
        for start in range(0, len(serials), 900):
            batch = serials[start : start + 900]
            found.update(
                Item.objects.filter(item_type_id=type_id, serial_number__in=batch).values_list(
                    "item_type_id", "serial_number"
                )
            )
    return found


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
    _exporter_side(actor, locked.transfer)
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
    _importer_side(actor, locked)
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
        _exporter_side(actor, locked.transfer)
    elif side == "importer":
        _importer_side(actor, locked)
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


# --- custody -------------------------------------------------------------------------


@transaction.atomic
def record_custody_event(event: CustodyEvent, *, actor: User | None) -> CustodyEvent:
    """Record one step of an item's life and apply it to the item: a move to
    another unit or site, repair, loss, theft, recovery, destruction,
    disposal, retransfer. Refused: a step the item's status does not allow, a
    unit outside the transfer's end user, a site whose storage certification
    has expired, a retransfer without the exporter's consent where it is
    required. Loss, theft and destruction open a discrepancy."""
    if not event._state.adding:
        raise ValidationError(_("A custody event is never changed; record a new one."))
    if event.item_id is None:
        raise ValidationError({"item": _("This field is required.")})
    item = (
        Item.objects.select_for_update(of=("self",))
        .select_related("transfer__end_user", "transfer__exporter", "custodian", "site")
        .get(pk=event.item_id)
    )
    holder = item.custodian or item.transfer.exporter
    if not acts_for(actor, holder, CustodyEvent, Action.ADD):
        raise PermissionDenied(_("Only the unit holding the item (or one above it) records this."))
    errors = _custody_errors(event, item)
    if errors:
        raise ValidationError(errors)
    target = CUSTODY_TRANSITIONS[event.kind][1] or item.status
    event.status_before, event.status_after = item.status, target
    event.from_unit, event.from_site = item.custodian, item.site
    if target in HELD:
        event.to_unit = event.to_unit if event.to_unit_id else item.custodian
        event.to_site = event.to_site if event.to_site_id else item.site
    else:  # the item leaves: no unit or site holds it
        event.to_unit, event.to_site = None, None
    to_unit = event.to_unit
    event.owner = to_unit or holder
    saved = save_audited(event, actor=actor, authorised=True)
    item.status = target
    if target in HELD:
        item.custodian, item.site = to_unit, event.to_site
    save_audited(item, actor=actor, action=f"item.{event.kind}", authorised=True)
    kind = _DISCREPANCY_OF.get(event.kind)
    if kind is not None:
        save_audited(
            Discrepancy(
                owner=holder,
                transfer_id=item.transfer_id,
                item=item,
                item_type_id=item.item_type_id,
                kind=kind,
                discovered_on=timezone.localdate(event.occurred_at),
                description=event.note or str(CustodyKind(event.kind).label),
            ),
            actor=actor,
            authorised=True,
        )
    return saved


_DISCREPANCY_OF: dict[str, str] = {
    CustodyKind.LOSS: DiscrepancyKind.LOSS,
    CustodyKind.THEFT: DiscrepancyKind.THEFT,
    CustodyKind.DESTRUCTION: DiscrepancyKind.DESTRUCTION,
}


def _custody_errors(event: CustodyEvent, item: Item) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if event.kind in SHIPMENT_KINDS or event.kind not in CUSTODY_TRANSITIONS:
        errors["kind"] = _("Dispatch and delivery are recorded by the shipment's steps.")
        return errors
    allowed_from, _target = CUSTODY_TRANSITIONS[event.kind]
    if item.status not in allowed_from:
        errors["kind"] = _("“%(event)s” cannot be recorded for an item that is “%(status)s”.") % {
            "event": CustodyKind(event.kind).label,
            "status": item.get_status_display(),  # type: ignore[attr-defined]
        }
    if event.kind == CustodyKind.MOVE and event.to_unit_id is None and event.to_site_id is None:
        errors["to_unit"] = _("Name the unit or the site the item moves to.")
    end_user = item.transfer.end_user
    to_unit = event.to_unit if event.to_unit_id else None
    to_site = event.to_site if event.to_site_id else None
    if to_unit is not None and not to_unit.path.startswith(end_user.path):
        errors["to_unit"] = _(
            "%(unit)s is outside the transfer's end user (%(end_user)s); the item may not go there."
        ) % {"unit": to_unit, "end_user": end_user}
    occurred = timezone.localdate(event.occurred_at) if event.occurred_at else timezone.localdate()
    moving_in = to_site is not None and to_site.pk != item.site_id
    if moving_in and not to_site.certified_on_day(occurred):  # type: ignore[union-attr]
        errors["to_site"] = _(
            "The storage certification of %(site)s has expired or was never given."
        ) % {"site": to_site}
    if event.occurred_at and event.occurred_at > timezone.now() + dt.timedelta(minutes=5):
        errors["occurred_at"] = _("A custody event cannot be recorded before it happens.")
    if (
        event.kind == CustodyKind.RETRANSFER
        and item.transfer.retransfer_needs_consent
        and not event.consent_reference.strip()
    ):
        errors["consent_reference"] = _(
            "This transfer allows no retransfer without the exporter's written consent; "
            "give its reference."
        )
    return errors


def delete_custody_event(event: CustodyEvent, *, actor: User | None) -> None:
    raise ValidationError(_("A custody event is never deleted."))


# --- inspections ---------------------------------------------------------------------


def _inventory_recorded_by_its_scan(stored: Inspection, inspection: Inspection) -> None:
    if inspection.kind in INVENTORY_KINDS and inspection.conducted_on != stored.conducted_on:
        raise ValidationError(
            {"conducted_on": _("An inventory is recorded with the serials scanned, on its page.")}
        )


def save_inspection(inspection: Inspection, *, actor: User | None) -> Inspection:
    """Save an inspection's particulars. An inventory's date of conduct is set
    only by ``record_inventory``, with what was found."""
    if inspection._state.adding and inspection.kind in INVENTORY_KINDS and inspection.conducted_on:
        _inventory_recorded_by_its_scan(Inspection(conducted_on=None), inspection)
    return save_audited(inspection, actor=actor, check_change=_inventory_recorded_by_its_scan)


def delete_inspection(inspection: Inspection, *, actor: User | None) -> None:
    if inspection.conducted_on is not None:
        raise ValidationError(_("An inspection that has been made is kept."))
    delete_audited(inspection, actor=actor)


def save_inspection_finding(finding: InspectionFinding, *, actor: User | None) -> InspectionFinding:
    inspection = _related(finding, "inspection")
    if inspection is not None and finding.serial_number:
        finding.item = (
            Item.objects.filter(
                transfer_id=inspection.transfer_id, serial_number=finding.serial_number
            )
            .order_by("pk")
            .first()
        )
    return save_audited(finding, actor=actor)


def delete_inspection_finding(finding: InspectionFinding, *, actor: User | None) -> None:
    delete_audited(finding, actor=actor)


def expected_items(inspection: Inspection) -> Any:
    """The items an inventory expects to find: the transfer's items held by a
    unit (of the shipment, at the site, when the inspection names them)."""
    items = Item.objects.filter(transfer_id=inspection.transfer_id, status__in=HELD)
    if inspection.shipment_id:
        items = items.filter(shipment_id=inspection.shipment_id)
    if inspection.site_id:
        items = items.filter(site_id=inspection.site_id)
    return items


def next_year(day: dt.date) -> dt.date:
    """The same date a year later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


@transaction.atomic
def record_inventory(
    inspection: Inspection,
    *,
    serials: Sequence[str],
    conducted_on: dt.date,
    actor: User | None,
    inspectors: str = "",
    summary: str = "",
) -> Inspection:
    """Record an inventory from the serials scanned: each expected item found
    or missing, each serial the system does not know unexpected. Missing
    items and unknown serials become discrepancies; where the transfer has
    enhanced-monitoring items, the next annual inventory falls due a year
    later."""
    locked = (
        Inspection.objects.select_for_update(of=("self",))
        .select_related("transfer", "owner")
        .get(pk=inspection.pk)
    )
    if not acts_for(actor, locked.owner, Inspection):
        raise PermissionDenied(_("Only the inspecting organisation records its inventory."))
    if locked.kind not in INVENTORY_KINDS:
        raise ValidationError({"kind": _("Only an inventory records serials.")})
    if locked.conducted_on is not None:
        raise ValidationError(_("This inventory has already been recorded."))
    scanned = list(dict.fromkeys(s.strip() for s in serials if s.strip()))
    expected = dict(expected_items(locked).values_list("serial_number", "pk"))
    known = (
        {
            serial: pk
            for pk, serial in Item.objects.filter(
                transfer_id=locked.transfer_id, serial_number__in=scanned
            ).values_list("pk", "serial_number")
        }
        if len(scanned) <= 5000
        else dict(
            Item.objects.filter(transfer_id=locked.transfer_id).values_list("serial_number", "pk")
        )
    )
    findings = [
        InspectionFinding(
            inspection=locked,
            serial_number=serial,
            item_id=known.get(serial),
            outcome=FindingOutcome.FOUND if serial in known else FindingOutcome.UNEXPECTED,
        )
        for serial in scanned
    ]
    missing = [serial for serial in expected if serial not in set(scanned)]
    findings += [
        InspectionFinding(
            inspection=locked,
            serial_number=serial,
            item_id=expected[serial],
            outcome=FindingOutcome.MISSING,
        )
        for serial in missing
    ]
    locked.conducted_on = conducted_on
    locked.inspectors = inspectors or locked.inspectors
    locked.summary = summary or locked.summary
    save_audited(
        locked,
        actor=actor,
        action="inspection.recorded",
        extra_changes={
            "found": len(scanned) - sum(1 for s in scanned if s not in known),
            "missing": len(missing),
            "unexpected": sum(1 for s in scanned if s not in known),
        },
    )
    InspectionFinding.objects.bulk_create(findings, batch_size=2000)
    for serial in missing:
        save_audited(
            Discrepancy(
                owner=locked.owner,
                transfer_id=locked.transfer_id,
                inspection=locked,
                item_id=expected[serial],
                kind=DiscrepancyKind.LOSS,
                expected_serial=serial,
                discovered_on=conducted_on,
                description=_("Not found at the inventory of %(day)s.") % {"day": conducted_on},
            ),
            actor=actor,
            authorised=True,
        )
    for serial in scanned:
        if serial not in known:
            save_audited(
                Discrepancy(
                    owner=locked.owner,
                    transfer_id=locked.transfer_id,
                    inspection=locked,
                    kind=DiscrepancyKind.OVERAGE,
                    serial_number=serial,
                    discovered_on=conducted_on,
                    description=_("Serial scanned at the inventory but not known."),
                ),
                actor=actor,
                authorised=True,
            )
    _schedule_annual(locked, actor)
    return locked


def _schedule_annual(inspection: Inspection, actor: User | None) -> None:
    monitored = Item.objects.filter(
        transfer_id=inspection.transfer_id, status__in=HELD, item_type__enhanced_monitoring=True
    )
    pending = Inspection.objects.filter(
        transfer_id=inspection.transfer_id,
        kind=InspectionKind.ANNUAL_INVENTORY,
        conducted_on__isnull=True,
    )
    if monitored.exists() and not pending.exists():
        save_audited(
            Inspection(
                owner=inspection.owner,
                kind=InspectionKind.ANNUAL_INVENTORY,
                transfer_id=inspection.transfer_id,
                due_on=next_year(inspection.conducted_on or timezone.localdate()),
            ),
            actor=actor,
            authorised=True,
        )


# --- discrepancies -------------------------------------------------------------------


def save_discrepancy(discrepancy: Discrepancy, *, actor: User | None) -> Discrepancy:
    return save_audited(discrepancy, actor=actor)


def delete_discrepancy(discrepancy: Discrepancy, *, actor: User | None) -> None:
    if discrepancy.status != DiscrepancyStatus.OPEN:
        raise ValidationError(_("A discrepancy that has been reported is kept."))
    delete_audited(discrepancy, actor=actor)


@transaction.atomic
def change_discrepancy_status(
    discrepancy: Discrepancy, target: str, *, actor: User | None, reason: str = ""
) -> Discrepancy:
    """Report, investigate, escalate (suspected diversion) or resolve. The
    exporter's side may take any step after the report, too."""
    locked = (
        Discrepancy.objects.select_for_update(of=("self",))
        .select_related("owner", "transfer__exporter")
        .get(pk=discrepancy.pk)
    )
    if not may_steer_discrepancy(actor, locked):
        raise PermissionDenied(_("You may not make this change in this organisation."))
    refuse_illegal_transition(
        DiscrepancyStatus,
        DISCREPANCY_TRANSITIONS,
        locked.status,
        target,
        _("A discrepancy that is “%(current)s” cannot become “%(target)s”."),
    )
    if target not in DiscrepancyStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if target in DISCREPANCY_REASON_REQUIRED and not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    today = timezone.localdate()
    if target == DiscrepancyStatus.REPORTED:
        locked.reported_on = today
    if target == DiscrepancyStatus.RESOLVED:
        locked.resolved_on = today
        locked.resolution = reason.strip()
    elif reason.strip():
        locked.investigation = "\n\n".join(p for p in (locked.investigation, reason.strip()) if p)
    locked.status = target
    save_audited(
        locked,
        actor=actor,
        action=f"discrepancy.{target}",
        authorised=True,
        extra_changes={"reason": reason},
    )
    return locked
