"""Who acts for which side of a transfer: the exporter's steps, the
importer's, who steers a discrepancy, who records an inventory."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tadrib.core import access
from tadrib.core.choices import Action
from tadrib.equipment.choices import (
    INVENTORY_KINDS,
)
from tadrib.equipment.models import (
    Discrepancy,
    Inspection,
    Shipment,
    Transfer,
)
from tadrib.organisations.models import Organisation

if TYPE_CHECKING:
    from tadrib.accounts.models import User


def acts_for(
    actor: Any,
    organisation: Organisation,
    model: type = Transfer,
    action: str = Action.CHANGE,
) -> bool:
    """``core.access.acts_for`` for equipment records (by default a transfer's step)."""
    return access.acts_for(actor, organisation, model, action)


def is_exporter_side(actor: Any, transfer: Transfer) -> bool:
    """Whether ``actor`` acts for the transfer's exporter (its steps: status,
    serials, dispatch, the exporter's countersignature)."""
    return acts_for(actor, transfer.exporter)


def is_importer_side(actor: Any, shipment: Shipment) -> bool:
    """Whether ``actor`` acts for the receiving side of a shipment: the
    importer, the end user or the receiving unit (the count, the importer's
    countersignature)."""
    transfer = shipment.transfer
    return any(
        acts_for(actor, organisation)
        for organisation in (transfer.importer, transfer.end_user, shipment.receiving_unit)
    )


def may_steer_discrepancy(actor: Any, discrepancy: Discrepancy) -> bool:
    """The recording side and the exporter take a discrepancy's steps."""
    return acts_for(actor, discrepancy.owner, Discrepancy) or acts_for(
        actor, discrepancy.transfer.exporter, Discrepancy
    )


def may_record_inventory(actor: Any, inspection: Inspection) -> bool:
    """An inventory not yet recorded, by its inspecting organisation."""
    return (
        inspection.kind in INVENTORY_KINDS
        and inspection.conducted_on is None
        and acts_for(actor, inspection.owner, Inspection)
    )


def require_exporter_side(actor: User | None, transfer: Transfer) -> None:
    if not is_exporter_side(actor, transfer):
        raise PermissionDenied(_("Only the exporter's side takes this step."))


def require_importer_side(actor: User | None, shipment: Shipment) -> None:
    if not is_importer_side(actor, shipment):
        raise PermissionDenied(_("Only the importer's side takes this step."))


def related_or_none(instance: Any, name: str) -> Any:
    """The record a foreign key names, or ``None`` when it names none or one
    that does not exist (validation then reports the field)."""
    pk = getattr(instance, f"{name}_id")
    if pk is None:
        return None
    model = instance._meta.get_field(name).related_model
    return model._default_manager.filter(pk=pk).first()
