"""End to end, in a real Chromium: a shipment of the scenario's transfer
reaches Syria; the General Staff's logistics officer counts it in Arabic (one
serial misread), both sides countersign, and the misread serial stands as a
discrepancy on the page."""

from __future__ import annotations

from typing import Any

import pytest

from tadrib.core.tests.browser import sign_in
from tadrib.demo import equipment as demo_equipment
from tadrib.demo import scenario
from tadrib.equipment import services
from tadrib.equipment.models import (
    Discrepancy,
    Item,
    Shipment,
    ShipmentLine,
    StorageSite,
    Transfer,
)
from tadrib.organisations.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def dispatched_shipment() -> Shipment:
    """Two more Kirpi II of the scenario's transfer, sent to the 1st Division."""
    transfer = Transfer.objects.get(reference=demo_equipment.REFERENCE)
    shipment = services.save_shipment(
        Shipment(
            transfer=transfer,
            code="SH-E2E",
            receiving_unit=Organisation.objects.get(code="SY-DIV-1"),
            destination_site=StorageSite.objects.get(code="DEP-N1"),
        ),
        actor=None,
    )
    services.save_shipment_line(
        ShipmentLine(
            shipment=shipment,
            transfer_line=transfer.lines.get(item_type__code="KIRPI-II"),
            quantity_shipped=2,
        ),
        actor=None,
    )
    rows = [services.SerialRow(n + 2, "KIRPI-II", f"KIRPI-E2E-{n}") for n in (1, 2)]
    assert services.capture_serials(shipment, rows, actor=None).ok
    return services.dispatch_shipment(shipment, actor=None)


def test_the_importer_counts_in_arabic_and_both_sides_countersign(
    live_server: Any, browser_page: Any, settings: Any
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    scenario.build(seed=2025, people=0)
    shipment = dispatched_shipment()
    page, base = browser_page, live_server.url
    url = f"{base}{shipment.get_absolute_url()}"

    sign_in(page, base, "sy.logistics")
    page.select_option("#pref-language", "ar")
    page.wait_for_function("document.documentElement.lang === 'ar'")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.goto(url)
    assert page.locator("#dispatch").count() == 0  # the exporter's step
    page.fill("#count-form textarea", "KIRPI-II,KIRPI-E2E-1\nKIRPI-II,KIRPI-E2E-7")
    page.click("#count")
    page.wait_for_selector("#reconciliation")
    assert page.locator("[data-count=matched]").inner_text().endswith("1")
    assert page.locator("[data-count=wrong]").inner_text().endswith("1")
    page.click("#sign-importer")
    page.wait_for_selector("#signed-importer bdi")
    assert "sy.logistics" in page.locator("#signed-importer").inner_text()
    assert page.locator("#shipment-status").get_attribute("data-status") == "dispatched"

    page.context.clear_cookies()  # sign out
    sign_in(page, base, "tr.logistics")
    page.select_option("#pref-language", "en")
    page.wait_for_function("document.documentElement.lang === 'en'")
    page.goto(url)
    assert page.locator("#count").count() == 0  # the importer's step
    page.click("#sign-exporter")
    page.wait_for_selector("#shipment-status[data-status=delivered]")
    listed = page.locator("#discrepancies [data-kind=wrong_serial]")
    assert listed.count() == 1
    assert "KIRPI-E2E-7 arrived where KIRPI-E2E-2 was shipped" in listed.inner_text()

    wrong = Discrepancy.objects.get(shipment=shipment)
    assert (wrong.kind, wrong.serial_number, wrong.expected_serial) == (
        "wrong_serial",
        "KIRPI-E2E-7",
        "KIRPI-E2E-2",
    )
    statuses = dict(Item.objects.filter(shipment=shipment).values_list("serial_number", "status"))
    assert statuses == {"KIRPI-E2E-1": "in_service", "KIRPI-E2E-2": "in_transit"}
