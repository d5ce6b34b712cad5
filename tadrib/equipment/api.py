"""The equipment API: list, read, create, change and delete of every record
(custody events are only ever added). Statuses are read here and changed by
the workflow endpoints of ``api_steps``. Every bound matches the database's,
so that bad input is refused with a 422 naming the field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Router, Schema
from pydantic import AfterValidator, Field

from tadrib.core.api import RecordId, crud, patch_schema
from tadrib.equipment import filtersets, selectors, services
from tadrib.equipment.choices import (
    SHIPMENT_KINDS,
    ArmsCategory,
    CourseRole,
    CustodyKind,
    DiscrepancyKind,
    DiscrepancyStatus,
    FindingOutcome,
    InspectionKind,
    ItemStatus,
    ShipmentStatus,
    TransferStatus,
)
from tadrib.equipment.models import (
    CustodyEvent,
    Discrepancy,
    Inspection,
    InspectionFinding,
    Item,
    ItemType,
    ItemTypeCourse,
    Shipment,
    ShipmentLine,
    StorageSite,
    Transfer,
    TransferLine,
)

router = Router(tags=["equipment"])

Code = Annotated[str, Field(min_length=1, max_length=40)]
Serial = Annotated[
    str, Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9][A-Za-z0-9/._-]*$")
]
Quantity = Annotated[int, Field(ge=1, le=2_147_483_647)]
SmallCount = Annotated[int, Field(ge=0, le=32_767)]
LongText = Annotated[str, Field(max_length=20_000)]


def _aware(value: dt.datetime) -> dt.datetime:
    """A time sent without a zone is the server's local time; a year the
    database cannot hold in every zone is refused."""
    if not 1900 <= value.year <= 2999:
        raise ValueError("year out of range")
    return timezone.make_aware(value) if timezone.is_naive(value) else value


Moment = Annotated[dt.datetime, AfterValidator(_aware)]
# Custody events recorded by hand (dispatch and delivery are the shipment's).
RecordedKind = Literal[tuple(k.value for k in CustodyKind if k not in SHIPMENT_KINDS)]  # type: ignore[misc, valid-type]


# --- item types ------------------------------------------------------------------------


class ItemTypeOut(Schema):
    id: int
    code: str
    name_en: str
    name_ar: str
    name_tr: str
    model: str
    category: ArmsCategory
    category_definition: str
    national_control_code: str
    serial_tracked: bool
    enhanced_monitoring: bool
    crew_per_system: int
    maintainers_per_system: int
    description: str


class ItemTypeIn(Schema):
    code: str = Field(max_length=40, pattern=r"^[A-Z0-9][A-Z0-9._-]*$")
    name_en: str = Field(max_length=200)
    name_ar: str = Field("", max_length=200)
    name_tr: str = Field("", max_length=200)
    model: str = Field(max_length=120)
    category: ArmsCategory
    national_control_code: str = Field("", max_length=40)
    serial_tracked: bool = True
    enhanced_monitoring: bool = False
    crew_per_system: SmallCount = 0
    maintainers_per_system: SmallCount = 0
    description: LongText = ""


class ItemTypeCourseOut(Schema):
    id: int
    item_type_id: int
    item_type_code: str = Field(alias="item_type.code")
    course_id: int
    course_code: str = Field(alias="course.code")
    role: CourseRole


class ItemTypeCourseIn(Schema):
    item_type_id: RecordId
    course_id: RecordId
    role: CourseRole


# --- storage sites ---------------------------------------------------------------------


class StorageSiteOut(Schema):
    id: int
    organisation_id: int
    organisation_code: str = Field(alias="organisation.code")
    code: str
    name: str
    location: str
    certified_on: dt.date | None
    certification_expires_on: dt.date | None
    is_certified: bool

    @staticmethod
    def resolve_is_certified(obj: StorageSite) -> bool:
        return obj.certified_on_day(timezone.localdate())


class StorageSiteIn(Schema):
    organisation_id: RecordId
    code: Code
    name: str = Field(max_length=200)
    location: str = Field("", max_length=200)
    certified_on: dt.date | None = None
    certification_expires_on: dt.date | None = None


# --- transfers and their lines ---------------------------------------------------------


class TransferOut(Schema):
    id: int
    programme_id: int
    programme_code: str = Field(alias="programme.code")
    reference: str
    exporter_id: int
    exporter_code: str = Field(alias="exporter.code")
    importer_id: int
    importer_code: str = Field(alias="importer.code")
    end_user_id: int
    end_user_code: str = Field(alias="end_user.code")
    licence_number: str
    authorised_on: dt.date | None
    retransfer_needs_consent: bool
    onsite_checks_allowed: bool
    end_use: str
    status: TransferStatus
    status_reason: str


class TransferIn(Schema):
    programme_id: RecordId
    reference: str = Field(max_length=60)
    exporter_id: RecordId
    importer_id: RecordId
    end_user_id: RecordId
    licence_number: str = Field("", max_length=60)
    retransfer_needs_consent: bool = True
    onsite_checks_allowed: bool = True
    end_use: LongText = ""


class TransferLineOut(Schema):
    id: int
    transfer_id: int
    transfer_reference: str = Field(alias="transfer.reference")
    item_type_id: int
    item_type_code: str = Field(alias="item_type.code")
    category: ArmsCategory = Field(alias="item_type.category")
    quantity: int
    value: Decimal
    currency: str
    comments: str


class TransferLineIn(Schema):
    transfer_id: RecordId
    item_type_id: RecordId
    quantity: Quantity
    value: Decimal = Field(Decimal(0), ge=0, max_digits=16, decimal_places=2)
    currency: str = Field("USD", pattern=r"^[A-Z]{3}$")
    comments: str = Field("", max_length=300)


# --- shipments, their lines and items --------------------------------------------------


class ShipmentOut(Schema):
    id: int
    transfer_id: int
    transfer_reference: str = Field(alias="transfer.reference")
    code: str
    receiving_unit_id: int
    receiving_unit_code: str = Field(alias="receiving_unit.code")
    destination_site_id: int | None
    destination_site_code: str | None = Field(None, alias="destination_site.code")
    expected_on: dt.date | None
    carrier: str
    status: ShipmentStatus
    dispatched_on: dt.date | None
    counted_at: dt.datetime | None
    exporter_signed_at: dt.datetime | None
    importer_signed_at: dt.datetime | None
    delivered_at: dt.datetime | None


class ShipmentIn(Schema):
    transfer_id: RecordId
    code: Code
    receiving_unit_id: RecordId
    destination_site_id: RecordId | None = None
    expected_on: dt.date | None = None
    carrier: str = Field("", max_length=200)


class ShipmentLineOut(Schema):
    id: int
    shipment_id: int
    shipment_code: str = Field(alias="shipment.code")
    transfer_line_id: int
    item_type_code: str = Field(alias="transfer_line.item_type.code")
    quantity_shipped: int
    quantity_received: int | None


class ShipmentLineIn(Schema):
    shipment_id: RecordId
    transfer_line_id: RecordId
    quantity_shipped: Quantity


class ItemOut(Schema):
    id: int
    item_type_id: int
    item_type_code: str = Field(alias="item_type.code")
    serial_number: str
    shipment_id: int
    transfer_id: int
    transfer_reference: str = Field(alias="transfer.reference")
    parent_id: int | None
    status: ItemStatus
    custodian_id: int | None
    custodian_code: str | None = Field(None, alias="custodian.code")
    site_id: int | None
    site_code: str | None = Field(None, alias="site.code")
    arrived_on: dt.date | None


class ItemIn(Schema):
    shipment_id: RecordId
    item_type_id: RecordId
    serial_number: Serial
    parent_id: RecordId | None = None


# --- custody ---------------------------------------------------------------------------


class CustodyEventOut(Schema):
    id: int
    item_id: int
    item_type_code: str = Field(alias="item.item_type.code")
    serial_number: str = Field(alias="item.serial_number")
    kind: CustodyKind
    occurred_at: dt.datetime
    owner_id: int
    from_unit_id: int | None
    from_unit_code: str | None = Field(None, alias="from_unit.code")
    to_unit_id: int | None
    to_unit_code: str | None = Field(None, alias="to_unit.code")
    from_site_id: int | None
    to_site_id: int | None
    to_site_code: str | None = Field(None, alias="to_site.code")
    status_before: ItemStatus
    status_after: ItemStatus
    handed_over_by: str
    taken_over_by: str
    document_reference: str
    consent_reference: str
    note: str


class CustodyEventIn(Schema):
    item_id: RecordId
    kind: RecordedKind  # type: ignore[valid-type]
    occurred_at: Moment = Field(default_factory=timezone.now)
    to_unit_id: RecordId | None = None
    to_site_id: RecordId | None = None
    handed_over_by: str = Field("", max_length=200)
    taken_over_by: str = Field("", max_length=200)
    document_reference: str = Field("", max_length=80)
    consent_reference: str = Field("", max_length=120)
    note: LongText = ""


# --- inspections and discrepancies -----------------------------------------------------


class InspectionOut(Schema):
    id: int
    owner_id: int
    owner_code: str = Field(alias="owner.code")
    kind: InspectionKind
    transfer_id: int
    transfer_reference: str = Field(alias="transfer.reference")
    shipment_id: int | None
    shipment_code: str | None = Field(None, alias="shipment.code")
    site_id: int | None
    site_code: str | None = Field(None, alias="site.code")
    due_on: dt.date
    conducted_on: dt.date | None
    inspectors: str
    summary: str
    is_overdue: bool


class InspectionIn(Schema):
    owner_id: RecordId
    kind: InspectionKind
    transfer_id: RecordId
    shipment_id: RecordId | None = None
    site_id: RecordId | None = None
    due_on: dt.date
    conducted_on: dt.date | None = None
    inspectors: str = Field("", max_length=300)
    summary: LongText = ""


class InspectionFindingOut(Schema):
    id: int
    inspection_id: int
    serial_number: str
    item_id: int | None
    outcome: FindingOutcome
    note: str


class InspectionFindingIn(Schema):
    inspection_id: RecordId
    serial_number: Serial
    outcome: FindingOutcome
    note: str = Field("", max_length=300)


class DiscrepancyOut(Schema):
    id: int
    owner_id: int
    owner_code: str = Field(alias="owner.code")
    transfer_id: int
    transfer_reference: str = Field(alias="transfer.reference")
    shipment_id: int | None
    shipment_code: str | None = Field(None, alias="shipment.code")
    inspection_id: int | None
    item_id: int | None
    item_serial_number: str | None = Field(None, alias="item.serial_number")
    item_type_id: int | None
    item_type_code: str | None = Field(None, alias="item_type.code")
    kind: DiscrepancyKind
    serial_number: str
    expected_serial: str
    quantity: int
    discovered_on: dt.date
    report_due_on: dt.date
    reported_on: dt.date | None
    status: DiscrepancyStatus
    description: str
    investigation: str
    resolution: str
    resolved_on: dt.date | None
    is_overdue: bool


class DiscrepancyIn(Schema):
    owner_id: RecordId
    transfer_id: RecordId
    shipment_id: RecordId | None = None
    inspection_id: RecordId | None = None
    item_id: RecordId | None = None
    item_type_id: RecordId | None = None
    kind: DiscrepancyKind
    serial_number: str = Field("", max_length=60)
    expected_serial: str = Field("", max_length=60)
    quantity: int = Field(1, ge=1, le=10**9)
    discovered_on: dt.date
    description: LongText
    investigation: LongText = ""


crud(
    router,
    model=ItemType,
    prefix="item-types",
    out_schema=ItemTypeOut,
    create_schema=ItemTypeIn,
    update_schema=patch_schema(ItemTypeIn),
    filterset=filtersets.ItemTypeFilterSet,
    selector=selectors.item_types_for,
    save=services.save_item_type,
    delete=services.delete_item_type,
)
crud(
    router,
    model=ItemTypeCourse,
    prefix="item-type-courses",
    out_schema=ItemTypeCourseOut,
    create_schema=ItemTypeCourseIn,
    update_schema=patch_schema(ItemTypeCourseIn, exclude=("item_type_id",)),
    filterset=filtersets.ItemTypeCourseFilterSet,
    selector=selectors.item_type_courses_for,
    save=services.save_item_type_course,
    delete=services.delete_item_type_course,
)
crud(
    router,
    model=StorageSite,
    prefix="storage-sites",
    out_schema=StorageSiteOut,
    create_schema=StorageSiteIn,
    update_schema=patch_schema(StorageSiteIn),
    filterset=filtersets.StorageSiteFilterSet,
    selector=selectors.storage_sites_for,
    save=services.save_storage_site,
    delete=services.delete_storage_site,
)
crud(
    router,
    model=Transfer,
    prefix="transfers",
    out_schema=TransferOut,
    create_schema=TransferIn,
    update_schema=patch_schema(TransferIn),
    filterset=filtersets.TransferFilterSet,
    selector=selectors.transfers_for,
    save=services.save_transfer,
    delete=services.delete_transfer,
)
crud(
    router,
    model=TransferLine,
    prefix="transfer-lines",
    out_schema=TransferLineOut,
    create_schema=TransferLineIn,
    update_schema=patch_schema(TransferLineIn, exclude=("transfer_id",)),
    filterset=filtersets.TransferLineFilterSet,
    selector=selectors.transfer_lines_for,
    save=services.save_transfer_line,
    delete=services.delete_transfer_line,
)
crud(
    router,
    model=Shipment,
    prefix="shipments",
    out_schema=ShipmentOut,
    create_schema=ShipmentIn,
    update_schema=patch_schema(ShipmentIn, exclude=("transfer_id",)),
    filterset=filtersets.ShipmentFilterSet,
    selector=selectors.shipments_for,
    save=services.save_shipment,
    delete=services.delete_shipment,
)
crud(
    router,
    model=ShipmentLine,
    prefix="shipment-lines",
    out_schema=ShipmentLineOut,
    create_schema=ShipmentLineIn,
    update_schema=patch_schema(ShipmentLineIn, exclude=("shipment_id",)),
    filterset=filtersets.ShipmentLineFilterSet,
    selector=selectors.shipment_lines_for,
    save=services.save_shipment_line,
    delete=services.delete_shipment_line,
)
crud(
    router,
    model=Item,
    prefix="items",
    out_schema=ItemOut,
    create_schema=ItemIn,
    update_schema=patch_schema(ItemIn, exclude=("shipment_id",)),
    filterset=filtersets.ItemFilterSet,
    selector=selectors.items_for,
    save=services.save_item,
    delete=services.delete_item,
)
# Append-only: recorded, never changed or deleted.
crud(
    router,
    model=CustodyEvent,
    prefix="custody-events",
    out_schema=CustodyEventOut,
    create_schema=CustodyEventIn,
    update_schema=None,
    filterset=filtersets.CustodyEventFilterSet,
    selector=selectors.custody_events_for,
    save=services.record_custody_event,
    delete=None,
)
crud(
    router,
    model=Inspection,
    prefix="inspections",
    out_schema=InspectionOut,
    create_schema=InspectionIn,
    update_schema=patch_schema(InspectionIn, exclude=("transfer_id",)),
    filterset=filtersets.InspectionFilterSet,
    selector=selectors.inspections_for,
    save=services.save_inspection,
    delete=services.delete_inspection,
)
crud(
    router,
    model=InspectionFinding,
    prefix="inspection-findings",
    out_schema=InspectionFindingOut,
    create_schema=InspectionFindingIn,
    update_schema=patch_schema(InspectionFindingIn, exclude=("inspection_id",)),
    filterset=filtersets.InspectionFindingFilterSet,
    selector=selectors.inspection_findings_for,
    save=services.save_inspection_finding,
    delete=services.delete_inspection_finding,
)
crud(
    router,
    model=Discrepancy,
    prefix="discrepancies",
    out_schema=DiscrepancyOut,
    create_schema=DiscrepancyIn,
    update_schema=patch_schema(DiscrepancyIn, exclude=("transfer_id",)),
    filterset=filtersets.DiscrepancyFilterSet,
    selector=selectors.discrepancies_for,
    save=services.save_discrepancy,
    delete=services.delete_discrepancy,
)
