"""End to end, in a real Chromium: a Syrian training manager finds a cadet and
reads the page in Arabic, right to left."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tadrib.core.tests.browser import OUTPUT, sign_in
from tadrib.demo import scenario
from tadrib.people.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_training_manager_finds_a_cadet_and_reads_the_page_in_arabic(
    live_server: Any, browser_page: Any, settings: Any
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    scenario.build(seed=2025, people=60)
    cadet = (
        Person.objects.filter(service_number__startswith="SY-C25-")
        .order_by("service_number")
        .first()
    )
    assert cadet is not None
    page = browser_page
    base = live_server.url

    sign_in(page, base, "sy.training")
    assert page.locator("#current-user").inner_text() == "sy.training"
    # The demo's Syrian users work in Arabic; start this walk in English.
    page.select_option("#pref-language", "en")
    page.wait_for_function("document.documentElement.lang === 'en'")

    page.click("text=People")
    page.fill("input[name=q]", cadet.service_number)
    page.press("input[name=q]", "Enter")
    # htmx swaps the table in place and pushes the filtered URL: wait for both.
    page.wait_for_url(re.compile(r".*[?&]q=SY-C25-"))
    page.wait_for_function("document.querySelectorAll('#object-table tbody tr').length === 1")
    rows = page.locator("#object-table tbody tr")
    assert rows.count() == 1
    assert cadet.service_number in rows.first.inner_text()
    # A second htmx swap may still replace the row (search as you type, then
    # Enter): click once the network is quiet, and wait for the navigation.
    page.wait_for_load_state("networkidle")
    with page.expect_navigation():
        page.click(f"a:text-is('{cadet.service_number}')")
    page.wait_for_selector("#object-title")
    assert cadet.family_name_latin in page.inner_text("#object-title")
    assert page.get_attribute("html", "dir") == "ltr"

    page.select_option("#pref-language", "ar")
    page.wait_for_load_state("load")
    page.wait_for_function("document.documentElement.dir === 'rtl'")
    assert page.get_attribute("html", "lang") == "ar"
    # The Arabic name is on the page, the navigation reads right to left.
    assert cadet.family_name in page.inner_text("#object-title")
    brand = page.locator(".navbar-brand").bounding_box()
    assert brand["x"] > 640, "the brand should sit on the right in a right-to-left page"
    page.screenshot(path=str(OUTPUT / "cadet-arabic-rtl.png"), full_page=True)
    assert (OUTPUT / "cadet-arabic-rtl.png").stat().st_size > 10_000


def test_a_user_of_another_nation_gets_not_found_for_the_cadet(
    live_server: Any, browser_page: Any, settings: Any
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    scenario.build(seed=2025, people=60)
    cadet = Person.objects.filter(service_number__startswith="SY-C25-").first()
    assert cadet is not None
    page = browser_page
    sign_in(page, live_server.url, "tr.academy")
    response = page.goto(f"{live_server.url}/people/{cadet.pk}/")
    assert response.status == 404
