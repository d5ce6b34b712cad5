"""Equipment reports, computed in SQL and handed out as plain dataclasses so
that the pages, the exports, the API and the CLI show the same figures:

* the treaty tables (one builder for the Arms Trade Treaty annual report and
  the UN Register return): what the reporting nation exported or imported in
  a calendar year, by category and counterpart state, actual (delivered) or
  authorised;
* a shipment's serial-number reconciliation (``services.reconciliation_of``);
* accountability: inspections past due and discrepancies not yet resolved;
* the crew gap: operators and maintainers a unit's systems need against the
  people of the unit (and its sub-units) qualified on them.

Every read starts from what the reader may see (``for_user``); ``user=None``
is the system (the CLI, other apps' computations), which sees everything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    Exists,
    F,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tadrib.core import access
from tadrib.equipment import services
from tadrib.equipment.choices import (
    HELD,
    OPEN_DISCREPANCY,
    ArmsCategory,
    CourseRole,
    DiscrepancyKind,
    InspectionKind,
    ShipmentStatus,
    TransferStatus,
    is_salw,
)
from tadrib.equipment.models import (
    Discrepancy,
    Inspection,
    Item,
    ItemType,
    Shipment,
    ShipmentLine,
    Transfer,
    TransferLine,
)
from tadrib.organisations.models import Nation, Organisation
from tadrib.people.choices import PersonStatus
from tadrib.people.models import Person, PersonQualification
from tadrib.training.models import Nomination
from tadrib.training.reports import GRADUATE

YEAR_MIN, YEAR_MAX = 1990, 2100
MONEY = Decimal("0.01")


class Side(models.TextChoices):
    """From the reporting nation's point of view."""

    EXPORTS = "exports", gettext_lazy("Exports")
    IMPORTS = "imports", gettext_lazy("Imports")


class Basis(models.TextChoices):
    ACTUAL = "actual", gettext_lazy("Actual (delivered in the year)")
    AUTHORISED = "authorised", gettext_lazy("Authorised (in the year)")


# An authorisation that still stands (a draft was never authorised; a
# cancelled transfer no longer is).
AUTHORISED_STATES = (TransferStatus.AUTHORISED, TransferStatus.SUSPENDED, TransferStatus.COMPLETED)
CATEGORY_ORDER = {value: i for i, value in enumerate(ArmsCategory.values)}


def record_url(obj: models.Model) -> str:
    """The record's page, or "" where its page is not there (yet)."""
    try:
        return str(obj.get_absolute_url())  # type: ignore[attr-defined]
    except NoReverseMatch:
        return ""


# --- the treaty tables ---------------------------------------------------------------


def reporting_nations(user: Any) -> QuerySet[Nation]:
    """The nations ``user`` may report for: those of its memberships (every
    nation for the system and instance administrators)."""
    if user is None or access.is_instance_admin(user):
        return Nation.objects.all()
    return Nation.objects.filter(pk__in=sorted(access.nation_ids(user)))


@dataclass(frozen=True)
class TreatyQuery:
    year: int
    side: str
    basis: str
    nation: Nation


def treaty_query(
    *, year: Any, side: str, basis: str = Basis.ACTUAL, nation: str = "", user: Any = None
) -> TreatyQuery:
    """Check a report's parameters; a bad one is a ``ValidationError`` naming
    it. Without ``nation``, the reader's own, when it has only one."""
    errors: dict[str, str] = {}
    try:
        number = int(year)
    except (TypeError, ValueError):
        number = 0
    if not YEAR_MIN <= number <= YEAR_MAX:
        errors["year"] = _("Give a calendar year from %(first)s to %(last)s.") % {
            "first": YEAR_MIN,
            "last": YEAR_MAX,
        }
    if side not in Side.values:
        errors["side"] = _("Choose exports or imports.")
    if basis not in Basis.values:
        errors["basis"] = _("Choose actual or authorised.")
    allowed = reporting_nations(user)
    found: Nation | None = None
    if nation:
        found = allowed.filter(iso_code=nation.upper()).first()
        if found is None:
            errors["nation"] = (
                _("No nation with the code %(code)s.") % {"code": nation}
                if user is None or access.is_instance_admin(user)
                else _("You report for your own nation only (%(codes)s).")
                % {"codes": ", ".join(allowed.values_list("iso_code", flat=True)) or "—"}
            )
    else:
        mine = list(allowed[:2]) if user is not None and not access.is_instance_admin(user) else []
        if len(mine) == 1:
            found = mine[0]
        else:
            errors["nation"] = _("Name the reporting nation (its ISO 3166 code).")
    if errors:
        raise ValidationError(errors)
    assert found is not None
    return TreatyQuery(number, side, basis, found)


