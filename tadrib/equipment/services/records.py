"""Item types, storage sites, transfers and their authorised lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tadrib.core.services import delete_audited, refuse_illegal_transition, save_audited
from tadrib.equipment.choices import (
    TRANSFER_TRANSITIONS,
    TransferStatus,
)
from tadrib.equipment.models import (
    ItemType,
    ItemTypeCourse,
    StorageSite,
    Transfer,
    TransferLine,
)
from tadrib.equipment.services.sides import related_or_none, require_exporter_side

if TYPE_CHECKING:
    from tadrib.accounts.models import User


def save_item_type(item_type: ItemType, *, actor: User | None) -> ItemType:
    return save_audited(item_type, actor=actor)


def delete_item_type(item_type: ItemType, *, actor: User | None) -> None:
    delete_audited(item_type, actor=actor)


def save_item_type_course(link: ItemTypeCourse, *, actor: User | None) -> ItemTypeCourse:
    return save_audited(link, actor=actor)


def delete_item_type_course(link: ItemTypeCourse, *, actor: User | None) -> None:
    delete_audited(link, actor=actor)


def save_storage_site(site: StorageSite, *, actor: User | None) -> StorageSite:
    return save_audited(site, actor=actor)


def delete_storage_site(site: StorageSite, *, actor: User | None) -> None:
    delete_audited(site, actor=actor)


# --- transfers and their lines -------------------------------------------------------


def save_transfer(transfer: Transfer, *, actor: User | None) -> Transfer:
    """Save a transfer's particulars; its status moves only through
    ``change_transfer_status``."""
    return save_audited(transfer, actor=actor)


def delete_transfer(transfer: Transfer, *, actor: User | None) -> None:
    """Delete a transfer that never shipped anything (its lines go with it)."""
    if transfer.shipments.exists():
        raise ValidationError(_("A transfer with shipments cannot be deleted; cancel it instead."))
    delete_audited(transfer, actor=actor)


@transaction.atomic
def change_transfer_status(
    transfer: Transfer, target: str, *, actor: User | None, reason: str = ""
) -> Transfer:
    """Authorise, suspend, resume, complete or cancel a transfer."""
    locked = (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("exporter")
        .get(pk=transfer.pk)
    )
    require_exporter_side(actor, locked)
    refuse_illegal_transition(
        TransferStatus,
        TRANSFER_TRANSITIONS,
        locked.status,
        target,
        _("A transfer that is “%(current)s” cannot become “%(target)s”."),
    )
    if target not in TransferStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if target == TransferStatus.AUTHORISED and not locked.lines.exists():
        raise ValidationError({"status": _("Authorise a transfer once it has its lines.")})
    if target in (TransferStatus.SUSPENDED, TransferStatus.CANCELLED) and not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    if target == TransferStatus.AUTHORISED and locked.authorised_on is None:
        locked.authorised_on = timezone.localdate()
    locked.status = target
    locked.status_reason = reason.strip()
    save_audited(locked, actor=actor, action=f"transfer.{target}", extra_changes={"reason": reason})
    return locked


def _draft_only(transfer: Transfer) -> None:
    if transfer.status != TransferStatus.DRAFT:
        raise ValidationError(
            _("The lines of an authorised transfer are fixed; they change only in a draft.")
        )


def save_transfer_line(line: TransferLine, *, actor: User | None) -> TransferLine:
    transfer = related_or_none(line, "transfer")
    if transfer is not None:
        _draft_only(transfer)
    return save_audited(line, actor=actor)


def delete_transfer_line(line: TransferLine, *, actor: User | None) -> None:
    _draft_only(line.transfer)
    delete_audited(line, actor=actor)
