"""Reads of equipment records, scoped to the user, joins declared: each list
page and API list costs the same few queries whatever its length. Every
selector joins only what its table and schema show (the item list runs over
hundreds of thousands of rows)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tadrib.core.choices import Action
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
from tadrib.organisations.models import Organisation


def item_types_for(user: Any, action: str = Action.VIEW) -> QuerySet[ItemType]:
    return ItemType.objects.for_user(user, action)


def item_type_courses_for(user: Any, action: str = Action.VIEW) -> QuerySet[ItemTypeCourse]:
    return ItemTypeCourse.objects.for_user(user, action).select_related(
        "item_type", "course__institution"
    )


def storage_sites_for(user: Any, action: str = Action.VIEW) -> QuerySet[StorageSite]:
    return StorageSite.objects.for_user(user, action).select_related("organisation")


def transfers_for(user: Any, action: str = Action.VIEW) -> QuerySet[Transfer]:
    return Transfer.objects.for_user(user, action).select_related(
        "programme", "exporter", "importer", "end_user"
    )


def transfer_lines_for(user: Any, action: str = Action.VIEW) -> QuerySet[TransferLine]:
    return TransferLine.objects.for_user(user, action).select_related("transfer", "item_type")


def shipments_for(user: Any, action: str = Action.VIEW) -> QuerySet[Shipment]:
    return Shipment.objects.for_user(user, action).select_related(
        "transfer", "receiving_unit", "destination_site"
    )


def shipment_lines_for(user: Any, action: str = Action.VIEW) -> QuerySet[ShipmentLine]:
    return ShipmentLine.objects.for_user(user, action).select_related(
        "shipment__transfer", "transfer_line__item_type"
    )


def items_for(user: Any, action: str = Action.VIEW) -> QuerySet[Item]:
    # What the item table and schema show, nothing more: the type's code,
    # the transfer's reference, the custodian's and the site's codes.
    return Item.objects.for_user(user, action).select_related(
        "item_type", "transfer", "custodian", "site"
    )


def custody_events_for(user: Any, action: str = Action.VIEW) -> QuerySet[CustodyEvent]:
    return CustodyEvent.objects.for_user(user, action).select_related(
        "item__item_type", "from_unit", "to_unit", "to_site"
    )


def item_history(item: Item) -> QuerySet[CustodyEvent]:
    """The custody events of one item, newest first (whoever may read the
    item reads its whole trail: both are shown to the transfer's sides)."""
    return (
        CustodyEvent.objects.filter(item=item)
        .select_related("from_unit", "to_unit", "from_site", "to_site")
        .order_by("-occurred_at", "-pk")
    )


def inspections_for(user: Any, action: str = Action.VIEW) -> QuerySet[Inspection]:
    return Inspection.objects.for_user(user, action).select_related(
        "owner", "transfer", "shipment", "site"
    )


def inspection_findings_for(user: Any, action: str = Action.VIEW) -> QuerySet[InspectionFinding]:
    return InspectionFinding.objects.for_user(user, action).select_related("inspection__transfer")


def discrepancies_for(user: Any, action: str = Action.VIEW) -> QuerySet[Discrepancy]:
    return Discrepancy.objects.for_user(user, action).select_related(
        "owner", "transfer", "shipment", "item__item_type", "item_type"
    )


def _end_user_paths(user: Any) -> list[str]:
    """The paths of the end users of the transfers the user may see, nested
    ones left out; read once per user object (so once per request: a list
    page's filters and its form both ask)."""
    cached: list[str] | None = getattr(user, "_tadrib_end_user_paths", None)
    if cached is None:
        cached = _read_end_user_paths(user)
        setattr(user, "_tadrib_end_user_paths", cached)  # noqa: B010 (a per-request cache)
    return cached


def _read_end_user_paths(user: Any) -> list[str]:
    paths = (
        Transfer.objects.for_user(user)
        .order_by()
        .values_list("end_user__path", flat=True)
        .distinct()
    )
    kept: list[str] = []
    for path in sorted(paths):
        if not any(path.startswith(prefix) for prefix in kept):
            kept.append(path)
    return kept


def end_user_organisations(user: Any) -> QuerySet[Organisation]:
    """Where items of the transfers the user may see can be held: each
    transfer's end user and its units (a shipment's receiving unit, the unit
    a custody event moves an item to)."""
    return Organisation.objects.under(_end_user_paths(user))


def end_user_sites(user: Any) -> QuerySet[StorageSite]:
    """The storage sites run by those organisations, and the user's own."""
    return StorageSite.objects.under(_end_user_paths(user)) | StorageSite.objects.for_user(user)
