"""The trainees dashboard counts the cadets at academies and the soldiers of
units in training beside the course trainees, within the user's reach."""

from __future__ import annotations

import pytest

from tadrib.core.testing import World, client_for
from tadrib.training import reports
from tadrib.training import rotation_services as services
from tadrib.training import testing_academics as ta
from tadrib.training import testing_rotations as tr

pytestmark = pytest.mark.django_db


def test_cadets_are_counted_for_the_sending_office_and_per_academy(world: World) -> None:
    abroad = ta.abroad(world, size=2)
    assert reports.beyond_courses(abroad.office_user) == {
        "cadets": 6,
        "academies": 3,
        "rotations": 0,
        "soldiers": 0,
    }
    first = reports.beyond_courses(abroad.registrars["first"])
    assert (first["cadets"], first["academies"]) == (2, 1)
    withdrawn = abroad.enrolments["second"][0]
    ta.services.withdraw(withdrawn, actor=None, reason="Went home.", on=withdrawn.enrolled_on)
    assert reports.beyond_courses(abroad.office_user)["cadets"] == 5
    page = client_for(abroad.office_user).get("/training/dashboard/")
    assert page.status_code == 200
    assert 'id="cadets-total">5<' in page.content.decode()


def test_soldiers_in_training_are_counted_without_those_removed(world: World) -> None:
    rotation = tr.started(world, soldiers=3)
    host = world.brigade_manager_a  # the facility lies under A's brigade
    assert reports.beyond_courses(host)["rotations"] == 1
    assert reports.beyond_courses(host)["soldiers"] == 3
    member = rotation.members.first()
    assert member is not None
    services.remove_member(member, reason="Sent home sick.", actor=None)
    assert reports.beyond_courses(host)["soldiers"] == 2
    assert reports.beyond_courses(world.manager_b)["rotations"] == 0
