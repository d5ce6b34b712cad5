"""Capturing serials before dispatch, all or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tadrib.core import audit
from tadrib.equipment.models import (
    Item,
    Shipment,
    ShipmentLine,
)
from tadrib.equipment.services.shipments import require_preparing
from tadrib.equipment.services.sides import require_exporter_side

if TYPE_CHECKING:
    from tadrib.accounts.models import User


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
    require_exporter_side(actor, locked.transfer)
    require_preparing(locked)
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
