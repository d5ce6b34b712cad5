"""Concurrent writers on PostgreSQL never fork the audit chain."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from tadrib.core import audit, testing
from tadrib.core.models import AuditEntry
from tadrib.people.models import Person
from tadrib.people.services import save_person

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent transactions (PostgreSQL)"
)
def test_concurrent_writers_append_one_linear_chain() -> None:
    world = testing.build_world()
    start = AuditEntry.objects.count()
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            barrier.wait()
            for i in range(10):
                save_person(
                    Person(
                        nation=world.nation_a,
                        service_number=f"T{n}-{i}",
                        given_names="a",
                        family_name="b",
                        given_names_latin="a",
                        family_name_latin="b",
                        category="enlisted",
                        unit=world.battalion_a,
                    ),
                    actor=None,
                )
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEntry.objects.count() == start + 40
    assert list(audit.verify_chain()) == []
