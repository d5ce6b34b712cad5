"""Equipment reports: the treaty tables (Arms Trade Treaty, UN Register) with
their XLSX, CSV and command-line forms, a shipment's reconciliation,
accountability and the crew gap, each from the reader's side."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tadrib.agreements import testing as t
from tadrib.core import testing
from tadrib.core.choices import Role
from tadrib.core.testing import World
from tadrib.equipment import report_sheets, reports, services
from tadrib.equipment import testing as et
from tadrib.equipment.models import (
    Discrepancy,
    Inspection,
    Item,
    ItemTypeCourse,
    Shipment,
    Transfer,
)
from tadrib.organisations.models import Organisation
from tadrib.people.models import PersonQualification
from tadrib.people.services import save_person_qualification
from tadrib.training import services as training_services
from tadrib.training import testing as tt
from tadrib.training.models import Grade

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


def att(user: Any, side: str = "exports", basis: str = "actual", **kw: Any) -> reports.TreatyReport:
    query = reports.treaty_query(year=kw.pop("year", YEAR), side=side, basis=basis, user=user, **kw)
    return reports.treaty_report(query, user=user)


def by_category(report: reports.TreatyReport) -> dict[str, tuple[str, int, Decimal, str]]:
    return {r.category: (r.state_code, r.items, r.value, r.currency) for r in report.rows}


def deliver_counting(shipment: Shipment, *, drop: int = 0) -> Shipment:
    """Count a dispatched shipment leaving out ``drop`` serials, then
    countersign both sides (the delivery)."""
    shipped = list(
        Item.objects.filter(shipment=shipment)
        .order_by("serial_number")
        .values_list("item_type__code", "serial_number")
    )
    services.record_count(shipment, serials=shipped[drop:], quantities={}, actor=None)
    services.countersign(shipment, side="exporter", actor=None)
    return services.countersign(shipment, side="importer", actor=None)


@pytest.fixture
def exports(world: World) -> Transfer:
    """Nation A (SY) exports to nation C (SA): four armoured vehicles (II,
    1,000 each) and ten mortars (LW-6, counted, 1,000 each). This year: two
    vehicles and six mortars delivered; last year (by its delivery date):
    one vehicle and four mortars."""
    acv, mortar = et.item_type(), et.bulk_type()
    transfer = et.transfer(world, 1, lines=((acv, 4), (mortar, 10)))
    et.delivered(world, 1, of=transfer, quantities={"ACV-1": 2, "AMMO-1": 6})
    old = et.delivered(world, 2, of=transfer, quantities={"ACV-1": 1, "AMMO-1": 4})
    last_year = timezone.make_aware(dt.datetime(YEAR - 1, 12, 31, 12))
    Shipment.objects.filter(pk=old.pk).update(delivered_at=last_year)
    return transfer


# --- the treaty tables ---------------------------------------------------------------


def test_att_actual_exports_count_what_was_delivered_in_the_year(
    world: World, exports: Transfer
) -> None:
    report = att(world.manager_a)
    assert report.query.nation.iso_code == "SY"
    assert by_category(report) == {
        "II": ("SA", 2, Decimal("2000.00"), "USD"),
        "LW-6": ("SA", 6, Decimal("6000.00"), "USD"),
    }
    assert [r.category for r in report.conventional] == ["II"]
    assert [r.category for r in report.salw] == ["LW-6"]
    assert report.rows[0].description == "Model ACV-1 (2)"
    assert report.totals.items == 8 and report.totals.values == {"USD": Decimal("8000.00")}
    # The delivery dated last year counts in last year's report only.
    assert by_category(att(world.manager_a, year=YEAR - 1)) == {
        "II": ("SA", 1, Decimal("1000.00"), "USD"),
        "LW-6": ("SA", 4, Decimal("4000.00"), "USD"),
    }


def test_att_authorised_exports_take_the_transfers_authorised_in_the_year(
    world: World, exports: Transfer
) -> None:
    earlier = et.transfer(world, 3, lines=((et.item_type("TANK-1", category="I"), 2),))
    Transfer.objects.filter(pk=earlier.pk).update(authorised_on=dt.date(YEAR - 3, 5, 1))
    et.transfer(world, 4, lines=((et.item_type("UAV-1", category="IV"), 3),), authorise=False)
    report = att(world.manager_a, basis="authorised")
    assert by_category(report) == {
        "II": ("SA", 4, Decimal("4000.00"), "USD"),
        "LW-6": ("SA", 10, Decimal("10000.00"), "USD"),
    }
    assert by_category(att(world.manager_a, basis="authorised", year=YEAR - 3)) == {
        "I": ("SA", 2, Decimal("2000.00"), "USD")
    }


def test_a_shortage_counts_the_items_that_arrived_and_their_share_of_the_value(
    world: World,
) -> None:
    transfer = et.transfer(world, 5, lines=((et.item_type("ART-1", category="III"), 4),))
    deliver_counting(et.dispatched(world, 5, of=transfer), drop=1)
    assert by_category(att(world.manager_a)) == {"III": ("SA", 3, Decimal("3000.00"), "USD")}


def test_a_counted_line_never_reports_more_than_was_shipped(world: World) -> None:
    transfer = et.transfer(world, 10, lines=((et.bulk_type("RIFLE-1"), 10),))
    shipment = et.dispatched(world, 10, of=transfer)
    line = shipment.lines.get()
    services.record_count(shipment, serials=[], quantities={line.pk: 12}, actor=None)
    services.countersign(shipment, side="exporter", actor=None)
    services.countersign(shipment, side="importer", actor=None)
    assert by_category(att(world.manager_a)) == {"LW-6": ("SA", 10, Decimal("10000.00"), "USD")}


def test_imports_are_the_transfers_whose_importer_is_the_reporting_nations(
    world: World, exports: Transfer
) -> None:
    incoming = et.c_transfer(world, lines=((et.item_type("MLRS-1", category="VII"), 2),))
    et.delivered(world, 6, of=incoming, receiving=world.battalion_a)
    report = att(world.manager_a, side="imports")
    assert by_category(report) == {"VII": ("SA", 2, Decimal("2000.00"), "USD")}
    # Nation C's view of the same transfers, as the system reports it.
    c_exports = att(None, nation="SA")
    assert by_category(c_exports) == {"VII": ("SY", 2, Decimal("2000.00"), "USD")}


def test_another_nations_user_gets_an_empty_report_and_may_not_report_for_a(
    world: World, exports: Transfer
) -> None:
    report = att(world.manager_b)
    assert report.query.nation.iso_code == "TR" and report.rows == []
    with pytest.raises(ValidationError) as refused:
        att(world.manager_b, nation="SY")
    assert "nation" in refused.value.message_dict
    client = testing.client_for(world.manager_b)
    page = client.get(reverse("equipment:att_report"), {"year": YEAR, "nation": "SY"})
    assert page.status_code == 200 and b"Model ACV-1" not in page.content
    api = client.get("/api/reports/att", {"year": YEAR, "side": "exports"})
    assert api.status_code == 200 and api.json()["rows"] == []
    assert (
        client.get(
            "/api/reports/att", {"year": YEAR, "side": "exports", "nation": "SY"}
        ).status_code
        == 422
    )


def test_bad_parameters_are_refused_naming_the_field(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        reports.treaty_query(year=1800, side="sideways", basis="hoped", user=world.manager_a)
    assert set(refused.value.message_dict) == {"year", "side", "basis"}
    with pytest.raises(ValidationError) as refused:
        reports.treaty_query(year=YEAR, side="exports", user=None)
    assert set(refused.value.message_dict) == {"nation"}
    client = testing.client_for(world.manager_a)
    assert client.get("/api/reports/att", {"year": 1800, "side": "exports"}).status_code == 422
    assert client.get("/api/reports/att", {"year": YEAR, "side": "up"}).status_code == 422


def test_an_administrator_chooses_the_nation_first_then_sees_every_transfer(
    world: World, exports: Transfer
) -> None:
    client = testing.client_for(world.admin)
    url = reverse("equipment:att_report")
    first = client.get(url).content.decode()
    assert "report-sheet" not in first and "invalid-feedback" not in first
    page = client.get(url, {"year": YEAR, "side": "exports", "nation": "SY"}).content.decode()
    assert "Model ACV-1 (2)" in page
    refused = client.get(url, {"year": 1800, "side": "exports", "nation": "SY"}).content.decode()
    assert "invalid-feedback" in refused and "report-sheet" not in refused


def test_the_att_page_shows_the_tables_and_the_un_register_its_columns(
    world: World, exports: Transfer
) -> None:
    client = testing.client_for(world.manager_a)
    page = client.get(reverse("equipment:att_report"), {"year": YEAR, "side": "exports"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Final importing State" in html and "Actual exports" in html
    assert "Model ACV-1 (2)" in html and "6,000.00" in html
    un = client.get(reverse("equipment:un_register"), {"year": YEAR, "side": "exports"})
    html = un.content.decode()
    assert "C. State of origin (if not exporter)" in html and "Model ACV-1 (2)" in html
    assert "Value" not in html.split("<table")[1]  # the Register counts items only
    api = client.get("/api/reports/un-register", {"year": YEAR, "side": "exports"}).json()
    assert [(r["category"], r["items"]) for r in api["rows"]] == [("II", 2), ("LW-6", 6)]


def test_the_xlsx_has_a_sheet_per_table_with_the_template_headers_and_totals(
    world: World, exports: Transfer
) -> None:
    client = testing.client_for(world.manager_a)
    response = client.get(
        reverse("equipment:att_report"), {"year": YEAR, "side": "exports", "export": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    conventional, salw = (workbook[name] for name in workbook.sheetnames)
    rows = [list(row) for row in conventional.iter_rows(values_only=True)]
    assert rows[0][0].startswith("Arms Trade Treaty annual report — Exports")
    assert rows[1][0] == "Reporting State: Nation SY (SY)"
    groups = next(r for r in rows if "Actual exports" in r)
    assert groups.index("Actual exports") == 2  # over number of items, value and currency
    header = rows[rows.index(groups) + 1]
    assert header == [
        "Category",
        "Final importing State",
        "Number of items",
        "Value",
        "Currency",
        "Description of item (model, type)",
        "Comments on the export",
    ]
    data, totals = rows[rows.index(header) + 1], rows[-1]
    assert data[:5] == ["II. Armoured combat vehicles", "Nation SA (SA)", 2, 2000, "USD"]
    assert totals[:5] == ["Total", None, 2, 2000, "USD"]
    salw_rows = [list(row) for row in salw.iter_rows(values_only=True)]
    assert salw_rows[-1][:5] == ["Total", None, 6, 6000, "USD"]


def test_the_csv_parses_with_its_bom_and_the_same_figures(world: World, exports: Transfer) -> None:
    client = testing.client_for(world.manager_a)
    response = client.get(
        reverse("equipment:att_report"),
        {"year": YEAR, "side": "exports", "basis": "authorised", "export": "csv"},
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[4][:5] == [
        "Category",
        "Final importing State",
        "Number of items",
        "Value",
        "Currency",
    ]
    assert rows[5][:5] == ["II. Armoured combat vehicles", "Nation SA (SA)", "4", "4000.00", "USD"]
    totals = [row for row in rows if row and row[0] == "Total"]
    assert [row[2:5] for row in totals] == [["4", "4000.00", "USD"], ["10", "10000.00", "USD"]]


def test_a_formula_in_a_record_stays_text_in_the_xlsx(world: World) -> None:
    sheet = report_sheets.Sheet(
        "x", "t", [report_sheets.Column("a", "A")], [{"a": "=HYPERLINK(1)"}]
    )
    cell = load_workbook(io.BytesIO(report_sheets.xlsx_bytes([sheet])))["x"]["A4"]
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"


# --- the command line ----------------------------------------------------------------


def test_the_command_writes_the_report(world: World, exports: Transfer, tmp_path: Path) -> None:
    out = tmp_path / "att.xlsx"
    args = ["--year", str(YEAR), "--side", "exports", "--format", "xlsx", "--out", str(out)]
    printed = io.StringIO()
    call_command("report", "att", *args, "--nation", "SY", stdout=printed)
    assert printed.getvalue().strip() == str(out)
    sheet = load_workbook(out).worksheets[0]
    assert [list(r) for r in sheet.iter_rows(values_only=True)][-1][:3] == ["Total", None, 2]
    as_user = tmp_path / "att.csv"
    call_command(
        "report", "att", "--year", str(YEAR), "--side", "exports", "--format", "csv",
        "--out", str(as_user), "--user", "manager_b", stdout=io.StringIO(),
    )  # fmt: skip
    assert "Model ACV-1" not in as_user.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--year", "1800", "--side", "exports", "--nation", "SY"], "--year"),
        (["--year", "next", "--side", "exports", "--nation", "SY"], "--year"),
        (["--year", str(YEAR), "--side", "sideways", "--nation", "SY"], "--side"),
        (["--year", str(YEAR), "--side", "exports", "--nation", "SY", "--format", "pdf"], "pdf"),
        (["--year", str(YEAR), "--side", "exports", "--nation", "SY", "--basis", "x"], "--basis"),
        (["--year", str(YEAR), "--side", "exports"], "--nation"),
        (["--year", str(YEAR), "--side", "exports", "--nation", "XX"], "XX"),
        (["--year", str(YEAR), "--side", "exports", "--user", "nobody"], "nobody"),
        (
            ["--year", str(YEAR), "--side", "exports", "--user", "manager_b", "--nation", "SY"],
            "own",
        ),
    ],
)
def test_the_command_refuses_bad_arguments(
    world: World, tmp_path: Path, arguments: list[str], message: str
) -> None:
    out = tmp_path / "refused.xlsx"
    with pytest.raises(CommandError, match=message):
        call_command("report", "att", *arguments, "--out", str(out), stdout=io.StringIO())
    assert not out.exists()


# --- reconciliation ------------------------------------------------------------------


def test_the_reconciliation_lists_missing_unexpected_and_wrong_serials(world: World) -> None:
    shipment = et.dispatched(world, 7)
    shipped = sorted(
        Item.objects.filter(shipment=shipment).values_list("item_type__code", "serial_number")
    )
    counted = [*shipped[:2], ("ACV-1", "READ-WRONG")]  # one missing, one read wrong
    services.record_count(shipment, serials=counted, quantities={}, actor=None)
    client = testing.client_for(world.manager_a)
    url = reverse("equipment:shipment_reconciliation", args=[shipment.pk])
    html = client.get(url).content.decode()
    assert 'data-outcome="wrong_serial"' in html and "READ-WRONG" in html
    assert 'data-outcome="missing"' in html and shipped[3][1] in html
    workbook = load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).content))
    summary = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
    header = summary.index(next(r for r in summary if r[0] == "Item type"))
    assert summary[header + 1][:9] == ["ACV-1", "Type ACV-1", "By serial", 4, 3, 2, 1, 0, 1]
    serials = [list(r) for r in workbook.worksheets[1].iter_rows(values_only=True)]
    assert sum(1 for r in serials if r[3] == "Matched") == 2
    text = client.get(url, {"export": "csv"}).content.decode("utf-8-sig")
    assert "READ-WRONG" in text
    api = client.get(f"/api/shipments/{shipment.pk}/reconciliation").json()
    assert api["matched"] == 2 and api["exact"] is False
    assert api["types"][0]["wrong"] == [{"expected": shipped[2][1], "read": "READ-WRONG"}]
    outsider = testing.client_for(world.manager_b)
    assert outsider.get(url).status_code == 404
    assert outsider.get(f"/api/shipments/{shipment.pk}/reconciliation").status_code == 404


# --- accountability ------------------------------------------------------------------


def test_accountability_lists_what_is_late_and_not_what_is_done(world: World) -> None:
    transfer = et.transfer(world, 8)
    late = services.save_inspection(
        Inspection(
            owner=world.battalion_a,
            kind="initial_inventory",
            transfer=transfer,
            due_on=TODAY - dt.timedelta(days=12),
        ),
        actor=None,
    )
    services.save_inspection(
        Inspection(
            owner=world.battalion_a,
            kind="post_shipment",
            transfer=transfer,
            due_on=TODAY - dt.timedelta(days=40),
            conducted_on=TODAY - dt.timedelta(days=41),
        ),
        actor=None,
    )

    def discrepancy(days_ago: int, kind: str = "loss") -> Discrepancy:
        return services.save_discrepancy(
            Discrepancy(
                owner=world.battalion_a,
                transfer=transfer,
                kind=kind,
                discovered_on=TODAY - dt.timedelta(days=days_ago),
                description=f"Found {days_ago} days ago.",
            ),
            actor=None,
        )

    overdue, recent, closed = discrepancy(45), discrepancy(2, "damage"), discrepancy(50, "theft")
    services.change_discrepancy_status(closed, "reported", actor=None)
    services.change_discrepancy_status(closed, "resolved", actor=None, reason="Recovered.")
    figures = reports.accountability(world.manager_a)
    assert [(i.id, i.days_overdue) for i in figures.inspections] == [(late.pk, 12)]
    assert [(d.id, d.days_overdue) for d in figures.discrepancies] == [
        (overdue.pk, 15),
        (recent.pk, 0),
    ]
    assert figures.overdue_discrepancies == 1
    assert [(k.kind, k.count) for k in figures.discrepancies_by_kind] == [
        ("damage", 1),
        ("loss", 1),
    ]
    client = testing.client_for(world.manager_a)
    html = client.get(reverse("equipment:accountability")).content.decode()
    assert f'data-inspection="{late.pk}"' in html
    assert f'data-discrepancy="{overdue.pk}" data-kind="loss" class="table-danger"' in html
    assert f'data-discrepancy="{closed.pk}"' not in html
    assert 'id="discrepancies-chart"' in html and "chart.umd.min.js" in html
    api = client.get("/api/reports/accountability").json()
    assert api["overdue_discrepancies"] == 1 and len(api["inspections"]) == 1
    outsider = reports.accountability(world.manager_b)
    assert outsider.inspections == [] and outsider.discrepancies == []


# --- the crew gap --------------------------------------------------------------------


@pytest.fixture
def crews(world: World) -> dict[str, Any]:
    """Three vehicles (crew 3, maintainers 1) held by nation C's battalion;
    an operators' course awarding a qualification, a maintainers' course
    awarding none."""
    acv = et.item_type()
    unit = tt.unit_c(world)
    transfer = et.transfer(world, 9, lines=((acv, 3),))
    et.delivered(world, 9, of=transfer, receiving=unit)
    operators = tt.course(world, 60, qualification=tt.qualification("Q-ACV-OP"))
    maintainers = tt.course(world, 61)
    for course, role in ((operators, "operator"), (maintainers, "maintainer")):
        services.save_item_type_course(
            ItemTypeCourse(item_type=acv, course=course, role=role), actor=None
        )
    return {"unit": unit, "type": acv, "maintainers": maintainers}


def qualify(unit: Organisation, *, expires_on: dt.date | None = None, **fields: Any) -> None:
    person = testing.person(unit, **fields)
    save_person_qualification(
        PersonQualification(
            person=person,
            qualification=tt.qualification("Q-ACV-OP"),
            awarded_on=TODAY - dt.timedelta(days=400),
            expires_on=expires_on,
        ),
        actor=None,
    )


def test_the_crew_gap_counts_qualified_people_of_the_unit_and_its_sub_units(
    world: World, crews: dict[str, Any]
) -> None:
    unit = crews["unit"]
    company = testing.organisation(unit.nation, "C-BN-1", parent=unit)
    qualify(unit)  # counts
    qualify(company)  # a sub-unit: counts
    qualify(unit, expires_on=TODAY - dt.timedelta(days=1))  # expired: does not
    qualify(t.third_party(world))  # the ministry above, another unit: does not
    qualify(unit, status="inactive")  # no longer serving: does not
    qualify(unit, expires_on=TODAY)  # valid through today: counts
    # A maintainer through the course that awards no qualification.
    graduate = tt.c_nomination(world, 1, session=tt.session(world, 61, of=crews["maintainers"]))
    exam = tt.assessment(world, 61, of=graduate.session, weight=100)
    training_services.save_grade(
        Grade(nomination=graduate, assessment=exam, score=Decimal(90)), actor=None
    )
    training_services.complete_session(graduate.session, actor=None)  # type: ignore[arg-type]
    assert graduate.person.unit == unit

    rows = reports.crew_gap(user=world.manager_a)
    assert [
        (
            r.unit_code,
            r.item_type_code,
            r.systems,
            r.operators_required,
            r.operators_trained,
            r.operators_gap,
            r.maintainers_required,
            r.maintainers_trained,
            r.maintainers_gap,
        )
        for r in rows
    ] == [("C-BN", "ACV-1", 3, 9, 3, 6, 3, 1, 2)]
    assert reports.crew_gap([company], None) == []  # the sub-unit holds nothing itself
    assert reports.crew_gap([unit], None) == rows
    (total,) = reports.crew_gap_totals(rows)
    assert (total.units, total.operators_gap, total.maintainers_gap) == (1, 6, 2)


def test_the_crew_gap_page_chart_export_and_scope(world: World, crews: dict[str, Any]) -> None:
    qualify(crews["unit"])
    client = testing.client_for(world.manager_a)
    url = reverse("equipment:crew_gap")
    html = client.get(url, {"unit": crews["unit"].pk}).content.decode()
    assert 'id="crew-gap-grouped"' in html and "C-BN" in html
    workbook = load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).content))
    by_unit = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
    assert by_unit[-1] == ["Total", None, 3, 9, 1, 8, 3, 0, 3]
    api = client.get("/api/reports/crew-gap", {"unit": crews["unit"].pk}).json()
    assert api["rows"][0]["operators_trained"] == 1 and api["totals"][0]["operators_gap"] == 8
    # Nation B sees none of these items, so no row at all.
    outsider = testing.client_for(world.manager_b)
    assert outsider.get("/api/reports/crew-gap").json() == {"rows": [], "totals": []}
    assert b"C-BN" not in outsider.get(url).content
    assert outsider.get(url, {"unit": crews["unit"].pk}).status_code == 200
    assert reports.crew_gap(user=world.manager_b) == []


def test_a_logistics_officer_of_the_importer_sees_its_own_units_gap(
    world: World, crews: dict[str, Any]
) -> None:
    officer = testing.user("officer_c", (t.third_party(world), Role.LOGISTICS_OFFICER))
    rows = reports.crew_gap(user=officer)
    assert [(r.unit_code, r.systems) for r in rows] == [("C-BN", 3)]
