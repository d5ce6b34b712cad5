"""In a real Chromium: the partner's cadet office, working in Arabic, opens
"Cadets abroad": the page runs right to left, draws the progress chart and
shows why a failing cadet is failing."""

from __future__ import annotations

from typing import Any

import pytest

from tadrib.accounts.models import User
from tadrib.core import testing
from tadrib.core.tests.browser import OUTPUT, sign_in
from tadrib.training import testing_academics as ta

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_cadet_office_reads_the_cohort_view_in_arabic(
    live_server: Any, browser_page: Any, settings: Any
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = testing.build_world()
    scenario = ta.abroad(world)
    failing = scenario.enrolments["first"][0]
    first, second = ta.year_components(failing)
    ta.result(failing, first, 85)
    ta.result(failing, second, 35)
    User.objects.filter(pk=scenario.office_user.pk).update(language="ar")
    page, base = browser_page, live_server.url

    sign_in(page, base, "cadet_office", "pw-cadet_office")
    page.goto(f"{base}/training/cadets/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"
    page.wait_for_selector("canvas#cadet-standing")
    assert page.locator("canvas#cadet-credits").count() == 1
    row = page.locator(f'#cadets tr[data-enrolment="{failing.pk}"]')
    assert row.get_attribute("data-standing") == "failing"
    assert second.code in row.locator(".alerts").inner_text()
    assert page.locator("#cadets tbody tr").count() == 6
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / "cadets-abroad-ar.png"), full_page=True)
