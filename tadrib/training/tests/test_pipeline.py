"""The nomination pipeline: every allowed and refused step, who may take
each, seats against capacity and quotas, the waiting list, identity data,
language preparation and completion."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import override_settings

from tadrib.agreements import testing as t
from tadrib.core import testing
from tadrib.core.choices import Role
from tadrib.core.models import AuditEntry
from tadrib.core.testing import World, client_for, post_json
from tadrib.people.models import PersonQualification
from tadrib.training import services, steps
from tadrib.training import testing as tt
from tadrib.training.choices import NOMINATION_TRANSITIONS, NominationStatus
from tadrib.training.models import Grade, Nomination, SessionQuota

pytestmark = pytest.mark.django_db
N = NominationStatus


def _verb(target: str) -> Any:
    """The service that takes a nomination into ``target`` (as the system)."""
    reason = "Recorded for the test."
    verbs = {
        N.DRAFT: lambda n: services.revise(n, actor=None),
        N.SUBMITTED: lambda n: services._step(n, N.SUBMITTED, actor=None),
        N.ELIGIBLE: lambda n: services.screen(n, actor=None),
        N.INELIGIBLE: lambda n: services._step(n, N.INELIGIBLE, actor=None, reason=reason),
        N.VETTED: lambda n: services.vet(n, actor=None, reason=reason),
        N.REJECTED: lambda n: services.reject(n, actor=None, reason=reason),
        N.APPROVED: lambda n: services.approve(n, actor=None),
        N.OFFERED: lambda n: services.offer_seat(n, actor=None),
        N.WAITLISTED: lambda n: services.waitlist(n, actor=None),
        N.ACCEPTED: lambda n: services.accept(n, actor=None),
        N.DECLINED: lambda n: services.decline(n, actor=None, reason=reason),
        N.ENROLLED: lambda n: services.enrol(n, actor=None),
        N.IN_TRAINING: lambda n: services.start_training(n, actor=None),
        # Completion is decided for the whole session (complete_session).
        N.COMPLETED: lambda n: services._step(n, N.COMPLETED, actor=None),
        N.FAILED: lambda n: services._step(n, N.FAILED, actor=None),
        N.WITHDRAWN: lambda n: services.withdraw(n, actor=None, reason=reason),
        N.DISMISSED: lambda n: services.dismiss(n, actor=None, reason=reason),
        N.CANCELLED: lambda n: services.cancel(n, actor=None, reason=reason),
        N.RETURNED: lambda n: services.return_home(n, actor=None),
        N.PLACED: lambda n: services.place(
            n,
            actor=None,
            unit=n.owner,
            post="Platoon commander",
            placed_on=dt.date(2031, 6, 1),
            uses_training=True,
        ),
    }
    return verbs[target]


def test_the_table_names_every_status() -> None:
    assert set(NOMINATION_TRANSITIONS) == set(NominationStatus.values)
    for targets in NOMINATION_TRANSITIONS.values():
        assert targets <= set(NominationStatus.values)


@pytest.mark.parametrize("current", NominationStatus.values)
def test_every_step_from_a_status_is_allowed_or_refused_by_the_table(
    current: str, world: World
) -> None:
    session = tt.session(world, 1, of=tt.course(world, 1, at=tt.academy_c(world)))
    nomination = tt.nomination(world, 1, session=session)
    refused = []
    for target in NominationStatus.values:
        if target == current:
            continue
        Nomination.objects.filter(pk=nomination.pk).update(status=current)
        nomination.refresh_from_db()
        allowed = target in NOMINATION_TRANSITIONS[current]
        with transaction.atomic():
            try:
                _verb(target)(nomination)
            except ValidationError as error:
                assert not allowed, f"{current} → {target} refused: {error.messages}"
                text = " ".join(error.messages)
                assert str(N(current).label) in text and str(N(target).label) in text
                refused.append(target)
            else:
                assert allowed, f"{current} → {target} was taken"
                assert Nomination.objects.get(pk=nomination.pk).status == target
                assert AuditEntry.objects.filter(
                    object_id=str(nomination.pk), action=f"nomination.{target}"
                ).exists()
            transaction.set_rollback(True)
    expected = set(NominationStatus.values) - {current} - NOMINATION_TRANSITIONS[current]
    assert set(refused) == expected


def test_a_refused_step_changes_nothing(world: World) -> None:
    nomination = tt.nomination(world, 2)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as raised:
        services.approve(nomination, actor=None)
    assert "Draft" in raised.value.messages[0] and "Approved" in raised.value.messages[0]
    nomination.refresh_from_db()
    assert nomination.status == N.DRAFT
    assert AuditEntry.objects.count() == before


def test_a_step_that_needs_a_reason_names_the_reason_field(world: World) -> None:
    nomination = tt.nomination(world, 3)
    with pytest.raises(ValidationError) as raised:
        services.cancel(nomination, actor=None, reason="  ")
    assert list(raised.value.message_dict) == ["reason"]


# --- who takes which step ----------------------------------------------------


def _host_registrar(world: World) -> Any:
    return testing.user("registrar_c", (tt.academy_c(world), Role.REGISTRAR))


def test_each_side_takes_only_its_own_steps(world: World) -> None:
    session = tt.session(world, 4, of=tt.course(world, 4, at=tt.academy_c(world)))
    nomination = tt.nomination(world, 4, session=session)
    partner, host = world.manager_a, _host_registrar(world)
    with pytest.raises(PermissionDenied):
        services.submit(nomination, actor=host)
    services.submit(nomination, actor=partner)
    assert nomination.status == N.ELIGIBLE
    with pytest.raises(PermissionDenied):
        services.vet(nomination, actor=partner, reason="Cleared.")
    services.vet(nomination, actor=host, reason="No adverse record.")
    assert nomination.vetted_by == host and nomination.vetting_reason == "No adverse record."
    with pytest.raises(PermissionDenied):
        services.approve(nomination, actor=host)
    services.approve(nomination, actor=partner)
    with pytest.raises(PermissionDenied):
        services.offer_seat(nomination, actor=partner)
    services.offer_seat(nomination, actor=host)
    services.accept(nomination, actor=host)
    assert [s.key for s in steps.available(partner, nomination)] == ["withdraw"]
    assert {s.key for s in steps.available(host, nomination)} == {"enrol"}
    # The host's other registrar (nation B) takes nothing and reads nothing.
    assert steps.available(world.manager_b, nomination) == []
    assert not Nomination.objects.for_user(world.manager_b).filter(pk=nomination.pk).exists()


def test_the_host_reads_a_nomination_from_eligibility_on(world: World) -> None:
    nomination = tt.nomination(world, 5)
    host = _host_registrar(world)
    assert not Nomination.objects.for_user(host).filter(pk=nomination.pk).exists()
    services.submit(nomination, actor=None)
    assert Nomination.objects.for_user(host).filter(pk=nomination.pk).exists()
    # …and only reads it: the generic edit is the sending nation's.
    assert not Nomination.objects.for_user(host, "change").filter(pk=nomination.pk).exists()


def test_a_rejection_at_vetting_is_the_hosts_and_at_approval_the_partners(world: World) -> None:
    host = _host_registrar(world)
    first = tt.walk(tt.nomination(world, 6), "eligible")
    with pytest.raises(PermissionDenied):
        services.reject(first, actor=world.manager_a, reason="No.")
    services.reject(first, actor=host, reason="Adverse information.")
    assert first.vetted_by == host
    second = tt.walk(tt.nomination(world, 7), "vetted")
    with pytest.raises(PermissionDenied):
        services.reject(second, actor=host, reason="No.")
    services.reject(second, actor=world.manager_a, reason="Needed at home.")
    assert second.status == N.REJECTED


def test_the_api_takes_a_step_and_lists_the_next_ones(world: World) -> None:
    nomination = tt.nomination(world, 8)
    client = client_for(world.manager_a)
    listed = client.get(f"/api/nominations/{nomination.pk}/steps").json()
    assert {row["step"] for row in listed} == {"submit", "cancel"}
    response = post_json(client, f"/api/nominations/{nomination.pk}/steps", {"step": "submit"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "eligible"
    assert {row["rule"] for row in body["eligibility"]} == {
        "rank",
        "prerequisites",
        "language",
        "medical",
        "availability",
    }
    refused = post_json(client, f"/api/nominations/{nomination.pk}/steps", {"step": "approve"})
    assert refused.status_code == 422
    assert "Eligible" in refused.json()["detail"][0]["msg"]
    host = client_for(_host_registrar(world))
    forbidden = post_json(
        host, f"/api/nominations/{nomination.pk}/steps", {"step": "cancel", "reason": "x"}
    )
    assert forbidden.status_code == 403
    stranger = client_for(world.manager_b)
    assert (
        post_json(
            stranger, f"/api/nominations/{nomination.pk}/steps", {"step": "cancel"}
        ).status_code
        == 404
    )


def test_the_page_takes_a_step(world: World) -> None:
    nomination = tt.nomination(world, 9)
    client = client_for(world.manager_a)
    page = client.get(nomination.get_absolute_url()).content.decode()
    assert 'id="step-form"' in page
    response = client.post(f"/training/nominations/{nomination.pk}/step/", {"step": "submit"})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == N.ELIGIBLE


# --- seats --------------------------------------------------------------------


def _approved(world: World, i: int, session: Any, **person: Any) -> Nomination:
    nominee = tt.nominee(world, **person)
    return tt.walk(tt.nomination(world, i, session=session, person=nominee), "approved")


def test_seats_are_never_offered_beyond_capacity(world: World) -> None:
    session = tt.session(world, 10, of=tt.course(world, 10, at=tt.academy_c(world)), capacity=2)
    offered = [services.offer_seat(_approved(world, 10 + i, session), actor=None) for i in range(2)]
    assert all(n.status == N.OFFERED for n in offered)
    third = _approved(world, 12, session)
    with pytest.raises(ValidationError) as raised:
        services.offer_seat(third, actor=None)
    assert "session" in raised.value.message_dict
    assert "capacity 2" in raised.value.message_dict["session"][0]
    services.withdraw(offered[0], actor=None, reason="Recalled.")
    assert services.offer_seat(third, actor=None).status == N.OFFERED


def test_quota_seats_are_kept_for_their_nation(world: World) -> None:
    session = tt.session(world, 13, of=tt.course(world, 13, at=tt.academy_c(world)), capacity=3)
    # Two of the three seats are set aside for nation A; one is open.
    services.save_session_quota(
        SessionQuota(session=session, nation=world.nation_a, seats=2), actor=None
    )
    assert services.seats_left(session, world.nation_a.pk) == 2
    other_nation = world.nation_b.pk
    assert services.seats_left(session, other_nation) == 1
    for i in range(2):
        services.offer_seat(_approved(world, 14 + i, session), actor=None)
    with pytest.raises(ValidationError) as raised:
        services.offer_seat(_approved(world, 16, session), actor=None)
    assert "set aside" in raised.value.message_dict["session"][0]
    assert services.seats_left(session, other_nation) == 1


def test_quotas_cannot_exceed_capacity(world: World) -> None:
    session = tt.session(world, 17, of=tt.course(world, 17, at=tt.academy_c(world)), capacity=2)
    with pytest.raises(ValidationError) as raised:
        services.save_session_quota(
            SessionQuota(session=session, nation=world.nation_a, seats=3), actor=None
        )
    assert "seats" in raised.value.message_dict


def test_capacity_cannot_drop_below_seats_held(world: World) -> None:
    session = tt.session(world, 18, of=tt.course(world, 18, at=tt.academy_c(world)), capacity=3)
    for i in range(2):
        services.offer_seat(_approved(world, 18 + i, session), actor=None)
    session.capacity = 1
    with pytest.raises(ValidationError) as raised:
        services.save_session(session, actor=None)
    assert "capacity" in raised.value.message_dict


@override_settings(TADRIB_WAITLIST_WEEKS=4)
def test_the_waiting_list_is_offered_in_priority_order_from_its_opening(world: World) -> None:
    session = tt.session(world, 20, of=tt.course(world, 20, at=tt.academy_c(world)), capacity=2)
    low, high, middle = (_approved(world, 20 + i, session) for i in range(3))
    for nomination, priority in ((low, 5), (high, 50), (middle, 20)):
        Nomination.objects.filter(pk=nomination.pk).update(priority=priority)
        services.waitlist(nomination, actor=None)
    opens = session.starts_on - dt.timedelta(weeks=4)
    with pytest.raises(ValidationError):
        services.offer_waiting_list(session, actor=None, today=opens - dt.timedelta(days=1))
    offered = services.offer_waiting_list(session, actor=None, today=opens)
    assert [n.pk for n in offered] == [high.pk, middle.pk]
    low.refresh_from_db()
    assert low.status == N.WAITLISTED


# --- identity data, language preparation, completion ---------------------------


def test_enrolment_needs_complete_identity_data(world: World) -> None:
    session = tt.session(world, 30, of=tt.course(world, 30, at=tt.academy_c(world)))
    nomination = tt.walk(tt.nomination(world, 30, session=session, passport_number=""), "accepted")
    with pytest.raises(ValidationError) as raised:
        services.enrol(nomination, actor=None)
    assert "passport_number" in raised.value.message_dict
    Nomination.objects.filter(pk=nomination.pk).update(passport_number="P7654321")
    nomination.refresh_from_db()
    assert services.enrol(nomination, actor=None).status == N.ENROLLED


@override_settings(TADRIB_IDENTITY_DUE_DAYS=16)
def test_identity_data_is_due_sixteen_days_before_the_report_date(world: World) -> None:
    session = tt.session(
        world,
        31,
        of=tt.course(world, 31, at=tt.academy_c(world)),
        report_on=tt.START - dt.timedelta(days=2),
    )
    assert session.identity_due_on == tt.START - dt.timedelta(days=18)


def test_a_course_taught_in_a_language_not_yet_mastered_chains_the_preparation(
    world: World,
) -> None:
    academy = tt.academy_c(world)
    prep = tt.course(world, 40, at=academy, area="language", language="tr", code="TR-PREP")
    course = tt.course(
        world,
        41,
        at=academy,
        language="tr",
        min_language_profile="2222",
        language_preparation=prep,
    )
    nomination = tt.nomination(world, 41, to=course)  # the nominee speaks English only
    assert nomination.preparation is not None
    assert nomination.preparation.course == prep
    assert nomination.preparation.status == N.DRAFT
    services.submit(nomination, actor=None)
    language = next(c for c in nomination.eligibility if c["rule"] == "language")
    assert language["ok"] and language["code"] == "language_preparation"
    # Cancelling the preparation makes the language rule fail again.
    services.cancel(nomination.preparation, actor=None, reason="Not needed.")
    services.cancel(nomination, actor=None, reason="Start over.")
    again = tt.nomination(world, 42, to=course, person=nomination.person)
    Nomination.objects.filter(pk=again.preparation_id).update(status=N.CANCELLED)
    again.refresh_from_db()
    services.submit(again, actor=None)
    assert again.status == N.INELIGIBLE
    assert "TR-PREP" in again.status_reason


def test_completion_grades_ranks_certifies_and_qualifies(world: World) -> None:
    qualification = tt.qualification("Q-EOD")
    course = tt.course(world, 50, qualification=qualification, pass_mark=Decimal(60))
    session = tt.session(world, 50, of=course)
    trainees = [tt.c_nomination(world, i, session=session) for i in range(3)]
    exam = tt.assessment(world, 1, of=session, weight=60)
    field = tt.assessment(world, 2, of=session, weight=40, max_score=50)
    for trainee, (a, b) in zip(trainees, [(90, 40), (50, 20), (90, 40)], strict=True):
        services.save_grade(Grade(nomination=trainee, assessment=exam, score=a), actor=None)
        services.save_grade(Grade(nomination=trainee, assessment=field, score=b), actor=None)
    done = {n.pk: n for n in services.complete_session(session, actor=None)}
    first, failed, tied = (done[t.pk] for t in trainees)
    assert first.final_grade == Decimal("86.00")  # 0.9*60 + 0.8*40
    assert failed.final_grade == Decimal("46.00") and failed.status == N.FAILED
    assert first.status == tied.status == N.COMPLETED
    assert first.class_standing == tied.class_standing == 1 and failed.class_standing == 3
    assert first.certificate_code and failed.certificate_code is None
    held = PersonQualification.objects.filter(qualification=qualification)
    assert set(held.values_list("person_id", flat=True)) == {first.person_id, tied.person_id}
    session.refresh_from_db()
    assert session.status == "completed"


def test_completion_refuses_missing_grades_and_stores_nothing(world: World) -> None:
    course = tt.course(world, 51)
    session = tt.session(world, 51, of=course)
    trainee = tt.c_nomination(world, 1, session=session)
    tt.assessment(world, 1, of=session, weight=100)
    with pytest.raises(ValidationError) as raised:
        services.complete_session(session, actor=None)
    assert "missing" in raised.value.messages[0]
    trainee.refresh_from_db()
    assert trainee.status == N.IN_TRAINING


def test_a_graduate_is_placed_in_a_post_of_their_own_nation(world: World) -> None:
    trainee = tt.c_nomination(world)
    Nomination.objects.filter(pk=trainee.pk).update(status=N.COMPLETED)
    trainee.refresh_from_db()
    services.return_home(trainee, actor=None)
    with pytest.raises(ValidationError) as raised:
        services.place(
            trainee,
            actor=None,
            unit=world.battalion_a,
            post="Instructor",
            placed_on=dt.date(2031, 7, 1),
            uses_training=True,
        )
    assert "placed_unit" in raised.value.message_dict
    placed = services.place(
        trainee,
        actor=None,
        unit=tt.unit_c(world),
        post="Instructor",
        placed_on=dt.date(2031, 7, 1),
        uses_training=False,
    )
    assert placed.status == N.PLACED and placed.post_uses_training is False


def test_an_incident_is_reported_to_the_sending_nation_at_once(world: World) -> None:
    from tadrib.training.models import Incident

    trainee = tt.c_nomination(world)
    incident = services.save_incident(
        Incident(
            nomination=trainee,
            kind="unauthorised_absence",
            occurred_at=dt.datetime(2031, 3, 10, 8, tzinfo=dt.UTC),
            absence_hours=30,
            description="Did not return from leave.",
        ),
        actor=None,
    )
    assert incident.reported_on is not None
    sender = testing.user("sender_c", (t.third_party(world), Role.VIEWER))
    assert Incident.objects.for_user(sender).filter(pk=incident.pk).exists()
    short = Incident(
        nomination=trainee,
        kind="unauthorised_absence",
        occurred_at=dt.datetime(2031, 3, 11, 8, tzinfo=dt.UTC),
        absence_hours=12,
        description="Late.",
    )
    with pytest.raises(ValidationError) as raised:
        services.save_incident(short, actor=None)
    assert "absence_hours" in raised.value.message_dict


def test_graduates_of_a_closed_session_go_home_and_into_a_post(world: World) -> None:
    session = tt.session(world, 60, of=tt.course(world, 60))
    trainee = tt.c_nomination(world, 1, session=session)
    exam = tt.assessment(world, 1, of=session, weight=100)
    services.save_grade(Grade(nomination=trainee, assessment=exam, score=75), actor=None)
    (graduate,) = services.complete_session(session, actor=None)
    services.return_home(graduate, actor=None)
    placed = services.place(
        graduate,
        actor=None,
        unit=tt.unit_c(world),
        post="Demining team leader",
        placed_on=dt.date(2031, 8, 1),
        uses_training=True,
    )
    assert placed.status == N.PLACED
    # The closed session takes no new nominee.
    with pytest.raises(ValidationError) as raised:
        tt.nomination(
            world,
            61,
            session=session,
            owner=t.third_party(world),
            person=tt.nominee(world, tt.unit_c(world)),
        )
    assert list(raised.value.message_dict) == ["session"]
