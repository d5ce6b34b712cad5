"""Inspections, inventories and discrepancies with their steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tadrib.core.services import delete_audited, refuse_illegal_transition, save_audited
from tadrib.equipment.choices import (
    DISCREPANCY_REASON_REQUIRED,
    DISCREPANCY_TRANSITIONS,
    HELD,
    INVENTORY_KINDS,
    DiscrepancyKind,
    DiscrepancyStatus,
    FindingOutcome,
    InspectionKind,
)
from tadrib.equipment.models import (
    Discrepancy,
    Inspection,
    InspectionFinding,
    Item,
)
from tadrib.equipment.services.sides import acts_for, may_steer_discrepancy, related_or_none

if TYPE_CHECKING:
    from tadrib.accounts.models import User


def _inventory_recorded_by_its_scan(stored: Inspection, inspection: Inspection) -> None:
    if inspection.kind in INVENTORY_KINDS and inspection.conducted_on != stored.conducted_on:
        raise ValidationError(
            {"conducted_on": _("An inventory is recorded with the serials scanned, on its page.")}
        )


def save_inspection(inspection: Inspection, *, actor: User | None) -> Inspection:
    """Save an inspection's particulars. An inventory's date of conduct is set
    only by ``record_inventory``, with what was found."""
    if inspection._state.adding and inspection.kind in INVENTORY_KINDS and inspection.conducted_on:
        _inventory_recorded_by_its_scan(Inspection(conducted_on=None), inspection)
    return save_audited(inspection, actor=actor, check_change=_inventory_recorded_by_its_scan)


def delete_inspection(inspection: Inspection, *, actor: User | None) -> None:
    if inspection.conducted_on is not None:
        raise ValidationError(_("An inspection that has been made is kept."))
    delete_audited(inspection, actor=actor)


def save_inspection_finding(finding: InspectionFinding, *, actor: User | None) -> InspectionFinding:
    inspection = related_or_none(finding, "inspection")
    if inspection is not None and finding.serial_number:
        finding.item = (
            Item.objects.filter(
                transfer_id=inspection.transfer_id, serial_number=finding.serial_number
            )
            .order_by("pk")
            .first()
        )
    return save_audited(finding, actor=actor)


def delete_inspection_finding(finding: InspectionFinding, *, actor: User | None) -> None:
    delete_audited(finding, actor=actor)


def expected_items(inspection: Inspection) -> Any:
    """The items an inventory expects to find: the transfer's items held by a
    unit (of the shipment, at the site, when the inspection names them)."""
    items = Item.objects.filter(transfer_id=inspection.transfer_id, status__in=HELD)
    if inspection.shipment_id:
        items = items.filter(shipment_id=inspection.shipment_id)
    if inspection.site_id:
        items = items.filter(site_id=inspection.site_id)
    return items


def next_year(day: dt.date) -> dt.date:
    """The same date a year later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


