from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from tadrib.core import calendars
from tadrib.core.choices import Calendar


def tadrib(request: HttpRequest) -> dict[str, Any]:
    return {
        "TADRIB_LANGUAGES": settings.LANGUAGES,
        "TADRIB_CALENDARS": Calendar.choices,
        "TADRIB_CALENDAR": calendars.calendar_var.get(),
    }
