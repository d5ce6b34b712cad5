"""Reconciling a hand-over count with what was shipped: no database, so the
same function serves the shipment page, the delivery and the benchmark.

Per item type: serials shipped and read at the hand-over match, or are
missing (shipped, not read) or unexpected (read, not shipped). A missing and
an unexpected serial of the same type pair into a *wrong serial* (a digit
misread, or another item sent); what is left is a *shortage* or an
*overage*. Counted (bulk) lines compare quantities.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tadrib.equipment.choices import DiscrepancyKind


@dataclass(frozen=True)
class Count:
    """A counted line: how many were shipped and how many arrived."""

    item_type: str
    shipped: int
    received: int | None


@dataclass(frozen=True)
class Difference:
    kind: str
    item_type: str
    serial: str = ""
    expected_serial: str = ""
    quantity: int = 1

    def describe(self) -> str:
        values = {
            "type": self.item_type or _("unknown type"),
            "serial": self.serial,
            "expected": self.expected_serial,
            "n": self.quantity,
        }
        if self.kind == DiscrepancyKind.WRONG_SERIAL:
            return _("%(type)s: %(serial)s arrived where %(expected)s was shipped.") % values
        if self.kind == DiscrepancyKind.SHORTAGE and self.expected_serial:
            return _("%(type)s: %(expected)s was shipped but did not arrive.") % values
        if self.kind == DiscrepancyKind.OVERAGE and self.serial:
            return _("%(type)s: %(serial)s arrived but was not shipped.") % values
        if self.kind == DiscrepancyKind.SHORTAGE:
            return _("%(type)s: %(n)s fewer arrived than were shipped.") % values
        return _("%(type)s: %(n)s more arrived than were shipped.") % values


@dataclass
class TypeResult:
    """One item type's serials: matched, missing, unexpected, and the pairs
    of a missing and an unexpected serial taken as a wrong serial."""

    item_type: str
    shipped: int = 0
    received: int = 0
    matched: int = 0
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    wrong: list[tuple[str, str]] = field(default_factory=list)  # (expected, read)


@dataclass
class Reconciliation:
    types: dict[str, TypeResult]
    counts: list[Count]
    _matched: set[tuple[str, str]]

    @property
    def matched(self) -> int:
        return len(self._matched)

    def matched_serials(self) -> set[tuple[str, str]]:
        return set(self._matched)

    def received_of(self, item_type: str) -> int:
        result = self.types.get(item_type)
        return result.received if result is not None else 0

    @property
    def count_received(self) -> int:
        return sum(count.received or 0 for count in self.counts)

    def item_types(self) -> set[str]:
        return {code for code in self.types if code} | {count.item_type for count in self.counts}

    def differences(self) -> list[Difference]:
        found: list[Difference] = []
        for code in sorted(self.types):
            result = self.types[code]
            found += [
                Difference(DiscrepancyKind.WRONG_SERIAL, code, read, expected)
                for expected, read in result.wrong
            ]
            found += [
                Difference(DiscrepancyKind.SHORTAGE, code, expected_serial=serial)
                for serial in result.missing
            ]
            found += [
                Difference(DiscrepancyKind.OVERAGE, code, serial=serial)
                for serial in result.unexpected
            ]
        for count in self.counts:
            received = count.received or 0
            if received < count.shipped:
                found.append(
                    Difference(
                        DiscrepancyKind.SHORTAGE, count.item_type, quantity=count.shipped - received
                    )
                )
            elif received > count.shipped:
                found.append(
                    Difference(
                        DiscrepancyKind.OVERAGE, count.item_type, quantity=received - count.shipped
                    )
                )
        return found

    @property
    def difference_count(self) -> int:
        return len(self.differences())

    @property
    def is_exact(self) -> bool:
        return self.difference_count == 0


def reconcile(
    shipped: Iterable[tuple[str, str]],
    received: Iterable[tuple[str, str]],
    counts: Iterable[Count] = (),
) -> Reconciliation:
    """``shipped``: (item type code, serial) captured before dispatch;
    ``received``: (item type code or "" when the reader did not say, serial)
    read at the hand-over; ``counts``: the counted lines."""
    shipped_set = set(shipped)
    by_serial: dict[str, list[str]] = {}
    for code, serial in shipped_set:
        by_serial.setdefault(serial, []).append(code)
    types: dict[str, TypeResult] = {}
    for code, _serial in shipped_set:
        types.setdefault(code, TypeResult(code)).shipped += 1
    read: set[tuple[str, str]] = set()
    for code, serial in received:
        if not code:
            candidates = by_serial.get(serial, [])
            code = candidates[0] if len(candidates) == 1 else ""
        read.add((code, serial))
    for code, _serial in read:
        types.setdefault(code, TypeResult(code)).received += 1
    matched = shipped_set & read
    for code, _serial in matched:
        types[code].matched += 1
    for code, serial in sorted(shipped_set - read):
        types[code].missing.append(serial)
    for code, serial in sorted(read - shipped_set):
        types[code].unexpected.append(serial)
    for code, result in types.items():
        if not code:
            continue
        pairs = min(len(result.missing), len(result.unexpected))
        result.wrong = list(zip(result.missing[:pairs], result.unexpected[:pairs], strict=True))
        result.missing = result.missing[pairs:]
        result.unexpected = result.unexpected[pairs:]
    return Reconciliation(types, list(counts), matched)
