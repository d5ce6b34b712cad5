"""The host's equipment issued to the unit by serial and taken back, with loss and damage records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tadrib.core import spreadsheets
from tadrib.core.services import delete_audited, save_audited
from tadrib.core.validators import SERIAL
from tadrib.equipment.models import ItemType
from tadrib.training.choices import (
    EquipmentState,
    LossKind,
)
from tadrib.training.models import (
    EquipmentLoss,
    RotationEquipment,
    UnitRotation,
)

if TYPE_CHECKING:
    from tadrib.accounts.models import User

from tadrib.training.rotation_services.base import (
    MAX_ROWS,
    MAX_SERIAL_LENGTH,
    OPEN,
    _lock,
    _related,
    _require_open,
    _today_within,
    require_host_side,
)

# --- equipment (host) -----------------------------------------------------------


@dataclass(frozen=True)
class IssueRow:
    """One item to issue: its line in the list or file, from 1."""

    line: int
    item_type: str
    serial: str


@dataclass
class ParsedRows:
    rows: list[IssueRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def _split(text: str) -> list[str]:
    for separator in ("\t", ";", ","):
        if separator in text:
            return [part.strip() for part in text.split(separator)]
    return text.split()


def parse_issue_text(text: str) -> ParsedRows:
    """Pasted lines ``ITEM_TYPE,SERIAL`` (or ; or a tab or spaces between);
    blank lines and a first line naming the columns are skipped."""
    parsed = ParsedRows()
    first = True
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        parts = _split(raw.strip())
        if first and [spreadsheets.header_name(p) for p in parts] == ["item_type", "serial"]:
            first = False
            continue
        first = False
        if len(parts) != 2:
            parsed.errors.append((line, _("give ITEM_TYPE,SERIAL.")))
        else:
            parsed.rows.append(IssueRow(line, parts[0], parts[1]))
    return parsed


def parse_issue_pairs(pairs: Sequence[tuple[str, str]]) -> ParsedRows:
    """Rows sent as (item type, serial) pairs; a row's line is its place, from 1."""
    return ParsedRows(
        [IssueRow(line, code, serial) for line, (code, serial) in enumerate(pairs, start=1)]
    )


def parse_issue_file(upload: Any) -> ParsedRows:
    """An uploaded CSV or XLSX file with the columns item_type and serial."""
    try:
        sheet = spreadsheets.read_sheet(
            upload,
            columns=("item_type", "serial"),
            required=("item_type", "serial"),
            max_rows=MAX_ROWS,
        )
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None
    return ParsedRows(
        [
            IssueRow(
                row.line,
                spreadsheets.cell_text(row.cells.get("item_type")),
                spreadsheets.cell_text(row.cells.get("serial")),
            )
            for row in sheet.rows
        ]
    )


def row_error(line: int, message: str) -> ValidationError:
    return ValidationError(
        _("Line %(line)s: %(message)s"),
        code="row_refused",
        params={"line": line, "message": message},
    )


def _check_serial(serial: str) -> str | None:
    if not serial:
        return _("serial: empty.")
    if len(serial) > MAX_SERIAL_LENGTH:
        return _("serial: longer than %(max)s characters.") % {"max": MAX_SERIAL_LENGTH}
    try:
        SERIAL(serial)
    except ValidationError as error:
        return _("serial: %(reason)s") % {"reason": " ".join(error.messages)}
    return None


def _issued_elsewhere(
    rotation: UnitRotation, wanted: list[tuple[IssueRow, ItemType]]
) -> dict[tuple[int, str], RotationEquipment]:
    """Lines already holding one of ``wanted``: still issued anywhere, or
    ever issued to this rotation."""
    found: dict[tuple[int, str], RotationEquipment] = {}
    serials = sorted({row.serial for row, _type in wanted})
    for start in range(0, len(serials), 500):
        lines = (
            RotationEquipment.objects.filter(serial_number__in=serials[start : start + 500])
            .filter(models.Q(state=EquipmentState.ISSUED) | models.Q(rotation=rotation))
            .select_related("rotation")
        )
        for line in lines:
            key = (line.item_type_id, line.serial_number)
            if key not in found or line.rotation_id == rotation.pk:
                found[key] = line
    return found


