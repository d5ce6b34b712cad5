"""The Syrian battalions in rotation at Turkish barracks. One build with
enough unit personnel for the three rosters, shared by the module and undone
at its end."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from tadrib.demo import rotations, scenario
from tadrib.people.models import PersonQualification
from tadrib.training import rotation_services
from tadrib.training.choices import EquipmentState, RotationStatus, VettingOutcome
from tadrib.training.models import EquipmentLoss, RotationEvaluation, UnitRotation

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield scenario.build(people=300)
        transaction.set_rollback(True)


def rotation(code: str) -> UnitRotation:
    return UnitRotation.objects.select_related("unit", "facility").get(code=code)


def test_three_battalions_rotate_through_turkish_barracks(built: dict[str, int]) -> None:
    found = {r.code: (r.unit.code, r.facility.code, r.status) for r in UnitRotation.objects.all()}
    assert found == {
        "ROT-2025-01": ("SY-BN-111", "TR-FAC-1", RotationStatus.COMPLETED),
        "ROT-2026-02": ("SY-BN-131", "TR-FAC-2", RotationStatus.IN_TRAINING),
        "ROT-2027-03": ("SY-BN-221", "TR-FAC-1", RotationStatus.PLANNED),
    }
    assert built["rotations"] == 3


def test_the_completed_rotation_returned_its_equipment_with_a_loss_and_a_damage(
    built: dict[str, int],
) -> None:
    done = rotation("ROT-2025-01")
    states = Counter(done.equipment.values_list("state", flat=True))
    assert states == {
        EquipmentState.RETURNED: 24,
        EquipmentState.LOST: 1,
        EquipmentState.DAMAGED: 1,
    }
    losses = {(loss.kind, loss.equipment.serial_number) for loss in EquipmentLoss.objects.all()}
    assert losses == {
        ("loss", rotations.host_serial(*rotations.LOST)),
        ("damage", rotations.host_serial(*rotations.DAMAGED)),
    }
    evaluation = RotationEvaluation.objects.get(rotation=done)
    assert evaluation.final and evaluation.passed
    met = Counter(evaluation.assessments.values_list("met", flat=True))
    assert met == {True: 9, False: 1}


def test_its_members_hold_the_qualification_it_confers(built: dict[str, int]) -> None:
    done = rotation("ROT-2025-01")
    members = set(done.members.values_list("person_id", flat=True))
    holders = set(
        PersonQualification.objects.filter(
            qualification__code="Q-CT-UNIT", awarded_on=dt.date(2026, 2, 27)
        ).values_list("person_id", flat=True)
    )
    assert members and holders == members


def test_the_rotation_in_training_holds_its_howitzers(built: dict[str, int]) -> None:
    running = rotation("ROT-2026-02")
    issued = Counter(
        running.equipment.filter(state=EquipmentState.ISSUED).values_list(
            "item_type__code", flat=True
        )
    )
    assert issued == {"T155": 2, "MPT-76": 12}


def test_the_planned_rotation_cannot_start_while_vetting_is_open_or_refused(
    built: dict[str, int],
) -> None:
    planned = rotation("ROT-2027-03")
    vetting = Counter(planned.members.values_list("vetting", flat=True))
    assert vetting[VettingOutcome.OPEN] == 1 and vetting[VettingOutcome.REFUSED] == 1
    with pytest.raises(ValidationError):
        rotation_services.start_rotation(planned, actor=None, on=planned.starts_on)
    assert rotation("ROT-2027-03").status == RotationStatus.PLANNED
