"""The record pages and their steps, as the exporter's and the importer's
logistics officers take them, and the same steps through the API: serial
capture, dispatch, the hand-over count, both countersignatures, inventories,
the steps of a transfer and a discrepancy. Each side takes only its own
steps; another nation sees none of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tadrib.accounts.models import User
from tadrib.agreements import testing as t
from tadrib.core import testing
from tadrib.core.models import AuditEntry
from tadrib.core.testing import World, client_for, post_json
from tadrib.equipment import services
from tadrib.equipment import testing as et
from tadrib.equipment.models import (
    Discrepancy,
    Inspection,
    InspectionFinding,
    Item,
    Shipment,
    ShipmentLine,
    Transfer,
)

pytestmark = pytest.mark.django_db

OFFICER = "logistics_officer"


@dataclass
class Sides:
    """A transfer from A's battalion to C's ministry, a shipment of it being
    prepared (3 ACV-1 by serial, 10 AMMO-1 counted), and a logistics officer
    on each side."""

    world: World
    transfer: Transfer
    shipment: Shipment
    exporter: User
    importer: User

    @property
    def bulk_line(self) -> ShipmentLine:
        return self.shipment.lines.get(transfer_line__item_type__serial_tracked=False)

    def url(self, name: str, obj: Any = None) -> str:
        return reverse(f"equipment:{name}", args=[(obj or self.shipment).pk])

    def reload(self) -> Shipment:
        return Shipment.objects.get(pk=self.shipment.pk)


@pytest.fixture
def sides(world: World) -> Sides:
    transfer = et.transfer(world, lines=((et.item_type("ACV-1"), 3), (et.bulk_type(), 10)))
    return Sides(
        world,
        transfer,
        et.shipment(world, of=transfer),
        testing.user("exporter", (world.battalion_a, OFFICER)),
        testing.user("importer", (t.third_party(world), OFFICER)),
    )


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- the walk through the shipment's steps -------------------------------------------


def capture_and_dispatch(sides: Sides, exporter: Client) -> None:
    response = exporter.post(sides.url("shipment_serials"), {"text": "ACV-1,S1\nS2\nS3\n"})
    assert response.status_code == 302
    response = exporter.post(sides.url("shipment_dispatch"))
    assert response.status_code == 302
    assert sides.reload().status == "dispatched"


def test_the_shipment_walks_from_capture_to_delivery(sides: Sides) -> None:
    exporter, importer = client_for(sides.exporter), client_for(sides.importer)
    html = page(exporter, sides.shipment.get_absolute_url())
    assert 'id="capture-form"' in html and 'id="dispatch"' in html
    assert 'id="count-form"' not in html
    html = page(importer, sides.shipment.get_absolute_url())
    assert 'id="capture-form"' not in html and 'id="dispatch"' not in html

    # The exporter captures the serials (a bare serial is the one tracked type)
    # and dispatches.
    response = exporter.post(
        sides.url("shipment_serials"), {"text": "ACV-1,S1\nS2\nS3\n"}, follow=True
    )
    assert "3 serials captured." in messages_of(response)
    assert set(
        Item.objects.filter(shipment=sides.shipment).values_list("serial_number", flat=True)
    ) == {
        "S1",
        "S2",
        "S3",
    }
    html = response.content.decode()
    acv = Item.objects.filter(shipment=sides.shipment).first().item_type  # type: ignore[union-attr]
    # The items captured, listed: all, and those of each type.
    assert f"/equipment/items/?shipment={sides.shipment.pk}&amp;item_type={acv.pk}" in html
    response = exporter.post(sides.url("shipment_dispatch"), follow=True)
    assert "The shipment has been dispatched." in messages_of(response)
    assert sides.reload().status == "dispatched"

    # The importer counts: S2 read as S9, S3 missing, 8 of 10 rounds.
    html = page(importer, sides.shipment.get_absolute_url())
    assert 'id="count-form"' in html
    html = page(importer, sides.url("shipment_count"))
    assert f'name="quantity_{sides.bulk_line.pk}"' in html
    response = importer.post(
        sides.url("shipment_count"),
        {"text": "S1\nS9\n", f"quantity_{sides.bulk_line.pk}": "8"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Counted, with 3 differences" in " ".join(messages_of(response))
    html = response.content.decode()
    assert 'data-count="matched">matched: 1<' in html
    assert 'data-count="wrong">wrong serial: 1<' in html
    assert 'data-count="missing">missing: 1<' in html
    assert 'data-count="short">short (counted lines): 2<' in html
    assert 'id="sign-importer"' in html and 'id="sign-exporter"' not in html
    assert f'href="/equipment/shipments/{sides.shipment.pk}/reconciliation/"' in html

    # Both sides countersign: delivered, every difference a discrepancy.
    response = importer.post(sides.url("shipment_countersign"), {"side": "importer"}, follow=True)
    assert "Countersigned; the other side signs next." in messages_of(response)
    html = page(exporter, sides.shipment.get_absolute_url())
    assert 'id="sign-exporter"' in html and 'id="sign-importer"' not in html
    response = exporter.post(sides.url("shipment_countersign"), {"side": "exporter"}, follow=True)
    assert "Both sides have countersigned: delivered." in messages_of(response)
    shipment = sides.reload()
    assert shipment.status == "delivered" and shipment.delivered_at is not None
    assert shipment.exporter_signed_by == sides.exporter
    assert shipment.importer_signed_by == sides.importer
    kinds = sorted(Discrepancy.objects.filter(shipment=shipment).values_list("kind", "quantity"))
    assert kinds == [("shortage", 1), ("shortage", 2), ("wrong_serial", 1)]
    html = response.content.decode()
    assert 'id="delivered-at"' in html and "not yet: both sides" not in html
    assert html.count('data-kind="shortage"') == 2 and 'data-kind="wrong_serial"' in html
    assert '<dd class="col-sm-7" id="signed-exporter"><bdi>exporter</bdi>' in html
    assert '<dd class="col-sm-7" id="signed-importer"><bdi>importer</bdi>' in html
    assert Inspection.objects.filter(shipment=shipment, kind="initial_inventory").exists()


def test_the_importer_cannot_dispatch_nor_capture(sides: Sides) -> None:
    importer = client_for(sides.importer)
    assert importer.post(sides.url("shipment_serials"), {"text": "S1"}).status_code == 403
    assert importer.get(sides.url("shipment_serials")).status_code == 403
    assert not Item.objects.filter(shipment=sides.shipment).exists()
    exporter = client_for(sides.exporter)
    exporter.post(sides.url("shipment_serials"), {"text": "S1\nS2\nS3"})
    assert importer.post(sides.url("shipment_dispatch")).status_code == 403
    assert sides.reload().status == "preparing"


def test_the_exporter_cannot_record_the_count_nor_sign_for_the_importer(sides: Sides) -> None:
    exporter, importer = client_for(sides.exporter), client_for(sides.importer)
    capture_and_dispatch(sides, exporter)
    assert exporter.get(sides.url("shipment_count")).status_code == 403
    response = exporter.post(
        sides.url("shipment_count"), {"text": "S1", f"quantity_{sides.bulk_line.pk}": "10"}
    )
    assert response.status_code == 403
    assert sides.reload().counted_at is None
    importer.post(
        sides.url("shipment_count"),
        {"text": "S1\nS2\nS3", f"quantity_{sides.bulk_line.pk}": "10"},
    )
    assert exporter.post(sides.url("shipment_countersign"), {"side": "importer"}).status_code == 403
    assert importer.post(sides.url("shipment_countersign"), {"side": "exporter"}).status_code == 403
    shipment = sides.reload()
    assert shipment.exporter_signed_at is None and shipment.importer_signed_at is None


def test_refused_serials_are_shown_line_by_line_and_nothing_is_stored(sides: Sides) -> None:
    exporter = client_for(sides.exporter)
    entries = AuditEntry.objects.count()
    upload = SimpleUploadedFile(
        "serials.csv", b"\xef\xbb\xbfitem_type;serial\r\nACV-1;S1\r\nACV-1;S1\r\nAMMO-1;R1\r\n"
    )
    response = exporter.post(sides.url("shipment_serials"), {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="serial-errors"' in html
    assert '<tr class="table-danger" data-line="3">' in html
    assert "S1 repeats line 2." in html
    assert '<tr class="table-danger" data-line="4">' in html
    assert "AMMO-1 is counted, not tracked by serial." in html
    assert not Item.objects.filter(shipment=sides.shipment).exists()
    assert AuditEntry.objects.count() == entries


def test_a_file_that_is_not_a_spreadsheet_is_refused_on_the_form(sides: Sides) -> None:
    exporter = client_for(sides.exporter)
    upload = SimpleUploadedFile("serials.csv", b"%PDF-1.4\n\x00\x01\x02\xff")
    response = exporter.post(sides.url("shipment_serials"), {"file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "This file is neither a CSV file (UTF-8) nor an XLSX workbook."
    ]
    response = exporter.post(sides.url("shipment_serials"), {"text": ""})
    assert response.context["form"].errors["text"] == ["Paste the serials or upload a file."]
    assert not Item.objects.filter(shipment=sides.shipment).exists()


def test_dispatch_before_every_serial_is_captured_is_refused_with_a_message(sides: Sides) -> None:
    exporter = client_for(sides.exporter)
    exporter.post(sides.url("shipment_serials"), {"text": "S1"})
    response = exporter.post(sides.url("shipment_dispatch"), follow=True)
    texts = messages_of(response)
    assert "Capture every serial before dispatch." in texts
    assert "ACV-1: 1 of 3 serials captured." in texts
    assert sides.reload().status == "preparing"


def test_a_count_with_an_unreadable_line_stores_nothing(sides: Sides) -> None:
    exporter, importer = client_for(sides.exporter), client_for(sides.importer)
    capture_and_dispatch(sides, exporter)
    response = importer.post(
        sides.url("shipment_count"),
        {"text": "S1\nS 2\n", f"quantity_{sides.bulk_line.pk}": "10"},
    )
    assert response.status_code == 200
    assert '<tr class="table-danger" data-line="2">' in response.content.decode()
    assert sides.reload().counted_at is None
    response = importer.post(sides.url("shipment_count"), {"text": "S1"})
    assert response.context["form"].errors[f"quantity_{sides.bulk_line.pk}"]
    assert sides.reload().counted_at is None


# --- another nation ------------------------------------------------------------------


def test_another_nations_user_gets_404_on_every_step(sides: Sides) -> None:
    world = sides.world
    delivered = et.delivered(world, 1)
    inventory = Inspection.objects.get(shipment=delivered)
    discrepancy = services.save_discrepancy(
        Discrepancy(
            owner=t.third_party(world),
            transfer=sides.transfer,
            kind="damage",
            discovered_on=timezone.localdate(),
            description="Dented",
        ),
        actor=None,
    )
    stranger = client_for(world.manager_b)
    shipment_urls = [
        "shipment",
        "shipment_serials",
        "shipment_dispatch",
        "shipment_count",
        "shipment_countersign",
    ]
    steps = [(name, sides.shipment) for name in shipment_urls] + [
        ("transfer", sides.transfer),
        ("transfer_status", sides.transfer),
        ("inspection", inventory),
        ("inspection_inventory", inventory),
        ("discrepancy", discrepancy),
        ("discrepancy_status", discrepancy),
    ]
    for name, obj in steps:
        url = sides.url(name, obj)
        assert stranger.get(url).status_code == 404, url
        if name not in ("shipment", "transfer", "inspection", "discrepancy"):  # record pages
            body = {"text": "S1", "side": "exporter", "status": "reported", "reason": "x"}
            assert stranger.post(url, body).status_code == 404, url
    s, i, d = sides.shipment.pk, inventory.pk, discrepancy.pk
    api_calls: list[tuple[str, Any]] = [
        (f"/api/transfers/{sides.transfer.pk}/status", {"status": "suspended", "reason": "x"}),
        (f"/api/shipments/{s}/serials", {"serials": [{"item_type": "ACV-1", "serial": "S1"}]}),
        (f"/api/shipments/{s}/dispatch", {}),
        (f"/api/shipments/{s}/count", {"serials": [{"serial": "S1"}]}),
        (f"/api/shipments/{s}/countersign", {"side": "exporter"}),
        (f"/api/inspections/{i}/inventory", {"conducted_on": timezone.localdate().isoformat()}),
        (f"/api/discrepancies/{d}/status", {"status": "reported"}),
    ]
    for path, body in api_calls:
        assert post_json(stranger, path, body).status_code == 404, path
    upload = SimpleUploadedFile("serials.csv", b"serial\nS1\n")
    assert stranger.post(f"/api/shipments/{s}/serials/upload", {"file": upload}).status_code == 404
    assert not Item.objects.filter(shipment=sides.shipment).exists()
    assert Discrepancy.objects.get(pk=d).status == "open"


# --- transfer --------------------------------------------------------------------------


def test_the_exporter_suspends_and_resumes_a_transfer_with_a_reason(sides: Sides) -> None:
    exporter, importer = client_for(sides.exporter), client_for(sides.importer)
    html = page(exporter, sides.transfer.get_absolute_url())
    assert 'id="status-form"' in html
    assert 'data-type="ACV-1"' in html
    assert 'id="status-form"' not in page(importer, sides.transfer.get_absolute_url())
    url = sides.url("transfer_status", sides.transfer)
    response = exporter.post(url, {"status": "suspended", "reason": ""}, follow=True)
    assert "Give the reason." in messages_of(response)
    assert Transfer.objects.get(pk=sides.transfer.pk).status == "authorised"
    response = exporter.post(url, {"status": "suspended", "reason": "End-use check"}, follow=True)
    assert Transfer.objects.get(pk=sides.transfer.pk).status == "suspended"
    assert "End-use check" in response.content.decode()
    response = exporter.post(url, {"status": "completed"}, follow=True)
    assert Transfer.objects.get(pk=sides.transfer.pk).status == "suspended"  # not from suspended
    assert messages_of(response)
    exporter.post(url, {"status": "authorised"})
    assert Transfer.objects.get(pk=sides.transfer.pk).status == "authorised"
    assert importer.post(url, {"status": "cancelled", "reason": "no"}).status_code == 403
    assert Transfer.objects.get(pk=sides.transfer.pk).status == "authorised"


def test_the_transfer_page_counts_lines_items_and_open_discrepancies(sides: Sides) -> None:
    exporter = client_for(sides.exporter)
    capture_and_dispatch(sides, exporter)
    html = page(exporter, sides.transfer.get_absolute_url())
    assert 'data-col="authorised">3<' in html
    assert 'data-col="shipped">3<' in html
    assert "In transit" in html
    assert sides.shipment.code in html


# --- discrepancy ---------------------------------------------------------------------


def test_discrepancy_steps_need_a_reason_where_the_table_says(sides: Sides) -> None:
    discovered = timezone.localdate() - dt.timedelta(days=40)
    discrepancy = services.save_discrepancy(
        Discrepancy(
            owner=t.third_party(sides.world),
            transfer=sides.transfer,
            kind="damage",
            discovered_on=discovered,
            description="Dented hull",
        ),
        actor=None,
    )
    importer = client_for(sides.importer)
    html = page(importer, discrepancy.get_absolute_url())
    assert 'data-state="overdue"' in html and "10 days overdue" in html
    url = sides.url("discrepancy_status", discrepancy)
    importer.post(url, {"status": "reported"})
    assert Discrepancy.objects.get(pk=discrepancy.pk).status == "reported"
    response = importer.post(url, {"status": "escalated", "reason": ""}, follow=True)
    assert "Give the reason." in messages_of(response)
    assert Discrepancy.objects.get(pk=discrepancy.pk).status == "reported"
    response = importer.post(
        url, {"status": "escalated", "reason": "Serial seen at a checkpoint"}, follow=True
    )
    assert Discrepancy.objects.get(pk=discrepancy.pk).status == "escalated"
    html = response.content.decode()
    assert "Serial seen at a checkpoint" in html
    assert 'data-state="reported"' in html
    # The exporter's side may take the next step too; a viewer may not.
    exporter = client_for(sides.exporter)
    exporter.post(url, {"status": "resolved", "reason": "Recovered"})
    resolved = Discrepancy.objects.get(pk=discrepancy.pk)
    assert resolved.status == "resolved" and resolved.resolution == "Recovered"
    viewer = client_for(testing.user("viewer_c", (t.third_party(sides.world), "viewer")))
    assert 'id="status-form"' not in page(viewer, discrepancy.get_absolute_url())


# --- inventory -----------------------------------------------------------------------


def test_the_inventory_form_records_found_missing_and_unexpected(sides: Sides) -> None:
    exporter, importer = client_for(sides.exporter), client_for(sides.importer)
    capture_and_dispatch(sides, exporter)
    importer.post(
        sides.url("shipment_count"),
        {"text": "S1\nS2\nS3", f"quantity_{sides.bulk_line.pk}": "10"},
    )
    importer.post(sides.url("shipment_countersign"), {"side": "importer"})
    exporter.post(sides.url("shipment_countersign"), {"side": "exporter"})
    inventory = Inspection.objects.get(shipment=sides.shipment, kind="initial_inventory")
    html = page(importer, inventory.get_absolute_url())
    assert 'id="inventory-form"' in html
    assert 'id="inventory-form"' not in page(
        client_for(sides.world.viewer_a), inventory.get_absolute_url()
    )
    url = sides.url("inspection_inventory", inventory)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = importer.post(url, {"text": "S1", "conducted_on": tomorrow.isoformat()})
    assert response.context["form"].errors["conducted_on"]
    assert Inspection.objects.get(pk=inventory.pk).conducted_on is None
    response = importer.post(
        url,
        {
            "text": "S1\nS3\nX-1\n",
            "conducted_on": timezone.localdate().isoformat(),
            "inspectors": "Capt. Demir",
        },
        follow=True,
    )
    assert "The inventory has been recorded." in messages_of(response)
    outcomes = sorted(
        InspectionFinding.objects.filter(inspection=inventory).values_list(
            "serial_number", "outcome"
        )
    )
    assert outcomes == [("S1", "found"), ("S2", "missing"), ("S3", "found"), ("X-1", "unexpected")]
    html = response.content.decode()
    assert 'data-count="missing">missing: 1<' in html
    assert 'data-kind="loss"' in html and 'data-kind="overage"' in html
    assert 'id="inventory-form"' not in html


# --- the API ---------------------------------------------------------------------------


def test_the_api_walks_the_reverse_transfer(world: World) -> None:
    """C exports to A's brigade: C's officer captures and dispatches, A's
    counts; both sign."""
    transfer = et.c_transfer(world, lines=((et.item_type("ACV-1"), 2), (et.bulk_type(), 5)))
    shipment = et.shipment(world, of=transfer)
    exporter = client_for(testing.user("exporter_c", (t.third_party(world), OFFICER)))
    importer = client_for(testing.user("importer_a", (world.brigade_a, OFFICER)))
    base = f"/api/shipments/{shipment.pk}"
    bulk_line = shipment.lines.get(transfer_line__item_type__serial_tracked=False)

    refused = post_json(
        exporter,
        f"{base}/serials",
        {"serials": [{"serial": "K1"}, {"item_type": "ACV-1", "serial": "K1"}, {"serial": "K 3"}]},
    )
    assert refused.status_code == 422
    assert refused.json()["detail"] == [
        {
            "loc": ["body", "serials", 1, "serial"],
            "line": 2,
            "msg": "serial: K1 repeats line 1.",
            "type": "row_refused",
        },
        {
            "loc": ["body", "serials", 2, "serial"],
            "line": 3,
            "msg": "serial: Use letters, digits, '/', '.', '-' or '_' (no spaces).",
            "type": "row_refused",
        },
    ]
    assert not Item.objects.filter(shipment=shipment).exists()
    assert (
        post_json(importer, f"{base}/serials", {"serials": [{"serial": "K1"}]}).status_code == 403
    )
    stored = post_json(exporter, f"{base}/serials", {"serials": [{"serial": "K1"}]})
    assert stored.status_code == 201 and stored.json() == {"stored": 1}
    upload = SimpleUploadedFile("serials.csv", b"serial\nK1\n")
    known = exporter.post(f"{base}/serials/upload", {"file": upload})
    assert known.status_code == 422
    assert known.json()["detail"][0]["line"] == 2
    assert known.json()["detail"][0]["msg"] == "serial: K1 is already known."
    upload = SimpleUploadedFile("serials.csv", b"serial\nK2\n")
    assert exporter.post(f"{base}/serials/upload", {"file": upload}).json() == {"stored": 1}

    assert post_json(importer, f"{base}/dispatch", {}).status_code == 403
    dispatched = post_json(exporter, f"{base}/dispatch", {})
    assert dispatched.status_code == 200 and dispatched.json()["status"] == "dispatched"

    body = {"serials": [{"serial": "K1"}], "quantities": {str(bulk_line.pk): 5}}
    assert post_json(exporter, f"{base}/count", body).status_code == 403
    bad_line = post_json(importer, f"{base}/count", {"quantities": {"999999": 1}})
    assert bad_line.status_code == 422
    assert bad_line.json()["detail"][0]["loc"] == ["body", "quantities"]
    counted = post_json(importer, f"{base}/count", body)
    assert counted.status_code == 200
    summary = counted.json()
    assert (summary["matched"], summary["missing"], summary["exact"]) == (1, 1, False)
    assert summary["differences"][0]["kind"] == "shortage"
    assert summary["differences"][0]["expected_serial"] == "K2"

    assert post_json(importer, f"{base}/countersign", {"side": "exporter"}).status_code == 403
    assert post_json(importer, f"{base}/countersign", {"side": "nobody"}).status_code == 422
    assert post_json(importer, f"{base}/countersign", {"side": "importer"}).status_code == 200
    signed = post_json(exporter, f"{base}/countersign", {"side": "exporter"})
    assert signed.json()["status"] == "delivered" and signed.json()["delivered_at"]
    shortage = Discrepancy.objects.get(shipment=shipment)
    assert shortage.expected_serial == "K2"

    # The discrepancy's steps and the inventory, by the importer (A's brigade).
    path = f"/api/discrepancies/{shortage.pk}/status"
    assert post_json(importer, path, {"status": "reported"}).json()["status"] == "reported"
    refused = post_json(importer, path, {"status": "resolved"})
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "reason"]
    resolved = post_json(importer, path, {"status": "resolved", "reason": "Found in the depot"})
    assert resolved.json()["resolution"] == "Found in the depot"
    inventory = Inspection.objects.get(shipment=shipment)
    recorded = post_json(
        importer,
        f"/api/inspections/{inventory.pk}/inventory",
        {"serials": ["K1", "Z9"], "conducted_on": timezone.localdate().isoformat()},
    )
    assert recorded.status_code == 200
    result = recorded.json()
    assert (result["found"], result["missing"], result["unexpected"]) == (1, 0, 1)
    assert len(result["discrepancies"]) == 1
    again = post_json(
        importer,
        f"/api/inspections/{inventory.pk}/inventory",
        {"serials": [], "conducted_on": timezone.localdate().isoformat()},
    )
    assert again.status_code == 422


def test_the_api_changes_a_transfers_status_for_the_exporter_only(sides: Sides) -> None:
    path = f"/api/transfers/{sides.transfer.pk}/status"
    importer, exporter = client_for(sides.importer), client_for(sides.exporter)
    assert post_json(importer, path, {"status": "suspended", "reason": "x"}).status_code == 403
    refused = post_json(exporter, path, {"status": "suspended"})
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "reason"]
    changed = post_json(exporter, path, {"status": "suspended", "reason": "Audit"})
    assert changed.status_code == 200
    assert changed.json()["status"] == "suspended" and changed.json()["status_reason"] == "Audit"
    too_long = post_json(exporter, path, {"status": "authorised", "reason": "x" * 501})
    assert too_long.status_code == 422
    assert Transfer.objects.get(pk=sides.transfer.pk).status == "suspended"


def test_the_api_bounds_its_lists(sides: Sides) -> None:
    exporter = client_for(sides.exporter)
    base = f"/api/shipments/{sides.shipment.pk}"
    too_many = {"serials": [{"serial": f"S{n}"} for n in range(20_001)]}
    assert post_json(exporter, f"{base}/serials", too_many).status_code == 422
    assert post_json(exporter, f"{base}/serials", {"serials": []}).status_code == 422
    long = {"serials": [{"serial": "S" * 61}]}
    assert post_json(exporter, f"{base}/serials", long).status_code == 422
    assert not Item.objects.filter(shipment=sides.shipment).exists()
