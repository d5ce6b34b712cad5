"""The training part of the reference scenario: the catalogue, the sessions and
the nominations walked through every status. One full build (the default
500 people) is shared by the module and undone at its end."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from tadrib.core.models import AuditEntry
from tadrib.demo import scenario, training
from tadrib.people.models import PersonQualification
from tadrib.training.choices import NominationStatus
from tadrib.training.models import (
    Assessment,
    Attendance,
    Course,
    Grade,
    Incident,
    Nomination,
    Session,
    SessionQuota,
)

pytestmark = pytest.mark.django_db
AREAS = {"counter_terrorism", "demining", "cyber_defence", "logistics", "peacekeeping"}
MODELS = (Course, Session, SessionQuota, Nomination, Assessment, Grade, Attendance, Incident)


@pytest.fixture(scope="module")
def full(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    """The demo as ``tadrib demo`` loads it, built once for the module and
    rolled back after its last test (each test runs in a savepoint of it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield scenario.build()
        transaction.set_rollback(True)


def row_counts() -> dict[str, int]:
    counts = {model.__name__: model._default_manager.count() for model in MODELS}
    counts["AuditEntry"] = AuditEntry.objects.count()
    return counts


def test_the_catalogue_covers_the_five_areas_in_turkiye_and_saudi_arabia(
    full: dict[str, int],
) -> None:
    courses = Course.objects.select_related("institution__nation", "language_preparation")
    assert courses.count() >= 20
    by_nation = {
        iso: {c.area for c in courses if c.institution.nation.iso_code == iso}
        for iso in ("TR", "SA")
    }
    assert by_nation["TR"] >= AREAS and by_nation["SA"] >= AREAS
    assert all(c.name_en and c.name_ar and c.name_tr for c in courses)
    saudi = [c for c in courses if c.institution.nation.iso_code == "SA"]
    assert {c.language for c in saudi} == {"ar"}
    turkish = [c for c in courses if c.institution.nation.iso_code == "TR"]
    assert Counter(c.language for c in turkish).most_common(1)[0][0] == "tr"
    preparation = Course.objects.get(code="TUR-PREP")
    assert (preparation.area, preparation.language) == ("language", "tr")
    assert preparation.institution.code == "TR-KHO"
    taught_in_turkish = [c for c in turkish if c.language == "tr" and c.min_language_profile]
    assert {c.language_preparation for c in taught_in_turkish} == {preparation}
    assert any(c.ects_credits for c in courses) and any(c.framework_refs for c in courses)
    assert sum(1 for c in courses if c.qualification_id) >= 20
    assert Course.objects.get(code="DEM-EOD").prerequisites.get().required.code == "DEM-BAS"


def test_sessions_run_under_the_host_nations_programme_from_2025_to_2027(
    full: dict[str, int],
) -> None:
    sessions = Session.objects.select_related("course__institution", "programme")
    programmes = {(s.course.institution.code[:2], s.programme.code) for s in sessions}
    assert programmes == {("TR", "PRG-ADV-TRG"), ("SA", "PRG-SA-TRG")}
    assert all(10 <= s.capacity <= 30 for s in sessions)
    assert {s.starts_on.year for s in sessions} == {2025, 2026, 2027}
    statuses = Counter(s.status for s in sessions)
    assert set(statuses) == {"completed", "running", "open", "planned", "cancelled"}
    now = training.NOW
    assert all(s.ends_on < now for s in sessions if s.status == "completed")
    assert all(s.starts_on <= now <= s.ends_on for s in sessions if s.status == "running")
    assert SessionQuota.objects.filter(nation__iso_code="SY").count() >= 4


def test_about_300_syrians_are_nominated_through_every_status(full: dict[str, int]) -> None:
    nominations = Nomination.objects.select_related("person__nation", "owner")
    assert 280 <= nominations.count() == full["nominations"] <= 340
    assert {n.owner.code for n in nominations} == {"SY-MOD-TRD"}
    assert {n.person.nation.iso_code for n in nominations} == {"SY"}
    assert "cadet" not in {n.person.category for n in nominations}
    statuses = Counter(n.status for n in nominations)
    assert set(statuses) == set(NominationStatus.values)
    slots = training.plan_nominations(scenario.plan_people(2025, 500), 2025)
    assert statuses == Counter(training.final_status(s.outcome) for s in slots)


def test_every_step_is_audited_as_the_system(full: dict[str, int]) -> None:
    steps = AuditEntry.objects.filter(action__startswith="nomination.")
    assert set(steps.values_list("actor_username", flat=True)) == {"demo"}
    for status in NominationStatus.values:
        if status != "draft":
            assert steps.filter(action=f"nomination.{status}").exists(), status
    placed = Nomination.objects.filter(status="placed").count()
    assert steps.filter(action="nomination.placed").count() == placed


def test_completed_sessions_have_grades_standings_certificates_and_qualifications(
    full: dict[str, int],
) -> None:
    completed = Session.objects.filter(status="completed")
    assert completed.count() >= 8
    for session in completed:
        assert session.assessments.count() == 2
        finished = session.nominations.filter(final_grade__isnull=False)
        assert finished.exists()
        for nomination in finished:
            graded = Grade.objects.filter(nomination=nomination).count()
            assert graded == 2 and nomination.class_standing >= 1
            passed = nomination.final_grade >= session.course.pass_mark
            assert bool(nomination.certificate_code) == passed
            assert nomination.completed_on == session.ends_on
    graduates = Nomination.objects.filter(certificate_code__isnull=False)
    assert graduates.count() == full["certificates"] > 50
    awarded = PersonQualification.objects.filter(
        person__in=graduates.values("person"), qualification__courses__isnull=False
    )
    assert awarded.exists()
    assert Nomination.objects.filter(status="failed", certificate_code__isnull=True).count() >= 5


def test_graduates_are_placed_in_posts_that_use_the_training_or_not(
    full: dict[str, int],
) -> None:
    placed = Nomination.objects.filter(status="placed").select_related("placed_unit__nation")
    uses = Counter(n.post_uses_training for n in placed)
    assert uses[True] > uses[False] > 0
    assert {n.placed_unit.nation.iso_code for n in placed} == {"SY"}
    assert all(n.placed_post and n.placed_on <= training.NOW for n in placed)
    assert all(n.certificate_code for n in placed)


def test_trainees_abroad_have_attendance_and_incidents(full: dict[str, int]) -> None:
    absence = Incident.objects.get(kind="unauthorised_absence")
    assert absence.absence_hours is not None and absence.absence_hours > 24
    assert absence.reported_on is not None
    assert Incident.objects.filter(kind="injury").count() == 1
    days_absent = Attendance.objects.filter(nomination=absence.nomination, status="absent")
    assert days_absent.count() == 2
    assert Attendance.objects.filter(status="present").count() > 100


def test_language_preparation_comes_before_the_course(full: dict[str, int]) -> None:
    chained = Nomination.objects.filter(preparation__isnull=False).select_related(
        "session", "preparation__session", "preparation__course"
    )
    assert chained.count() >= 20
    for nomination in chained:
        prep = nomination.preparation
        assert prep is not None and prep.course.code == "TUR-PREP"
        if prep.session is not None and nomination.session is not None:
            assert prep.session.ends_on < nomination.session.starts_on
    assert {p.status for p in Nomination.objects.filter(course__code="TUR-PREP")} >= {
        "completed",
        "in_training",
    }


def test_clearances_and_passports_hold_whenever_the_demo_is_loaded(
    full: dict[str, int],
) -> None:
    for nomination in Nomination.objects.select_related("session"):
        session, cleared = nomination.session, nomination.medical_cleared_on
        assert session is not None
        assert nomination.passport_expires_on > session.ends_on
        if cleared is None:
            continue
        assert cleared <= dt.date(2026, 11, 1)
        stale = (session.starts_on - cleared).days > 365
        refused = nomination.status == "ineligible" and "stale" in str(nomination.eligibility)
        assert stale == refused


def test_building_again_creates_nothing(full: dict[str, int]) -> None:
    before = row_counts()
    again = scenario.build()
    assert set(again.values()) == {0}
    assert row_counts() == before


def test_the_plan_depends_on_the_seed_alone() -> None:
    people = scenario.plan_people(2025, 500)
    first = [(s.key, s.session.key, s.outcome) for s in training.plan_nominations(people, 2025)]
    again = [(s.key, s.session.key, s.outcome) for s in training.plan_nominations(people, 2025)]
    assert first == again
    other = training.plan_nominations(scenario.plan_people(7, 500), 7)
    assert [(s.key, s.outcome) for s in other] != [(key, o) for key, _, o in first]
    assert training.plan_nominations(scenario.plan_people(2025, 400), 2025) == []