@dataclass(frozen=True)
class TreatyRow:
    """One category's transfers with one counterpart state, in one currency."""

    category: str
    state_code: str
    state: str
    items: int
    value: Decimal
    currency: str
    description: str
    comments: str
    # The UN Register's columns C and D: not recorded for a direct transfer.
    origin_state: str = ""
    intermediate_location: str = ""

    @property
    def category_label(self) -> str:
        return str(ArmsCategory(self.category).label)

    @property
    def is_salw(self) -> bool:
        return is_salw(self.category)


@dataclass(frozen=True)
class Totals:
    items: int
    values: dict[str, Decimal]  # by currency

    @property
    def value_text(self) -> str:
        return "; ".join(f"{amount:,.2f} {currency}" for currency, amount in self.values.items())


def totals_of(rows: Iterable[TreatyRow]) -> Totals:
    items = 0
    values: dict[str, Decimal] = {}
    for row in rows:
        items += row.items
        values[row.currency] = values.get(row.currency, Decimal(0)) + row.value
    return Totals(items, dict(sorted(values.items())))


@dataclass(frozen=True)
class TreatyReport:
    query: TreatyQuery
    rows: list[TreatyRow]
    generated_at: dt.datetime

    @property
    def conventional(self) -> list[TreatyRow]:
        """Categories I–VII."""
        return [row for row in self.rows if not row.is_salw]

    @property
    def salw(self) -> list[TreatyRow]:
        return [row for row in self.rows if row.is_salw]

    @property
    def totals(self) -> Totals:
        return totals_of(self.rows)


def _count(queryset: QuerySet) -> QuerySet:
    """``queryset``'s row count as a one-value subquery (no GROUP BY)."""
    return queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")


def _transfers(user: Any) -> QuerySet[Transfer]:
    return Transfer.objects.all() if user is None else Transfer.objects.for_user(user)


def _sides(query: TreatyQuery, prefix: str) -> tuple[dict[str, Any], str]:
    """The filter keeping the reporting nation's side, and the lookup of the
    counterpart's nation."""
    ours, theirs = (
        ("exporter", "importer") if query.side == Side.EXPORTS else ("importer", "exporter")
    )
    return {f"{prefix}{ours}__nation": query.nation}, f"{prefix}{theirs}__nation_id"


@dataclass
class _Group:
    items: int = 0
    value: Decimal = Decimal(0)
    models: dict[str, int] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)

    def add(self, model: str, items: int, value: Decimal, comment: str) -> None:
        self.items += items
        self.value += value
        self.models[model] = self.models.get(model, 0) + items
        if comment and comment not in self.comments:
            self.comments.append(comment)


def _authorised_lines(query: TreatyQuery, user: Any) -> Iterable[dict[str, Any]]:
    """Lines of transfers authorised in the year: quantity and value as authorised."""
    sides, counterpart = _sides(query, "transfer__")
    return (
        TransferLine.objects.filter(
            transfer__in=_transfers(user).values("pk"),
            transfer__authorised_on__year=query.year,
            transfer__status__in=AUTHORISED_STATES,
            **sides,
        )
        .order_by()
        .values(
            "quantity",
            "value",
            "currency",
            "comments",
            category=F("item_type__category"),
            model=F("item_type__model"),
            state_id=F(counterpart),
            items=F("quantity"),
        )
    )


