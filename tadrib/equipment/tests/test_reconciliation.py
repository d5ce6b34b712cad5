"""Reconciling a hand-over count with what was shipped (no database)."""

from __future__ import annotations

from tadrib.equipment.reconciliation import Count, reconcile

SHIPPED = [("ACV", "A1"), ("ACV", "A2"), ("ACV", "A3"), ("UAV", "U1")]


def kinds(result: object) -> list[tuple[str, str, str, str, int]]:
    return [
        (d.kind, d.item_type, d.serial, d.expected_serial, d.quantity)
        for d in result.differences()  # type: ignore[attr-defined]
    ]


def test_exact() -> None:
    result = reconcile(SHIPPED, list(SHIPPED))
    assert result.is_exact
    assert result.matched == 4
    assert result.received_of("ACV") == 3


def test_shortage() -> None:
    result = reconcile(SHIPPED, [("ACV", "A1"), ("ACV", "A2"), ("UAV", "U1")])
    assert kinds(result) == [("shortage", "ACV", "", "A3", 1)]
    assert result.matched == 3


def test_overage() -> None:
    result = reconcile(SHIPPED, [*SHIPPED, ("UAV", "U9")])
    assert kinds(result) == [("overage", "UAV", "U9", "", 1)]


def test_wrong_serial_pairs_a_missing_and_an_unexpected_serial_of_one_type() -> None:
    received = [("ACV", "A1"), ("ACV", "A2"), ("ACV", "A8"), ("UAV", "U1")]
    result = reconcile(SHIPPED, received)
    assert kinds(result) == [("wrong_serial", "ACV", "A8", "A3", 1)]


def test_unexpected_serial_of_another_type_is_not_a_wrong_serial() -> None:
    received = [("ACV", "A1"), ("ACV", "A2"), ("UAV", "U1"), ("UAV", "U7")]
    result = reconcile(SHIPPED, received)
    assert sorted(kinds(result)) == [
        ("overage", "UAV", "U7", "", 1),
        ("shortage", "ACV", "", "A3", 1),
    ]


def test_a_serial_read_without_its_type_is_matched_by_the_serial_alone() -> None:
    result = reconcile(SHIPPED, [("", "A1"), ("", "A2"), ("", "A3"), ("", "U1")])
    assert result.is_exact


def test_a_serial_read_twice_counts_once() -> None:
    result = reconcile(SHIPPED, [*SHIPPED, ("ACV", "A1")])
    assert result.is_exact
    assert result.received_of("ACV") == 3


def test_counted_lines_compare_quantities() -> None:
    counts = [Count("AMMO", 100, 97), Count("RIFLE-BOX", 10, 12), Count("MINE", 5, 5)]
    result = reconcile([], [], counts)
    assert kinds(result) == [
        ("shortage", "AMMO", "", "", 3),
        ("overage", "RIFLE-BOX", "", "", 2),
    ]
    assert result.count_received == 114


def test_a_line_never_counted_is_short_of_all_it_shipped() -> None:
    result = reconcile([], [], [Count("AMMO", 40, None)])
    assert kinds(result) == [("shortage", "AMMO", "", "", 40)]


def test_same_input_gives_the_same_differences_in_the_same_order() -> None:
    received = [("ACV", "A9"), ("ACV", "A8"), ("UAV", "U1")]
    first = kinds(reconcile(SHIPPED, received))
    second = kinds(reconcile(list(reversed(SHIPPED)), list(reversed(received))))
    assert first == second
    assert first == [
        ("wrong_serial", "ACV", "A8", "A1", 1),
        ("wrong_serial", "ACV", "A9", "A2", 1),
        ("shortage", "ACV", "", "A3", 1),
    ]
