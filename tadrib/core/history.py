"""A record's audit entries, as a person reads them: translated field labels,
choice labels instead of stored values, and related records by name."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import models

from tadrib.core.models import AuditEntry

HIDDEN = frozenset({"id"})


@dataclass(frozen=True)
class ChangeRow:
    label: str
    before: Any
    after: Any


@dataclass(frozen=True)
class HistoryItem:
    entry: AuditEntry
    rows: list[ChangeRow]


def _field_by_attname(model: type[models.Model]) -> dict[str, models.Field]:
    return {field.attname: field for field in model._meta.concrete_fields}


def describe(entries: list[AuditEntry], model: type[models.Model]) -> list[HistoryItem]:
    """Turn entries of ``model`` into labelled rows. Related records are looked
    up with one query per related model, however many entries there are."""
    fields = _field_by_attname(model)
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for entry in entries:
        for attname, pair in (entry.changes or {}).items():
            field = fields.get(attname)
            if field is not None and field.is_relation and field.related_model is not None:
                wanted[field.related_model].update(v for v in pair if v is not None)  # type: ignore[index]
    names: dict[type[models.Model], dict[Any, str]] = {
        related: {pk: str(obj) for pk, obj in related._default_manager.in_bulk(list(ids)).items()}
        for related, ids in wanted.items()
    }

    def show(field: models.Field | None, value: Any) -> Any:
        if value is None or field is None:
            return value
        if field.is_relation and field.related_model is not None:
            return names.get(field.related_model, {}).get(value, value)  # type: ignore[arg-type]
        if field.choices and isinstance(value, list):
            labels = dict(field.flatchoices)
            return ", ".join(str(labels.get(v, v)) for v in value)
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        return value

    items = []
    for entry in entries:
        rows = []
        for attname, pair in (entry.changes or {}).items():
            if attname in HIDDEN or not isinstance(pair, list) or len(pair) != 2:
                continue
            field = fields.get(attname)
            label = str(field.verbose_name) if field is not None else attname
            rows.append(ChangeRow(label, show(field, pair[0]), show(field, pair[1])))
        items.append(HistoryItem(entry, rows))
    return items
