"""End to end, in a real Chromium: the host's cooperation office records a new
memorandum with a clause, finds the clause on the programme dashboard, starts
a programme under it and reads the dashboard in Arabic."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tadrib.agreements.models import Agreement, Clause
from tadrib.core.tests.browser import OUTPUT, sign_in
from tadrib.demo import scenario
from tadrib.organisations.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFERENCE = "TR-SY-2026-DEM"
SAVE = "form.card button[type=submit]"  # not the sign-out button in the top bar


def org(code: str) -> str:
    return str(Organisation.objects.get(code=code).pk)


def test_cooperation_office_records_an_agreement_and_sees_it_on_the_dashboard(
    live_server: Any, browser_page: Any, settings: Any
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    scenario.build(seed=2025, people=0)
    page, base = browser_page, live_server.url
    sign_in(page, base, "tr.cooperation")
    page.select_option("#pref-language", "en")
    page.wait_for_function("document.documentElement.lang === 'en'")

    page.goto(f"{base}/agreements/add/")
    page.select_option("select[name=owner]", org("TR-MND-ICO"))
    page.fill("input[name=reference]", REFERENCE)
    page.select_option("select[name=kind]", "memorandum")
    page.fill("input[name=name_en]", "Demining cooperation memorandum")
    page.fill("input[name=name_ar]", "مذكرة التعاون في إزالة الألغام")
    page.fill("input[name=signed_on]", "2026-01-15")
    page.click(SAVE)
    page.wait_for_selector("#clauses")
    agreement = Agreement.objects.get(reference=REFERENCE)
    assert page.url.endswith(f"/agreements/{agreement.pk}/")

    page.click("text=Add clause")
    page.fill("input[name=number]", "1")
    page.check("input[name=areas][value=demining]")
    page.check("input[name=areas][value=counter_terrorism]")
    page.fill("textarea[name=text]", "Joint demining courses for Syrian engineers.")
    page.click(SAVE)
    page.wait_for_selector("#targets")
    clause = Clause.objects.get(agreement=agreement)
    assert clause.areas == ["counter_terrorism", "demining"]

    page.click("a.dropdown-toggle:text-is('Cooperation')")
    page.click("a.dropdown-item:text-is('Programme dashboard')")
    section = page.locator(f"section[data-reference='{REFERENCE}']")
    section.wait_for()
    text = section.inner_text()
    assert "Advanced training: demining" in text
    assert "No programme runs under this clause yet." in text

    # A programme under the clause, from the clause's page.
    page.goto(f"{base}{clause.get_absolute_url()}")
    page.click("text=Add programme")
    page.fill("input[name=code]", "PRG-DEM-2026")
    page.fill("input[name=name_en]", "Demining courses 2026")
    page.select_option("select[name=owner]", org("TR-MND-ICO"))
    page.select_option("select[name=host_organisation]", org("TR-MND"))
    page.select_option("select[name=partner_organisation]", org("SY-MOD"))
    page.fill("input[name=starts_on]", "2026-02-01")
    page.click(SAVE)
    page.wait_for_selector("#objectives")
    page.goto(f"{base}/agreements/dashboard/")
    assert "PRG-DEM-2026" in section.inner_text()

    page.select_option("#pref-language", "ar")
    page.wait_for_function("document.documentElement.dir === 'rtl'")
    assert "مذكرة التعاون في إزالة الألغام" in section.inner_text()
    assert re.search(r"PRG-DEM-2026", section.inner_text())
    page.screenshot(path=str(OUTPUT / "programme-dashboard-arabic.png"), full_page=True)
