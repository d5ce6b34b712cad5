"""Custody events: the only way an item changes hands, status or site after
delivery."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tadrib.core.choices import Action
from tadrib.core.services import save_audited
from tadrib.equipment.choices import (
    CUSTODY_TRANSITIONS,
    HELD,
    SHIPMENT_KINDS,
    CustodyKind,
    DiscrepancyKind,
)
from tadrib.equipment.models import (
    CustodyEvent,
    Discrepancy,
    Item,
)
from tadrib.equipment.services.sides import acts_for

if TYPE_CHECKING:
    from tadrib.accounts.models import User


@transaction.atomic
def record_custody_event(event: CustodyEvent, *, actor: User | None) -> CustodyEvent:
    """Record one step of an item's life and apply it to the item: a move to
    another unit or site, repair, loss, theft, recovery, destruction,
    disposal, retransfer. Refused: a step the item's status does not allow, a
    unit outside the transfer's end user, a site whose storage certification
    has expired, a retransfer without the exporter's consent where it is
    required. Loss, theft and destruction open a discrepancy."""
    if not event._state.adding:
        raise ValidationError(_("A custody event is never changed; record a new one."))
    if event.item_id is None:
        raise ValidationError({"item": _("This field is required.")})
    item = (
        Item.objects.select_for_update(of=("self",))
        .select_related("transfer__end_user", "transfer__exporter", "custodian", "site")
        .get(pk=event.item_id)
    )
    holder = item.custodian or item.transfer.exporter
    if not acts_for(actor, holder, CustodyEvent, Action.ADD):
        raise PermissionDenied(_("Only the unit holding the item (or one above it) records this."))
    errors = _custody_errors(event, item)
    if errors:
        raise ValidationError(errors)
    target = CUSTODY_TRANSITIONS[event.kind][1] or item.status
    event.status_before, event.status_after = item.status, target
    event.from_unit, event.from_site = item.custodian, item.site
    if target in HELD:
        event.to_unit = event.to_unit if event.to_unit_id else item.custodian
        event.to_site = event.to_site if event.to_site_id else item.site
    else:  # the item leaves: no unit or site holds it
        event.to_unit, event.to_site = None, None
    to_unit = event.to_unit
    event.owner = to_unit or holder
    saved = save_audited(event, actor=actor, authorised=True)
    item.status = target
    if target in HELD:
        item.custodian, item.site = to_unit, event.to_site
    save_audited(item, actor=actor, action=f"item.{event.kind}", authorised=True)
    kind = _DISCREPANCY_OF.get(event.kind)
    if kind is not None:
        save_audited(
            Discrepancy(
                owner=holder,
                transfer_id=item.transfer_id,
                item=item,
                item_type_id=item.item_type_id,
                kind=kind,
                discovered_on=timezone.localdate(event.occurred_at),
                description=event.note or str(CustodyKind(event.kind).label),
            ),
            actor=actor,
            authorised=True,
        )
    return saved


_DISCREPANCY_OF: dict[str, str] = {
    CustodyKind.LOSS: DiscrepancyKind.LOSS,
    CustodyKind.THEFT: DiscrepancyKind.THEFT,
    CustodyKind.DESTRUCTION: DiscrepancyKind.DESTRUCTION,
}


def _custody_errors(event: CustodyEvent, item: Item) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if event.kind in SHIPMENT_KINDS or event.kind not in CUSTODY_TRANSITIONS:
        errors["kind"] = _("Dispatch and delivery are recorded by the shipment's steps.")
        return errors
    allowed_from, _target = CUSTODY_TRANSITIONS[event.kind]
    if item.status not in allowed_from:
        errors["kind"] = _("“%(event)s” cannot be recorded for an item that is “%(status)s”.") % {
            "event": CustodyKind(event.kind).label,
            "status": item.get_status_display(),  # type: ignore[attr-defined]
        }
    if event.kind == CustodyKind.MOVE and event.to_unit_id is None and event.to_site_id is None:
        errors["to_unit"] = _("Name the unit or the site the item moves to.")
    end_user = item.transfer.end_user
    to_unit = event.to_unit if event.to_unit_id else None
    to_site = event.to_site if event.to_site_id else None
    if to_unit is not None and not to_unit.path.startswith(end_user.path):
        errors["to_unit"] = _(
            "%(unit)s is outside the transfer's end user (%(end_user)s); the item may not go there."
        ) % {"unit": to_unit, "end_user": end_user}
    occurred = timezone.localdate(event.occurred_at) if event.occurred_at else timezone.localdate()
    moving_in = to_site is not None and to_site.pk != item.site_id
    if moving_in and not to_site.certified_on_day(occurred):  # type: ignore[union-attr]
        errors["to_site"] = _(
            "The storage certification of %(site)s has expired or was never given."
        ) % {"site": to_site}
    if event.occurred_at and event.occurred_at > timezone.now() + dt.timedelta(minutes=5):
        errors["occurred_at"] = _("A custody event cannot be recorded before it happens.")
    if (
        event.kind == CustodyKind.RETRANSFER
        and item.transfer.retransfer_needs_consent
        and not event.consent_reference.strip()
    ):
        errors["consent_reference"] = _(
            "This transfer allows no retransfer without the exporter's written consent; "
            "give its reference."
        )
    return errors


def delete_custody_event(event: CustodyEvent, *, actor: User | None) -> None:
    raise ValidationError(_("A custody event is never deleted."))