@transaction.atomic
def issue_equipment(
    rotation: UnitRotation,
    rows: str | Sequence[tuple[str, str]] | ParsedRows,
    *,
    actor: User | None,
    on: dt.date | None = None,
    field_name: str = "rows",
) -> list[RotationEquipment]:
    """Issue the host's items to the unit by item type and serial, all or
    nothing: a row of an unknown type, with a bad serial, repeated, already
    issued to this rotation, or issued to another rotation and not returned
    refuses the whole list, each bad row named with its line. ``rows``: pasted
    text (``ITEM_TYPE,SERIAL`` a line), (type, serial) pairs, or rows read
    from a file (``parse_issue_file``)."""
    if isinstance(rows, str):
        parsed = parse_issue_text(rows)
    elif isinstance(rows, ParsedRows):
        parsed = rows
    else:
        parsed = parse_issue_pairs(rows)
    locked = _lock(rotation)
    require_host_side(actor, locked)
    if locked.status not in OPEN:
        raise ValidationError(
            _("Equipment is issued while the rotation is planned or in training.")
        )
    issued_on = on or _today_within(locked)
    if not locked.starts_on <= issued_on <= locked.ends_on:
        raise ValidationError(
            {
                "issued_on": _("Issue during the rotation (%(start)s to %(end)s).")
                % {"start": locked.starts_on.isoformat(), "end": locked.ends_on.isoformat()}
            }
        )
    if not parsed.rows and not parsed.errors:
        raise ValidationError({field_name: _("List at least one item: ITEM_TYPE,SERIAL.")})
    if len(parsed.rows) + len(parsed.errors) > MAX_ROWS:
        raise ValidationError(
            {field_name: _("More than %(max)s items; issue them in parts.") % {"max": MAX_ROWS}}
        )
    errors = list(parsed.errors)
    codes = {row.item_type.strip().upper() for row in parsed.rows}
    types = {t.code: t for t in ItemType.objects.filter(code__in=sorted(codes))}
    seen: dict[tuple[str, str], int] = {}
    wanted: list[tuple[IssueRow, ItemType]] = []
    for row in parsed.rows:
        code, serial = row.item_type.strip().upper(), row.serial.strip()
        item_type = types.get(code)
        serial_problem = _check_serial(serial)
        if not code:
            errors.append((row.line, _("item_type: empty.")))
        elif item_type is None:
            errors.append(
                (row.line, _("item_type: no item type has the code %(code)s.") % {"code": code})
            )
        elif not item_type.serial_tracked:
            errors.append(
                (
                    row.line,
                    _("item_type: %(code)s is counted, not tracked by serial.") % {"code": code},
                )
            )
        if serial_problem:
            errors.append((row.line, serial_problem))
        elif item_type is not None and (code, serial) in seen:
            errors.append(
                (
                    row.line,
                    _("serial: %(type)s %(serial)s repeats line %(first)s.")
                    % {"type": code, "serial": serial, "first": seen[(code, serial)]},
                )
            )
        elif item_type is not None and item_type.serial_tracked:
            seen[(code, serial)] = row.line
            wanted.append((IssueRow(row.line, code, serial), item_type))
    held = _issued_elsewhere(locked, wanted)
    for row, item_type in wanted:
        line = held.get((item_type.pk, row.serial))
        if line is None:
            continue
        if line.rotation_id == locked.pk:
            message = _("serial: %(type)s %(serial)s was already issued to this rotation.")
        else:
            message = _(
                "serial: %(type)s %(serial)s is issued to rotation %(rotation)s and not returned."
            )
        errors.append(
            (
                row.line,
                message
                % {"type": row.item_type, "serial": row.serial, "rotation": line.rotation.code},
            )
        )
    if errors:
        raise ValidationError(
            {
                field_name: [
                    row_error(line, text) for line, text in sorted(errors, key=lambda e: e[0])
                ]
            }
        )
    return [
        save_audited(
            RotationEquipment(
                rotation=locked, item_type=item_type, serial_number=row.serial, issued_on=issued_on
            ),
            actor=actor,
            action="rotationequipment.issued",
        )
        for row, item_type in wanted
    ]


def save_rotation_equipment(line: RotationEquipment, *, actor: User | None) -> RotationEquipment:
    """One item issued (or corrected while still issued), host side."""
    rotation = _related(line, "rotation")
    if rotation is not None:
        _require_open(rotation, "rotation")
    if not line._state.adding:
        stored = RotationEquipment.objects.get(pk=line.pk)
        if stored.state != EquipmentState.ISSUED:
            raise ValidationError(_("An item taken back no longer changes."))
        if stored.rotation_id != line.rotation_id:
            raise ValidationError(
                {"rotation": _("An item stays with the rotation it was issued to.")}
            )
    item_type = _related(line, "item_type")
    if item_type is not None and not item_type.serial_tracked:
        raise ValidationError({"item_type": _("This item type is counted, not tracked by serial.")})
    return save_audited(line, actor=actor)


def delete_rotation_equipment(line: RotationEquipment, *, actor: User | None) -> None:
    """Undo an issue made in error: only while still issued."""
    if line.state != EquipmentState.ISSUED:
        raise ValidationError(_("An item taken back stays on the record."))
    _require_open(line.rotation)
    delete_audited(line, actor=actor)


@dataclass
class ReturnReport:
    returned: list[RotationEquipment] = field(default_factory=list)
    damaged: list[RotationEquipment] = field(default_factory=list)
    lost: list[RotationEquipment] = field(default_factory=list)


