"""Equipment's models in the generic access test. Records come from the two
set-ups of tadrib/equipment/testing.py: A exports to C (transfers, their
lines, shipments, items, inspections and discrepancies are A's battalion's)
and C exports to A (the custody events of items A's battalion holds), so that
neither A's directorate nor nation B sees them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tadrib.agreements import testing as t
from tadrib.core.testing import AccessCase, World, register
from tadrib.equipment import services
from tadrib.equipment import testing as et
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
from tadrib.training import testing as tt

TODAY = et.TODAY


def _api(form: dict[str, Any], *fks: str) -> dict[str, Any]:
    """The form's values as an API body: ``fk`` becomes ``fk_id``, empty
    values are left out."""
    return {(f"{k}_id" if k in fks else k): v for k, v in form.items() if v != ""}


def _transfer(w: World) -> Transfer:
    """A's authorised export to C, with room for every shipment of the test."""
    return t.shared(w, "eq_transfer", lambda: et.transfer(w, 700, lines=((et.item_type(), 1000),)))


def _draft(w: World) -> Transfer:
    return t.shared(w, "eq_draft", lambda: et.transfer(w, 701, lines=(), authorise=False))


def _shipment(w: World) -> Shipment:
    """A shipment of that transfer, being prepared, with no line yet."""
    return t.shared(
        w, "eq_shipment", lambda: et.shipment(w, 702, of=_transfer(w), quantities={"ACV-1": 0})
    )


def _inspection(w: World) -> Inspection:
    return t.shared(w, "eq_inspection", lambda: _make_inspection(w, 703))


# --- reference data --------------------------------------------------------------------


def _item_type_form(w: World) -> dict[str, Any]:
    return {
        "code": "KIRPI-2",
        "name_en": "Kirpi II",
        "name_ar": "",
        "name_tr": "",
        "model": "Kirpi II",
        "category": "II",
        "national_control_code": "ML6.a",
        "serial_tracked": "on",
        "crew_per_system": 3,
        "maintainers_per_system": 1,
        "description": "Mine-protected vehicle.",
    }


register(
    AccessCase(
        model=ItemType,
        api_prefix="/api/item-types",
        make=lambda w, i: et.item_type(f"IT-{i}"),
        form=_item_type_form,
        api_payload=lambda w: {
            **_item_type_form(w),
            "code": "KIRPI-API",
            "serial_tracked": True,
        },
        change=("name_en", "Kirpi II (revised)"),
        reference=True,
        writer="admin",
    )
)


def _course(w: World) -> Any:
    return t.shared(w, "eq_course", lambda: tt.course(w, 800))


def _item_type_course_form(w: World) -> dict[str, Any]:
    return {"item_type": et.item_type().pk, "course": _course(w).pk, "role": "operator"}


register(
    AccessCase(
        model=ItemTypeCourse,
        api_prefix="/api/item-type-courses",
        make=lambda w, i: services.save_item_type_course(
            ItemTypeCourse(item_type=et.item_type(f"ITC-{i}"), course=_course(w), role="operator"),
            actor=None,
        ),
        form=_item_type_course_form,
        api_payload=lambda w: _api(_item_type_course_form(w), "item_type", "course"),
        change=("role", "maintainer"),
        reference=True,
        writer="admin",
    )
)


# --- sites, transfers and their lines --------------------------------------------------


def _site_form(w: World) -> dict[str, Any]:
    return {
        "organisation": w.battalion_a.pk,
        "code": "DEPOT-9",
        "name": "Depot nine",
        "location": "Hama",
        "certified_on": "2025-01-01",
        "certification_expires_on": "2030-01-01",
    }


register(
    AccessCase(
        model=StorageSite,
        api_prefix="/api/storage-sites",
        make=lambda w, i: et.site(w, i),
        form=_site_form,
        api_payload=lambda w: {**_api(_site_form(w), "organisation"), "code": "DEPOT-API"},
        change=("name", "Depot nine (north)"),
    )
)


def _transfer_form(w: World) -> dict[str, Any]:
    return {
        "programme": et.export_programme(w).pk,
        "reference": "TRF-FORM",
        "exporter": w.battalion_a.pk,
        "importer": t.third_party(w).pk,
        "end_user": t.third_party(w).pk,
        "licence_number": "EL-1",
        "retransfer_needs_consent": "on",
        "onsite_checks_allowed": "on",
        "end_use": "Border security.",
    }


