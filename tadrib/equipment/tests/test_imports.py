"""Serials typed, pasted or uploaded (CSV, XLSX) for the capture before
dispatch: every format read, every bad row named, nothing stored while any
row is refused."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tadrib.core import spreadsheets
from tadrib.core.models import AuditEntry
from tadrib.core.testing import World
from tadrib.equipment import imports
from tadrib.equipment import testing as et
from tadrib.equipment.models import Item, Shipment

pytestmark = pytest.mark.django_db


def two_types(world: World) -> Shipment:
    """A shipment of 3 armoured vehicles (ACV-1) and 2 drones (UAV-1)."""
    transfer = et.transfer(
        world, lines=((et.item_type("ACV-1"), 3), (et.item_type("UAV-1", category="IV"), 2))
    )
    return et.shipment(world, of=transfer)


def one_type(world: World) -> Shipment:
    """A shipment of 4 ACV-1 and some ammunition (counted, not serialised)."""
    transfer = et.transfer(world, lines=((et.item_type("ACV-1"), 4), (et.bulk_type(), 100)))
    return et.shipment(world, of=transfer)


def captured(shipment: Shipment) -> set[tuple[str, str]]:
    return set(
        Item.objects.filter(shipment=shipment).values_list("item_type__code", "serial_number")
    )


def csv_upload(text: str, *, bom: bool = False, name: str = "serials.csv") -> SimpleUploadedFile:
    data = text.encode("utf-8")
    return SimpleUploadedFile(name, (b"\xef\xbb\xbf" if bom else b"") + data)


def xlsx_upload(rows: list[list[Any]]) -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("serials.xlsx", out.getvalue())


# --- pasted text ---------------------------------------------------------------------


@pytest.mark.parametrize("separator", [",", ";", "\t", " , "])
def test_pasted_lines_name_the_type_with_any_separator(world: World, separator: str) -> None:
    shipment = two_types(world)
    text = "\n".join(
        f"{code}{separator}{serial}"
        for code, serial in [
            ("ACV-1", "A1"),
            ("acv-1", "A2"),  # the code in any case
            ("ACV-1", "A3"),
            ("UAV-1", "U1"),
            ("UAV-1", "U2"),
        ]
    )
    report = imports.capture_from(shipment, text=text + "\n\n", actor=world.admin)
    assert report.ok, report.errors
    assert report.stored == 5
    assert captured(shipment) == {
        ("ACV-1", "A1"),
        ("ACV-1", "A2"),
        ("ACV-1", "A3"),
        ("UAV-1", "U1"),
        ("UAV-1", "U2"),
    }


def test_a_bare_serial_is_of_the_shipments_one_serial_tracked_type(world: World) -> None:
    shipment = one_type(world)
    report = imports.capture_from(shipment, text="S1\nS2\r\nACV-1,S3\nS4", actor=world.admin)
    assert report.ok, report.errors
    assert captured(shipment) == {("ACV-1", f"S{n}") for n in range(1, 5)}


def test_a_header_line_in_pasted_text_is_skipped(world: World) -> None:
    shipment = two_types(world)
    report = imports.capture_from(
        shipment, text="item_type;serial\nUAV-1;U1\nUAV-1;U2", actor=world.admin
    )
    assert report.ok, report.errors
    assert captured(shipment) == {("UAV-1", "U1"), ("UAV-1", "U2")}


def test_a_bare_serial_is_refused_when_the_shipment_carries_several_types(world: World) -> None:
    shipment = two_types(world)
    report = imports.capture_from(shipment, text="ACV-1,A1\nA2", actor=world.admin)
    assert not report.ok
    assert [line for line, _message in report.errors] == [2]
    assert report.errors[0][1].startswith("item_type: name the item type")
    assert captured(shipment) == set()


def test_unreadable_lines_and_service_refusals_are_reported_together(world: World) -> None:
    shipment = two_types(world)
    text = "\n".join(
        [
            "ACV-1,A1",  # 1
            "ACV-1,A 2",  # 2: a space in the serial
            "ACV-1,A1",  # 3: repeats line 1
            "TNK-9,T1",  # 4: a type the shipment does not carry
            "ACV-1,A4,extra",  # 5: three values
            "UAV-1," + "U" * 61,  # 6: too long
        ]
    )
    entries = AuditEntry.objects.count()
    report = imports.capture_from(shipment, text=text, actor=world.admin)
    assert report.stored == 0
    by_line = dict(report.errors)
    assert sorted(by_line) == [2, 3, 4, 5, 6]
    assert by_line[2].startswith("serial: Use letters, digits")
    assert by_line[3] == "serial: A1 repeats line 1."
    assert by_line[4] == "item_type: TNK-9 is not carried by this shipment."
    assert by_line[5].startswith("serial: more than two values")
    assert by_line[6] == "serial: longer than 60 characters."
    assert captured(shipment) == set()
    assert AuditEntry.objects.count() == entries


def test_too_many_pasted_lines_are_refused(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imports, "MAX_SERIALS", 3)
    with pytest.raises(ValidationError) as refused:
        imports.read_text("A1\nA2\nA3\nA4", fallback="ACV-1")
    assert refused.value.message_dict == {
        "text": ["More than 3 serials; split them into several lists."]
    }


def test_a_count_takes_bare_serials_without_a_type(world: World) -> None:
    parsed = imports.read_text("S1\nACV-1\tS2\n\n")
    assert parsed.ok
    assert parsed.pairs() == [("", "S1"), ("ACV-1", "S2")]
    assert [row.line for row in parsed.rows] == [1, 2]


# --- files ---------------------------------------------------------------------------


def test_a_csv_file_with_bom_and_semicolons_is_captured(world: World) -> None:
    shipment = two_types(world)
    upload = csv_upload(
        "Item type;Serial;Remarks\r\nACV-1;A1;new\r\nACV-1;A2;\r\n;;\r\nUAV-1;U1;\r\n", bom=True
    )
    report = imports.capture_from(shipment, upload=upload, actor=world.admin)
    assert report.ok, report.errors
    assert captured(shipment) == {("ACV-1", "A1"), ("ACV-1", "A2"), ("UAV-1", "U1")}


def test_an_xlsx_file_is_captured_numbers_as_text(world: World) -> None:
    shipment = one_type(world)
    upload = xlsx_upload([["serial"], [1001], ["S-2"], [None], [1003.0]])
    report = imports.capture_from(shipment, upload=upload, actor=world.admin)
    assert report.ok, report.errors
    assert captured(shipment) == {("ACV-1", "1001"), ("ACV-1", "S-2"), ("ACV-1", "1003")}


def test_a_file_without_item_type_is_refused_when_the_shipment_has_several_types(
    world: World,
) -> None:
    shipment = two_types(world)
    with pytest.raises(ValidationError) as refused:
        imports.capture_from(shipment, upload=csv_upload("serial\nA1\n"), actor=world.admin)
    assert refused.value.message_dict["file"][0].startswith("The file has no item_type column")
    assert captured(shipment) == set()


def test_a_duplicate_in_the_file_and_a_known_serial_are_refused_by_row(world: World) -> None:
    known = two_types(world)
    assert imports.capture_from(known, text="ACV-1,A9", actor=world.admin).ok
    shipment = two_types(world)
    upload = xlsx_upload(
        [
            ["item_type", "serial"],  # line 1
            ["ACV-1", "A1"],  # 2
            ["ACV-1", "A9"],  # 3: already known (the other shipment)
            ["UAV-1", "U1"],  # 4
            ["ACV-1", "A1"],  # 5: repeats line 2
        ]
    )
    entries = AuditEntry.objects.count()
    report = imports.capture_from(shipment, upload=upload, actor=world.admin)
    assert report.stored == 0
    assert report.errors == [
        (3, "serial: A9 is already known."),
        (5, "serial: A1 repeats line 2."),
    ]
    assert imports.row_errors(report.errors)[0] == {
        "line": 3,
        "column": "serial",
        "message": "A9 is already known.",
        "text": "serial: A9 is already known.",
    }
    assert captured(shipment) == set()
    assert AuditEntry.objects.count() == entries


def test_a_file_over_the_size_limit_is_refused(world: World, settings: Any) -> None:
    settings.MAX_UPLOAD_BYTES = 32
    shipment = one_type(world)
    upload = csv_upload("serial\n" + "\n".join(f"SERIAL-{n}" for n in range(10)))
    with pytest.raises(ValidationError) as refused:
        imports.capture_from(shipment, upload=upload, actor=world.admin)
    [message] = [m.replace("\xa0", " ") for m in refused.value.message_dict["file"]]
    assert message.startswith("The file is ") and message.endswith("; the limit is 32 bytes.")
    assert captured(shipment) == set()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4\n\x00\x01\x02\xff binary", "neither a CSV file"),
        (b"PK\x03\x04 not a workbook", "neither a CSV file"),
        (b"\xd0\xcf\x11\xe0 old excel", "old Excel (.xls)"),
        (b"", "The file is empty."),
        (b"number\nA1\n", "The file has no serial column"),
        (b"serial,serial\nA1,A2\n", "The column serial appears twice"),
    ],
)
def test_a_file_refused_as_a_whole_stores_nothing(
    world: World, content: bytes, message: str
) -> None:
    shipment = one_type(world)
    with pytest.raises(ValidationError) as refused:
        imports.capture_from(
            shipment, upload=SimpleUploadedFile("serials.csv", content), actor=world.admin
        )
    assert message in refused.value.message_dict["file"][0]
    assert captured(shipment) == set()


def test_a_file_of_too_many_rows_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imports, "MAX_SERIALS", 2)
    with pytest.raises(ValidationError) as refused:
        imports.read_file(csv_upload("serial\nA\nB\nC\n"), fallback="ACV-1")
    assert refused.value.message_dict == {
        "file": ["The file has more than 2 rows; split it into several files."]
    }


def test_the_shared_reader_reports_columns_and_unknown_ones() -> None:
    sheet = spreadsheets.read_sheet(
        csv_upload("Serial,colour,Item-Type\nA1,red,ACV-1\n"),
        columns=("item_type", "serial"),
        required=("serial",),
    )
    assert sheet.columns == ["serial", "item_type"]
    assert sheet.unknown_columns == ["colour"]
    assert sheet.rows == [spreadsheets.SheetRow(2, {"serial": "A1", "item_type": "ACV-1"})]
