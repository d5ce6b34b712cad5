"""API of the workflows (the same services as the pages): a transfer's and a
discrepancy's status, a shipment's serial capture, dispatch, hand-over count
and countersignatures, an inventory. A record the caller cannot see is a 404;
a step the caller's side may not take a 403; a refused step a 422 with
nothing stored."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status, UploadedFile
from pydantic import Field

from tadrib.core import access
from tadrib.core.api import current_user, fetch_scoped, responses
from tadrib.core.choices import Action
from tadrib.equipment import imports, selectors, services
from tadrib.equipment.choices import (
    DiscrepancyStatus,
    FindingOutcome,
    ShipmentStatus,
    TransferStatus,
)
from tadrib.equipment.imports import MAX_SERIALS
from tadrib.equipment.models import Inspection, InspectionFinding, Shipment
from tadrib.equipment.reconciliation import Reconciliation

router = Router(tags=["equipment"])

Serial = Annotated[str, Field(min_length=1, max_length=imports.MAX_SERIAL_LENGTH)]
TypeCode = Annotated[str, Field(max_length=imports.MAX_CODE_LENGTH)]
LineKey = Annotated[str, Field(pattern=r"^[0-9]{1,18}$")]
Quantity = Annotated[int, Field(ge=0, le=10**9)]


# --- transfers -------------------------------------------------------------------------


class TransferStatusIn(Schema):
    status: Literal[tuple(TransferStatus.values)]  # type: ignore[valid-type]
    reason: str = Field("", max_length=500)


class TransferStepOut(Schema):
    id: int
    reference: str
    status: TransferStatus
    status_reason: str
    authorised_on: dt.date | None


@router.post(
    "/transfers/{int:pk}/status",
    response=responses(200, TransferStepOut, 400, 403, 404, 422),
    operation_id="equipment_transfer_status",
    summary="Authorise, suspend, resume, complete or cancel a transfer (the exporter's side)",
    description="A reason is required to suspend or cancel.",
)
def transfer_status(request: HttpRequest, pk: int, payload: TransferStatusIn) -> Any:
    user = current_user(request)
    transfer = fetch_scoped(selectors.transfers_for, request, pk, Action.VIEW)
    # The service refuses (403) anyone not on the exporter's side.
    return services.change_transfer_status(
        transfer, payload.status, actor=user, reason=payload.reason
    )


# --- shipments -------------------------------------------------------------------------


class SerialIn(Schema):
    item_type: TypeCode = Field(
        "", description="The item type's code; may be left out when only one type is possible."
    )
    serial: Serial


class SerialsIn(Schema):
    serials: list[SerialIn] = Field(min_length=1, max_length=MAX_SERIALS)


class CaptureOut(Schema):
    stored: int


class ShipmentStepOut(Schema):
    id: int
    code: str
    status: ShipmentStatus
    dispatched_on: dt.date | None
    counted_at: dt.datetime | None
    exporter_signed_at: dt.datetime | None
    importer_signed_at: dt.datetime | None
    delivered_at: dt.datetime | None


class DifferenceOut(Schema):
    kind: str
    item_type: str
    serial: str
    expected_serial: str
    quantity: int
    description: str


class ReconciliationOut(Schema):
    matched: int
    missing: int
    unexpected: int
    wrong_serial: int
    short: int
    over: int
    exact: bool
    differences: list[DifferenceOut]


class CountIn(Schema):
    serials: list[SerialIn] = Field(default_factory=list, max_length=MAX_SERIALS)
    quantities: Annotated[
        dict[LineKey, Quantity],
        Field(max_length=1000, json_schema_extra={"additionalProperties": False}),
    ] = Field(
        default_factory=dict,
        description="How many of each counted (bulk) line arrived, by shipment line id.",
    )


class CountersignIn(Schema):
    side: Literal["exporter", "importer"]


def _shipment(request: HttpRequest, pk: int) -> Shipment:
    shipment: Shipment = fetch_scoped(selectors.shipments_for, request, pk, Action.VIEW)
    return shipment


def _refused_rows(errors: list[tuple[int, str]], *, where: list[Any]) -> Status:
    """A 422 naming each refused row: its line (its place in the list, from
    1, or its line in the file) and the column at fault."""
    detail = []
    for error in imports.row_errors(errors):
        loc = [*where, error["line"] - 1] if where[-1] == "serials" else [*where]
        if error["column"]:
            loc.append(error["column"])
        detail.append(
            {"loc": loc, "line": error["line"], "msg": error["text"], "type": "row_refused"}
        )
    return Status(422, {"detail": detail})


def _captured(report: services.CaptureReport, where: list[Any]) -> Any:
    if not report.ok:
        return _refused_rows(report.errors, where=where)
    return Status(201, {"stored": report.stored})


@router.post(
    "/shipments/{int:pk}/serials",
    response=responses(201, CaptureOut, 400, 403, 404, 422),
    operation_id="equipment_shipment_capture_serials",
    summary="Capture serials before dispatch, all or nothing (the exporter's side)",
    description=(
        "A serial repeated, already known, of a type the shipment does not carry, or beyond "
        "the quantity shipped refuses the whole list: 422, each refused row named by its "
        "place in the list (from 1) and its column, and nothing stored."
    ),
)
def capture_serials(request: HttpRequest, pk: int, payload: SerialsIn) -> Any:
    shipment = _shipment(request, pk)
    parsed = imports.rows_of(
        [(row.item_type, row.serial) for row in payload.serials],
        fallback=imports.default_type(shipment),
        type_required=True,
    )
    report = imports.capture(shipment, parsed, actor=current_user(request))
    return _captured(report, ["body", "serials"])


@router.post(
    "/shipments/{int:pk}/serials/upload",
    response=responses(201, CaptureOut, 400, 403, 404, 422),
    operation_id="equipment_shipment_upload_serials",
    summary="Capture serials from a CSV or XLSX file, all or nothing (the exporter's side)",
    description=(
        "multipart/form-data with file: a CSV (UTF-8; comma or semicolon) or XLSX file whose "
        "first row names the columns item_type and serial (item_type may be left out when the "
        "shipment carries one serial-tracked type). Refused rows are named by their line in "
        "the file; nothing is stored."
    ),
)
def upload_serials(request: HttpRequest, pk: int, file: File[UploadedFile]) -> Any:
    shipment = _shipment(request, pk)
    report = imports.capture_from(shipment, upload=file, actor=current_user(request))
    return _captured(report, ["body", "file"])


@router.post(
    "/shipments/{int:pk}/dispatch",
    response=responses(200, ShipmentStepOut, 400, 403, 404, 422),
    operation_id="equipment_shipment_dispatch",
    summary="Dispatch a shipment whose serials are all captured (the exporter's side)",
)
def dispatch(request: HttpRequest, pk: int) -> Any:
    return services.dispatch_shipment(_shipment(request, pk), actor=current_user(request))


def reconciliation_out(result: Reconciliation) -> dict[str, Any]:
    kinds = result.types.values()
    return {
        "matched": result.matched,
        "missing": sum(len(t.missing) for t in kinds),
        "unexpected": sum(len(t.unexpected) for t in kinds),
        "wrong_serial": sum(len(t.wrong) for t in kinds),
        "short": sum(max(c.shipped - (c.received or 0), 0) for c in result.counts),
        "over": sum(max((c.received or 0) - c.shipped, 0) for c in result.counts),
        "exact": result.is_exact,
        "differences": [
            {
                "kind": d.kind,
                "item_type": d.item_type,
                "serial": d.serial,
                "expected_serial": d.expected_serial,
                "quantity": d.quantity,
                "description": d.describe(),
            }
            for d in result.differences()
        ],
    }


@router.post(
    "/shipments/{int:pk}/count",
    response=responses(200, ReconciliationOut, 400, 403, 404, 422),
    operation_id="equipment_shipment_count",
    summary="Record the hand-over count (the importer's side); returns the reconciliation",
    description=(
        "serials: those read off the items (item_type optional); quantities: how many of each "
        "counted line arrived, by shipment line id. A new count replaces the last and clears "
        "both countersignatures."
    ),
)
def count(request: HttpRequest, pk: int, payload: CountIn) -> Any:
    shipment = _shipment(request, pk)
    parsed = imports.rows_of(
        [(row.item_type, row.serial) for row in payload.serials],
        fallback=imports.default_type(shipment),
    )
    if not parsed.ok:
        return _refused_rows(parsed.errors, where=["body", "serials"])
    result = services.record_count(
        shipment,
        serials=parsed.pairs(),
        quantities={int(key): value for key, value in payload.quantities.items()},
        actor=current_user(request),
    )
    return reconciliation_out(result)


@router.post(
    "/shipments/{int:pk}/countersign",
    response=responses(200, ShipmentStepOut, 400, 403, 404, 422),
    operation_id="equipment_shipment_countersign",
    summary="Countersign the hand-over count for one side; both signatures deliver",
)
def countersign(request: HttpRequest, pk: int, payload: CountersignIn) -> Any:
    return services.countersign(
        _shipment(request, pk), side=payload.side, actor=current_user(request)
    )


# --- inspections -----------------------------------------------------------------------


class InventoryIn(Schema):
    serials: list[Serial] = Field(default_factory=list, max_length=MAX_SERIALS)
    conducted_on: dt.date
    inspectors: str = Field("", max_length=300)
    summary: str = Field("", max_length=20_000)


class InventoryOut(Schema):
    id: int
    conducted_on: dt.date | None
    found: int
    missing: int
    unexpected: int
    discrepancies: list[int]


@router.post(
    "/inspections/{int:pk}/inventory",
    response=responses(200, InventoryOut, 400, 403, 404, 422),
    operation_id="equipment_inspection_inventory",
    summary="Record an inventory from the serials scanned",
    description=(
        "Each expected item found or missing, each serial not known unexpected; missing and "
        "unexpected serials become discrepancies."
    ),
)
def inventory(request: HttpRequest, pk: int, payload: InventoryIn) -> Any:
    user = current_user(request)
    inspection: Inspection = fetch_scoped(selectors.inspections_for, request, pk, Action.VIEW)
    if not access.can(user, Action.CHANGE, inspection):
        raise PermissionDenied(_("You may not record this inspection."))
    parsed = imports.rows_of([("", serial) for serial in payload.serials])
    if not parsed.ok:
        return _refused_rows(parsed.errors, where=["body", "serials"])
    recorded = services.record_inventory(
        inspection,
        serials=parsed.serials(),
        conducted_on=payload.conducted_on,
        actor=user,
        inspectors=payload.inspectors,
        summary=payload.summary,
    )
    outcomes = dict.fromkeys(FindingOutcome.values, 0)
    for outcome in InspectionFinding.objects.filter(inspection=recorded).values_list(
        "outcome", flat=True
    ):
        outcomes[outcome] += 1
    return {
        "id": recorded.pk,
        "conducted_on": recorded.conducted_on,
        "found": outcomes[FindingOutcome.FOUND],
        "missing": outcomes[FindingOutcome.MISSING],
        "unexpected": outcomes[FindingOutcome.UNEXPECTED],
        "discrepancies": list(recorded.discrepancies.order_by("pk").values_list("pk", flat=True)),
    }


# --- discrepancies ---------------------------------------------------------------------


class DiscrepancyStatusIn(Schema):
    status: Literal[tuple(DiscrepancyStatus.values)]  # type: ignore[valid-type]
    reason: str = Field("", max_length=20_000)


class DiscrepancyStepOut(Schema):
    id: int
    status: DiscrepancyStatus
    report_due_on: dt.date
    reported_on: dt.date | None
    resolved_on: dt.date | None
    investigation: str
    resolution: str


@router.post(
    "/discrepancies/{int:pk}/status",
    response=responses(200, DiscrepancyStepOut, 400, 403, 404, 422),
    operation_id="equipment_discrepancy_status",
    summary="Report, investigate, escalate (suspected diversion) or resolve a discrepancy",
    description="A reason is required to escalate or resolve.",
)
def discrepancy_status(request: HttpRequest, pk: int, payload: DiscrepancyStatusIn) -> Any:
    discrepancy = fetch_scoped(selectors.discrepancies_for, request, pk, Action.VIEW)
    return services.change_discrepancy_status(
        discrepancy, payload.status, actor=current_user(request), reason=payload.reason
    )
