"""The equipment record pages and lists, from the user's side: what an item,
an item type and a storage site page show; custody events recorded through
the form (and refused with the reason); overdue inspections and
discrepancies found and marked; the importer recording on the exporter's
transfer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tadrib.core.testing import World, client_for
from tadrib.equipment import services
from tadrib.equipment import testing as et
from tadrib.equipment.models import (
    CustodyEvent,
    Discrepancy,
    Inspection,
    Item,
    ItemTypeCourse,
)
from tadrib.training import testing as tt

pytestmark = pytest.mark.django_db
TODAY = et.TODAY


def _custody_form(item: Item, **fields: object) -> dict[str, object]:
    moments_ago = timezone.localtime() - dt.timedelta(minutes=5)
    return {
        "item": item.pk,
        "kind": "move",
        "occurred_at": moments_ago.strftime("%Y-%m-%dT%H:%M"),
        "handed_over_by": "Sgt Hasan",
        "taken_over_by": "Sgt Omar",
        **fields,
    }


def test_the_item_page_shows_its_custody_trail_and_offers_a_move_to_its_holder(
    world: World,
) -> None:
    item = et.held_item(world)
    page = client_for(world.manager_a).get(item.get_absolute_url()).content.decode()
    assert f"{reverse('equipment:custodyevent_add')}?item={item.pk}" in page
    assert "Dispatched by the exporter" in page and "Delivered (hand-over countersigned)" in page
    viewer_page = client_for(world.viewer_a).get(item.get_absolute_url()).content.decode()
    assert 'id="record-custody-event"' not in viewer_page
    assert "Dispatched by the exporter" in viewer_page


def test_a_move_through_the_form_changes_the_items_site(world: World) -> None:
    item = et.held_item(world)
    first_site = item.site_id
    depot = et.site(world, 1)
    client = client_for(world.manager_a)
    response = client.post(
        reverse("equipment:custodyevent_add"), _custody_form(item, to_site=depot.pk)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    assert item.site_id == depot.pk
    event = CustodyEvent.objects.filter(item=item, kind="move").get()
    assert (event.from_site_id, event.to_site_id, event.owner_id) == (
        first_site,
        depot.pk,
        world.battalion_a.pk,
    )


def test_a_move_to_a_site_whose_certification_expired_is_refused_on_the_site(
    world: World,
) -> None:
    item = et.held_item(world)
    expired = et.site(world, 2, expires=TODAY - dt.timedelta(days=2))
    before = CustodyEvent.objects.count()
    response = client_for(world.manager_a).post(
        reverse("equipment:custodyevent_add"), _custody_form(item, to_site=expired.pk)
    )
    assert response.status_code == 200
    assert "has expired or was never given" in response.content.decode()
    assert CustodyEvent.objects.count() == before


def test_the_custody_form_offers_no_shipment_step(world: World) -> None:
    page = client_for(world.manager_a).get(reverse("equipment:custodyevent_add")).content.decode()
    assert 'value="move"' in page
    assert 'value="dispatch"' not in page and 'value="delivery"' not in page


def test_the_item_type_page_shows_the_category_definition_and_qualifying_courses(
    world: World,
) -> None:
    kind = et.item_type()
    course = tt.course(world, 1)
    services.save_item_type_course(
        ItemTypeCourse(item_type=kind, course=course, role="maintainer"), actor=None
    )
    page = client_for(world.viewer_a).get(kind.get_absolute_url()).content.decode()
    assert "armoured protection and cross-country capability" in page
    assert course.code in page and "Maintainer" in page


def test_the_site_page_tells_the_certification_state_and_what_it_holds(world: World) -> None:
    item = et.held_item(world)
    client = client_for(world.manager_a)
    held_at = client.get(item.site.get_absolute_url()).content.decode()
    assert (
        '<span class="badge text-bg-success align-middle ms-1" id="certification">valid' in held_at
    )
    assert 'id="items-held">1</a>' in held_at
    expired = et.site(world, 3, expires=TODAY - dt.timedelta(days=1))
    assert ">expired</span>" in client.get(expired.get_absolute_url()).content.decode()
    never = et.site(world, 4, expires=None)
    assert ">not certified</span>" in client.get(never.get_absolute_url()).content.decode()


def test_the_item_list_filters_by_custodian_status_and_serial(world: World) -> None:
    held = et.held_item(world)
    shipment = et.shipment(world)
    prepared = services.save_item(
        Item(shipment=shipment, item_type=et.item_type(), serial_number="PREP-1"), actor=None
    )
    client = client_for(world.manager_a)
    rows = client.get(
        f"/api/items?custodian={world.battalion_a.pk}&status=in_service&limit=500"
    ).json()["items"]
    assert {row["id"] for row in rows} == {held.pk}
    assert rows[0]["custodian_code"] == world.battalion_a.code
    found = client.get("/api/items?q=PREP").json()["items"]
    assert [row["id"] for row in found] == [prepared.pk]
    page = client.get(reverse("equipment:item_list") + "?q=PREP").content.decode()
    assert "PREP-1" in page and held.serial_number not in page


def test_overdue_inspections_are_found_and_marked(world: World) -> None:
    transfer = et.transfer(world)
    late, due = (
        services.save_inspection(
            Inspection(owner=world.battalion_a, kind="post_shipment", transfer=transfer, due_on=on),
            actor=None,
        )
        for on in (TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1))
    )
    client = client_for(world.manager_a)
    rows = client.get("/api/inspections?overdue=true").json()["items"]
    assert [(row["id"], row["is_overdue"]) for row in rows] == [(late.pk, True)]
    rows = client.get("/api/inspections?overdue=false").json()["items"]
    assert [row["id"] for row in rows] == [due.pk]
    page = client.get(reverse("equipment:inspection_list")).content.decode()
    assert page.count('<tr class="table-danger') == 1 and "overdue</span>" in page


def test_discrepancies_not_reported_in_time_are_overdue(world: World) -> None:
    transfer = et.transfer(world)
    late, recent = (
        services.save_discrepancy(
            Discrepancy(
                owner=world.battalion_a,
                transfer=transfer,
                kind="damage",
                discovered_on=TODAY - dt.timedelta(days=days),
                description="Dented.",
            ),
            actor=None,
        )
        for days in (31, 29)
    )
    client = client_for(world.manager_a)
    rows = client.get("/api/discrepancies?overdue=true").json()["items"]
    assert [(row["id"], row["is_overdue"]) for row in rows] == [(late.pk, True)]
    assert [
        row["id"] for row in client.get("/api/discrepancies?overdue=false").json()["items"]
    ] == [recent.pk]


def test_the_importer_records_a_discrepancy_on_the_exporters_transfer(world: World) -> None:
    """C exports to A's brigade: A's manager reads C's transfer (it cannot
    change it) and records what A found wrong."""
    transfer = et.c_transfer(world)
    client = client_for(world.manager_a)
    response = client.post(
        reverse("equipment:discrepancy_add"),
        {
            "owner": world.brigade_a.pk,
            "transfer": transfer.pk,
            "kind": "shortage",
            "quantity": 2,
            "discovered_on": TODAY.isoformat(),
            "description": "Two crates short.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    recorded = Discrepancy.objects.get(transfer=transfer)
    assert (recorded.owner_id, recorded.report_due_on) == (
        world.brigade_a.pk,
        TODAY + dt.timedelta(days=30),
    )
    assert client.get(reverse("equipment:transfer_edit", args=[transfer.pk])).status_code == 404
