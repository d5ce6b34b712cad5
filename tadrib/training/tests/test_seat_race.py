"""Two registrars offering the last seat at the same moment: one gets it, the
other is told the seat is gone (PostgreSQL: the session row is locked while
seats are counted). The same for the last seat of a nation's quota."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tadrib.core import testing
from tadrib.core.choices import Role
from tadrib.training import services
from tadrib.training import testing as tt
from tadrib.training.models import Nomination, SessionQuota

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _race(nominations: list[Nomination], registrars: list[Any]) -> list[Any]:
    barrier = threading.Barrier(len(nominations))
    outcomes: list[Any] = []

    def offer(nomination: Nomination, registrar: Any) -> None:
        try:
            barrier.wait()
            services.offer_seat(nomination, actor=registrar)
            outcomes.append("offered")
        except ValidationError as error:
            outcomes.append(sorted(error.message_dict))
        except BaseException as error:  # reported below
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=offer, args=pair)
        for pair in zip(nominations, registrars, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent transactions (PostgreSQL)"
)
@pytest.mark.parametrize("limit", ["capacity", "quota"])
def test_two_registrars_offering_the_last_seat_at_once(limit: str) -> None:
    world = testing.build_world()
    academy = tt.academy_c(world)
    registrars = [testing.user(f"registrar_{n}", (academy, Role.REGISTRAR)) for n in ("one", "two")]
    course = tt.course(world, 1, at=academy)
    session = tt.session(world, 1, of=course, capacity=1 if limit == "capacity" else 10)
    if limit == "quota":
        services.save_session_quota(
            SessionQuota(session=session, nation=world.nation_a, seats=1), actor=None
        )
    nominations = [tt.walk(tt.nomination(world, i, session=session), "approved") for i in range(2)]
    outcomes = _race(nominations, registrars)
    assert sorted(outcomes, key=str) == [["session"], "offered"]
    assert services.holders(session).count() == 1