@transaction.atomic
def record_inventory(
    inspection: Inspection,
    *,
    serials: Sequence[str],
    conducted_on: dt.date,
    actor: User | None,
    inspectors: str = "",
    summary: str = "",
) -> Inspection:
    """Record an inventory from the serials scanned: each expected item found
    or missing, each serial the system does not know unexpected. Missing
    items and unknown serials become discrepancies; where the transfer has
    enhanced-monitoring items, the next annual inventory falls due a year
    later."""
    locked = (
        Inspection.objects.select_for_update(of=("self",))
        .select_related("transfer", "owner")
        .get(pk=inspection.pk)
    )
    if not acts_for(actor, locked.owner, Inspection):
        raise PermissionDenied(_("Only the inspecting organisation records its inventory."))
    if locked.kind not in INVENTORY_KINDS:
        raise ValidationError({"kind": _("Only an inventory records serials.")})
    if locked.conducted_on is not None:
        raise ValidationError(_("This inventory has already been recorded."))
    scanned = list(dict.fromkeys(s.strip() for s in serials if s.strip()))
    expected = dict(expected_items(locked).values_list("serial_number", "pk"))
    known = (
        {
            serial: pk
            for pk, serial in Item.objects.filter(
                transfer_id=locked.transfer_id, serial_number__in=scanned
            ).values_list("pk", "serial_number")
        }
        if len(scanned) <= 5000
        else dict(
            Item.objects.filter(transfer_id=locked.transfer_id).values_list("serial_number", "pk")
        )
    )
    findings = [
        InspectionFinding(
            inspection=locked,
            serial_number=serial,
            item_id=known.get(serial),
            outcome=FindingOutcome.FOUND if serial in known else FindingOutcome.UNEXPECTED,
        )
        for serial in scanned
    ]
    missing = [serial for serial in expected if serial not in set(scanned)]
    findings += [
        InspectionFinding(
            inspection=locked,
            serial_number=serial,
            item_id=expected[serial],
            outcome=FindingOutcome.MISSING,
        )
        for serial in missing
    ]
    locked.conducted_on = conducted_on
    locked.inspectors = inspectors or locked.inspectors
    locked.summary = summary or locked.summary
    save_audited(
        locked,
        actor=actor,
        action="inspection.recorded",
        extra_changes={
            "found": len(scanned) - sum(1 for s in scanned if s not in known),
            "missing": len(missing),
            "unexpected": sum(1 for s in scanned if s not in known),
        },
    )
    InspectionFinding.objects.bulk_create(findings, batch_size=2000)
    for serial in missing:
        save_audited(
            Discrepancy(
                owner=locked.owner,
                transfer_id=locked.transfer_id,
                inspection=locked,
                item_id=expected[serial],
                kind=DiscrepancyKind.LOSS,
                expected_serial=serial,
                discovered_on=conducted_on,
                description=_("Not found at the inventory of %(day)s.") % {"day": conducted_on},
            ),
            actor=actor,
            authorised=True,
        )
    for serial in scanned:
        if serial not in known:
            save_audited(
                Discrepancy(
                    owner=locked.owner,
                    transfer_id=locked.transfer_id,
                    inspection=locked,
                    kind=DiscrepancyKind.OVERAGE,
                    serial_number=serial,
                    discovered_on=conducted_on,
                    description=_("Serial scanned at the inventory but not known."),
                ),
                actor=actor,
                authorised=True,
            )
    _schedule_annual(locked, actor)
    return locked


def _schedule_annual(inspection: Inspection, actor: User | None) -> None:
    monitored = Item.objects.filter(
        transfer_id=inspection.transfer_id, status__in=HELD, item_type__enhanced_monitoring=True
    )
    pending = Inspection.objects.filter(
        transfer_id=inspection.transfer_id,
        kind=InspectionKind.ANNUAL_INVENTORY,
        conducted_on__isnull=True,
    )
    if monitored.exists() and not pending.exists():
        save_audited(
            Inspection(
                owner=inspection.owner,
                kind=InspectionKind.ANNUAL_INVENTORY,
                transfer_id=inspection.transfer_id,
                due_on=next_year(inspection.conducted_on or timezone.localdate()),
            ),
            actor=actor,
            authorised=True,
        )


# --- discrepancies -------------------------------------------------------------------


def save_discrepancy(discrepancy: Discrepancy, *, actor: User | None) -> Discrepancy:
    return save_audited(discrepancy, actor=actor)


def delete_discrepancy(discrepancy: Discrepancy, *, actor: User | None) -> None:
    if discrepancy.status != DiscrepancyStatus.OPEN:
        raise ValidationError(_("A discrepancy that has been reported is kept."))
    delete_audited(discrepancy, actor=actor)


@transaction.atomic
def change_discrepancy_status(
    discrepancy: Discrepancy, target: str, *, actor: User | None, reason: str = ""
) -> Discrepancy:
    """Report, investigate, escalate (suspected diversion) or resolve. The
    exporter's side may take any step after the report, too."""
    locked = (
        Discrepancy.objects.select_for_update(of=("self",))
        .select_related("owner", "transfer__exporter")
        .get(pk=discrepancy.pk)
    )
    if not may_steer_discrepancy(actor, locked):
        raise PermissionDenied(_("You may not make this change in this organisation."))
    refuse_illegal_transition(
        DiscrepancyStatus,
        DISCREPANCY_TRANSITIONS,
        locked.status,
        target,
        _("A discrepancy that is “%(current)s” cannot become “%(target)s”."),
    )
    if target not in DiscrepancyStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if target in DISCREPANCY_REASON_REQUIRED and not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    today = timezone.localdate()
    if target == DiscrepancyStatus.REPORTED:
        locked.reported_on = today
    if target == DiscrepancyStatus.RESOLVED:
        locked.resolved_on = today
        locked.resolution = reason.strip()
    elif reason.strip():
        locked.investigation = "\n\n".join(p for p in (locked.investigation, reason.strip()) if p)
    locked.status = target
    save_audited(
        locked,
        actor=actor,
        action=f"discrepancy.{target}",
        authorised=True,
        extra_changes={"reason": reason},
    )
    return locked
