from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

from tadrib.core import calendars

register = template.Library()


@register.filter
def caldate(value: dt.date | dt.datetime | None) -> str:
    """A date in the user's chosen calendar."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return calendars.format_date(value)


@register.filter
def caldatetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{calendars.format_date(local)} {local:%H:%M}"


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)
