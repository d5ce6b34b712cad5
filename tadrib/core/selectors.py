from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import QuerySet

from tadrib.core import access
from tadrib.core.choices import Role
from tadrib.core.models import AuditEntry

AUDIT_READERS = frozenset({Role.ADMINISTRATOR, Role.MANAGER, Role.INSPECTOR})


def history_of(obj: models.Model, limit: int = 100) -> QuerySet[AuditEntry]:
    """Who changed this record, what and when, newest first."""
    return AuditEntry.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).order_by("-seq")[:limit]


def audit_entries_for(user: Any) -> QuerySet[AuditEntry]:
    """The trail of the organisations where the user is an administrator,
    manager or inspector (their whole subtree); everything for an instance
    administrator."""
    if access.is_instance_admin(user):
        return AuditEntry.objects.all()
    from tadrib.organisations.models import Organisation

    paths = sorted({g.path for g in access.grants(user) if g.role in AUDIT_READERS})
    if not paths:
        return AuditEntry.objects.none()
    organisation_ids = Organisation.objects.under(paths).values("pk")
    return AuditEntry.objects.filter(organisation_id__in=organisation_ids)