def _actual_lines(query: TreatyQuery, user: Any) -> Iterable[dict[str, Any]]:
    """Shipment lines delivered in the year, with what was delivered: serial
    items that arrived, or the count of a bulk line (never more than was
    shipped); the value pro rata of the authorised line's."""
    sides, counterpart = _sides(query, "shipment__transfer__")
    arrived = _count(
        Item.objects.filter(
            shipment_id=OuterRef("shipment_id"),
            item_type_id=OuterRef("transfer_line__item_type_id"),
            arrived_on__isnull=False,
        )
    )
    lines = (
        ShipmentLine.objects.filter(
            shipment__transfer__in=_transfers(user).values("pk"),
            shipment__status=ShipmentStatus.DELIVERED,
            shipment__delivered_at__year=query.year,
            **sides,
        )
        .order_by()
        .annotate(arrived=Subquery(arrived, output_field=IntegerField()))
        .values(
            "quantity_shipped",
            "quantity_received",
            "arrived",
            serial=F("transfer_line__item_type__serial_tracked"),
            quantity=F("transfer_line__quantity"),
            value=F("transfer_line__value"),
            currency=F("transfer_line__currency"),
            comments=F("transfer_line__comments"),
            category=F("transfer_line__item_type__category"),
            model=F("transfer_line__item_type__model"),
            state_id=F(counterpart),
        )
    )
    for line in lines:
        if line["serial"]:
            delivered = line["arrived"] or 0
        else:
            delivered = min(line["quantity_received"] or 0, line["quantity_shipped"])
        if delivered:
            value = Decimal(line["value"]) * delivered / line["quantity"]
            yield {**line, "items": delivered, "value": value}


def treaty_report(query: TreatyQuery, *, user: Any) -> TreatyReport:
    """The reporting nation's transfers of the year on one side, one row per
    category, counterpart state and currency, in the order of the categories."""
    lines = (
        _actual_lines(query, user)
        if query.basis == Basis.ACTUAL
        else _authorised_lines(query, user)
    )
    groups: dict[tuple[str, int, str], _Group] = {}
    for line in lines:
        key = (line["category"], line["state_id"], line["currency"])
        groups.setdefault(key, _Group()).add(
            line["model"], line["items"], Decimal(line["value"]), line["comments"]
        )
    nations = Nation.objects.in_bulk({state for _c, state, _cur in groups})
    rows = [
        TreatyRow(
            category=category,
            state_code=nations[state].iso_code,
            state=nations[state].name,
            items=group.items,
            value=group.value.quantize(MONEY),
            currency=currency,
            description="; ".join(f"{model} ({n})" for model, n in sorted(group.models.items())),
            comments="; ".join(group.comments),
        )
        for (category, state, currency), group in groups.items()
    ]
    rows.sort(key=lambda r: (CATEGORY_ORDER.get(r.category, 99), r.state, r.currency))
    return TreatyReport(query, rows, timezone.now())


# --- a shipment's reconciliation -----------------------------------------------------


@dataclass(frozen=True)
class TypeLine:
    """One item type of a shipment: serials (or a count) shipped against counted."""

    item_type: str
    name: str
    serial_tracked: bool
    shipped: int
    received: int | None
    matched: int
    missing: list[str]
    unexpected: list[str]
    wrong: list[tuple[str, str]]  # (expected, read)

    @property
    def difference(self) -> int | None:
        return None if self.received is None else self.received - self.shipped


@dataclass(frozen=True)
class SerialLine:
    item_type: str
    shipped_serial: str
    read_serial: str
    outcome: str
    label: str


OUTCOMES = {
    "matched": gettext_lazy("Matched"),
    "missing": gettext_lazy("Missing (shipped, not counted)"),
    "unexpected": gettext_lazy("Unexpected (counted, not shipped)"),
    "wrong_serial": gettext_lazy("Wrong serial"),
}


