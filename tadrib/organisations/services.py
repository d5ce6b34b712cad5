from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Concat, Substr

from tadrib.core.services import delete_audited, save_audited
from tadrib.organisations.models import Nation, Organisation

if TYPE_CHECKING:
    from tadrib.accounts.models import User


def save_nation(nation: Nation, *, actor: User | None) -> Nation:
    return save_audited(nation, actor=actor)


def delete_nation(nation: Nation, *, actor: User | None) -> None:
    delete_audited(nation, actor=actor)


@transaction.atomic
def save_organisation(organisation: Organisation, *, actor: User | None) -> Organisation:
    """Create or change an organisation; a move carries its whole subtree."""
    old = (
        Organisation.objects.select_for_update()
        .filter(pk=organisation.pk)
        .values("path", "depth")
        .first()
        if organisation.pk
        else None
    )
    if organisation.pk:
        organisation.place()  # the new location is where the right to change is checked
    save_audited(organisation, actor=actor)
    if old and old["path"] != organisation.path:
        old_path = old["path"]
        Organisation.objects.filter(path__startswith=old_path).exclude(pk=organisation.pk).update(
            path=Concat(
                Value(organisation.path),
                Substr("path", len(old_path) + 1),
                output_field=CharField(),
            ),
            depth=F("depth") + (organisation.depth - old["depth"]),
        )
    return organisation


def delete_organisation(organisation: Organisation, *, actor: User | None) -> None:
    delete_audited(organisation, actor=actor)
