"""Serialised items and their append-only custody events."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tadrib.core.models import TadribModel
from tadrib.equipment.choices import (
    CustodyKind,
    ItemStatus,
)
from tadrib.equipment.models.base import (
    CUSTODY_POLICY,
    LOGISTICS_POLICY,
    SERIAL,
    TRANSFER_SIDES,
    check_rule,
    known_choice,
    unique_rule,
)
from tadrib.equipment.models.catalogue import ItemType, StorageSite
from tadrib.equipment.models.transfers import Shipment, Transfer
from tadrib.organisations.models import Organisation


class Item(TadribModel):
    """One serialised piece of equipment (a vehicle, a launcher, a rifle)."""

    item_type = models.ForeignKey(
        ItemType, on_delete=models.PROTECT, related_name="items", verbose_name=_("item type")
    )
    serial_number = models.CharField(_("serial number"), max_length=60, validators=[SERIAL])
    shipment = models.ForeignKey(
        Shipment, on_delete=models.PROTECT, related_name="items", verbose_name=_("shipment")
    )
    # The shipment's transfer, kept on the item so that scoping needs one join.
    transfer = models.ForeignKey(
        Transfer,
        on_delete=models.PROTECT,
        related_name="items",
        verbose_name=_("transfer"),
        blank=True,
        editable=False,
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("part of"),
        db_index=False,  # the partial index below: most items are no part
        help_text=_("The system this item belongs to (a launcher's vehicle)."),
    )
    status = models.CharField(
        _("status"),
        max_length=14,
        choices=ItemStatus.choices,
        default=ItemStatus.PREPARED,
        editable=False,
    )
    custodian = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items_held",
        verbose_name=_("custodian unit"),
        editable=False,
    )
    site = models.ForeignKey(
        StorageSite,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("site"),
        editable=False,
    )
    arrived_on = models.DateField(_("arrived on"), null=True, blank=True, editable=False)

    owner_path_lookup = "transfer__exporter__path"
    owner_field = "shipment"
    shared_lookups: ClassVar = tuple(f"transfer__{side}" for side in TRANSFER_SIDES)
    access_policy: ClassVar = LOGISTICS_POLICY
    constraint_fields: ClassVar = {
        "equipment_item_unique_serial": "serial_number",
        "equipment_item_not_own_part": "parent",
    }

    class Meta:
        ordering = ["item_type__code", "serial_number"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [
            unique_rule(
                "item",
                "unique_serial",
                ["item_type", "serial_number"],
                _("An item of this type with this serial number is already known."),
            ),
            check_rule(
                "item", "not_own_part", ~Q(parent=F("id")), _("An item cannot be its own part.")
            ),
            known_choice("item", "status", ItemStatus),
        ]
        indexes = [
            models.Index(fields=["custodian", "status"], name="equipment_item_custodian_idx"),
            models.Index(fields=["shipment", "item_type"], name="equipment_item_shipment_idx"),
            models.Index(fields=["transfer", "status"], name="equipment_item_transfer_idx"),
            models.Index(
                fields=["parent"],
                name="equipment_item_parent_idx",
                condition=Q(parent__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_type.code} {self.serial_number}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        shipment = self.shipment if self.shipment_id else None
        item_type = self.item_type if self.item_type_id else None
        if shipment is not None:
            self.transfer_id = shipment.transfer_id
        if item_type is not None and not item_type.serial_tracked:
            errors["item_type"] = _("Items of this type are counted, not tracked by serial.")
        if (
            shipment is not None
            and item_type is not None
            and not shipment.transfer.lines.filter(item_type=item_type).exists()
        ):
            errors["item_type"] = _("The shipment's transfer has no line for this item type.")
        parent = self.parent if self.parent_id else None
        if (
            parent is not None
            and shipment is not None
            and parent.transfer_id != shipment.transfer_id
        ):
            errors["parent"] = _("The system belongs to the same transfer.")
        if errors:
            raise ValidationError(errors)


class CustodyEvent(TadribModel):
    """One step in an item's life, never changed afterwards: who handed it
    over, who took it, from which unit and site to which, and its status
    before and after."""

    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="custody_events", verbose_name=_("item")
    )
    kind = models.CharField(_("event"), max_length=12, choices=CustodyKind.choices)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    # The unit that holds the item after the event (the exporter while it is
    # on its way): whose record this is.
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="custody_events",
        verbose_name=_("held by afterwards"),
        editable=False,
    )
    from_unit = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from unit"),
        editable=False,
    )
    to_unit = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to unit"),
        help_text=_("For a move: the unit taking custody (the end user or one of its units)."),
    )
    from_site = models.ForeignKey(
        StorageSite,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from site"),
        editable=False,
    )
    to_site = models.ForeignKey(
        StorageSite,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to site"),
    )
    status_before = models.CharField(
        _("status before"), max_length=14, choices=ItemStatus.choices, editable=False
    )
    status_after = models.CharField(
        _("status after"), max_length=14, choices=ItemStatus.choices, editable=False
    )
    handed_over_by = models.CharField(_("handed over by"), max_length=200, blank=True)
    taken_over_by = models.CharField(_("taken over by"), max_length=200, blank=True)
    document_reference = models.CharField(_("hand receipt"), max_length=80, blank=True)
    consent_reference = models.CharField(
        _("exporter's consent"),
        max_length=120,
        blank=True,
        help_text=_("For a retransfer: the reference of the exporter's written consent."),
    )
    note = models.TextField(_("note"), blank=True)

    owner_path_lookup = "owner__path"
    owner_field = "item"
    shared_lookups: ClassVar = (
        "item__transfer__exporter",
        *(f"item__transfer__{side}" for side in TRANSFER_SIDES),
    )
    access_policy: ClassVar = CUSTODY_POLICY

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("custody event")
        verbose_name_plural = _("custody events")
        constraints = [
            known_choice("custodyevent", "kind", CustodyKind),
            known_choice("custodyevent", "status_after", ItemStatus),
        ]
        indexes = [
            models.Index(fields=["item", "occurred_at"], name="equipment_custody_item_idx"),
            models.Index(fields=["owner", "occurred_at"], name="equipment_custody_owner_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.item} — {self.get_kind_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValidationError(_("A custody event is never changed; record a new one."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError(_("A custody event is never deleted."))
