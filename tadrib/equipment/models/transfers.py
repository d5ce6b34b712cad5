"""Transfers, their authorised lines, shipments and shipment lines."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tadrib.agreements.models import Programme
from tadrib.core.models import TadribModel
from tadrib.equipment.choices import (
    ShipmentStatus,
    TransferStatus,
)
from tadrib.equipment.models.base import (
    CURRENCY,
    LOGISTICS_POLICY,
    TRANSFER_SIDES,
    check_rule,
    known_choice,
    unique_rule,
)
from tadrib.equipment.models.catalogue import ItemType, StorageSite
from tadrib.organisations.models import Organisation


class Transfer(TadribModel):
    """Equipment the exporter hands to the importer under a programme of an
    agreement, for one end user, on conditions of end use."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("programme")
    )
    reference = models.CharField(_("reference"), max_length=60)
    exporter = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="transfers_exported",
        verbose_name=_("exporter"),
    )
    importer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="transfers_imported",
        verbose_name=_("importer"),
    )
    end_user = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="transfers_used",
        verbose_name=_("end user"),
        help_text=_("Items may be held only by this organisation and its units."),
    )
    licence_number = models.CharField(_("export licence"), max_length=60, blank=True)
    authorised_on = models.DateField(_("authorised on"), null=True, blank=True)
    retransfer_needs_consent = models.BooleanField(
        _("no retransfer without the exporter's consent"), default=True
    )
    onsite_checks_allowed = models.BooleanField(
        _("on-site checks by the exporter allowed"), default=True
    )
    end_use = models.TextField(_("end-use statement"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=TransferStatus.choices,
        default=TransferStatus.DRAFT,
        editable=False,
    )
    status_reason = models.CharField(_("reason"), max_length=500, blank=True, editable=False)

    owner_path_lookup = "exporter__path"
    owner_field = "exporter"
    shared_lookups: ClassVar = TRANSFER_SIDES
    foreign_organisation_fields: ClassVar = ("importer", "end_user")
    access_policy: ClassVar = LOGISTICS_POLICY
    constraint_fields: ClassVar = {
        "equipment_transfer_unique_reference": "reference",
        "equipment_transfer_two_sides": "importer",
    }

    class Meta:
        ordering = ["-created_at", "reference"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            unique_rule(
                "transfer",
                "unique_reference",
                ["exporter", "reference"],
                _("This exporter already has a transfer with this reference."),
            ),
            check_rule(
                "transfer",
                "two_sides",
                ~Q(importer=F("exporter")),
                _("The importer cannot be the exporter."),
            ),
            known_choice("transfer", "status", TransferStatus),
        ]

    def __str__(self) -> str:
        return self.reference

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        exporter = self.exporter if self.exporter_id else None
        importer = self.importer if self.importer_id else None
        end_user = self.end_user if self.end_user_id else None
        programme = self.programme if self.programme_id else None
        if exporter and importer and exporter.nation_id == importer.nation_id:
            errors["importer"] = _("The importer belongs to another nation than the exporter.")
        if importer and end_user and not end_user.path.startswith(importer.path):
            errors["end_user"] = _("The end user is the importer or one of its organisations.")
        if programme is not None:
            if exporter and exporter.nation_id != programme.host_organisation.nation_id:
                errors["exporter"] = _("The exporter belongs to the programme's host nation.")
            if importer and importer.nation_id != programme.partner_organisation.nation_id:
                errors["importer"] = _("The importer belongs to the programme's partner nation.")
        if errors:
            raise ValidationError(errors)

    @property
    def agreement(self) -> Any:
        return self.programme.clause.agreement


class TransferLine(TadribModel):
    """An authorised line: so many of an item type, for so much."""

    transfer = models.ForeignKey(
        Transfer, on_delete=models.CASCADE, related_name="lines", verbose_name=_("transfer")
    )
    item_type = models.ForeignKey(
        ItemType,
        on_delete=models.PROTECT,
        related_name="transfer_lines",
        verbose_name=_("item type"),
    )
    quantity = models.PositiveIntegerField(
        _("quantity authorised"), validators=[MinValueValidator(1)]
    )
    value = models.DecimalField(
        _("value"),
        max_digits=16,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD", validators=[CURRENCY])
    comments = models.CharField(_("comments"), max_length=300, blank=True)

    owner_path_lookup = "transfer__exporter__path"
    owner_field = "transfer"
    shared_lookups: ClassVar = tuple(f"transfer__{side}" for side in TRANSFER_SIDES)
    access_policy: ClassVar = LOGISTICS_POLICY
    constraint_fields: ClassVar = {
        "equipment_transferline_unique_type": "item_type",
        "equipment_transferline_positive": "quantity",
    }

    class Meta:
        ordering = ["transfer", "item_type__category", "item_type__code"]
        verbose_name = _("transfer line")
        verbose_name_plural = _("transfer lines")
        constraints = [
            unique_rule(
                "transferline",
                "unique_type",
                ["transfer", "item_type"],
                _("This transfer already has a line for this item type."),
            ),
            check_rule(
                "transferline",
                "positive",
                Q(quantity__gte=1) & Q(value__gte=0),
                _("The quantity is at least one and the value not negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.transfer.reference} — {self.item_type.code} × {self.quantity}"


class Shipment(TadribModel):
    """One consignment of a transfer: serials captured before dispatch, the
    count at hand-over and both sides' countersignatures (the moment it is
    delivered)."""

    transfer = models.ForeignKey(
        Transfer, on_delete=models.PROTECT, related_name="shipments", verbose_name=_("transfer")
    )
    code = models.CharField(_("code"), max_length=40)
    receiving_unit = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="shipments_received",
        verbose_name=_("receiving unit"),
        help_text=_("Takes custody at the hand-over: the end user or one of its units."),
    )
    destination_site = models.ForeignKey(
        StorageSite,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shipments",
        verbose_name=_("destination site"),
    )
    expected_on = models.DateField(_("expected on"), null=True, blank=True)
    carrier = models.CharField(_("carrier"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ShipmentStatus.choices,
        default=ShipmentStatus.PREPARING,
        editable=False,
    )
    dispatched_on = models.DateField(_("dispatched on"), null=True, blank=True, editable=False)
    # The hand-over count: [{"serial": …, "item_type": code or ""}], and the
    # bulk lines' counts on each ShipmentLine.
    received_serials = models.JSONField(
        _("serials counted at hand-over"), default=list, blank=True, editable=False
    )
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True, editable=False)
    exporter_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("countersigned for the exporter by"),
    )
    exporter_signed_at = models.DateTimeField(
        _("countersigned for the exporter at"), null=True, blank=True, editable=False
    )
    importer_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("countersigned for the importer by"),
    )
    importer_signed_at = models.DateTimeField(
        _("countersigned for the importer at"), null=True, blank=True, editable=False
    )
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True, editable=False)

    owner_path_lookup = "transfer__exporter__path"
    owner_field = "transfer"
    shared_lookups: ClassVar = tuple(f"transfer__{side}" for side in TRANSFER_SIDES)
    access_policy: ClassVar = LOGISTICS_POLICY
    audit_exclude: ClassVar = frozenset({"created_at", "updated_at", "received_serials"})
    constraint_fields: ClassVar = {"equipment_shipment_unique_code": "code"}

    class Meta:
        ordering = ["transfer", "code"]
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        constraints = [
            unique_rule(
                "shipment",
                "unique_code",
                ["transfer", "code"],
                _("This transfer already has a shipment with this code."),
            ),
            check_rule(
                "shipment",
                "delivered_when_signed",
                Q(delivered_at__isnull=True)
                | Q(exporter_signed_at__isnull=False, importer_signed_at__isnull=False),
                _("A shipment is delivered only when both sides have countersigned."),
            ),
            known_choice("shipment", "status", ShipmentStatus),
        ]

    def __str__(self) -> str:
        return f"{self.transfer.reference} / {self.code}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        transfer = self.transfer if self.transfer_id else None
        unit = self.receiving_unit if self.receiving_unit_id else None
        site = self.destination_site if self.destination_site_id else None
        if (
            transfer is not None
            and unit is not None
            and not unit.path.startswith(transfer.end_user.path)
        ):
            errors["receiving_unit"] = _(
                "The receiving unit is the transfer's end user or one of its units."
            )
        if (
            transfer is not None
            and site is not None
            and site.organisation.nation_id != transfer.importer.nation_id
        ):
            errors["destination_site"] = _("The site belongs to the importer's nation.")
        if errors:
            raise ValidationError(errors)


class ShipmentLine(TadribModel):
    """How many of a transfer line travel in a shipment, and how many were
    counted at the hand-over."""

    shipment = models.ForeignKey(
        Shipment, on_delete=models.CASCADE, related_name="lines", verbose_name=_("shipment")
    )
    transfer_line = models.ForeignKey(
        TransferLine,
        on_delete=models.PROTECT,
        related_name="shipment_lines",
        verbose_name=_("transfer line"),
    )
    quantity_shipped = models.PositiveIntegerField(
        _("quantity shipped"), validators=[MinValueValidator(1)]
    )
    quantity_received = models.PositiveIntegerField(
        _("quantity received"), null=True, blank=True, editable=False
    )

    owner_path_lookup = "shipment__transfer__exporter__path"
    owner_field = "shipment"
    shared_lookups: ClassVar = tuple(f"shipment__transfer__{side}" for side in TRANSFER_SIDES)
    access_policy: ClassVar = LOGISTICS_POLICY
    constraint_fields: ClassVar = {
        "equipment_shipmentline_unique_line": "transfer_line",
        "equipment_shipmentline_positive": "quantity_shipped",
    }

    class Meta:
        ordering = ["shipment", "transfer_line"]
        verbose_name = _("shipment line")
        verbose_name_plural = _("shipment lines")
        constraints = [
            unique_rule(
                "shipmentline",
                "unique_line",
                ["shipment", "transfer_line"],
                _("This shipment already carries this transfer line."),
            ),
            check_rule(
                "shipmentline",
                "positive",
                Q(quantity_shipped__gte=1),
                _("A shipment line carries at least one item."),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.shipment.code} — {self.transfer_line.item_type.code} × {self.quantity_shipped}"
        )

    def clean(self) -> None:
        if (
            self.shipment_id
            and self.transfer_line_id
            and self.transfer_line.transfer_id != self.shipment.transfer_id
        ):
            raise ValidationError({"transfer_line": _("Choose a line of the shipment's transfer.")})
