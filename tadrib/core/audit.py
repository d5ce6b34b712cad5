"""The audit trail: every change made through a service, hash-chained.

``record()`` must run inside the service's transaction: the entry is written
with the change or not at all.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from tadrib.core.models import AuditEntry, AuditHead

if TYPE_CHECKING:
    from tadrib.accounts.models import User

GENESIS = "0" * 64

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
system_actor_var: contextvars.ContextVar[str] = contextvars.ContextVar(
    "system_actor", default="system"
)


def object_type_of(obj: models.Model | type[models.Model]) -> str:
    return obj._meta.label_lower


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, FieldFile):  # a stored file: its name
        return value.name or None
    return str(value)


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The record's stored values, as JSON-safe data (foreign keys by id)."""
    exclude: frozenset[str] = getattr(instance, "audit_exclude", frozenset())
    return {
        field.attname: _jsonable(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.name not in exclude and field.attname not in exclude
    }


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list[Any]]:
    before = before or {}
    after = after or {}
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def entry_hash(entry: AuditEntry) -> str:
    payload = {
        "seq": entry.seq,
        "at": entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_username": entry.actor_username,
        "request_id": entry.request_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "organisation_id": entry.organisation_id,
        "changes": entry.changes,
        "prev_hash": entry.prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record(
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    *,
    changes: dict[str, Any] | None = None,
    organisation_id: int | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEntry:
    """Append one entry to the chain. Call inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must run inside the service's transaction")
    if obj is not None:
        object_type = object_type or object_type_of(obj)
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
        if organisation_id is None and hasattr(obj, "owner_organisation_id"):
            organisation_id = obj.owner_organisation_id()
    head, _created = AuditHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"seq": 0, "hash": GENESIS}
    )
    if _created:  # select_for_update does not lock a row that did not exist yet
        head = AuditHead.objects.select_for_update().get(pk=1)
    entry = AuditEntry(
        seq=head.seq + 1,
        at=timezone.now(),
        actor_id=actor.pk if actor is not None else None,
        actor_username=actor.get_username() if actor is not None else system_actor_var.get(),
        request_id=request_id_var.get(),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:300],
        organisation_id=organisation_id,
        changes=_jsonable(changes or {}),
        prev_hash=head.hash,
    )
    entry.hash = entry_hash(entry)
    entry.save()
    head.seq, head.hash = entry.seq, entry.hash
    head.save(update_fields=["seq", "hash"])
    return entry


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    message: str


def verify_chain(progress: Any = None) -> Iterator[ChainProblem]:
    """Recompute the chain; yield each break found, first one first."""
    expected_seq = 1
    expected_prev = GENESIS
    last_seq, last_hash = 0, GENESIS
    entries = AuditEntry.objects.order_by("seq").iterator(chunk_size=2000)
    for entry in entries:
        if progress is not None:
            progress(entry.seq)
        if entry.seq != expected_seq:
            yield ChainProblem(
                expected_seq,
                _("entry #%(seq)s was removed (the chain jumps from #%(prev)s to #%(next)s)")
                % {"seq": expected_seq, "prev": expected_seq - 1, "next": entry.seq},
            )
        elif entry.prev_hash != expected_prev:
            yield ChainProblem(
                entry.seq,
                _("entry #%(seq)s does not link to the entry before it (#%(prev)s was altered)")
                % {"seq": entry.seq, "prev": entry.seq - 1},
            )
        if entry_hash(entry) != entry.hash:
            yield ChainProblem(
                entry.seq,
                _("entry #%(seq)s was altered (its hash does not match its content)")
                % {"seq": entry.seq},
            )
        expected_seq = entry.seq + 1
        expected_prev = entry.hash
        last_seq, last_hash = entry.seq, entry.hash
    head = AuditHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if head_seq != last_seq or head_hash != last_hash:
        yield ChainProblem(
            last_seq + 1,
            _("entries after #%(seq)s were removed (the chain's head records #%(head)s)")
            % {"seq": last_seq, "head": head_seq},
        )
