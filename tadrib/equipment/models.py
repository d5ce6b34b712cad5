"""Equipment handed over under an agreement and accounted for item by item:
item types, transfers and their authorised lines, shipments with the serials
captured before dispatch, serialised items and their append-only custody
trail, storage sites, inspections and discrepancies.

Who sees what: a transfer and everything under it (lines, shipments, items)
belong to the exporter, wherever the items are, and are read by the importer
and the end user (and the offices above them). A custody event belongs to the
unit that held the item after it; inspections and discrepancies to the
organisation that recorded them; all three are read by the transfer's two
sides. Nobody else sees any of it. Item types are reference data.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tadrib.agreements.models import Programme
from tadrib.core.access import policy
from tadrib.core.choices import Role
from tadrib.core.models import MultilingualName, TadribModel
from tadrib.equipment.choices import (
    ArmsCategory,
    CourseRole,
    CustodyKind,
    DiscrepancyKind,
    DiscrepancyStatus,
    FindingOutcome,
    InspectionKind,
    ItemStatus,
    ShipmentStatus,
    TransferStatus,
    category_definition,
)
from tadrib.organisations.models import Organisation
from tadrib.training.models import Course

R = Role
# Transfers, shipments, items, sites and custody: logistics officers and managers.
LOGISTICS_POLICY = policy(
    add=[R.ADMINISTRATOR, R.MANAGER, R.LOGISTICS_OFFICER],
    change=[R.ADMINISTRATOR, R.MANAGER, R.LOGISTICS_OFFICER],
    delete=[R.ADMINISTRATOR, R.MANAGER, R.LOGISTICS_OFFICER],
)
# Inspections and discrepancies: inspectors too.
INSPECTION_POLICY = policy(
    add=[R.ADMINISTRATOR, R.MANAGER, R.LOGISTICS_OFFICER, R.INSPECTOR],
    change=[R.ADMINISTRATOR, R.MANAGER, R.LOGISTICS_OFFICER, R.INSPECTOR],
    delete=[R.ADMINISTRATOR, R.MANAGER, R.INSPECTOR],
)
# Append-only: recorded, never changed or deleted.
CUSTODY_POLICY = policy(add=[R.ADMINISTRATOR, R.MANAGER, R.LOGISTICS_OFFICER], change=[], delete=[])
# Read by a transfer's two sides besides the record's owner.
TRANSFER_SIDES = ("importer", "end_user")

SERIAL = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9/._-]*$",
    _("Use letters, digits, '/', '.', '-' or '_' (no spaces)."),
)
CURRENCY = RegexValidator(r"^[A-Z]{3}$", _("Use the three capital letters of ISO 4217."))


def _check(model: str, rule: str, condition: Q, message: Any) -> models.CheckConstraint:
    """A named check constraint whose violation is reported under its name
    (the key of the model's ``constraint_fields``)."""
    name = f"equipment_{model}_{rule}"
    return models.CheckConstraint(
        condition=condition, name=name, violation_error_code=name, violation_error_message=message
    )


def _unique(model: str, rule: str, fields: list[str], message: Any) -> models.UniqueConstraint:
    name = f"equipment_{model}_{rule}"
    return models.UniqueConstraint(
        fields=fields, name=name, violation_error_code=name, violation_error_message=message
    )


def _known(model: str, field: str, choices: type[models.TextChoices]) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": choices.values}),
        name=f"equipment_{model}_known_{field}",
        violation_error_message=_("Unknown value."),
    )


