"""Helpers for the end-to-end tests: Playwright driving Debian's Chromium.

Never ``playwright install``: the browser is the system's /usr/bin/chromium
(Debian's ``chromium`` package, installed by scripts/system-deps.sh).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("TADRIB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
OUTPUT = Path(
    os.environ.get("TADRIB_TEST_OUTPUT", Path(__file__).resolve().parents[3] / "test-results")
)


def require_chromium() -> None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM}: run scripts/system-deps.sh --browser"
        if os.environ.get("CI"):
            pytest.fail(message)  # in CI a missing browser is a failure, never a skip
        pytest.skip(message)


def sign_in(page: Any, base: str, username: str, password: str = "demo") -> None:
    """Sign in through the form and wait for the home page."""
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_selector("#current-user")  # the login page's URL also ends in "/"
