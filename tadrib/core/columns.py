"""Table columns registered with django-tables2, so that every table shows
dates and times in the user's calendar (Gregorian or Umm al-Qura) without
declaring anything."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_tables2 as tables
from django.db import models
from django_tables2.columns import library

from tadrib.core import calendars


@library.register
class CalendarDateColumn(tables.Column):
    def render(self, value: Any) -> str:
        return calendars.format_date(value)

    def value(self, value: Any) -> Any:
        # Exports keep ISO 8601, which every spreadsheet reads.
        return value.isoformat() if isinstance(value, dt.date) else value

    @classmethod
    def from_field(cls, field: models.Field, **kwargs: Any) -> CalendarDateColumn | None:
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            return cls(**kwargs)
        return None


@library.register
class CalendarDateTimeColumn(tables.Column):
    def render(self, value: Any) -> str:
        from django.utils import timezone

        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{calendars.format_date(local)} {local:%H:%M}"

    def value(self, value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.datetime) else value

    @classmethod
    def from_field(cls, field: models.Field, **kwargs: Any) -> CalendarDateTimeColumn | None:
        return cls(**kwargs) if isinstance(field, models.DateTimeField) else None
