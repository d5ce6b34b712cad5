"""Training's documents: the trilingual certificate of a graduate, the numbered
letter of invitation / travel order, and the public check of a certificate's
verification code.

The callers (views, API) have already found the nomination in the reader's
scope; only ``verified_certificate`` reads without a user, because anyone
holding a certificate may check it, and it returns the few facts printed on
the certificate and nothing else.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import qrcode
from django.db import models
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import get_language_bidi, override
from django.utils.translation import gettext as _
from qrcode.image.svg import SvgPathImage

from tadrib.core import calendars
from tadrib.core.choices import Calendar
from tadrib.people.models import Person
from tadrib.reports.pdf import ascii_filename, css_content, html_to_pdf, page_counter
from tadrib.training.models import Course, Nomination, Session

CERTIFICATE_TEMPLATE = "training/certificate_pdf.html"
LETTER_TEMPLATE = "training/letter_pdf.html"
# The certificate carries every language of the interface, in this order.
CERTIFICATE_LANGUAGES = ("en", "ar", "tr")
LETTER_LANGUAGES = ("en", "ar", "tr")

# Stored as ``XXXX-XXXX-XXXX``; typed with or without dashes or spaces.
_CODE_SEPARATORS = re.compile(r"[\s\-‐‑–—]+")
_CODE_CHARACTERS = re.compile(r"^[A-Z0-9]{12}$")


# --- verification -------------------------------------------------------------


def canonical_code(text: str) -> str | None:
    """A typed certificate code in its stored form (``K7QX-M2PA-9HTD``), or
    ``None`` when it cannot be one."""
    raw = _CODE_SEPARATORS.sub("", text[:64]).upper()
    if not _CODE_CHARACTERS.match(raw):
        return None
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def verification_path(code: str) -> str:
    return reverse("verify:certificate", args=[code])


def site_of(request: HttpRequest) -> str:
    """The scheme and host a request came to, which the certificate prints
    before its verification path (the address the reader can reach)."""
    return f"{request.scheme}://{request.get_host()}"


@dataclass(frozen=True)
class VerifiedCertificate:
    """What the public check of a code shows: the facts printed on the
    certificate that identify it, never the trainee's record."""

    code: str
    holder_name_latin: str
    holder_name: str
    course_code: str
    course_title: str
    institution: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    issued_on: dt.date | None


def verified_certificate(text: str) -> VerifiedCertificate | None:
    """The certificate with this code (course title and institution in the
    active language), or ``None``. Certificates are never revoked: a code
    stays valid whatever became of the nomination since."""
    code = canonical_code(text)
    if code is None:
        return None
    nomination = (
        Nomination.objects.select_related("person", "course__institution", "session")
        .filter(certificate_code=code)
        .first()
    )
    if nomination is None:
        return None
    person, course, session = nomination.person, nomination.course, nomination.session
    return VerifiedCertificate(
        code=code,
        holder_name_latin=person.full_name_latin,
        holder_name=person.full_name,
        course_code=course.code,
        course_title=course.name,
        institution=course.institution.name,
        starts_on=session.starts_on if session is not None else None,
        ends_on=session.ends_on if session is not None else None,
        issued_on=nomination.certificate_issued_on,
    )


def qr_data_url(text: str) -> str:
    """A QR code of ``text`` as an inline SVG image (PDFs fetch nothing)."""
    image = qrcode.make(text, image_factory=SvgPathImage, box_size=10, border=2)
    svg: bytes = image.to_string(encoding="UTF-8")
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


# --- shared pieces --------------------------------------------------------------


def _date(value: dt.date | None) -> str:
    """A date in the active language. Documents are dated in the Gregorian
    calendar whatever the reader's preference, so that every copy agrees."""
    return calendars.format_date(value, Calendar.GREGORIAN) if value is not None else ""


def _label(model: type[models.Model], field: str) -> str:
    """A field's label in the active language (the model's own wording)."""
    return capfirst(str(getattr(model._meta.get_field(field), "verbose_name", field)))


def _direction() -> str:
    return "rtl" if get_language_bidi() else "ltr"


# --- the certificate ------------------------------------------------------------