@dataclass(frozen=True)
class ShipmentReconciliation:
    shipment: Shipment
    counted: bool
    types: list[TypeLine]
    matched_serials: list[tuple[str, str]]
    differences: list[Any]  # reconciliation.Difference

    @property
    def is_exact(self) -> bool:
        return self.counted and not self.differences

    def serial_lines(self, *, with_matched: bool = True) -> list[SerialLine]:
        """Every serial with its outcome (matched ones too, for the export)."""
        lines: list[SerialLine] = []
        for kind in self.types:
            lines += [
                SerialLine(kind.item_type, expected, read, "wrong_serial", "")
                for expected, read in kind.wrong
            ]
            lines += [SerialLine(kind.item_type, s, "", "missing", "") for s in kind.missing]
            lines += [SerialLine(kind.item_type, "", s, "unexpected", "") for s in kind.unexpected]
        if with_matched:
            lines += [SerialLine(code, s, s, "matched", "") for code, s in self.matched_serials]
        return [
            SerialLine(
                line.item_type,
                line.shipped_serial,
                line.read_serial,
                line.outcome,
                str(OUTCOMES[line.outcome]),
            )
            for line in lines
        ]


def shipment_reconciliation(shipment: Shipment) -> ShipmentReconciliation:
    """The shipment's hand-over count against what was shipped, by item type
    (a shipment the caller has already found in the reader's scope)."""
    result = services.reconciliation_of(shipment)
    counted = shipment.counted_at is not None
    lines = list(shipment.lines.select_related("transfer_line__item_type"))
    kinds = {line.transfer_line.item_type.code: line.transfer_line.item_type for line in lines}
    unknown = {code for code in result.types if code and code not in kinds}
    kinds.update({t.code: t for t in ItemType.objects.filter(code__in=unknown)})
    types: list[TypeLine] = []
    for code in sorted(result.types, key=lambda c: (c == "", c)):
        found = result.types[code]
        kind = kinds.get(code)
        types.append(
            TypeLine(
                item_type=code or _("unknown type"),
                name=kind.name if kind is not None else "",
                serial_tracked=True,
                shipped=found.shipped,
                received=found.received if counted else None,
                matched=found.matched,
                missing=list(found.missing),
                unexpected=list(found.unexpected),
                wrong=list(found.wrong),
            )
        )
    for count in result.counts:
        kind = kinds.get(count.item_type)
        types.append(
            TypeLine(
                item_type=count.item_type,
                name=kind.name if kind is not None else "",
                serial_tracked=False,
                shipped=count.shipped,
                received=count.received,
                matched=min(count.shipped, count.received or 0),
                missing=[],
                unexpected=[],
                wrong=[],
            )
        )
    return ShipmentReconciliation(
        shipment=shipment,
        counted=counted,
        types=types,
        matched_serials=sorted(result.matched_serials()),
        differences=result.differences() if counted else [],
    )


# --- accountability: overdue inspections, open discrepancies -------------------------


@dataclass(frozen=True)
class OverdueInspection:
    id: int
    url: str
    kind: str
    label: str
    transfer: str
    shipment: str
    site: str
    inspecting: str
    due_on: dt.date
    days_overdue: int


@dataclass(frozen=True)
class OpenDiscrepancy:
    id: int
    url: str
    kind: str
    label: str
    status: str
    status_label: str
    transfer: str
    item: str
    quantity: int
    discovered_on: dt.date
    report_due_on: dt.date
    reported_on: dt.date | None
    days_overdue: int  # past the reporting deadline, unreported (0: not overdue)
    description: str


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int


@dataclass(frozen=True)
class Accountability:
    today: dt.date
    inspections: list[OverdueInspection]
    discrepancies: list[OpenDiscrepancy]
    inspections_by_kind: list[KindCount]
    discrepancies_by_kind: list[KindCount]

    @property
    def overdue_discrepancies(self) -> int:
        return sum(1 for d in self.discrepancies if d.days_overdue)


