"""Lists of equipment records. Each column reads only what its selector
joins; statuses are badges on the page and plain labels in exports; overdue
inspections and discrepancies stand out."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from tadrib.core import calendars
from tadrib.core.columns import CalendarDateTimeColumn
from tadrib.equipment.choices import (
    DiscrepancyStatus,
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

# Bootstrap colour of each status badge (any other: secondary).
STATUS_COLOURS: dict[str, str] = {
    TransferStatus.AUTHORISED: "success",
    TransferStatus.SUSPENDED: "warning",
    TransferStatus.COMPLETED: "primary",
    TransferStatus.CANCELLED: "dark",
    ShipmentStatus.DISPATCHED: "info",
    ShipmentStatus.DELIVERED: "success",
    ItemStatus.IN_TRANSIT: "info",
    ItemStatus.IN_SERVICE: "success",
    ItemStatus.UNDER_REPAIR: "warning",
    ItemStatus.LOST: "danger",
    ItemStatus.STOLEN: "danger",
    ItemStatus.DESTROYED: "dark",
    ItemStatus.DISPOSED: "dark",
    ItemStatus.RETRANSFERRED: "dark",
    DiscrepancyStatus.OPEN: "danger",
    DiscrepancyStatus.REPORTED: "warning",
    DiscrepancyStatus.INVESTIGATING: "info",
    DiscrepancyStatus.ESCALATED: "danger",
    DiscrepancyStatus.RESOLVED: "success",
}


def status_badge(code: str, label: Any) -> SafeString:
    colour = STATUS_COLOURS.get(code, "secondary")
    return format_html('<span class="badge text-bg-{}">{}</span>', colour, label)


def overdue_badge() -> SafeString:
    return format_html('<span class="badge text-bg-danger ms-1">{}</span>', _("overdue"))


class StatusColumn(tables.Column):
    """A status as a coloured badge; its label alone in exports."""

    def render(self, value: Any, record: Any, bound_column: Any) -> SafeString:
        return status_badge(str(bound_column.accessor.resolve(record)), value)

    def value(self, value: Any) -> Any:
        return value


class DueColumn(tables.Column):
    """A due date, marked when it has passed and the record is still waiting."""

    def render(self, value: Any, record: Any) -> SafeString:
        text = calendars.format_date(value)
        if record.is_overdue:
            return format_html("{}{}", text, overdue_badge())
        return format_html("{}", text)

    def value(self, value: Any) -> Any:
        return value.isoformat() if value else value


def record_link() -> tables.Column:
    """A "#" column linking each row to its record's page."""
    return tables.Column(
        accessor="pk", verbose_name="#", linkify=lambda record: record.get_absolute_url()
    )


def code_of(accessor: str, label: Any) -> tables.Column:
    """The code (or reference) of a related record, ordered by it."""
    return tables.Column(accessor=accessor, verbose_name=label)


def overdue_rows(record: Any) -> str:
    return "table-danger" if record.is_overdue else ""


class ItemTypeTable(tables.Table):
    code = tables.Column(linkify=True)
    name = tables.Column(accessor="name", verbose_name=_("name"), order_by=("name_en",))

    class Meta:
        model = ItemType
        fields = (
            "code",
            "name",
            "model",
            "category",
            "national_control_code",
            "serial_tracked",
            "enhanced_monitoring",
            "crew_per_system",
            "maintainers_per_system",
        )


class ItemTypeCourseTable(tables.Table):
    link = record_link()
    item_type = tables.Column(linkify=True, order_by=("item_type__code",))
    course = code_of("course__code", _("course"))
    course_name = tables.Column(
        accessor="course__name", verbose_name=_("title"), order_by=("course__name_en",)
    )
    institution = code_of("course__institution__code", _("institution"))

    class Meta:
        model = ItemTypeCourse
        fields = ("link", "item_type", "course", "course_name", "institution", "role")


class StorageSiteTable(tables.Table):
    code = tables.Column(linkify=True)
    organisation = code_of("organisation__code", _("run by"))
    certification = tables.Column(empty_values=(), orderable=False, verbose_name=_("certification"))

    class Meta:
        model = StorageSite
        fields = (
            "code",
            "name",
            "organisation",
            "location",
            "certified_on",
            "certification_expires_on",
            "certification",
        )

    def render_certification(self, record: StorageSite) -> SafeString:
        state, colour = certification_state(record)
        return format_html('<span class="badge text-bg-{}">{}</span>', colour, state)

    def value_certification(self, record: StorageSite) -> str:
        return str(certification_state(record)[0])


def certification_state(site: StorageSite) -> tuple[Any, str]:
    """The site's storage certification today, and its badge colour."""
    if site.certification_expires_on is None:
        return _("not certified"), "secondary"
    if site.certified_on_day(timezone.localdate()):
        return _("valid"), "success"
    return _("expired"), "danger"


