"""Showing dates in the Gregorian or the Umm al-Qura (Hijri) calendar.

Dates are always stored Gregorian; only their display changes.
"""

from __future__ import annotations

import contextvars
import datetime as dt

from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from hijridate import Gregorian

from tadrib.core.choices import Calendar

DEFAULT = Calendar.GREGORIAN
calendar_var: contextvars.ContextVar[str] = contextvars.ContextVar("calendar", default=DEFAULT)

HIJRI_MONTHS = [
    pgettext_lazy("Hijri month", "Muharram"),
    pgettext_lazy("Hijri month", "Safar"),
    pgettext_lazy("Hijri month", "Rabi al-Awwal"),
    pgettext_lazy("Hijri month", "Rabi al-Thani"),
    pgettext_lazy("Hijri month", "Jumada al-Ula"),
    pgettext_lazy("Hijri month", "Jumada al-Akhirah"),
    pgettext_lazy("Hijri month", "Rajab"),
    pgettext_lazy("Hijri month", "Shaban"),
    pgettext_lazy("Hijri month", "Ramadan"),
    pgettext_lazy("Hijri month", "Shawwal"),
    pgettext_lazy("Hijri month", "Dhu al-Qadah"),
    pgettext_lazy("Hijri month", "Dhu al-Hijjah"),
]
HIJRI_ERA = _("AH")


def to_hijri(day: dt.date) -> tuple[int, int, int] | None:
    """(year, month, day) in Umm al-Qura, or None outside the table's range
    (1343–1500 AH, roughly 1924–2077)."""
    try:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    except (OverflowError, ValueError):
        return None
    return hijri.year, hijri.month, hijri.day


def format_date(value: dt.date | dt.datetime | None, calendar: str | None = None) -> str:
    if value is None:
        return ""
    calendar = calendar or calendar_var.get()
    day = value.date() if isinstance(value, dt.datetime) else value
    if calendar == Calendar.UMM_AL_QURA:
        hijri = to_hijri(day)
        if hijri is not None:
            year, month, dom = hijri
            return f"{dom} {HIJRI_MONTHS[month - 1]} {year} {HIJRI_ERA}"
    return str(formats.date_format(day, "DATE_FORMAT"))
