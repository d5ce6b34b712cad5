"""Writes of equipment records. Plain records go through the shared audited
save; the workflows that span rows live here: capturing serials, dispatch,
the hand-over count and its countersignatures (the moment of delivery, with
reconciliation into discrepancies and the initial inventory scheduled),
custody events, inventories, and the steps of a transfer and a discrepancy.

Two sides act on the same transfer: the exporter (who owns it) and the
importer (who reads it). A step the importer takes on the exporter's record
checks the importer's right by its own rule and saves with
``authorised=True``; the audit entry is filed under the actor either way.

One module per concept — sides, records (item types, sites, transfers),
serials, shipments, custody, inspections (with discrepancies); callers
import the verbs from here.
"""

from tadrib.equipment.services.custody import (
    delete_custody_event,
    record_custody_event,
)
from tadrib.equipment.services.inspections import (
    change_discrepancy_status,
    delete_discrepancy,
    delete_inspection,
    delete_inspection_finding,
    expected_items,
    next_year,
    record_inventory,
    save_discrepancy,
    save_inspection,
    save_inspection_finding,
)
from tadrib.equipment.services.records import (
    change_transfer_status,
    delete_item_type,
    delete_item_type_course,
    delete_storage_site,
    delete_transfer,
    delete_transfer_line,
    save_item_type,
    save_item_type_course,
    save_storage_site,
    save_transfer,
    save_transfer_line,
)
from tadrib.equipment.services.serials import (
    CaptureReport,
    SerialRow,
    capture_serials,
)
from tadrib.equipment.services.shipments import (
    INITIAL_INVENTORY_DAYS,
    countersign,
    delete_item,
    delete_shipment,
    delete_shipment_line,
    dispatch_shipment,
    initial_inventory_due,
    reconciliation_of,
    record_count,
    require_preparing,
    save_item,
    save_shipment,
    save_shipment_line,
)
from tadrib.equipment.services.sides import (
    acts_for,
    is_exporter_side,
    is_importer_side,
    may_record_inventory,
    may_steer_discrepancy,
    related_or_none,
    require_exporter_side,
    require_importer_side,
)

__all__ = [
    "INITIAL_INVENTORY_DAYS",
    "CaptureReport",
    "SerialRow",
    "acts_for",
    "capture_serials",
    "change_discrepancy_status",
    "change_transfer_status",
    "countersign",
    "delete_custody_event",
    "delete_discrepancy",
    "delete_inspection",
    "delete_inspection_finding",
    "delete_item",
    "delete_item_type",
    "delete_item_type_course",
    "delete_shipment",
    "delete_shipment_line",
    "delete_storage_site",
    "delete_transfer",
    "delete_transfer_line",
    "dispatch_shipment",
    "expected_items",
    "initial_inventory_due",
    "is_exporter_side",
    "is_importer_side",
    "may_record_inventory",
    "may_steer_discrepancy",
    "next_year",
    "reconciliation_of",
    "record_count",
    "record_custody_event",
    "record_inventory",
    "related_or_none",
    "require_exporter_side",
    "require_importer_side",
    "require_preparing",
    "save_discrepancy",
    "save_inspection",
    "save_inspection_finding",
    "save_item",
    "save_item_type",
    "save_item_type_course",
    "save_shipment",
    "save_shipment_line",
    "save_storage_site",
    "save_transfer",
    "save_transfer_line",
]
