"""CSV and XLSX export of any list, using the same table definition as the page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import get_language_bidi
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from tadrib.core.columns import CalendarDateColumn, CalendarDateTimeColumn

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Echo:
    def write(self, value: str) -> str:
        return value


def _stamp() -> str:
    return timezone.now().strftime("%Y%m%d-%H%M")


def csv_response(table: Any, basename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield "\ufeff"  # so that spreadsheet programs read Arabic and Turkish as UTF-8
        for row in table.as_values(exclude_columns=getattr(table, "export_exclude", ())):
            yield writer.writerow(["" if value is None else str(value) for value in row])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{basename}-{_stamp()}.csv"'
    return response


def _export_columns(table: Any) -> list[Any]:
    """The bound columns ``as_values`` exports, in the same order."""
    excluded = getattr(table, "export_exclude", ())
    return [
        column
        for column in table.columns.iterall()
        if not (column.column.exclude_from_export or column.name in excluded)
    ]


def _naive_local(value: dt.datetime) -> dt.datetime:
    # Spreadsheets have no time zones: the user's local time is what they expect.
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def _typed(column: Any, value: Any) -> Any:
    """A cell's export value (as in the CSV) with dates, times and numbers kept
    as such, so that the spreadsheet sorts and sums them."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, dt.datetime):
        return _naive_local(value)
    if isinstance(value, dt.date | dt.time):
        return value
    text = force_str(value)
    # Calendar columns export ISO 8601 text (for the CSV); read the date back.
    try:
        if isinstance(column.column, CalendarDateTimeColumn):
            return _naive_local(dt.datetime.fromisoformat(text))
        if isinstance(column.column, CalendarDateColumn):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    return text


def _cell(sheet: Any, value: Any, *, bold: bool = False) -> WriteOnlyCell:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # Text is text: "=…" from a record must never become a formula.
        cell.data_type = "s"
    elif isinstance(value, dt.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    if bold:
        cell.font = Font(bold=True)
    return cell


def xlsx_response(table: Any, basename: str) -> HttpResponse:
    """The list as a one-sheet workbook: the header row in bold and frozen,
    right to left when the active language is, and the same values as the CSV
    export, with dates and numbers as real cells."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=re.sub(r"[\\/*?:\[\]]", "-", basename)[:31] or "export")
    sheet.freeze_panes = "A2"
    if get_language_bidi():
        sheet.sheet_view.rightToLeft = True
    columns = _export_columns(table)
    sheet.append([_cell(sheet, force_str(column.header), bold=True) for column in columns])
    for row in table.rows:
        sheet.append(
            [_cell(sheet, _typed(column, row.get_cell_value(column.name))) for column in columns]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{basename}-{_stamp()}.xlsx"'
    return response
