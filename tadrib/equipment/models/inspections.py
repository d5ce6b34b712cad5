"""Inspections with their findings, and discrepancies."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tadrib.core.models import TadribModel
from tadrib.equipment.choices import (
    DiscrepancyKind,
    DiscrepancyStatus,
    FindingOutcome,
    InspectionKind,
)
from tadrib.equipment.models.base import (
    INSPECTION_POLICY,
    SERIAL,
    TRANSFER_SIDES,
    check_rule,
    known_choice,
    unique_rule,
)
from tadrib.equipment.models.catalogue import ItemType, StorageSite
from tadrib.equipment.models.items import Item
from tadrib.equipment.models.transfers import Shipment, Transfer
from tadrib.organisations.models import Organisation


class Inspection(TadribModel):
    """An inventory, a storage-site security check or a post-shipment check,
    due on a date, with what was found."""

    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("inspecting organisation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices)
    transfer = models.ForeignKey(
        Transfer, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("transfer")
    )
    shipment = models.ForeignKey(
        Shipment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("shipment"),
    )
    site = models.ForeignKey(
        StorageSite,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("site"),
    )
    due_on = models.DateField(_("due on"))
    conducted_on = models.DateField(_("conducted on"), null=True, blank=True)
    inspectors = models.CharField(_("inspectors"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    owner_path_lookup = "owner__path"
    owner_field = "owner"
    shared_lookups: ClassVar = (
        "transfer__exporter",
        *(f"transfer__{side}" for side in TRANSFER_SIDES),
    )
    access_policy: ClassVar = INSPECTION_POLICY
    constraint_fields: ClassVar = {"equipment_inspection_site_for_security": "site"}

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        constraints = [
            known_choice("inspection", "kind", InspectionKind),
            check_rule(
                "inspection",
                "site_for_security",
                ~Q(kind=InspectionKind.SITE_SECURITY) | Q(site__isnull=False),
                _("A storage-site security check names the site."),
            ),
        ]
        indexes = [
            models.Index(fields=["conducted_on", "due_on"], name="equipment_inspection_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.transfer.reference} ({self.due_on})"

    @property
    def is_overdue(self) -> bool:
        return self.conducted_on is None and self.due_on < timezone.localdate()

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        transfer = self.transfer if self.transfer_id else None
        owner = self.owner if self.owner_id else None
        if transfer is not None and owner is not None:
            sides = {transfer.exporter.nation_id, transfer.importer.nation_id}
            if owner.nation_id not in sides:
                errors["owner"] = _("The inspection is made by the exporter's or importer's side.")
            elif (
                self.kind == InspectionKind.POST_SHIPMENT
                and owner.nation_id != transfer.exporter.nation_id
            ):
                errors["owner"] = _("A post-shipment check is made by the exporter's inspectors.")
        if (
            transfer is not None
            and self.kind == InspectionKind.POST_SHIPMENT
            and not transfer.onsite_checks_allowed
        ):
            errors["kind"] = _("This transfer's end-use conditions allow no on-site checks.")
        shipment = self.shipment if self.shipment_id else None
        if transfer is not None and shipment is not None and shipment.transfer_id != transfer.pk:
            errors["shipment"] = _("Choose a shipment of this transfer.")
        if self.conducted_on and self.conducted_on > timezone.localdate():
            errors["conducted_on"] = _("An inspection cannot be recorded before it is made.")
        if errors:
            raise ValidationError(errors)


class InspectionFinding(TadribModel):
    """One serial of an inventory: found, missing, or scanned but unknown."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="findings", verbose_name=_("inspection")
    )
    serial_number = models.CharField(_("serial number"), max_length=60, validators=[SERIAL])
    item = models.ForeignKey(
        Item,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("item"),
        editable=False,
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=FindingOutcome.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    owner_path_lookup = "inspection__owner__path"
    owner_field = "inspection"
    shared_lookups: ClassVar = tuple(
        f"inspection__{lookup}" for lookup in Inspection.shared_lookups
    )
    access_policy: ClassVar = INSPECTION_POLICY
    constraint_fields: ClassVar = {"equipment_inspectionfinding_unique_serial": "serial_number"}

    class Meta:
        ordering = ["inspection", "outcome", "serial_number"]
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")
        constraints = [
            unique_rule(
                "inspectionfinding",
                "unique_serial",
                ["inspection", "serial_number"],
                _("This serial number is already recorded in this inspection."),
            ),
            known_choice("inspectionfinding", "outcome", FindingOutcome),
        ]

    def __str__(self) -> str:
        return f"{self.serial_number} — {self.get_outcome_display()}"


class Discrepancy(TadribModel):
    """A difference between what should be and what is (a shortage at
    hand-over, a loss, a theft): reported within the deadline, investigated,
    resolved or escalated as a suspected diversion."""

    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="discrepancies",
        verbose_name=_("recorded by"),
    )
    transfer = models.ForeignKey(
        Transfer,
        on_delete=models.PROTECT,
        related_name="discrepancies",
        verbose_name=_("transfer"),
    )
    shipment = models.ForeignKey(
        Shipment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discrepancies",
        verbose_name=_("shipment"),
    )
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discrepancies",
        verbose_name=_("inspection"),
    )
    item = models.ForeignKey(
        Item,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discrepancies",
        verbose_name=_("item"),
    )
    item_type = models.ForeignKey(
        ItemType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discrepancies",
        verbose_name=_("item type"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=DiscrepancyKind.choices)
    serial_number = models.CharField(
        _("serial number found"), max_length=60, blank=True, help_text=_("A serial not expected.")
    )
    expected_serial = models.CharField(_("serial number expected"), max_length=60, blank=True)
    quantity = models.PositiveIntegerField(
        _("quantity"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10**9)]
    )
    discovered_on = models.DateField(_("discovered on"))
    report_due_on = models.DateField(_("report due on"), blank=True, editable=False)
    reported_on = models.DateField(_("reported on"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=14,
        choices=DiscrepancyStatus.choices,
        default=DiscrepancyStatus.OPEN,
        editable=False,
    )
    description = models.TextField(_("description"))
    investigation = models.TextField(_("investigation"), blank=True)
    resolution = models.TextField(_("resolution"), blank=True, editable=False)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True, editable=False)

    owner_path_lookup = "owner__path"
    owner_field = "owner"
    shared_lookups: ClassVar = Inspection.shared_lookups
    access_policy: ClassVar = INSPECTION_POLICY
    constraint_fields: ClassVar = {"equipment_discrepancy_due_after_discovery": "discovered_on"}

    # Days from discovery within which a discrepancy must be reported.
    REPORT_WITHIN_DAYS: ClassVar[int] = 30

    class Meta:
        ordering = ["report_due_on", "pk"]
        verbose_name = _("discrepancy")
        verbose_name_plural = _("discrepancies")
        constraints = [
            known_choice("discrepancy", "kind", DiscrepancyKind),
            known_choice("discrepancy", "status", DiscrepancyStatus),
            check_rule(
                "discrepancy",
                "due_after_discovery",
                Q(report_due_on__gte=F("discovered_on")),
                _("The report is due after the discovery."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "report_due_on"], name="equipment_discrepancy_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.transfer.reference} ({self.discovered_on})"

    @classmethod
    def due_date(cls, discovered_on: dt.date) -> dt.date:
        return discovered_on + dt.timedelta(days=cls.REPORT_WITHIN_DAYS)

    @property
    def is_overdue(self) -> bool:
        return self.reported_on is None and self.report_due_on < timezone.localdate()

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.discovered_on:
            if self.discovered_on > timezone.localdate():
                errors["discovered_on"] = _("A discrepancy cannot be discovered in the future.")
            else:  # (a date far in the future has no due date: 31 December 9999 + 30 days)
                self.report_due_on = self.due_date(self.discovered_on)
        transfer = self.transfer if self.transfer_id else None
        owner = self.owner if self.owner_id else None
        if (
            transfer is not None
            and owner is not None
            and owner.nation_id not in {transfer.exporter.nation_id, transfer.importer.nation_id}
        ):
            errors["owner"] = _("The discrepancy is recorded by the exporter's or importer's side.")
        if transfer is not None:
            messages = {
                "shipment": _("Choose a shipment of this transfer."),
                "item": _("Choose an item of this transfer."),
                "inspection": _("Choose an inspection of this transfer."),
            }
            for name, message in messages.items():
                related = getattr(self, name) if getattr(self, f"{name}_id") else None
                if related is not None and related.transfer_id != transfer.pk:
                    errors[name] = message
        if errors:
            raise ValidationError(errors)
