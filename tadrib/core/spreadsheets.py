"""Reading an uploaded spreadsheet: a CSV file (UTF-8, with or without BOM;
comma or semicolon) or an XLSX workbook (its first sheet), whose first row
names the columns.

``read_sheet`` returns the rows of data by known column, or refuses the file
as a whole (not a spreadsheet, an old .xls, empty, too large, a column named
twice, a required column missing, too many rows) with a translated
``ValidationError``. What a row means is for the caller (bulk nomination,
serial capture) to decide."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
DEFAULT_MAX_ROWS = 5000
# What an upload field of a spreadsheet accepts (the browser's file picker).
ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class SheetRow:
    """One row of data: its line in the file (the header is line 1) and its
    cells by known column (text, or numbers and dates from an XLSX file)."""

    line: int
    cells: dict[str, Any]


@dataclass
class Sheet:
    rows: list[SheetRow]
    unknown_columns: list[str] = field(default_factory=list)
    # The known columns the header names, in the file's order.
    columns: list[str] = field(default_factory=list)


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _not_a_spreadsheet() -> ValidationError:
    return _refuse(
        _("This file is neither a CSV file (UTF-8) nor an XLSX workbook."), "not_spreadsheet"
    )


def _read_bytes(upload: Any) -> bytes:
    limit = settings.MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    data = b""
    if size is None or size <= limit:
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read(limit + 1)
        size = len(data)
    if size > limit:
        raise _refuse(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            "file_too_large",
        )
    return data


def _csv_records(data: bytes) -> Iterator[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _not_a_spreadsheet() from None
    if "\x00" in text:
        raise _not_a_spreadsheet()
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error:
        raise _not_a_spreadsheet() from None


def _xlsx_records(data: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    # The file comes from outside: any failure of the reader means it is not a
    # workbook we can read.
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise _not_a_spreadsheet() from None
    try:
        if not workbook.worksheets:
            return
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception:
                raise _not_a_spreadsheet() from None
            yield list(row)
    finally:
        workbook.close()


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def header_name(value: Any) -> str:
    """A header cell as a column name: "Service number" → "service_number"."""
    return re.sub(r"[\s-]+", "_", str(value).strip().lower())


def cell_text(value: Any) -> str:
    """A cell as text: an XLSX whole number without ".0", a date as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def read_sheet(
    upload: Any,
    *,
    columns: Sequence[str],
    required: Sequence[str] = (),
    max_rows: int = DEFAULT_MAX_ROWS,
) -> Sheet:
    """The rows of an uploaded CSV or XLSX file, with the cells of
    ``columns`` (other columns are listed in ``unknown_columns``). Raises
    ``ValidationError`` for a file refused as a whole."""
    data = _read_bytes(upload)
    if not data.strip():
        raise _refuse(_("The file is empty."), "empty")
    if data.startswith(OLE_MAGIC):
        raise _refuse(
            _("This is an old Excel (.xls) file; save it as XLSX or CSV and upload it again."),
            "not_spreadsheet",
        )
    records = _xlsx_records(data) if data.startswith(ZIP_MAGIC) else _csv_records(data)
    header: list[Any] | None = None
    line = 0
    for record in records:
        line += 1
        if all(blank(value) for value in record):
            continue
        header = record
        break
    if header is None:
        raise _refuse(_("The file is empty."), "empty")
    positions: dict[str, int] = {}
    unknown: list[str] = []
    for index, value in enumerate(header):
        if blank(value):
            continue
        name = header_name(value)
        if name in columns:
            if name in positions:
                raise _refuse(
                    _("The column %(column)s appears twice in the header row.") % {"column": name},
                    "duplicate_column",
                )
            positions[name] = index
        else:
            unknown.append(str(value).strip())
    for name in required:
        if name not in positions:
            raise _refuse(
                _(
                    "The file has no %(column)s column: its first row must name the columns, "
                    "%(column)s among them."
                )
                % {"column": name},
                f"no_{name}",
            )
    rows: list[SheetRow] = []
    for record in records:
        line += 1
        if all(blank(value) for value in record):
            continue
        if len(rows) == max_rows:
            raise _refuse(
                _("The file has more than %(max)s rows; split it into several files.")
                % {"max": max_rows},
                "too_many_rows",
            )
        cells = {
            name: record[index] if index < len(record) else None
            for name, index in positions.items()
        }
        rows.append(SheetRow(line, cells))
    if not rows:
        raise _refuse(_("The file has a header row but no rows of data."), "empty")
    return Sheet(rows, unknown, list(positions))
