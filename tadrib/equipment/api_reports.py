"""API of the equipment reports: the same figures as the pages (treaty
tables, a shipment's reconciliation, accountability, crew gap), scoped the
same way."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from tadrib.core.api import InvalidQuery, RecordId, current_user, fetch_scoped, responses
from tadrib.core.choices import Action
from tadrib.equipment import reports
from tadrib.equipment.models import Shipment

router = Router(tags=["equipment"])

NATION_CODE = Field(
    None,
    pattern=r"^[A-Za-z]{2}$",
    description="ISO 3166 code of the reporting nation; default: the caller's own.",
)


class TreatyParams(Schema):
    year: int = Field(ge=reports.YEAR_MIN, le=reports.YEAR_MAX, description="Calendar year.")
    side: reports.Side = Field(description="From the reporting nation's point of view.")
    nation: str | None = NATION_CODE


class AttParams(TreatyParams):
    basis: reports.Basis = Field(
        reports.Basis.ACTUAL,
        description="actual: items delivered in the year; authorised: transfers authorised in it.",
    )


class TreatyRowOut(Schema):
    category: str = Field(description="UN Register category (I–VII) or SALW sub-category.")
    category_label: str
    state_code: str = Field(description="ISO 3166 code of the importing (exporting) state.")
    state: str
    items: int
    value: Decimal = Field(description="Value in the row's currency (pro rata when actual).")
    currency: str
    description: str = Field(description="Models, each with its number of items.")
    comments: str
    origin_state: str
    intermediate_location: str


class CurrencyValue(Schema):
    currency: str
    value: Decimal


class TreatyTotals(Schema):
    items: int
    values: list[CurrencyValue]


class TreatyOut(Schema):
    year: int
    side: reports.Side
    basis: reports.Basis
    nation: str = Field(description="ISO 3166 code of the reporting nation.")
    rows: list[TreatyRowOut]
    totals: TreatyTotals


def _treaty(request: HttpRequest, params: TreatyParams, basis: str) -> dict[str, Any]:
    user = current_user(request)
    try:
        query = reports.treaty_query(
            year=params.year, side=params.side, basis=basis, nation=params.nation or "", user=user
        )
    except ValidationError as error:
        raise InvalidQuery(error.message_dict) from None
    report = reports.treaty_report(query, user=user)
    totals = report.totals
    return {
        "year": query.year,
        "side": query.side,
        "basis": query.basis,
        "nation": query.nation.iso_code,
        "rows": [{**row.__dict__, "category_label": row.category_label} for row in report.rows],
        "totals": {
            "items": totals.items,
            "values": [{"currency": c, "value": v} for c, v in totals.values.items()],
        },
    }


@router.get(
    "/reports/att",
    response=responses(200, TreatyOut, 422),
    operation_id="equipment_att_report",
    summary="Arms Trade Treaty annual report: the exports or imports table",
)
def att_report(request: HttpRequest, params: Query[AttParams]) -> Any:
    return _treaty(request, params, params.basis)


@router.get(
    "/reports/un-register",
    response=responses(200, TreatyOut, 422),
    operation_id="equipment_un_register",
    summary="UN Register of Conventional Arms return (actual transfers)",
)
def un_register(request: HttpRequest, params: Query[TreatyParams]) -> Any:
    return _treaty(request, params, reports.Basis.ACTUAL)


class WrongSerial(Schema):
    expected: str
    read: str


class TypeLineOut(Schema):
    item_type: str
    name: str
    serial_tracked: bool
    shipped: int
    received: int | None = Field(description="Counted at the hand-over; null before the count.")
    matched: int
    missing: list[str]
    unexpected: list[str]
    wrong: list[WrongSerial]


class DifferenceOut(Schema):
    kind: str
    item_type: str
    serial: str
    expected_serial: str
    quantity: int
    description: str


class ReconciliationOut(Schema):
    shipment_id: int
    shipment: str
    status: str
    counted_at: dt.datetime | None
    counted: bool
    exact: bool
    matched: int
    types: list[TypeLineOut]
    differences: list[DifferenceOut]


@router.get(
    "/shipments/{int:pk}/reconciliation",
    response=responses(200, ReconciliationOut, 404, 422),
    operation_id="equipment_shipment_reconciliation",
    summary="A shipment's serials shipped against those counted at the hand-over",
)
def shipment_reconciliation(request: HttpRequest, pk: RecordId) -> Any:
    shipment = fetch_scoped(
        lambda user, action: Shipment.objects.for_user(user, action), request, pk, Action.VIEW
    )
    result = reports.shipment_reconciliation(shipment)
    return {
        "shipment_id": shipment.pk,
        "shipment": str(shipment),
        "status": shipment.status,
        "counted_at": shipment.counted_at,
        "counted": result.counted,
        "exact": result.is_exact,
        "matched": len(result.matched_serials),
        "types": [
            {
                **line.__dict__,
                "wrong": [{"expected": e, "read": r} for e, r in line.wrong],
            }
            for line in result.types
        ],
        "differences": [{**d.__dict__, "description": d.describe()} for d in result.differences],
    }


class OverdueInspectionOut(Schema):
    id: int
    url: str
    kind: str
    label: str
    transfer: str
    shipment: str
    site: str
    inspecting: str
    due_on: dt.date
    days_overdue: int


class OpenDiscrepancyOut(Schema):
    id: int
    url: str
    kind: str
    label: str
    status: str
    status_label: str
    transfer: str
    item: str
    quantity: int
    discovered_on: dt.date
    report_due_on: dt.date
    reported_on: dt.date | None
    days_overdue: int = Field(description="Days past the 30-day reporting deadline; 0 if not.")
    description: str


class KindCountOut(Schema):
    kind: str
    label: str
    count: int


class AccountabilityOut(Schema):
    today: dt.date
    inspections: list[OverdueInspectionOut] = Field(description="Not conducted, past due.")
    discrepancies: list[OpenDiscrepancyOut] = Field(
        description="Not resolved; unreported past the deadline first."
    )
    inspections_by_kind: list[KindCountOut]
    discrepancies_by_kind: list[KindCountOut]
    overdue_discrepancies: int


@router.get(
    "/reports/accountability",
    response=responses(200, AccountabilityOut),
    operation_id="equipment_accountability",
    summary="Overdue inspections and open discrepancies",
)
def accountability(request: HttpRequest) -> Any:
    figures = reports.accountability(current_user(request))
    return {**figures.__dict__, "overdue_discrepancies": figures.overdue_discrepancies}


class CrewGapParams(Schema):
    unit: RecordId | None = Field(None, description="Id of a unit holding items; default: all.")
    subunits: bool = Field(False, description="Include the unit's sub-units.")


class CrewGapRowOut(Schema):
    unit_id: int
    unit_code: str
    unit: str
    item_type_id: int
    item_type_code: str
    item_type: str
    systems: int
    operators_required: int
    operators_trained: int
    operators_gap: int
    maintainers_required: int
    maintainers_trained: int
    maintainers_gap: int


class CrewGapTotalOut(Schema):
    item_type_id: int
    item_type_code: str
    item_type: str
    units: int
    systems: int
    operators_required: int
    operators_trained: int
    operators_gap: int
    maintainers_required: int
    maintainers_trained: int
    maintainers_gap: int


class CrewGapOut(Schema):
    rows: list[CrewGapRowOut] = Field(description="Per unit and item type.")
    totals: list[CrewGapTotalOut] = Field(description="Per item type, over the rows.")


@router.get(
    "/reports/crew-gap",
    response=responses(200, CrewGapOut, 422),
    operation_id="equipment_crew_gap",
    summary="Operators and maintainers required against those trained",
)
def crew_gap(request: HttpRequest, params: Query[CrewGapParams]) -> Any:
    rows = reports.crew_gap(
        [params.unit] if params.unit is not None else None,
        current_user(request),
        include_subunits=params.subunits,
    )
    return {"rows": rows, "totals": reports.crew_gap_totals(rows)}