register(
    AccessCase(
        model=Transfer,
        api_prefix="/api/transfers",
        make=lambda w, i: et.transfer(w, i),
        form=_transfer_form,
        api_payload=lambda w: {
            **_api(_transfer_form(w), "programme", "exporter", "importer", "end_user"),
            "reference": "TRF-API",
            "retransfer_needs_consent": True,
            "onsite_checks_allowed": True,
        },
        change=("licence_number", "EL-2"),
    )
)


def _transfer_line(w: World, i: int) -> TransferLine:
    """A line of a draft transfer (lines change only in a draft)."""
    draft = et.transfer(w, 200 + i, lines=(), authorise=False)
    return services.save_transfer_line(
        TransferLine(transfer=draft, item_type=et.item_type(), quantity=5, value=5000),
        actor=None,
    )


def _transfer_line_form(w: World) -> dict[str, Any]:
    return {
        "transfer": _draft(w).pk,
        "item_type": et.item_type().pk,
        "quantity": 6,
        "value": "6000.00",
        "currency": "USD",
        "comments": "",
    }


register(
    AccessCase(
        model=TransferLine,
        api_prefix="/api/transfer-lines",
        make=_transfer_line,
        form=_transfer_line_form,
        api_payload=lambda w: _api(_transfer_line_form(w), "transfer", "item_type"),
        change=("quantity", 7),
    )
)


# --- shipments, their lines and items --------------------------------------------------


def _shipment_form(w: World) -> dict[str, Any]:
    return {
        "transfer": _transfer(w).pk,
        "code": "SH-FORM",
        "receiving_unit": t.third_party(w).pk,
        "destination_site": "",
        "expected_on": "2031-01-15",
        "carrier": "Road",
    }


register(
    AccessCase(
        model=Shipment,
        api_prefix="/api/shipments",
        make=lambda w, i: et.shipment(w, i),
        form=_shipment_form,
        api_payload=lambda w: {
            **_api(_shipment_form(w), "transfer", "receiving_unit"),
            "code": "SH-API",
        },
        change=("carrier", "Rail"),
    )
)


def _shipment_line(w: World, i: int) -> ShipmentLine:
    """A line of its own shipment of the shared transfer (being prepared)."""
    shipment = et.shipment(w, 300 + i, of=_transfer(w), quantities={"ACV-1": 0})
    return services.save_shipment_line(
        ShipmentLine(shipment=shipment, transfer_line=_transfer(w).lines.get(), quantity_shipped=2),
        actor=None,
    )


def _shipment_line_form(w: World) -> dict[str, Any]:
    return {
        "shipment": _shipment(w).pk,
        "transfer_line": _transfer(w).lines.get().pk,
        "quantity_shipped": 3,
    }


register(
    AccessCase(
        model=ShipmentLine,
        api_prefix="/api/shipment-lines",
        make=_shipment_line,
        form=_shipment_line_form,
        api_payload=lambda w: _api(_shipment_line_form(w), "shipment", "transfer_line"),
        change=("quantity_shipped", 5),
    )
)


def _item(w: World, i: int) -> Item:
    """A serial captured in a shipment being prepared."""
    return services.save_item(
        Item(shipment=_shipment(w), item_type=et.item_type(), serial_number=f"EQ-{i}"),
        actor=None,
    )


def _item_form(w: World) -> dict[str, Any]:
    return {
        "shipment": _shipment(w).pk,
        "item_type": et.item_type().pk,
        "serial_number": "SN-FORM-1",
        "parent": "",
    }


register(
    AccessCase(
        model=Item,
        api_prefix="/api/items",
        make=_item,
        form=_item_form,
        api_payload=lambda w: {
            **_api(_item_form(w), "shipment", "item_type"),
            "serial_number": "SN-API-1",
        },
        change=("serial_number", "SN-FORM-2"),
    )
)


# --- custody (A imports from C; A's battalion holds the item) --------------------------


def _held(w: World) -> Item:
    return t.shared(w, "eq_held_item", lambda: et.held_item(w, 900))


