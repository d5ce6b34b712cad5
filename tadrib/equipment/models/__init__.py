"""Equipment handed over under an agreement and accounted for item by item:
item types, transfers and their authorised lines, shipments with the serials
captured before dispatch, serialised items and their append-only custody
trail, storage sites, inspections and discrepancies.

Who sees what: a transfer and everything under it (lines, shipments, items)
belong to the exporter, wherever the items are, and are read by the importer
and the end user (and the offices above them). A custody event belongs to the
unit that held the item after it; inspections and discrepancies to the
organisation that recorded them; all three are read by the transfer's two
sides. Nobody else sees any of it. Item types are reference data.

One module per concept: catalogue (item types, sites), transfers (with
lines and shipments), items (with custody), inspections (with findings and
discrepancies).
"""

from tadrib.equipment.models.base import (
    CURRENCY,
    CUSTODY_POLICY,
    INSPECTION_POLICY,
    LOGISTICS_POLICY,
    SERIAL,
    TRANSFER_SIDES,
)
from tadrib.equipment.models.catalogue import (
    ItemType,
    ItemTypeCourse,
    StorageSite,
)
from tadrib.equipment.models.inspections import (
    Discrepancy,
    Inspection,
    InspectionFinding,
)
from tadrib.equipment.models.items import (
    CustodyEvent,
    Item,
)
from tadrib.equipment.models.transfers import (
    Shipment,
    ShipmentLine,
    Transfer,
    TransferLine,
)

__all__ = [
    "CURRENCY",
    "CUSTODY_POLICY",
    "INSPECTION_POLICY",
    "LOGISTICS_POLICY",
    "SERIAL",
    "TRANSFER_SIDES",
    "CustodyEvent",
    "Discrepancy",
    "Inspection",
    "InspectionFinding",
    "Item",
    "ItemType",
    "ItemTypeCourse",
    "Shipment",
    "ShipmentLine",
    "StorageSite",
    "Transfer",
    "TransferLine",
]
