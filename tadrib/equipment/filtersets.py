"""What a user can filter each equipment list by, in the UI and the API alike.
Records of the other side (a transfer, a shipment) are named by id; units,
sites and item types are offered as choices."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tadrib.core.filtersets import SearchFilterSet
from tadrib.equipment import selectors
from tadrib.equipment.choices import (
    OPEN_DISCREPANCY,
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
)
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


def _units(request: Any) -> QuerySet[Organisation]:
    """Units that may hold items of the transfers the user sees."""
    if request is None:
        return Organisation.objects.none()
    return selectors.end_user_organisations(request.user)


def _sites(request: Any) -> QuerySet[StorageSite]:
    if request is None:
        return StorageSite.objects.none()
    return selectors.end_user_sites(request.user)


def _id(field_name: str, label: Any) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(field_name=field_name, label=label)


def _item_type() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name="item_type", queryset=ItemType.objects.all(), label=_("item type")
    )


def _category(field_name: str) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        field_name=field_name, choices=ArmsCategory.choices, label=_("category")
    )


class ItemTypeFilterSet(SearchFilterSet):
    search_fields = ("code", "name_en", "name_ar", "name_tr", "model", "national_control_code")
    category = _category("category")
    serial_tracked = django_filters.BooleanFilter(label=_("serial-tracked"))
    enhanced_monitoring = django_filters.BooleanFilter(label=_("enhanced monitoring"))

    class Meta:
        model = ItemType
        fields = ["q", "category", "serial_tracked", "enhanced_monitoring"]


class ItemTypeCourseFilterSet(SearchFilterSet):
    search_fields = ("item_type__code", "course__code", "course__name_en")
    item_type = _item_type()
    course = _id("course_id", _("course (id)"))
    role = django_filters.ChoiceFilter(choices=CourseRole.choices, label=_("qualifies"))

    class Meta:
        model = ItemTypeCourse
        fields = ["q", "item_type", "course", "role"]


class StorageSiteFilterSet(SearchFilterSet):
    search_fields = ("code", "name", "location", "organisation__code")
    organisation = _id("organisation_id", _("run by (id)"))
    certified = django_filters.BooleanFilter(method="is_certified", label=_("certified today"))
    expires_before = django_filters.DateFilter(
        field_name="certification_expires_on",
        lookup_expr="lt",
        label=_("certification expires before"),
    )

    class Meta:
        model = StorageSite
        fields = ["q", "organisation", "certified", "expires_before"]

    def is_certified(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        valid = {"certification_expires_on__gte": timezone.localdate()}
        return queryset.filter(**valid) if value else queryset.exclude(**valid)


class TransferFilterSet(SearchFilterSet):
    search_fields = ("reference", "licence_number", "programme__code")
    status = django_filters.ChoiceFilter(choices=TransferStatus.choices, label=_("status"))
    programme = _id("programme_id", _("programme (id)"))
    exporter = _id("exporter_id", _("exporter (id)"))
    importer = _id("importer_id", _("importer (id)"))
    end_user = _id("end_user_id", _("end user (id)"))
    authorised_after = django_filters.DateFilter(
        field_name="authorised_on", lookup_expr="gte", label=_("authorised on or after")
    )
    authorised_before = django_filters.DateFilter(
        field_name="authorised_on", lookup_expr="lte", label=_("authorised on or before")
    )

    class Meta:
        model = Transfer
        fields = [
            "q",
            "status",
            "programme",
            "exporter",
            "importer",
            "end_user",
            "authorised_after",
            "authorised_before",
        ]


class TransferLineFilterSet(SearchFilterSet):
    search_fields = ("transfer__reference", "item_type__code", "comments")
    transfer = _id("transfer_id", _("transfer (id)"))
    item_type = _item_type()
    category = _category("item_type__category")

    class Meta:
        model = TransferLine
        fields = ["q", "transfer", "item_type", "category"]


class ShipmentFilterSet(SearchFilterSet):
    search_fields = ("code", "transfer__reference", "carrier")
    status = django_filters.ChoiceFilter(choices=ShipmentStatus.choices, label=_("status"))
    transfer = _id("transfer_id", _("transfer (id)"))
    receiving_unit = django_filters.ModelChoiceFilter(queryset=_units, label=_("receiving unit"))
    dispatched_after = django_filters.DateFilter(
        field_name="dispatched_on", lookup_expr="gte", label=_("dispatched on or after")
    )
    dispatched_before = django_filters.DateFilter(
        field_name="dispatched_on", lookup_expr="lte", label=_("dispatched on or before")
    )

    class Meta:
        model = Shipment
        fields = [
            "q",
            "status",
            "transfer",
            "receiving_unit",
            "dispatched_after",
            "dispatched_before",
        ]


class ShipmentLineFilterSet(SearchFilterSet):
    search_fields = ("shipment__code", "transfer_line__item_type__code")
    shipment = _id("shipment_id", _("shipment (id)"))
    transfer = _id("shipment__transfer_id", _("transfer (id)"))
    item_type = django_filters.ModelChoiceFilter(
        field_name="transfer_line__item_type",
        queryset=ItemType.objects.all(),
        label=_("item type"),
    )

    class Meta:
        model = ShipmentLine
        fields = ["q", "shipment", "transfer", "item_type"]


class ItemFilterSet(SearchFilterSet):
    search_fields = ("serial_number",)
    custodian = django_filters.ModelChoiceFilter(queryset=_units, label=_("custodian unit"))
    status = django_filters.ChoiceFilter(choices=ItemStatus.choices, label=_("status"))
    item_type = _item_type()
    category = _category("item_type__category")
    site = django_filters.ModelChoiceFilter(queryset=_sites, label=_("site"))
    transfer = _id("transfer_id", _("transfer (id)"))
    shipment = _id("shipment_id", _("shipment (id)"))
    parent = _id("parent_id", _("part of (id)"))

    class Meta:
        model = Item
        fields = [
            "q",
            "custodian",
            "status",
            "item_type",
            "category",
            "site",
            "transfer",
            "shipment",
            "parent",
        ]


class CustodyEventFilterSet(SearchFilterSet):
    search_fields = ("item__serial_number", "document_reference", "handed_over_by", "taken_over_by")
    item = _id("item_id", _("item (id)"))
    transfer = _id("item__transfer_id", _("transfer (id)"))
    kind = django_filters.ChoiceFilter(choices=CustodyKind.choices, label=_("event"))
    unit = django_filters.ModelChoiceFilter(
        field_name="owner", queryset=_units, label=_("held by afterwards")
    )
    occurred_after = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__gte", label=_("on or after")
    )
    occurred_before = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__lte", label=_("on or before")
    )

    class Meta:
        model = CustodyEvent
        fields = ["q", "item", "transfer", "kind", "unit", "occurred_after", "occurred_before"]


class InspectionFilterSet(SearchFilterSet):
    search_fields = ("transfer__reference", "inspectors", "summary")
    kind = django_filters.ChoiceFilter(choices=InspectionKind.choices, label=_("kind"))
    overdue = django_filters.BooleanFilter(method="is_overdue", label=_("overdue"))
    conducted = django_filters.BooleanFilter(
        field_name="conducted_on", lookup_expr="isnull", exclude=True, label=_("conducted")
    )
    transfer = _id("transfer_id", _("transfer (id)"))
    shipment = _id("shipment_id", _("shipment (id)"))
    site = _id("site_id", _("site (id)"))
    owner = _id("owner_id", _("inspecting organisation (id)"))
    due_after = django_filters.DateFilter(
        field_name="due_on", lookup_expr="gte", label=_("due on or after")
    )
    due_before = django_filters.DateFilter(
        field_name="due_on", lookup_expr="lte", label=_("due on or before")
    )

    class Meta:
        model = Inspection
        fields = [
            "q",
            "kind",
            "overdue",
            "conducted",
            "transfer",
            "shipment",
            "site",
            "owner",
            "due_after",
            "due_before",
        ]

    def is_overdue(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        late = {"conducted_on__isnull": True, "due_on__lt": timezone.localdate()}
        return queryset.filter(**late) if value else queryset.exclude(**late)


class InspectionFindingFilterSet(SearchFilterSet):
    search_fields = ("serial_number", "note")
    inspection = _id("inspection_id", _("inspection (id)"))
    item = _id("item_id", _("item (id)"))
    outcome = django_filters.ChoiceFilter(choices=FindingOutcome.choices, label=_("outcome"))

    class Meta:
        model = InspectionFinding
        fields = ["q", "inspection", "item", "outcome"]


class DiscrepancyFilterSet(SearchFilterSet):
    search_fields = ("transfer__reference", "serial_number", "expected_serial", "description")
    kind = django_filters.ChoiceFilter(choices=DiscrepancyKind.choices, label=_("kind"))
    status = django_filters.ChoiceFilter(choices=DiscrepancyStatus.choices, label=_("status"))
    open = django_filters.BooleanFilter(method="is_open", label=_("open"))
    overdue = django_filters.BooleanFilter(method="is_overdue", label=_("report overdue"))
    transfer = _id("transfer_id", _("transfer (id)"))
    shipment = _id("shipment_id", _("shipment (id)"))
    inspection = _id("inspection_id", _("inspection (id)"))
    item = _id("item_id", _("item (id)"))
    item_type = _item_type()
    owner = _id("owner_id", _("recorded by (id)"))
    discovered_after = django_filters.DateFilter(
        field_name="discovered_on", lookup_expr="gte", label=_("discovered on or after")
    )
    discovered_before = django_filters.DateFilter(
        field_name="discovered_on", lookup_expr="lte", label=_("discovered on or before")
    )

    class Meta:
        model = Discrepancy
        fields = [
            "q",
            "kind",
            "status",
            "open",
            "overdue",
            "transfer",
            "shipment",
            "inspection",
            "item",
            "item_type",
            "owner",
            "discovered_after",
            "discovered_before",
        ]

    def is_open(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        statuses = sorted(OPEN_DISCREPANCY)
        if value:
            return queryset.filter(status__in=statuses)
        return queryset.exclude(status__in=statuses)

    def is_overdue(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        late = {"reported_on__isnull": True, "report_due_on__lt": timezone.localdate()}
        return queryset.filter(**late) if value else queryset.exclude(**late)
