"""Each eligibility rule with a passing and a failing case, as stored on the
nomination and as explained to its reader."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from tadrib.core import testing
from tadrib.core.testing import World
from tadrib.people.models import PersonQualification
from tadrib.people.services import save_person_qualification
from tadrib.training import eligibility, services
from tadrib.training import testing as tt
from tadrib.training.models import CoursePrerequisite, Nomination

pytestmark = pytest.mark.django_db


def _check(nomination: Nomination, rule: str) -> eligibility.Check:
    return next(c for c in eligibility.check(nomination) if c.rule == rule)


def _course(world: World, i: int, **fields: Any) -> Any:
    return tt.course(world, i, at=tt.academy_c(world), **fields)


@pytest.mark.parametrize(
    ("nato", "ok", "code"),
    [("OF-2", True, "rank_within"), ("OR-4", False, "rank_below"), ("OF-5", False, "rank_above")],
)
def test_rank_within_range(world: World, nato: str, ok: bool, code: str) -> None:
    course = _course(world, 1, min_rank="OR-6", max_rank="OF-3")
    person = tt.nominee(world, rank=testing.rank(world.nation_a, nato, nato))
    check = _check(tt.nomination(world, 1, to=course, person=person), "rank")
    assert (check.ok, check.code) == (ok, code)


def test_a_cadet_ranks_between_ncos_and_officers(world: World) -> None:
    course = _course(world, 2, min_rank="OR-9", max_rank="OF-1")
    cadet = tt.nominee(world, rank=testing.rank(world.nation_a, "CDT", "OF(D)"), category="cadet")
    assert _check(tt.nomination(world, 2, to=course, person=cadet), "rank").ok


def test_prerequisites_held_or_missing(world: World) -> None:
    qualification = tt.qualification("Q-BASIC")
    basic = _course(world, 3, qualification=qualification, code="BASIC")
    advanced = _course(world, 4, code="ADV")
    services.save_course_prerequisite(
        CoursePrerequisite(course=advanced, required=basic), actor=None
    )
    person = tt.nominee(world)
    missing = _check(tt.nomination(world, 4, to=advanced, person=person), "prerequisites")
    assert not missing.ok and missing.params == {"courses": "BASIC"}
    save_person_qualification(
        PersonQualification(person=person, qualification=qualification, awarded_on=tt.TODAY),
        actor=None,
    )
    held = _check(Nomination.objects.get(person=person, course=advanced), "prerequisites")
    assert held.ok and held.code == "prerequisites_held"


@pytest.mark.parametrize(
    ("required", "ok", "code"),
    [
        ("3322", True, "language_met"),
        ("3432", False, "language_below"),
        ("", True, "language_none"),
    ],
)
def test_language_level_against_the_stanag_profile(
    world: World, required: str, ok: bool, code: str
) -> None:
    course = _course(world, 5, min_language_profile=required)  # the nominee has 3333
    check = _check(tt.nomination(world, 5, to=course), "language")
    assert (check.ok, check.code) == (ok, code)
    if not ok:
        assert check.params["profile"] == "3333" and check.params["required"] == required


@pytest.mark.parametrize(
    ("cleared", "ok", "code"),
    [
        (tt.CLEARED, True, "medical_valid"),
        (None, False, "medical_missing"),
        (tt.START - dt.timedelta(days=400), False, "medical_stale"),
        (tt.TODAY + dt.timedelta(days=3), False, "medical_future"),
    ],
)
def test_medical_clearance_recorded_and_recent(
    world: World, cleared: dt.date | None, ok: bool, code: str
) -> None:
    session = tt.session(world, 6, of=_course(world, 6))
    nomination = tt.nomination(world, 6, session=session, medical_cleared_on=cleared)
    check = _check(nomination, "medical")
    assert (check.ok, check.code) == (ok, code)


def test_not_already_away_on_training_at_the_same_dates(world: World) -> None:
    person = tt.nominee(world)
    first = tt.session(world, 7, of=_course(world, 7))
    overlapping = tt.session(
        world, 8, of=_course(world, 8), starts_on=tt.START + dt.timedelta(days=10)
    )
    later = tt.session(
        world,
        9,
        of=_course(world, 9),
        starts_on=tt.END + dt.timedelta(days=1),
        ends_on=tt.END + dt.timedelta(days=30),
    )
    tt.walk(tt.nomination(world, 7, session=first, person=person), "offered")
    busy = _check(tt.nomination(world, 8, session=overlapping, person=person), "availability")
    assert not busy.ok and busy.params["course"] == first.course.code
    free = _check(tt.nomination(world, 9, session=later, person=person), "availability")
    assert free.ok


def test_submission_stores_and_explains_every_failed_rule(world: World) -> None:
    course = _course(world, 10, min_rank="OF-4", min_language_profile="4444")
    nomination = tt.nomination(world, 10, to=course, medical_cleared_on=None)
    services.submit(nomination, actor=None)
    assert nomination.status == "ineligible"
    failed = {c["rule"] for c in nomination.eligibility if not c["ok"]}
    assert failed == {"rank", "language", "medical"}
    assert "OF-4" in nomination.status_reason and "4444" in nomination.status_reason
    entry = next(c for c in nomination.eligibility if c["rule"] == "medical")
    with translation.override("tr"):
        turkish = eligibility.explain(entry)
    with translation.override("en"):
        english = eligibility.explain(entry)
    assert english == "No medical clearance is recorded."
    assert turkish != english  # translated when shown
