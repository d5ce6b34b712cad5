"""Forms of the equipment records. Besides the shared scoping of choices,
fields that name the other side's records (the exporter's transfer on which
the importer records a discrepancy, the importer's unit a shipment goes to)
offer what the user may see; each field's choices read their labels' joins
in the same query."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import Q, QuerySet

from tadrib.core.access import reach_paths
from tadrib.core.choices import Action
from tadrib.core.forms import ScopedModelForm
from tadrib.equipment import selectors
from tadrib.equipment.choices import SHIPMENT_KINDS, CustodyKind
from tadrib.equipment.models import (
    CustodyEvent,
    Discrepancy,
    Inspection,
    InspectionFinding,
    Item,
    ItemType,
    ItemTypeCourse,
    Shipment,
    ShipmentLine,
    StorageSite,
    Transfer,
    TransferLine,
)
from tadrib.organisations.models import Organisation


class EquipmentForm(ScopedModelForm):
    """``joins``: per choice field, the relations its labels read.
    ``fixed``: fields shown but not changed once the record exists (a line
    stays on its transfer, an item in its shipment)."""

    joins: ClassVar[dict[str, tuple[str, ...]]] = {}
    fixed: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            for name in self.fixed:
                self.fields[name].disabled = True
        self.offer_other_side()
        for name, related in self.joins.items():
            field: Any = self.fields[name]
            field.queryset = field.queryset.select_related(*related)

    def offer_other_side(self) -> None:
        """Replace the choices of fields naming the other side's records."""

    def offer(self, name: str, queryset: QuerySet) -> None:
        field: Any = self.fields[name]
        field.queryset = queryset


class ItemTypeForm(EquipmentForm):
    class Meta:
        model = ItemType
        fields = [
            "code",
            "name_en",
            "name_ar",
            "name_tr",
            "model",
            "category",
            "national_control_code",
            "serial_tracked",
            "enhanced_monitoring",
            "crew_per_system",
            "maintainers_per_system",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class ItemTypeCourseForm(EquipmentForm):
    fixed = ("item_type",)

    def offer_other_side(self) -> None:
        from tadrib.training.models import Course

        # Any course of the catalogue the user reads (another nation's too).
        self.offer("course", Course.objects.for_user(self.user))

    class Meta:
        model = ItemTypeCourse
        fields = ["item_type", "course", "role"]


class StorageSiteForm(EquipmentForm):
    class Meta:
        model = StorageSite
        fields = [
            "organisation",
            "code",
            "name",
            "location",
            "certified_on",
            "certification_expires_on",
        ]


class TransferForm(EquipmentForm):
    def offer_other_side(self) -> None:
        from tadrib.agreements.models import Programme

        # A programme is often kept by a ministry above the exporting unit.
        self.offer("programme", Programme.objects.for_user(self.user))

    class Meta:
        model = Transfer
        fields = [
            "programme",
            "reference",
            "exporter",
            "importer",
            "end_user",
            "licence_number",
            "retransfer_needs_consent",
            "onsite_checks_allowed",
            "end_use",
        ]
        widgets = {"end_use": forms.Textarea(attrs={"rows": 4})}


class TransferLineForm(EquipmentForm):
    fixed = ("transfer",)

    class Meta:
        model = TransferLine
        fields = ["transfer", "item_type", "quantity", "value", "currency", "comments"]


class ShipmentForm(EquipmentForm):
    fixed = ("transfer",)

    def offer_other_side(self) -> None:
        # The importer's units and sites, where the transfers' items may go.
        self.offer("receiving_unit", selectors.end_user_organisations(self.user))
        self.offer("destination_site", selectors.end_user_sites(self.user))

    class Meta:
        model = Shipment
        fields = [
            "transfer",
            "code",
            "receiving_unit",
            "destination_site",
            "expected_on",
            "carrier",
        ]


class ShipmentLineForm(EquipmentForm):
    fixed = ("shipment",)
    joins: ClassVar = {
        "shipment": ("transfer",),
        "transfer_line": ("transfer", "item_type"),
    }

    class Meta:
        model = ShipmentLine
        fields = ["shipment", "transfer_line", "quantity_shipped"]


class ItemForm(EquipmentForm):
    fixed = ("shipment",)
    joins: ClassVar = {"shipment": ("transfer",), "parent": ("item_type",)}

    class Meta:
        model = Item
        fields = ["shipment", "item_type", "serial_number", "parent"]


def items_in_custody_of(user: Any) -> QuerySet[Item]:
    """Items the user may record custody events of: those held by a unit in
    the user's reach, or, on their way, by an exporter in it."""
    items = selectors.items_for(user)
    paths = reach_paths(user, CustodyEvent, Action.ADD)
    if paths is None:
        return items
    units = Organisation.objects.under(paths)
    return items.filter(
        Q(custodian__in=units) | Q(custodian__isnull=True, transfer__exporter__in=units)
    )


class CustodyEventForm(EquipmentForm):
    joins: ClassVar = {"item": ("item_type",)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["kind"]
        field.choices = [
            (value, label) for value, label in CustodyKind.choices if value not in SHIPMENT_KINDS
        ]

    def offer_other_side(self) -> None:
        self.offer("item", items_in_custody_of(self.user))
        # Any unit or site of a transfer's end user: the service refuses a
        # move outside the item's own end user or to an uncertified site.
        self.offer("to_unit", selectors.end_user_organisations(self.user))
        self.offer("to_site", selectors.end_user_sites(self.user))

    class Meta:
        model = CustodyEvent
        fields = [
            "item",
            "kind",
            "occurred_at",
            "to_unit",
            "to_site",
            "handed_over_by",
            "taken_over_by",
            "document_reference",
            "consent_reference",
            "note",
        ]
        widgets = {
            "occurred_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "note": forms.Textarea(attrs={"rows": 3}),
        }


class InspectionForm(EquipmentForm):
    fixed = ("transfer",)
    joins: ClassVar = {"shipment": ("transfer",)}

    def offer_other_side(self) -> None:
        # The importer inspects the exporter's transfer, and the other way.
        self.offer("transfer", Transfer.objects.for_user(self.user))
        self.offer("shipment", Shipment.objects.for_user(self.user))
        self.offer("site", selectors.end_user_sites(self.user))

    class Meta:
        model = Inspection
        fields = [
            "owner",
            "kind",
            "transfer",
            "shipment",
            "site",
            "due_on",
            "conducted_on",
            "inspectors",
            "summary",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}


class InspectionFindingForm(EquipmentForm):
    fixed = ("inspection",)
    joins: ClassVar = {"inspection": ("transfer",)}

    class Meta:
        model = InspectionFinding
        fields = ["inspection", "serial_number", "outcome", "note"]


class DiscrepancyForm(EquipmentForm):
    fixed = ("transfer",)
    joins: ClassVar = {
        "shipment": ("transfer",),
        "inspection": ("transfer",),
        "item": ("item_type",),
    }

    def offer_other_side(self) -> None:
        # Recorded by either side on the exporter's transfer and its records.
        self.offer("transfer", Transfer.objects.for_user(self.user))
        self.offer("shipment", Shipment.objects.for_user(self.user))
        self.offer("inspection", Inspection.objects.for_user(self.user))
        self.offer("item", Item.objects.for_user(self.user))

    class Meta:
        model = Discrepancy
        fields = [
            "owner",
            "transfer",
            "shipment",
            "inspection",
            "item",
            "item_type",
            "kind",
            "serial_number",
            "expected_serial",
            "quantity",
            "discovered_on",
            "description",
            "investigation",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "investigation": forms.Textarea(attrs={"rows": 4}),
        }
