from __future__ import annotations

import urllib.request
from typing import Any

import pytest
from django.utils import translation

from tadrib.reports.pdf import ascii_filename, css_string, html_to_pdf, page_counter


def test_it_never_fetches_a_resource_named_in_the_report(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Any] = []
    monkeypatch.setattr(
        urllib.request.OpenerDirector, "open", lambda self, *a, **k: opened.append(a)
    )
    html = (
        '<html><head><link rel="stylesheet" href="https://example.invalid/x.css">'
        '<link rel="stylesheet" href="file:///etc/passwd"></head>'
        '<body><img src="http://example.invalid/logo.png"><p>Text</p></body></html>'
    )
    assert html_to_pdf(html).startswith(b"%PDF")
    assert opened == []


def test_a_file_name_is_plain_ascii() -> None:
    assert ascii_filename("MOU/2024-07", "status", "ar") == "MOU-2024-07-status-ar.pdf"
    assert ascii_filename("Ünlü Şartname", "tr") == "Unlu-Sartname-tr.pdf"
    assert ascii_filename("مذكرة") == "report.pdf"


def test_a_css_string_cannot_break_out_of_the_style_element() -> None:
    assert css_string('a "quoted" \\ </style>') == '"a \\"quoted\\" \\\\ \\3C /style>"'


def test_the_page_counter_follows_the_active_language() -> None:
    with translation.override("en"):
        assert page_counter() == '"Page " counter(page) " of " counter(pages)'