def _certificate_block(nomination: Nomination, language: str) -> dict[str, Any]:
    """One language's version of the certificate, in that language."""
    person: Person = nomination.person
    course: Course = nomination.course
    session: Session | None = nomination.session
    with override(language):
        credits: Decimal | None = course.ects_credits
        return {
            "language": language,
            "direction": _direction(),
            "rank": person.rank.name if person.rank else "",
            "nation": person.nation.name,
            "course_title": course.name,
            "institution": course.institution.name,
            "starts_on": _date(session.starts_on if session else None),
            "ends_on": _date(session.ends_on if session else None),
            "issued_on": _date(nomination.certificate_issued_on),
            "qualification": course.qualification.name if course.qualification else "",
            "ects_credits": formats.localize(credits.normalize()) if credits else "",
            "labels": {
                "rank": _label(Person, "rank"),
                "nation": _label(Person, "nation"),
                "institution": _label(Course, "institution"),
                "qualification": _label(Course, "qualification"),
                "ects_credits": _label(Course, "ects_credits"),
                "issued_on": _label(Nomination, "certificate_issued_on"),
                "code": _label(Nomination, "certificate_code"),
            },
        }


def render_certificate_html(nomination: Nomination, *, site: str = "") -> str:
    """The certificate as HTML: one block per language, the verification code,
    its address (``site`` is the scheme and host it is read at, if known)
    and a QR code of that address."""
    code = nomination.certificate_code
    if not code:
        raise ValueError("This nomination has no certificate.")
    address = f"{site.rstrip('/')}{verification_path(code)}"
    person = nomination.person
    context = {
        "nomination": nomination,
        "code": code,
        "holder_name_latin": person.full_name_latin,
        "holder_name": person.full_name,
        "course_code": nomination.course.code,
        "verification_address": address,
        "qr_code": qr_data_url(address),
        "blocks": [_certificate_block(nomination, language) for language in CERTIFICATE_LANGUAGES],
    }
    return render_to_string(CERTIFICATE_TEMPLATE, context)


def certificate_pdf(nomination: Nomination, *, site: str = "") -> bytes:
    """The graduate's certificate: one A4 landscape page in English, Arabic
    and Turkish."""
    return html_to_pdf(render_certificate_html(nomination, site=site))


def certificate_filename(nomination: Nomination) -> str:
    return ascii_filename("certificate", nomination.certificate_code or str(nomination.pk))


# --- the letter of invitation -----------------------------------------------------


def render_letter_html(nomination: Nomination, language: str) -> str:
    """The numbered letter of invitation / travel order, in ``language``."""
    if language not in LETTER_LANGUAGES:
        raise ValueError(f"Letters are not written in {language!r}.")
    if not nomination.letter_number:
        raise ValueError("This nomination has no letter of invitation.")
    person: Person = nomination.person
    course: Course = nomination.course
    session: Session | None = nomination.session
    with override(language):
        title = _("Letter of invitation and travel order")
        context = {
            "language": language,
            "direction": _direction(),
            "title": title,
            "running_header": css_content(f"{nomination.letter_number} · {title}"),
            "page_counter": page_counter(),
            "number": nomination.letter_number,
            "issued_on": _date(nomination.letter_issued_on),
            "addressee": nomination.owner.name,
            "addressee_nation": nomination.owner.nation.name,
            "institution": course.institution.name,
            "rank": person.rank.name if person.rank else "",
            "name_latin": person.full_name_latin,
            "name": person.full_name,
            "nation": person.nation.name,
            "date_of_birth": _date(person.date_of_birth),
            "passport_number": nomination.passport_number,
            "passport_expires_on": _date(nomination.passport_expires_on),
            "course_code": course.code,
            "course_title": course.name,
            "session_code": session.code if session else "",
            "starts_on": _date(session.starts_on if session else None),
            "ends_on": _date(session.ends_on if session else None),
            "reporting_on": _date(session.reporting_on if session else None),
            "site": session.site if session else "",
            "labels": {
                "rank": _label(Person, "rank"),
                "name_latin": _("Name (Latin script)"),
                "name": _("Name"),
                "nation": _label(Person, "nation"),
                "date_of_birth": _label(Person, "date_of_birth"),
                "passport_number": _label(Nomination, "passport_number"),
                "passport_expires_on": _label(Nomination, "passport_expires_on"),
                "course": _label(Nomination, "course"),
                "institution": _label(Course, "institution"),
                "session": _label(Nomination, "session"),
                "report_on": _label(Session, "report_on"),
                "site": _label(Session, "site"),
            },
        }
        return render_to_string(LETTER_TEMPLATE, context)


def letter_pdf(nomination: Nomination, language: str) -> bytes:
    return html_to_pdf(render_letter_html(nomination, language))


def letter_filename(nomination: Nomination, language: str) -> str:
    return ascii_filename("letter", nomination.letter_number or str(nomination.pk), language)
