"""Two saves at the same moment cannot both put one person on overlapping
deployments (PostgreSQL: the person's row is locked first)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tadrib.advisory.models import Deployment, DeploymentMember
from tadrib.advisory.services import save_deployment_member
from tadrib.advisory.tests import fixtures as f
from tadrib.core import testing

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent transactions (PostgreSQL)"
)
def test_concurrent_saves_put_a_person_on_one_of_two_overlapping_deployments() -> None:
    world = testing.build_world()
    deployments = [f.deployment(world, 1), f.deployment(world, 2)]
    person = testing.person(world.battalion_a)
    barrier = threading.Barrier(len(deployments))
    outcomes: list[Any] = []

    def add(deployment: Deployment) -> None:
        try:
            barrier.wait()
            member = DeploymentMember(
                deployment=deployment,
                person=person,
                role="adviser",
                starts_on=f.START,
                ends_on=f.END,
            )
            save_deployment_member(member, actor=None)
            outcomes.append("saved")
        except ValidationError as error:
            outcomes.append(sorted(error.message_dict))
        except BaseException as error:  # reported below
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add, args=(d,)) for d in deployments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [["person"], "saved"]
    assert DeploymentMember.objects.filter(person=person).count() == 1
