"""Serials typed, pasted or uploaded: read into rows, each with its line, for
the shipment's serial capture, the hand-over count and an inventory scan.

Pasted text has one serial a line: ``ITEM_TYPE,SERIAL``, ``ITEM_TYPE;SERIAL``,
``ITEM_TYPE<TAB>SERIAL``, or just ``SERIAL`` (for the capture, only when the
shipment carries one serial-tracked type). An uploaded CSV or XLSX file has
the columns ``item_type`` and ``serial`` (``item_type`` may be left out when
it is not needed). A row that cannot be read is reported with its line and
the column at fault; nothing is stored while any row is refused."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tadrib.core import spreadsheets
from tadrib.equipment import services
from tadrib.equipment.models import SERIAL, Shipment
from tadrib.equipment.services import CaptureReport, SerialRow

if TYPE_CHECKING:
    from tadrib.accounts.models import User

# Serials per list, file or request: a shipment of 10,000 items and more fits.
MAX_SERIALS = 20_000
MAX_SERIAL_LENGTH = 60
MAX_CODE_LENGTH = 40
COLUMNS = ("item_type", "serial")
SEPARATORS = ("\t", ";", ",")


@dataclass
class ParsedSerials:
    """Rows read (item type code, "" when not given) and the lines refused."""

    rows: list[SerialRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def pairs(self) -> list[tuple[str, str]]:
        """(item type code or "", serial), as the count takes them."""
        return [(row.item_type, row.serial) for row in self.rows]

    def serials(self) -> list[str]:
        return [row.serial for row in self.rows]


def serial_types(shipment: Shipment) -> list[str]:
    """Codes of the serial-tracked item types the shipment carries."""
    return sorted(
        shipment.lines.filter(transfer_line__item_type__serial_tracked=True).values_list(
            "transfer_line__item_type__code", flat=True
        )
    )


def default_type(shipment: Shipment) -> str:
    """The item type a bare serial is of: the shipment's one serial-tracked
    type, or "" when it carries several (or none)."""
    codes = serial_types(shipment)
    return codes[0] if len(codes) == 1 else ""


def _too_many() -> str:
    return _("More than %(max)s serials; split them into several lists.") % {"max": MAX_SERIALS}


def _add_row(
    parsed: ParsedSerials,
    line: int,
    code: str,
    serial: str,
    *,
    fallback: str,
    type_required: bool,
) -> None:
    code, serial = code.strip().upper(), serial.strip()
    messages = []
    if not serial:
        messages.append(_("serial: empty."))
    elif len(serial) > MAX_SERIAL_LENGTH:
        messages.append(_("serial: longer than %(max)s characters.") % {"max": MAX_SERIAL_LENGTH})
    else:
        try:
            SERIAL(serial)
        except ValidationError as error:
            messages.append(_("serial: %(reason)s") % {"reason": " ".join(error.messages)})
    if len(code) > MAX_CODE_LENGTH:
        messages.append(_("item_type: longer than %(max)s characters.") % {"max": MAX_CODE_LENGTH})
    code = code or fallback
    if not code and type_required:
        messages.append(
            _(
                "item_type: name the item type (ITEM_TYPE,SERIAL); this shipment carries "
                "several serial-tracked types."
            )
        )
    if messages:
        parsed.errors += [(line, message) for message in messages]
    else:
        parsed.rows.append(SerialRow(line, code, serial))


def _split(text: str) -> list[str]:
    for separator in SEPARATORS:
        if separator in text:
            parts = [part.strip() for part in text.split(separator)]
            while len(parts) > 1 and not parts[-1]:
                parts.pop()  # a trailing separator
            return parts
    return [text.strip()]


def _is_header(parts: list[str]) -> bool:
    return bool(parts) and all(spreadsheets.header_name(part) in COLUMNS for part in parts)


def read_text(text: str, *, fallback: str = "", type_required: bool = False) -> ParsedSerials:
    """Serials typed or pasted, one a line (blank lines are skipped, and a
    first line naming the columns). ``fallback``: the item type of a bare
    serial. Raises ``ValidationError`` on ``text`` for more than
    ``MAX_SERIALS`` lines."""
    parsed = ParsedSerials()
    seen_data = False
    count = 0
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        parts = _split(raw)
        if not seen_data and _is_header(parts):
            seen_data = True
            continue
        seen_data = True
        count += 1
        if count > MAX_SERIALS:
            raise ValidationError({"text": _too_many()})
        if len(parts) > 2:
            parsed.errors.append(
                (
                    line,
                    _(
                        "serial: more than two values on this line; give ITEM_TYPE,SERIAL or SERIAL."
                    ),
                )
            )
            continue
        code, serial = (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])
        _add_row(parsed, line, code, serial, fallback=fallback, type_required=type_required)
    return parsed


def read_file(upload: Any, *, fallback: str = "", type_required: bool = False) -> ParsedSerials:
    """Serials of an uploaded CSV or XLSX file (columns ``item_type`` and
    ``serial``). Raises ``ValidationError`` on ``file`` for a file refused as
    a whole."""
    try:
        sheet = spreadsheets.read_sheet(
            upload, columns=COLUMNS, required=("serial",), max_rows=MAX_SERIALS
        )
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None
    if type_required and not fallback and "item_type" not in sheet.columns:
        raise ValidationError(
            {
                "file": _(
                    "The file has no item_type column: this shipment carries several "
                    "serial-tracked types, so each row names its type."
                )
            }
        )
    parsed = ParsedSerials()
    for row in sheet.rows:
        _add_row(
            parsed,
            row.line,
            spreadsheets.cell_text(row.cells.get("item_type")),
            spreadsheets.cell_text(row.cells.get("serial")),
            fallback=fallback,
            type_required=type_required,
        )
    return parsed


def read(
    *, text: str = "", upload: Any = None, fallback: str = "", type_required: bool = False
) -> ParsedSerials:
    """Serials from the uploaded file if there is one, else from the text."""
    if upload is not None:
        return read_file(upload, fallback=fallback, type_required=type_required)
    return read_text(text, fallback=fallback, type_required=type_required)


def read_for_capture(shipment: Shipment, *, text: str = "", upload: Any = None) -> ParsedSerials:
    """Serials to capture: each names its item type, unless the shipment
    carries one serial-tracked type."""
    return read(text=text, upload=upload, fallback=default_type(shipment), type_required=True)


def read_for_count(shipment: Shipment, *, text: str = "", upload: Any = None) -> ParsedSerials:
    """Serials read at the hand-over: a bare serial is of the shipment's one
    serial-tracked type, or of no type said (matched by its serial alone)."""
    return read(text=text, upload=upload, fallback=default_type(shipment))


class _RolledBack(Exception):
    def __init__(self, report: CaptureReport) -> None:
        super().__init__()
        self.report = report


def capture(shipment: Shipment, parsed: ParsedSerials, *, actor: User | None) -> CaptureReport:
    """Capture the rows read, all or nothing. With rows already refused
    while reading, the others are still checked (so that every bad line is
    reported at once) and nothing is stored."""
    if parsed.ok:
        return services.capture_serials(shipment, parsed.rows, actor=actor)
    report = CaptureReport(0, [])
    try:
        with transaction.atomic():
            report = services.capture_serials(shipment, parsed.rows, actor=actor)
            raise _RolledBack(report)
    except _RolledBack as rolled:
        report = rolled.report
    return CaptureReport(0, sorted([*parsed.errors, *report.errors]))


def capture_from(
    shipment: Shipment, *, text: str = "", upload: Any = None, actor: User | None
) -> CaptureReport:
    """Read and capture serials typed, pasted or uploaded."""
    return capture(shipment, read_for_capture(shipment, text=text, upload=upload), actor=actor)


def rows_of(
    pairs: Sequence[tuple[str, str]], *, fallback: str = "", type_required: bool = False
) -> ParsedSerials:
    """Serials given as (item type, serial) pairs (the API's list), checked
    like pasted lines; a row's line is its place in the list, from 1."""
    parsed = ParsedSerials()
    for index, (code, serial) in enumerate(pairs, start=1):
        _add_row(parsed, index, code, serial, fallback=fallback, type_required=type_required)
    return parsed


def row_errors(errors: Sequence[tuple[int, str]]) -> list[dict[str, Any]]:
    """Per-row errors with the column each names ("serial: …")."""
    found = []
    for line, message in errors:
        column, _sep, text = message.partition(": ")
        if column not in COLUMNS:
            column, text = "", message
        found.append({"line": line, "column": column, "message": text, "text": message})
    return found