class ItemType(MultilingualName, TadribModel):
    """A model of equipment (reference data): how the treaty reports count
    it, whether each piece carries a serial, and the crew it needs."""

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z0-9][A-Z0-9._-]*$", _("Use capital letters, digits, '.', '-' or '_'.")
            )
        ],
    )
    model = models.CharField(_("model"), max_length=120, help_text=_("Designation, e.g. Kirpi II."))
    category = models.CharField(
        _("category"),
        max_length=4,
        choices=ArmsCategory.choices,
        help_text=_("UN Register of Conventional Arms category, or small arms / light weapons."),
    )
    national_control_code = models.CharField(
        _("national control code"),
        max_length=40,
        blank=True,
        help_text=_("Entry of the exporter's control list, e.g. ML6.a."),
    )
    serial_tracked = models.BooleanField(
        _("serial-tracked"), default=True, help_text=_("Each piece carries its own serial number.")
    )
    enhanced_monitoring = models.BooleanField(
        _("enhanced monitoring"),
        default=False,
        help_text=_("Inventoried every year, not only on arrival."),
    )
    crew_per_system = models.PositiveSmallIntegerField(_("crew per system"), default=0)
    maintainers_per_system = models.PositiveSmallIntegerField(
        _("maintainers per system"), default=0
    )
    description = models.TextField(_("description"), blank=True)

    access_scope = "reference"
    # Besides instance administrators, logistics officers keep the list.
    reference_editors: ClassVar = frozenset({R.LOGISTICS_OFFICER})
    constraint_fields: ClassVar = {"equipment_itemtype_serialised_crew": "crew_per_system"}

    class Meta:
        ordering = ["category", "code"]
        verbose_name = _("item type")
        verbose_name_plural = _("item types")
        constraints = [
            _known("itemtype", "category", ArmsCategory),
            _check(
                "itemtype",
                "serialised_crew",
                Q(serial_tracked=True) | Q(crew_per_system=0, maintainers_per_system=0),
                _("Only serial-tracked systems have a crew."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def category_definition(self) -> str:
        return category_definition(self.category)


class ItemTypeCourse(TadribModel):
    """A course that qualifies operators or maintainers of an item type."""

    item_type = models.ForeignKey(
        ItemType, on_delete=models.CASCADE, related_name="courses", verbose_name=_("item type")
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="item_types", verbose_name=_("course")
    )
    role = models.CharField(_("qualifies"), max_length=12, choices=CourseRole.choices)

    access_scope = "reference"
    reference_editors: ClassVar = frozenset({R.LOGISTICS_OFFICER})
    constraint_fields: ClassVar = {"equipment_itemtypecourse_unique": "course"}

    class Meta:
        ordering = ["item_type", "role", "course"]
        verbose_name = _("qualifying course")
        verbose_name_plural = _("qualifying courses")
        constraints = [
            _unique(
                "itemtypecourse",
                "unique",
                ["item_type", "course", "role"],
                _("This course is already listed for this item type and role."),
            ),
            _known("itemtypecourse", "role", CourseRole),
        ]

    def __str__(self) -> str:
        return f"{self.item_type.code} — {self.course.code} ({self.get_role_display()})"


class StorageSite(TadribModel):
    """A depot, armoury or ammunition store; items may be moved only into a
    site whose storage certification has not expired."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="storage_sites",
        verbose_name=_("run by"),
    )
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    location = models.CharField(_("location"), max_length=200, blank=True)
    certified_on = models.DateField(_("certified on"), null=True, blank=True)
    certification_expires_on = models.DateField(
        _("certification expires on"),
        null=True,
        blank=True,
        help_text=_("Physical-security certification; empty: not certified."),
    )

    owner_path_lookup = "organisation__path"
    owner_field = "organisation"
    access_policy: ClassVar = LOGISTICS_POLICY
    constraint_fields: ClassVar = {
        "equipment_storagesite_unique_code": "code",
        "equipment_storagesite_expiry_after_certification": "certification_expires_on",
    }

    class Meta:
        ordering = ["code"]
        verbose_name = _("storage site")
        verbose_name_plural = _("storage sites")
        constraints = [
            _unique(
                "storagesite",
                "unique_code",
                ["organisation", "code"],
                _("This organisation already has a site with this code."),
            ),
            _check(
                "storagesite",
                "expiry_after_certification",
                Q(certification_expires_on__isnull=True)
                | Q(certified_on__isnull=True)
                | Q(certification_expires_on__gt=F("certified_on")),
                _("The certification must expire after it was given."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def certified_on_day(self, day: dt.date) -> bool:
        expires = self.certification_expires_on
        return expires is not None and expires >= day


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
            _unique(
                "transfer",
                "unique_reference",
                ["exporter", "reference"],
                _("This exporter already has a transfer with this reference."),
            ),
            _check(
                "transfer",
                "two_sides",
                ~Q(importer=F("exporter")),
                _("The importer cannot be the exporter."),
            ),
            _known("transfer", "status", TransferStatus),
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
            _unique(
                "transferline",
                "unique_type",
                ["transfer", "item_type"],
                _("This transfer already has a line for this item type."),
            ),
            _check(
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
            _unique(
                "shipment",
                "unique_code",
                ["transfer", "code"],
                _("This transfer already has a shipment with this code."),
            ),
            _check(
                "shipment",
                "delivered_when_signed",
                Q(delivered_at__isnull=True)
                | Q(exporter_signed_at__isnull=False, importer_signed_at__isnull=False),
                _("A shipment is delivered only when both sides have countersigned."),
            ),
            _known("shipment", "status", ShipmentStatus),
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
            _unique(
                "shipmentline",
                "unique_line",
                ["shipment", "transfer_line"],
                _("This shipment already carries this transfer line."),
            ),
            _check(
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
            _unique(
                "item",
                "unique_serial",
                ["item_type", "serial_number"],
                _("An item of this type with this serial number is already known."),
            ),
            _check(
                "item", "not_own_part", ~Q(parent=F("id")), _("An item cannot be its own part.")
            ),
            _known("item", "status", ItemStatus),
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
            _known("custodyevent", "kind", CustodyKind),
            _known("custodyevent", "status_after", ItemStatus),
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
            _known("inspection", "kind", InspectionKind),
            _check(
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
            _unique(
                "inspectionfinding",
                "unique_serial",
                ["inspection", "serial_number"],
                _("This serial number is already recorded in this inspection."),
            ),
            _known("inspectionfinding", "outcome", FindingOutcome),
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
            _known("discrepancy", "kind", DiscrepancyKind),
            _known("discrepancy", "status", DiscrepancyStatus),
            _check(
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
