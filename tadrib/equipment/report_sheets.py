"""The equipment reports laid out as sheets: titled tables with a group
header row, a column header row and a totals row, written to the page (the
template ``equipment/_report_sheet.html``), to XLSX (a worksheet each) and to
CSV (one after the other). One table builder (``reports``), several layouts:
the Arms Trade Treaty template and the UN Register form share the treaty
rows."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from tadrib.core.exports import XLSX_CONTENT_TYPE
from tadrib.equipment.reports import (
    Basis,
    CrewGapRow,
    CrewGapTotal,
    ShipmentReconciliation,
    Side,
    TreatyReport,
    TreatyRow,
    totals_of,
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    group: str = ""  # the heading over consecutive columns of one group
    numeric: bool = False


@dataclass
class Sheet:
    name: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)
    totals: dict[str, Any] | None = None
    empty: str = ""

    @property
    def groups(self) -> list[tuple[str, int]]:
        """(heading, number of columns) along the group header row."""
        spans: list[tuple[str, int]] = []
        for column in self.columns:
            if spans and spans[-1][0] == column.group and column.group:
                spans[-1] = (column.group, spans[-1][1] + 1)
            else:
                spans.append((column.group, 1))
        return spans

    @property
    def has_groups(self) -> bool:
        return any(column.group for column in self.columns)

    def cells(self, row: dict[str, Any]) -> list[Any]:
        return [row.get(column.key, "") for column in self.columns]

    @property
    def total_cells(self) -> list[Any]:
        return self.cells(self.totals) if self.totals is not None else []

    def shown(self, values: list[Any]) -> list[tuple[str, bool]]:
        """Cells as the page shows them: (text, numeric), numbers grouped in
        the active language."""
        return [
            (_shown(value), column.numeric)
            for value, column in zip(values, self.columns, strict=True)
        ]

    @property
    def shown_rows(self) -> list[list[tuple[str, bool]]]:
        return [self.shown(self.cells(values)) for values in self.rows]

    @property
    def shown_totals(self) -> list[tuple[str, bool]]:
        return self.shown(self.total_cells) if self.totals is not None else []


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return number_format(value, 2, force_grouping=True)
    if isinstance(value, int) and not isinstance(value, bool):
        return number_format(value, force_grouping=True)
    return str(value)


# --- the treaty layouts --------------------------------------------------------------


def _treaty_values(row: TreatyRow) -> dict[str, Any]:
    return {
        "category": row.category_label,
        "state": f"{row.state} ({row.state_code})",
        "items": row.items,
        "value": row.value,
        "currency": row.currency,
        "description": row.description,
        "comments": row.comments,
        "origin": row.origin_state,
        "intermediate": row.intermediate_location,
    }


def _treaty_totals(rows: list[TreatyRow]) -> dict[str, Any]:
    totals = totals_of(rows)
    single = len(totals.values) == 1
    return {
        "category": _("Total"),
        "items": totals.items,
        "value": next(iter(totals.values.values())) if single else totals.value_text,
        "currency": next(iter(totals.values)) if single else "",
    }


def _tables(report: TreatyReport) -> list[tuple[str, str, list[TreatyRow]]]:
    return [
        ("I-VII", _("Conventional arms (categories I–VII)"), report.conventional),
        ("SALW", _("Small arms and light weapons"), report.salw),
    ]


def _reporting(report: TreatyReport) -> str:
    nation = report.query.nation
    return _("Reporting State: %(nation)s (%(code)s)") % {
        "nation": nation.name,
        "code": nation.iso_code,
    }


def att_sheets(report: TreatyReport) -> list[Sheet]:
    """The Arms Trade Treaty annual report: the exports (or imports) table,
    conventional arms and small arms and light weapons."""
    query = report.query
    exports = query.side == Side.EXPORTS
    actual = query.basis == Basis.ACTUAL
    if exports:
        group = _("Actual exports") if actual else _("Authorised exports")
    else:
        group = _("Actual imports") if actual else _("Authorised imports")
    columns = [
        Column("category", _("Category")),
        Column("state", _("Final importing State") if exports else _("Exporting State")),
        Column("items", _("Number of items"), group, numeric=True),
        Column("value", _("Value"), group, numeric=True),
        Column("currency", _("Currency"), group),
        Column("description", _("Description of item (model, type)")),
        Column("comments", _("Comments on the export") if exports else _("Comments on the import")),
    ]
    basis = (
        _("Actual: items delivered in the calendar year (value pro rata of the authorised line).")
        if actual
        else _("Authorised: transfers authorised in the calendar year.")
    )
    title = _("Arms Trade Treaty annual report — %(side)s — %(year)s") % {
        "side": Side(query.side).label,
        "year": query.year,
    }
    return [
        Sheet(
            name=f"ATT {Side(query.side).label} {short}",
            title=f"{title} — {heading}",
            columns=columns,
            rows=[_treaty_values(row) for row in rows],
            notes=[_reporting(report), basis],
            totals=_treaty_totals(rows),
            empty=_("Nil report: no transfer in these categories."),
        )
        for short, heading, rows in _tables(report)
    ]


def un_register_sheets(report: TreatyReport) -> list[Sheet]:
    """The UN Register of Conventional Arms return: the standardised form
    for categories I–VII and the small arms and light weapons form."""
    query = report.query
    exports = query.side == Side.EXPORTS
    remarks = _("Remarks")
    columns = [
        Column("category", _("Category")),
        Column("state", _("A. Final importer State(s)") if exports else _("A. Exporter State(s)")),
        Column("items", _("B. Number of items"), numeric=True),
        Column("origin", _("C. State of origin (if not exporter)")),
        Column("intermediate", _("D. Intermediate location (if any)")),
        Column("description", _("Description of item"), remarks),
        Column("comments", _("Comments on the transfer"), remarks),
    ]
    title = _("UN Register of Conventional Arms — %(side)s — %(year)s") % {
        "side": Side(query.side).label,
        "year": query.year,
    }
    note = _("Actual transfers: items delivered in the calendar year.")
    if query.basis == Basis.AUTHORISED:
        note = _("Authorised transfers: transfers authorised in the calendar year.")
    sheets = []
    for short, heading, rows in _tables(report):
        totals = {"category": _("Total"), "items": totals_of(rows).items}
        sheets.append(
            Sheet(
                name=f"UNROCA {Side(query.side).label} {short}",
                title=f"{title} — {heading}",
                columns=columns,
                rows=[_treaty_values(row) for row in rows],
                notes=[_reporting(report), note],
                totals=totals,
                empty=_("Nil report: no transfer in these categories."),
            )
        )
    return sheets


TREATY_LAYOUTS: dict[str, Callable[[TreatyReport], list[Sheet]]] = {
    "att": att_sheets,
    "un": un_register_sheets,
}


def treaty_basename(layout: str, report: TreatyReport) -> str:
    query = report.query
    name = "att" if layout == "att" else "un-register"
    return f"{name}-{query.nation.iso_code}-{query.year}-{query.side}-{query.basis}"


# --- reconciliation and crew gap layouts ---------------------------------------------


def reconciliation_sheets(result: ShipmentReconciliation) -> list[Sheet]:
    shipment = result.shipment
    title = _("Serial-number reconciliation of shipment %(shipment)s") % {"shipment": shipment}
    notes = [
        _("Counted at %(when)s.")
        % {"when": timezone.localtime(shipment.counted_at).strftime("%Y-%m-%d %H:%M")}
        if shipment.counted_at
        else _("Not counted yet: only what was shipped is known."),
    ]
    summary = Sheet(
        name=_("By item type"),
        title=title,
        notes=notes,
        columns=[
            Column("item_type", _("Item type")),
            Column("name", _("Name")),
            Column("tracking", _("Tracking")),
            Column("shipped", _("Shipped"), numeric=True),
            Column("received", _("Counted"), numeric=True),
            Column("matched", _("Matched"), numeric=True),
            Column("missing", _("Missing"), _("Serials"), numeric=True),
            Column("unexpected", _("Unexpected"), _("Serials"), numeric=True),
            Column("wrong", _("Wrong serial"), _("Serials"), numeric=True),
            Column("difference", _("Difference (counted − shipped)"), numeric=True),
        ],
        rows=[
            {
                "item_type": line.item_type,
                "name": line.name,
                "tracking": _("By serial") if line.serial_tracked else _("Counted"),
                "shipped": line.shipped,
                "received": line.received,
                "matched": line.matched,
                "missing": len(line.missing) if line.serial_tracked else "",
                "unexpected": len(line.unexpected) if line.serial_tracked else "",
                "wrong": len(line.wrong) if line.serial_tracked else "",
                "difference": line.difference,
            }
            for line in result.types
        ],
        totals={
            "item_type": _("Total"),
            "shipped": sum(line.shipped for line in result.types),
            "received": sum(line.received or 0 for line in result.types)
            if result.counted
            else None,
            "matched": sum(line.matched for line in result.types),
        },
        empty=_("The shipment carries nothing."),
    )
    serials = Sheet(
        name=_("Serials"),
        title=title,
        notes=notes,
        columns=[
            Column("item_type", _("Item type")),
            Column("shipped_serial", _("Serial shipped")),
            Column("read_serial", _("Serial counted")),
            Column("label", _("Outcome")),
        ],
        rows=[
            {
                "item_type": line.item_type,
                "shipped_serial": line.shipped_serial,
                "read_serial": line.read_serial,
                "label": line.label,
            }
            for line in result.serial_lines()
        ],
        empty=_("No serial was captured."),
    )
    return [summary, serials]


CREW_NUMBERS = (
    "systems",
    "operators_required",
    "operators_trained",
    "operators_gap",
    "maintainers_required",
    "maintainers_trained",
    "maintainers_gap",
)


def _crew_columns() -> list[Column]:
    operators, maintainers = _("Operators"), _("Maintainers")
    return [
        Column("systems", _("Systems"), numeric=True),
        Column("operators_required", _("Required"), operators, numeric=True),
        Column("operators_trained", _("Trained"), operators, numeric=True),
        Column("operators_gap", _("Gap"), operators, numeric=True),
        Column("maintainers_required", _("Required"), maintainers, numeric=True),
        Column("maintainers_trained", _("Trained"), maintainers, numeric=True),
        Column("maintainers_gap", _("Gap"), maintainers, numeric=True),
    ]


def _sum(rows: Iterable[Any], first: str) -> dict[str, Any]:
    listed = list(rows)
    return {first: _("Total"), **{n: sum(getattr(r, n) for r in listed) for n in CREW_NUMBERS}}


def crew_gap_sheets(rows: list[CrewGapRow], totals: list[CrewGapTotal]) -> list[Sheet]:
    note = _(
        "Trained: serving people of the unit or its sub-units holding the qualification of a "
        "qualifying course (not expired), or having completed one that awards none."
    )
    by_unit = Sheet(
        name=_("By unit"),
        title=_("Crew gap by unit and item type"),
        notes=[note],
        columns=[
            Column("unit", _("Unit")),
            Column("item_type", _("Item type")),
            *_crew_columns(),
        ],
        rows=[
            {
                "unit": f"{row.unit_code} — {row.unit}",
                "item_type": f"{row.item_type_code} — {row.item_type}",
                **{n: getattr(row, n) for n in CREW_NUMBERS},
            }
            for row in rows
        ],
        totals=_sum(rows, "unit"),
        empty=_("No unit holds serial-tracked systems that you can see."),
    )
    by_type = Sheet(
        name=_("By item type"),
        title=_("Crew gap by item type"),
        notes=[
            _(
                "The gap is the sum of the units' gaps: a surplus in one unit does not fill "
                "another's. A person of a sub-unit counts for every unit above it that holds "
                "systems, so the trained figures of nested units overlap."
            )
        ],
        columns=[
            Column("item_type", _("Item type")),
            Column("units", _("Units"), numeric=True),
            *_crew_columns(),
        ],
        rows=[
            {
                "item_type": f"{total.item_type_code} — {total.item_type}",
                "units": total.units,
                **{n: getattr(total, n) for n in CREW_NUMBERS},
            }
            for total in totals
        ],
        totals=_sum(totals, "item_type"),
        empty=_("No unit holds serial-tracked systems that you can see."),
    )
    return [by_unit, by_type]


# --- writers -------------------------------------------------------------------------


def _safe(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool | int | float | Decimal):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _sheet_name(name: str, taken: set[str]) -> str:
    base = re.sub(r"[\\/*?:\[\]]", "-", name)[:31] or "sheet"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


BOLD = Font(bold=True)


def _put(ws: Any, row: int, column: int, value: Any, *, strong: bool = False) -> None:
    cell = ws.cell(row=row, column=column)
    cell.value = _safe(value)
    if isinstance(cell.value, str):
        cell.data_type = "s"  # text from a record never becomes a formula
    elif isinstance(value, Decimal):
        cell.number_format = "#,##0.00"
    if strong:
        cell.font = BOLD


def _write_sheet(ws: Any, sheet: Sheet) -> None:
    if get_language_bidi():
        ws.sheet_view.rightToLeft = True
    row = 1
    _put(ws, row, 1, sheet.title, strong=True)
    for note in sheet.notes:
        row += 1
        _put(ws, row, 1, note)
    row += 2
    if sheet.has_groups:
        column = 1
        for heading, span in sheet.groups:
            _put(ws, row, column, heading, strong=True)
            if span > 1:
                ws.merge_cells(
                    start_row=row, start_column=column, end_row=row, end_column=column + span - 1
                )
                ws.cell(row=row, column=column).alignment = Alignment(horizontal="center")
            column += span
        row += 1
    for column, spec in enumerate(sheet.columns, start=1):
        _put(ws, row, column, spec.header, strong=True)
        width = max(12, min(48, len(spec.header) + 4))
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = ws.cell(row=row + 1, column=1)
    for values in sheet.rows:
        row += 1
        for column, value in enumerate(sheet.cells(values), start=1):
            _put(ws, row, column, value)
    if sheet.totals is not None:
        row += 1
        for column, value in enumerate(sheet.total_cells, start=1):
            _put(ws, row, column, value, strong=True)


def xlsx_bytes(sheets: list[Sheet]) -> bytes:
    """A workbook with a worksheet per sheet: title and notes, the group
    header row (merged cells), the header row, the rows and the totals row;
    text stays text (never a formula), numbers are numbers."""
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    taken: set[str] = set()
    for sheet in sheets:
        _write_sheet(workbook.create_sheet(_sheet_name(sheet.name, taken)), sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def csv_text(sheets: list[Sheet]) -> str:
    """The sheets one after the other (title, notes, header rows, rows,
    totals; a blank line between), UTF-8 with a byte-order mark so that
    spreadsheet programs read Arabic and Turkish."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    for n, sheet in enumerate(sheets):
        if n:
            writer.writerow([])
        writer.writerow([sheet.title])
        for note in sheet.notes:
            writer.writerow([note])
        if sheet.has_groups:
            writer.writerow([column.group for column in sheet.columns])
        writer.writerow([column.header for column in sheet.columns])
        for values in sheet.rows:
            writer.writerow([_text(value) for value in sheet.cells(values)])
        if sheet.totals is not None:
            writer.writerow([_text(value) for value in sheet.total_cells])
    return out.getvalue()


def export_response(sheets: list[Sheet], basename: str, fmt: str) -> HttpResponse:
    """The sheets as a download: ``fmt`` is "xlsx" or "csv"."""
    if fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(
            csv_text(sheets).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{basename}.{fmt}"'
    return response


def export_bytes(sheets: list[Sheet], fmt: str) -> bytes:
    return xlsx_bytes(sheets) if fmt == "xlsx" else csv_text(sheets).encode("utf-8")