def accountability(user: Any, *, today: dt.date | None = None) -> Accountability:
    """What is late: inspections not conducted past their due date (initial
    inventories fall due 90 days after arrival), and discrepancies not yet
    resolved, those unreported past their 30-day deadline first."""
    today = today or timezone.localdate()
    inspections = (
        (Inspection.objects.all() if user is None else Inspection.objects.for_user(user))
        .filter(conducted_on__isnull=True, due_on__lt=today)
        .select_related("transfer", "shipment", "site", "owner")
        .order_by("due_on", "pk")
    )
    overdue = [
        OverdueInspection(
            id=i.pk,
            url=record_url(i),
            kind=i.kind,
            label=i.get_kind_display(),  # type: ignore[attr-defined]
            transfer=i.transfer.reference,
            shipment=i.shipment.code if i.shipment else "",
            site=str(i.site) if i.site else "",
            inspecting=i.owner.name,
            due_on=i.due_on,
            days_overdue=(today - i.due_on).days,
        )
        for i in inspections
    ]
    discrepancies = (
        (Discrepancy.objects.all() if user is None else Discrepancy.objects.for_user(user))
        .filter(status__in=sorted(OPEN_DISCREPANCY))
        .select_related("transfer", "item__item_type", "item_type")
        .order_by("report_due_on", "pk")
    )
    open_ = [
        OpenDiscrepancy(
            id=d.pk,
            url=record_url(d),
            kind=d.kind,
            label=d.get_kind_display(),  # type: ignore[attr-defined]
            status=d.status,
            status_label=d.get_status_display(),  # type: ignore[attr-defined]
            transfer=d.transfer.reference,
            item=str(d.item) if d.item else (d.item_type.code if d.item_type else ""),
            quantity=d.quantity,
            discovered_on=d.discovered_on,
            report_due_on=d.report_due_on,
            reported_on=d.reported_on,
            days_overdue=(
                (today - d.report_due_on).days
                if d.reported_on is None and d.report_due_on < today
                else 0
            ),
            description=d.description,
        )
        for d in discrepancies
    ]
    # Overdue first (longest overdue at the top), then by deadline.
    open_.sort(key=lambda d: (-d.days_overdue, d.report_due_on, d.id))
    return Accountability(
        today=today,
        inspections=overdue,
        discrepancies=open_,
        inspections_by_kind=_by_kind(InspectionKind, [i.kind for i in overdue]),
        discrepancies_by_kind=_by_kind(DiscrepancyKind, [d.kind for d in open_]),
    )


def _by_kind(choices: type[models.TextChoices], kinds: list[str]) -> list[KindCount]:
    return [
        KindCount(value, str(label), kinds.count(value))
        for value, label in choices.choices
        if value in kinds
    ]


# --- the crew gap --------------------------------------------------------------------

# People who no longer serve are not counted.
NOT_SERVING = (PersonStatus.INACTIVE,)


@dataclass(frozen=True)
class CrewGapRow:
    """An item type's systems held by one unit, and the crews they need."""

    unit_id: int
    unit_code: str
    unit: str
    item_type_id: int
    item_type_code: str
    item_type: str
    systems: int
    operators_required: int
    operators_trained: int
    operators_gap: int
    maintainers_required: int
    maintainers_trained: int
    maintainers_gap: int


@dataclass(frozen=True)
class CrewGapTotal:
    """An item type across units; the gap is the sum of the units' gaps (a
    surplus in one unit does not fill another's)."""

    item_type_id: int
    item_type_code: str
    item_type: str
    units: int
    systems: int
    operators_required: int
    operators_trained: int
    operators_gap: int
    maintainers_required: int
    maintainers_trained: int
    maintainers_gap: int


def _trained(role: str, today: dt.date) -> Subquery:
    """How many serving people of the group's unit (or its sub-units) are
    qualified for ``role`` on the group's item type: holding, unexpired, the
    qualification one of its qualifying courses awards, or having completed
    one of those courses that awards none (where it awards one, the
    qualification's expiry decides)."""
    item_type = OuterRef(OuterRef("item_type_id"))
    holds = PersonQualification.objects.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today),
        person_id=OuterRef("pk"),
        qualification__courses__item_types__item_type_id=item_type,
        qualification__courses__item_types__role=role,
    )
    completed = Nomination.objects.filter(
        GRADUATE,
        person_id=OuterRef("pk"),
        course__qualification__isnull=True,
        course__item_types__item_type_id=item_type,
        course__item_types__role=role,
    )
    people = (
        Person.objects.filter(unit__path__startswith=OuterRef("custodian__path"))
        .exclude(status__in=NOT_SERVING)
        .filter(Exists(holds) | Exists(completed))
    )
    return Subquery(_count(people), output_field=IntegerField())