def _depot(w: World) -> StorageSite:
    """Another certified site of A's battalion."""
    return t.shared(w, "eq_depot", lambda: et.site(w, 901))


def _custody_event(w: World, i: int) -> CustodyEvent:
    """A move of an item A's battalion holds to another of its sites."""
    return services.record_custody_event(
        CustodyEvent(item=et.held_item(w, 400 + i), kind="move", to_site=_depot(w)), actor=None
    )


def _custody_form(w: World) -> dict[str, Any]:
    an_hour_ago = timezone.localtime() - dt.timedelta(hours=1)
    return {
        "item": _held(w).pk,
        "kind": "move",
        "occurred_at": an_hour_ago.strftime("%Y-%m-%dT%H:%M"),
        "to_unit": "",
        "to_site": _depot(w).pk,
        "handed_over_by": "Sgt Hasan",
        "taken_over_by": "Sgt Omar",
        "document_reference": "HR-17",
        "consent_reference": "",
        "note": "",
    }


register(
    AccessCase(
        model=CustodyEvent,
        api_prefix="/api/custody-events",
        make=_custody_event,
        form=_custody_form,
        api_payload=lambda w: {
            "item_id": _held(w).pk,
            "kind": "move",
            "to_site_id": _depot(w).pk,
            "handed_over_by": "Sgt Hasan",
        },
        change=("note", "Recorded late."),
        append_only=True,
    )
)


# --- inspections and discrepancies (A's battalion, on A's export) ----------------------


def _make_inspection(w: World, i: int) -> Inspection:
    return services.save_inspection(
        Inspection(
            owner=w.battalion_a,
            kind="post_shipment",
            transfer=_transfer(w),
            due_on=TODAY + dt.timedelta(days=30 + i % 300),
            inspectors=f"Team {i}",
        ),
        actor=None,
    )


def _inspection_form(w: World) -> dict[str, Any]:
    return {
        "owner": w.battalion_a.pk,
        "kind": "post_shipment",
        "transfer": _transfer(w).pk,
        "shipment": "",
        "site": "",
        "due_on": "2031-06-01",
        "conducted_on": "",
        "inspectors": "Capt Yilmaz",
        "summary": "",
    }


register(
    AccessCase(
        model=Inspection,
        api_prefix="/api/inspections",
        make=_make_inspection,
        form=_inspection_form,
        api_payload=lambda w: _api(_inspection_form(w), "owner", "transfer"),
        change=("inspectors", "Capt Yilmaz, Lt Demir"),
    )
)


def _finding_form(w: World) -> dict[str, Any]:
    return {
        "inspection": _inspection(w).pk,
        "serial_number": "SN-SCANNED-1",
        "outcome": "unexpected",
        "note": "",
    }


register(
    AccessCase(
        model=InspectionFinding,
        api_prefix="/api/inspection-findings",
        make=lambda w, i: services.save_inspection_finding(
            InspectionFinding(
                inspection=_inspection(w), serial_number=f"SN-F-{i}", outcome="found"
            ),
            actor=None,
        ),
        form=_finding_form,
        api_payload=lambda w: _api(_finding_form(w), "inspection"),
        change=("note", "Plate worn."),
    )
)


def _discrepancy_form(w: World) -> dict[str, Any]:
    return {
        "owner": w.battalion_a.pk,
        "transfer": _transfer(w).pk,
        "shipment": "",
        "inspection": "",
        "item": "",
        "item_type": et.item_type().pk,
        "kind": "damage",
        "serial_number": "",
        "expected_serial": "",
        "quantity": 1,
        "discovered_on": (TODAY - dt.timedelta(days=3)).isoformat(),
        "description": "Dented hull.",
        "investigation": "",
    }


register(
    AccessCase(
        model=Discrepancy,
        api_prefix="/api/discrepancies",
        make=lambda w, i: services.save_discrepancy(
            Discrepancy(
                owner=w.battalion_a,
                transfer=_transfer(w),
                kind="damage",
                discovered_on=TODAY - dt.timedelta(days=i % 60),
                description=f"Damage {i}",
            ),
            actor=None,
        ),
        form=_discrepancy_form,
        api_payload=lambda w: _api(_discrepancy_form(w), "owner", "transfer", "item_type"),
        change=("description", "Dented hull, left side."),
    )
)