class TransferTable(tables.Table):
    reference = tables.Column(linkify=True)
    programme = code_of("programme__code", _("programme"))
    exporter = code_of("exporter__code", _("exporter"))
    importer = code_of("importer__code", _("importer"))
    end_user = code_of("end_user__code", _("end user"))
    status = StatusColumn()

    class Meta:
        model = Transfer
        fields = (
            "reference",
            "programme",
            "exporter",
            "importer",
            "end_user",
            "licence_number",
            "authorised_on",
            "status",
        )


class TransferLineTable(tables.Table):
    link = record_link()
    transfer = code_of("transfer__reference", _("transfer"))
    item_type = code_of("item_type__code", _("item type"))
    category = tables.Column(accessor="item_type__category", verbose_name=_("category"))

    class Meta:
        model = TransferLine
        fields = ("link", "transfer", "item_type", "category", "quantity", "value", "currency")


class ShipmentTable(tables.Table):
    code = tables.Column(linkify=True)
    transfer = code_of("transfer__reference", _("transfer"))
    receiving_unit = code_of("receiving_unit__code", _("receiving unit"))
    destination_site = code_of("destination_site__code", _("destination site"))
    status = StatusColumn()

    class Meta:
        model = Shipment
        fields = (
            "code",
            "transfer",
            "receiving_unit",
            "destination_site",
            "expected_on",
            "dispatched_on",
            "delivered_at",
            "status",
        )


class ShipmentLineTable(tables.Table):
    link = record_link()
    shipment = code_of("shipment__code", _("shipment"))
    transfer = code_of("shipment__transfer__reference", _("transfer"))
    item_type = code_of("transfer_line__item_type__code", _("item type"))

    class Meta:
        model = ShipmentLine
        fields = (
            "link",
            "shipment",
            "transfer",
            "item_type",
            "quantity_shipped",
            "quantity_received",
        )


class ItemTable(tables.Table):
    serial_number = tables.Column(linkify=True)
    item_type = code_of("item_type__code", _("item type"))
    status = StatusColumn()
    custodian = code_of("custodian__code", _("custodian unit"))
    site = code_of("site__code", _("site"))
    transfer = code_of("transfer__reference", _("transfer"))

    class Meta:
        model = Item
        fields = (
            "serial_number",
            "item_type",
            "status",
            "custodian",
            "site",
            "transfer",
            "arrived_on",
        )


class CustodyEventTable(tables.Table):
    link = record_link()
    item_type = code_of("item__item_type__code", _("item type"))
    serial_number = code_of("item__serial_number", _("serial number"))
    status_after = StatusColumn()
    from_unit = code_of("from_unit__code", _("from unit"))
    to_unit = code_of("to_unit__code", _("to unit"))
    to_site = code_of("to_site__code", _("to site"))

    class Meta:
        model = CustodyEvent
        fields = (
            "link",
            "occurred_at",
            "item_type",
            "serial_number",
            "kind",
            "status_after",
            "from_unit",
            "to_unit",
            "to_site",
            "handed_over_by",
            "taken_over_by",
        )


class ItemHistoryTable(tables.Table):
    """One item's custody events, on its page."""

    occurred_at = CalendarDateTimeColumn(linkify=lambda record: record.get_absolute_url())
    status_before = StatusColumn()
    status_after = StatusColumn()
    from_unit = code_of("from_unit__code", _("from unit"))
    to_unit = code_of("to_unit__code", _("to unit"))
    from_site = code_of("from_site__code", _("from site"))
    to_site = code_of("to_site__code", _("to site"))

    class Meta:
        model = CustodyEvent
        orderable = False
        fields = (
            "occurred_at",
            "kind",
            "status_before",
            "status_after",
            "from_unit",
            "to_unit",
            "from_site",
            "to_site",
            "handed_over_by",
            "taken_over_by",
            "document_reference",
        )


class InspectionTable(tables.Table):
    link = record_link()
    transfer = code_of("transfer__reference", _("transfer"))
    owner = code_of("owner__code", _("inspecting organisation"))
    shipment = code_of("shipment__code", _("shipment"))
    site = code_of("site__code", _("site"))
    due_on = DueColumn()

    class Meta:
        model = Inspection
        fields = ("link", "kind", "transfer", "owner", "shipment", "site", "due_on", "conducted_on")
        row_attrs = {"class": overdue_rows}


class InspectionFindingTable(tables.Table):
    link = record_link()
    inspection = tables.Column(linkify=True, order_by=("inspection__due_on",))

    class Meta:
        model = InspectionFinding
        fields = ("link", "inspection", "serial_number", "outcome", "note")


class DiscrepancyTable(tables.Table):
    link = record_link()
    transfer = code_of("transfer__reference", _("transfer"))
    owner = code_of("owner__code", _("recorded by"))
    item = tables.Column(linkify=True, order_by=("item__serial_number",))
    report_due_on = DueColumn()
    status = StatusColumn()

    class Meta:
        model = Discrepancy
        fields = (
            "link",
            "kind",
            "transfer",
            "owner",
            "item",
            "quantity",
            "discovered_on",
            "report_due_on",
            "reported_on",
            "status",
        )
        row_attrs = {"class": overdue_rows}