def held_items(user: Any = None) -> QuerySet[Item]:
    """Serial-tracked items held by a unit, as ``user`` may see them."""
    items = Item.objects.all() if user is None else Item.objects.for_user(user)
    return items.filter(
        status__in=sorted(HELD), custodian__isnull=False, item_type__serial_tracked=True
    )


def crew_gap(
    units: Iterable[Organisation | int] | None = None,
    user: Any = None,
    *,
    include_subunits: bool = False,
    today: dt.date | None = None,
) -> list[CrewGapRow]:
    """For each item type held by each unit (``units``, or every unit; with
    ``include_subunits`` their sub-units too): operators and maintainers
    required (systems × crew, systems × maintainers) against those trained,
    and the gap. One aggregate query, plus the names."""
    today = today or timezone.localdate()
    items = held_items(user)
    if units is not None:
        ids = [unit if isinstance(unit, int) else unit.pk for unit in units]
        if include_subunits:
            paths = Organisation.objects.filter(pk__in=ids).values_list("path", flat=True)
            within = Q(pk__in=[])
            for path in paths:
                within |= Q(custodian__path__startswith=path)
            items = items.filter(within)
        else:
            items = items.filter(custodian_id__in=ids)
    # One item stands for each (unit, item type): the people are counted once
    # per group, not once per item.
    firsts = (
        items.order_by().values("custodian_id", "item_type_id").annotate(first=Min("pk"))
    ).values("first")
    same = _count(
        items.filter(custodian_id=OuterRef("custodian_id"), item_type_id=OuterRef("item_type_id"))
    )
    groups = list(
        Item.objects.filter(pk__in=firsts)
        .order_by()
        .values("custodian_id", "item_type_id")
        .annotate(
            systems=Subquery(same, output_field=IntegerField()),
            operators=_trained(CourseRole.OPERATOR, today),
            maintainers=_trained(CourseRole.MAINTAINER, today),
        )
    )
    organisations = Organisation.objects.in_bulk({g["custodian_id"] for g in groups})
    kinds = ItemType.objects.in_bulk({g["item_type_id"] for g in groups})
    rows = []
    for group in groups:
        unit, kind = organisations[group["custodian_id"]], kinds[group["item_type_id"]]
        systems = group["systems"]
        operators = systems * kind.crew_per_system
        maintainers = systems * kind.maintainers_per_system
        rows.append(
            CrewGapRow(
                unit_id=unit.pk,
                unit_code=unit.code,
                unit=unit.name,
                item_type_id=kind.pk,
                item_type_code=kind.code,
                item_type=kind.name,
                systems=systems,
                operators_required=operators,
                operators_trained=group["operators"] or 0,
                operators_gap=max(operators - (group["operators"] or 0), 0),
                maintainers_required=maintainers,
                maintainers_trained=group["maintainers"] or 0,
                maintainers_gap=max(maintainers - (group["maintainers"] or 0), 0),
            )
        )
    rows.sort(key=lambda r: (r.unit_code, r.item_type_code))
    return rows


def crew_gap_totals(rows: Iterable[CrewGapRow]) -> list[CrewGapTotal]:
    """The rows summed per item type."""
    sums: dict[int, dict[str, Any]] = {}
    numbers = (
        "systems",
        "operators_required",
        "operators_trained",
        "operators_gap",
        "maintainers_required",
        "maintainers_trained",
        "maintainers_gap",
    )
    for row in rows:
        total = sums.setdefault(
            row.item_type_id,
            {
                "item_type_id": row.item_type_id,
                "item_type_code": row.item_type_code,
                "item_type": row.item_type,
                "units": 0,
                **dict.fromkeys(numbers, 0),
            },
        )
        total["units"] += 1
        for name in numbers:
            total[name] += getattr(row, name)
    return sorted(
        (CrewGapTotal(**total) for total in sums.values()), key=lambda t: t.item_type_code
    )


def crew_gap_units(user: Any) -> QuerySet[Organisation]:
    """The units holding items the user may see (the choices of the filter)."""
    return Organisation.objects.filter(
        pk__in=held_items(user).order_by().values("custodian_id")
    ).order_by("path")
