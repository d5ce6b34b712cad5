"""HTML to PDF with WeasyPrint, offline, and the pieces every PDF report shares:
the languages a report is written in, the page counter of its footer, and the
download response."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

# Only inline resources (``data:`` URLs): a report never reaches the network or
# the file system, whatever its text contains.
INLINE_ONLY = ("data",)


def report_languages() -> list[str]:
    """The languages a report can be written in: the interface's."""
    return [code for code, _name in settings.LANGUAGES]


def requested_language(request: HttpRequest, languages: Sequence[str]) -> str | None:
    """``?language=`` if given, else the language the page is shown in;
    ``None`` for a language not among ``languages``."""
    language = request.GET.get("language") or (get_language() or "en")[:2]
    return language if language in languages else None


def html_to_pdf(html: str) -> bytes:
    fetcher = URLFetcher(allowed_protocols=INLINE_ONLY, allow_redirects=False)
    return bytes(HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf())


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string, safe inside a ``<style>`` element."""
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ").replace("<", "\\3C ")
    )
    return f'"{escaped}"'


def css_content(text: str) -> SafeString:
    """``text`` as the value of a CSS ``content`` property in the template."""
    return mark_safe(css_string(text))  # an escaped CSS string


def page_counter() -> SafeString:
    """The CSS ``content`` of a footer saying "Page X of Y" in the active
    language (the translation decides where the two numbers go)."""
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    text = _("Page %(page)s of %(pages)s")
    parts = re.split(r"(%\(page\)s|%\(pages\)s)", text)
    content = [counters.get(part) or css_string(part) for part in parts if part]
    return mark_safe(" ".join(content))  # built from escaped CSS strings


def ascii_filename(*parts: str, extension: str = "pdf") -> str:
    """A file name any browser and file system accepts: ASCII letters, digits,
    dots, dashes and underscores."""
    joined = "-".join(parts)
    ascii_text = unicodedata.normalize("NFKD", joined).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_text).strip("-.") or "report"
    return f"{stem}.{extension}"


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    response["Content-Length"] = str(len(data))
    return response
