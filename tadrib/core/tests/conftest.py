"""Fixtures of the core tests: ``browser_page``, a Playwright page in Debian's Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tadrib.core.tests.browser import CHROMIUM, CHROMIUM_ARGS, OUTPUT, require_chromium


@pytest.fixture
def browser_page(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    require_chromium()
    # Playwright's sync API runs an event loop in this thread; the test's own
    # ORM calls (setting up data, checking results) are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    OUTPUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()