def _key(text: str) -> tuple[str, str]:
    """ "SERIAL" or "ITEM_TYPE,SERIAL" as (type code or "", serial)."""
    parts = _split(text.strip()) if text.strip() else [""]
    if len(parts) == 2:
        return parts[0].upper(), parts[1]
    return "", text.strip()


def _find_line(
    lines: Sequence[RotationEquipment], text: str
) -> tuple[RotationEquipment | None, str | None]:
    code, serial = _key(text)
    found = [
        line
        for line in lines
        if line.serial_number == serial and (not code or line.item_type.code == code)
    ]
    if not found:
        return None, _("%(serial)s was not issued to this rotation.") % {"serial": text.strip()}
    if len(found) > 1:
        return None, _("%(serial)s is the serial of several item types; give ITEM_TYPE,SERIAL.") % {
            "serial": serial
        }
    line = found[0]
    if line.state != EquipmentState.ISSUED:
        return None, _("%(item)s is already %(state)s.") % {
            "item": line,
            "state": line.get_state_display(),  # type: ignore[attr-defined]
        }
    return line, None


@transaction.atomic
def return_equipment(
    rotation: UnitRotation,
    *,
    actor: User | None,
    returned: Sequence[str] = (),
    damaged: Mapping[str, str] | None = None,
    on: dt.date | None = None,
    close_count: bool = False,
) -> ReturnReport:
    """Take items back (host), all or nothing: each of ``returned`` (serials,
    or ``ITEM_TYPE,SERIAL``) is returned; each of ``damaged`` (serial → what
    is wrong) is returned damaged with a damage record. ``close_count``:
    every item still issued after this is lost, with a loss record."""
    damaged = dict(damaged or {})
    locked = _lock(rotation)
    require_host_side(actor, locked)
    lines = list(locked.equipment.select_related("item_type").order_by("pk"))
    if not returned and not damaged and not close_count:
        raise ValidationError({"returned": _("List the items taken back, or close the count.")})
    day = on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    chosen: dict[int, tuple[str, str]] = {}  # line id → (state, note)
    for name, entries in (
        ("returned", [(t, "") for t in returned]),
        ("damaged", list(damaged.items())),
    ):
        for text, note in entries:
            line, problem = _find_line(lines, text)
            if line is not None and line.pk in chosen:
                problem = _("%(item)s is listed twice.") % {"item": line}
            elif line is not None and name == "damaged" and not note.strip():
                problem = _("%(item)s: say what is damaged.") % {"item": line}
            elif line is not None and day < line.issued_on:
                problem = _("%(item)s was issued on %(date)s, after the day of return.") % {
                    "item": line,
                    "date": line.issued_on.isoformat(),
                }
            if problem:
                errors.setdefault(name, []).append(problem)
            elif line is not None:
                chosen[line.pk] = (
                    EquipmentState.RETURNED if name == "returned" else EquipmentState.DAMAGED,
                    note.strip(),
                )
    if errors:
        raise ValidationError(errors)
    report = ReturnReport()
    by_pk = {line.pk: line for line in lines}
    for pk, (state, note) in chosen.items():
        line = by_pk[pk]
        line.state, line.returned_on, line.return_note = state, day, note
        save_audited(line, actor=actor, action=f"rotationequipment.{state}", authorised=True)
        if state == EquipmentState.DAMAGED:
            _record_loss(line, LossKind.DAMAGE, day, note, actor=actor)
            report.damaged.append(line)
        else:
            report.returned.append(line)
    if close_count:
        missing = _("Missing at the closing count of %(date)s.") % {"date": day.isoformat()}
        for line in lines:
            if line.pk in chosen or line.state != EquipmentState.ISSUED:
                continue
            line.state, line.return_note = EquipmentState.LOST, missing
            save_audited(line, actor=actor, action="rotationequipment.lost", authorised=True)
            _record_loss(line, LossKind.LOSS, day, missing, actor=actor)
            report.lost.append(line)
    return report


def _record_loss(
    line: RotationEquipment, kind: str, day: dt.date, description: str, *, actor: User | None
) -> EquipmentLoss:
    return save_audited(
        EquipmentLoss(
            rotation_id=line.rotation_id,
            equipment=line,
            kind=kind,
            found_on=day,
            description=description,
        ),
        actor=actor,
        authorised=True,
    )


def save_equipment_loss(loss: EquipmentLoss, *, actor: User | None) -> EquipmentLoss:
    """A loss or damage recorded by hand, or its settlement (recovered,
    repaired, written off) with the resolution."""
    return save_audited(loss, actor=actor)


def delete_equipment_loss(loss: EquipmentLoss, *, actor: User | None) -> None:
    delete_audited(loss, actor=actor)
