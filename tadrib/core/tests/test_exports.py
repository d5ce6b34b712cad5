from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.test import Client

from tadrib.core import testing
from tadrib.core.exports import XLSX_CONTENT_TYPE
from tadrib.core.testing import World, client_for
from tadrib.people.models import LanguageProficiency
from tadrib.people.services import save_language_proficiency

pytestmark = pytest.mark.django_db


def csv_rows(client: Client, path: str, query: dict[str, str]) -> list[list[str]]:
    response = client.get(path, {**query, "export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def xlsx_sheet(client: Client, path: str, query: dict[str, str]) -> Any:
    response = client.get(path, {**query, "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].endswith('.xlsx"')
    return openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]


def as_text(sheet: Any) -> list[list[str]]:
    return [
        ["" if value is None else str(value) for value in row]
        for row in sheet.iter_rows(values_only=True)
    ]


@pytest.fixture
def people(world: World) -> None:
    testing.person(world.battalion_a, service_number="SY-X-1", given_names_latin="Omar")
    testing.person(world.battalion_a, service_number="SY-X-2", given_names_latin="Bilal")
    testing.person(world.brigade_a, service_number="SY-X-3", given_names_latin="Omar")
    testing.person(world.academy_b, service_number="TR-X-4", given_names_latin="Omar")


def test_the_xlsx_of_the_people_list_has_the_rows_of_the_csv(world: World, people: None) -> None:
    client = client_for(world.manager_a)
    rows = csv_rows(client, "/people/", {})
    sheet = xlsx_sheet(client, "/people/", {})
    assert as_text(sheet) == rows
    assert rows[0][0] == "Service number"
    assert sorted(row[0] for row in rows[1:]) == ["SY-X-1", "SY-X-2", "SY-X-3"]


def test_the_xlsx_file_is_an_attachment_named_after_the_list(world: World, people: None) -> None:
    response = client_for(world.manager_a).get("/people/", {"export": "xlsx"})
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="people-')
    stamp = disposition.removeprefix('attachment; filename="people-').removesuffix('.xlsx"')
    dt.datetime.strptime(stamp, "%Y%m%d-%H%M")


def test_the_xlsx_export_follows_the_filters(world: World, people: None) -> None:
    client = client_for(world.manager_a)
    sheet = xlsx_sheet(client, "/people/", {"q": "Omar"})
    rows = as_text(sheet)
    assert rows == csv_rows(client, "/people/", {"q": "Omar"})
    assert sorted(row[0] for row in rows[1:]) == ["SY-X-1", "SY-X-3"]


def test_another_nations_user_gets_none_of_nation_as_rows(world: World, people: None) -> None:
    rows = as_text(xlsx_sheet(client_for(world.manager_b), "/people/", {}))
    assert [row[0] for row in rows[1:]] == ["TR-X-4"]


def test_the_header_is_bold_and_frozen(world: World, people: None) -> None:
    sheet = xlsx_sheet(client_for(world.manager_a), "/people/", {})
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert not any(cell.font.bold for cell in sheet[2])
    assert not sheet.sheet_view.rightToLeft


def test_the_sheet_runs_right_to_left_in_arabic(world: World, people: None) -> None:
    client = client_for(world.manager_a)
    client.post("/accounts/preferences/", {"language": "ar"})
    sheet = xlsx_sheet(client, "/people/", {})
    assert sheet.sheet_view.rightToLeft
    assert as_text(sheet) == csv_rows(client, "/people/", {})


def test_dates_and_numbers_are_real_cells(world: World) -> None:
    person = testing.person(world.battalion_a)
    save_language_proficiency(
        LanguageProficiency(
            person=person,
            language="tr",
            listening=2,
            speaking=1,
            reading=3,
            writing=1,
            tested_on=dt.date(2025, 10, 31),
        ),
        actor=None,
    )
    client = client_for(world.manager_a)
    sheet = xlsx_sheet(client, "/people/languages/", {})
    header = [cell.value for cell in sheet[1]]
    values = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert values["Tested on"] == dt.datetime(2025, 10, 31)  # a date cell (read back at 00:00)
    assert sheet.cell(row=2, column=header.index("Tested on") + 1).is_date
    assert values["Listening"] == 2 and isinstance(values["Listening"], int)
    csv_values = dict(zip(*csv_rows(client, "/people/languages/", {}), strict=True))
    assert csv_values["Tested on"] == "2025-10-31"
    assert csv_values["Listening"] == "2"


def test_text_that_looks_like_a_formula_stays_text(world: World) -> None:
    testing.person(world.battalion_a, service_number="SY-F-1", given_names_latin="=1+2")
    sheet = xlsx_sheet(client_for(world.manager_a), "/people/", {})
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("name (Latin)") + 1)
    assert cell.data_type == "s" and str(cell.value).startswith("=1+2")


def test_the_list_page_offers_the_xlsx_export_with_its_filters(world: World, people: None) -> None:
    page = client_for(world.manager_a).get("/people/", {"q": "Omar"}).content.decode()
    assert 'id="export-xlsx" href="?q=Omar&amp;export=xlsx"' in page
