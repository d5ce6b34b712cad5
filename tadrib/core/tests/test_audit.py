from __future__ import annotations

import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from tadrib.core import audit, testing
from tadrib.core.models import AuditEntry, AuditHead
from tadrib.core.testing import World
from tadrib.people.services import save_person

pytestmark = pytest.mark.django_db


def verify() -> list[audit.ChainProblem]:
    return list(audit.verify_chain())


def test_an_untouched_trail_verifies(world: World) -> None:
    assert AuditEntry.objects.count() > 10
    assert verify() == []
    call_command("audit", "verify")


def test_every_change_is_chained_to_the_one_before(world: World) -> None:
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0].prev_hash == audit.GENESIS
    for before, after in itertools.pairwise(entries):
        assert after.prev_hash == before.hash
    head = AuditHead.objects.get()
    assert (head.seq, head.hash) == (entries[-1].seq, entries[-1].hash)


def test_altering_an_entry_is_detected_and_named(world: World) -> None:
    target = AuditEntry.objects.order_by("seq")[4]
    AuditEntry.objects.filter(pk=target.pk).update(actor_username="someone-else")
    problems = verify()
    assert problems and problems[0].seq == target.seq
    with pytest.raises(CommandError, match=f"#{target.seq}"):
        call_command("audit", "verify")


def test_altering_changes_and_rehashing_is_still_detected(world: World) -> None:
    target = AuditEntry.objects.order_by("seq")[3]
    target.changes = {"forged": [None, "value"]}
    target.hash = audit.entry_hash(target)  # a careful forger recomputes its hash...
    target.save()
    problems = verify()
    # ...but the next entry still links to the original hash.
    assert problems[0].seq == target.seq + 1
    assert f"#{target.seq} was altered" in problems[0].message


def test_removing_an_entry_is_detected(world: World) -> None:
    target = AuditEntry.objects.order_by("seq")[2]
    AuditEntry.objects.filter(pk=target.pk).delete()
    problems = verify()
    assert problems[0].seq == target.seq
    assert "removed" in problems[0].message


def test_removing_the_newest_entries_is_detected(world: World) -> None:
    last = AuditEntry.objects.order_by("-seq").first()
    assert last is not None
    AuditEntry.objects.filter(seq__gte=last.seq - 1).delete()
    problems = verify()
    assert problems and problems[0].seq == last.seq - 1
    with pytest.raises(CommandError, match="removed"):
        call_command("audit", "verify")


def test_entries_record_actor_request_and_changes(world: World, client) -> None:  # type: ignore[no-untyped-def]
    person = testing.person(world.battalion_a)
    client.force_login(world.manager_a)
    response = client.post(
        f"/people/{person.pk}/edit/",
        {
            "nation": person.nation_id,
            "service_number": person.service_number,
            "given_names": person.given_names,
            "family_name": person.family_name,
            "given_names_latin": "Changed",
            "family_name_latin": person.family_name_latin,
            "category": person.category,
            "unit": person.unit_id,
            "status": "active",
            "vetting_state": "not_started",
        },
        HTTP_X_REQUEST_ID="req-123",
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert entry.action == "person.changed"
    assert entry.actor_username == "manager_a"
    assert entry.actor_id == world.manager_a.pk
    assert entry.request_id == "req-123"
    assert entry.organisation_id == world.battalion_a.pk
    assert entry.changes == {"given_names_latin": ["Ahmad", "Changed"]}


def test_a_change_that_fails_leaves_no_entry(world: World) -> None:
    person = testing.person(world.battalion_a)
    before = AuditEntry.objects.count()
    person.unit = world.academy_b  # another nation's organisation
    with pytest.raises(Exception, match="another nation"):
        save_person(person, actor=world.admin)
    assert AuditEntry.objects.count() == before


def test_record_refuses_to_run_outside_a_transaction(world: World) -> None:
    # pytest-django wraps each test in a transaction; step out of it to test the guard.
    conn = transaction.get_connection()
    saved = conn.in_atomic_block
    conn.in_atomic_block = False
    try:
        with pytest.raises(RuntimeError):
            audit.record(None, "test.nothing")
    finally:
        conn.in_atomic_block = saved


def test_history_shows_labels_choices_and_related_names(world: World, client) -> None:  # type: ignore[no-untyped-def]
    person = testing.person(world.battalion_a, category="nco")
    person.unit = world.brigade_a
    person.category = "officer"
    save_person(person, actor=world.manager_a)
    client.force_login(world.manager_a)
    page = client.get(f"/people/{person.pk}/")
    changed = page.context["history"][0]
    assert changed.entry.action == "person.changed"
    rows = {row.label: (row.before, row.after) for row in changed.rows}
    assert rows == {
        "category": ("Non-commissioned officer", "Officer"),
        "unit": (str(world.battalion_a), str(world.brigade_a)),
    }
