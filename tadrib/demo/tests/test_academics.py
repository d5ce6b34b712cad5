"""The cadets of the reference scenario: 49 at two Turkish academies, 12 at
the Saudi academy, their results, decisions, incidents and learning
agreements. One build with the cadets as the only Syrians, shared by the
module and undone at its end."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from tadrib.demo import academics, scenario
from tadrib.training import academic_services
from tadrib.training.choices import AgreementStatus, EnrolmentStatus, ProgressionOutcome
from tadrib.training.models import (
    CadetEnrolment,
    CadetIncident,
    Cohort,
    LearningAgreement,
    ProgressionDecision,
    TermResult,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield scenario.build(people=61)
        transaction.set_rollback(True)


def enrolment(number: str) -> CadetEnrolment:
    return CadetEnrolment.objects.select_related("cohort__programme").get(
        person__service_number=number
    )


def test_the_49_cadets_began_at_two_turkish_academies_and_12_at_the_saudi_academy(
    built: dict[str, int],
) -> None:
    at = Counter(
        CadetEnrolment.objects.values_list("cohort__programme__institution__code", flat=True)
    )
    assert at == {"TR-KHO": 34, "TR-HHO": 15, "SA-KAMA": 12}
    assert set(Cohort.objects.values_list("starts_on", flat=True)) == {dt.date(2025, 10, 31)}
    assert set(Cohort.objects.values_list("sending_organisation__code", flat=True)) == {"SY-CADETS"}
    turkish = Cohort.objects.filter(programme__institution__nation__iso_code="TR")
    assert all(c.programme.preparation_year for c in turkish)
    assert built["cadet_enrolments"] == 61 and built["cohorts"] == 3


def test_the_land_forces_cohort_finished_its_preparation_year_three_repeat_it(
    built: dict[str, int],
) -> None:
    kho = CadetEnrolment.objects.filter(cohort__code="KHO-2025-SY")
    years = Counter(kho.values_list("year_of_study", flat=True))
    assert years == {1: 31, 0: 3}
    repeating = sorted(kho.filter(year_of_study=0).values_list("person__service_number", flat=True))
    assert repeating == ["SY-C25-007", "SY-C25-021", "SY-C25-030"]
    assert all(e.repeats == 1 for e in kho.filter(year_of_study=0))
    decisions = ProgressionDecision.objects.filter(enrolment__cohort__code="KHO-2025-SY")
    assert Counter(decisions.values_list("outcome", flat=True)) == {
        ProgressionOutcome.PROMOTED: 31,
        ProgressionOutcome.REPEATS: 3,
    }
    # Preparation components earn no credit toward the degree.
    assert set(kho.values_list("credits_earned", flat=True)) == {Decimal(0)}


def test_the_saudi_cohort_finished_year_1_and_one_cadet_repeats_it(built: dict[str, int]) -> None:
    kama = CadetEnrolment.objects.filter(cohort__code="KAMA-2025-SY")
    assert Counter(kama.values_list("year_of_study", flat=True)) == {2: 11, 1: 1}
    repeater = enrolment("SY-C25S-004")
    assert (repeater.year_of_study, repeater.repeats, repeater.credits_earned) == (
        1,
        1,
        Decimal(30),
    )
    # One failed component of 10 ECTS still leaves 50 credits: enough to move up.
    assert enrolment("SY-C25S-009").credits_earned == Decimal(50)
    assert enrolment("SY-C25S-001").credits_earned == Decimal(60)


def test_the_air_force_cohort_has_part_of_its_second_term_grades_and_one_withdrawal(
    built: dict[str, int],
) -> None:
    hho = CadetEnrolment.objects.filter(cohort__code="HHO-2025-SY")
    withdrawn = enrolment("SY-C25-046")
    assert withdrawn.status == EnrolmentStatus.WITHDRAWN and withdrawn.ended_on == dt.date(
        2026, 3, 16
    )
    second_term = TermResult.objects.filter(enrolment__in=hho, component__year=0, component__term=2)
    assert second_term.values("enrolment").distinct().count() == 9
    assert not ProgressionDecision.objects.filter(enrolment__in=hho).exists()


def test_learning_agreements_are_in_every_state(built: dict[str, int]) -> None:
    states = Counter(LearningAgreement.objects.values_list("status", flat=True))
    assert states == {
        AgreementStatus.APPROVED: 19,
        AgreementStatus.AWAITING: 6,
        AgreementStatus.DRAFT: 5,
        AgreementStatus.CLOSED: 3,
    }
    changed = LearningAgreement.objects.get(version=2)
    assert changed.status == AgreementStatus.AWAITING
    assert changed.host_approved_at is not None and changed.home_approved_at is None
    closed = LearningAgreement.objects.filter(status=AgreementStatus.CLOSED)
    assert all(a.transcript_code and a.transcript_issued_on for a in closed)
    assert {a.home_institution.code for a in LearningAgreement.objects.all()} == {"SY-MA"}
    first = closed.get(enrolment__person__service_number="SY-C25S-001")
    # Every year-1 component passed: all of table B is recognised (8+6+10+8+6+10).
    assert academic_services.recognised_credits(first) == Decimal(48)


def test_incidents_are_reported_to_the_sending_side(built: dict[str, int]) -> None:
    assert CadetIncident.objects.count() == len(academics.INCIDENTS)
    absence = CadetIncident.objects.get(enrolment__person__service_number="SY-C25-012")
    assert absence.kind == "unauthorised_absence" and absence.hours_absent == 30


def test_building_again_adds_no_cohort(built: dict[str, int]) -> None:
    before = (CadetEnrolment.objects.count(), TermResult.objects.count())
    again = scenario.build(people=61)
    assert again["cohorts"] == 0 and again["term_results"] == 0
    assert (CadetEnrolment.objects.count(), TermResult.objects.count()) == before
