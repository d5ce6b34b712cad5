"""CSV export of any list, using the same table definition as the page."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(table: Any, basename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield "\ufeff"  # so that spreadsheet programs read Arabic and Turkish as UTF-8
        for row in table.as_values(exclude_columns=getattr(table, "export_exclude", ())):
            yield writer.writerow(["" if value is None else str(value) for value in row])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{basename}-{stamp}.csv"'
    return response
