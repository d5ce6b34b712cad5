"""Seat allocation of an intake, from the database: the problem built from
sessions, quotas, seats held and approved nominations; a run solved by the
background task (the immediate backend in tests); its review, explanations and
difference to the previous run; and its confirmation, which offers every
chosen seat or none."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tadrib.agreements import testing as t
from tadrib.core import testing
from tadrib.core.models import AuditEntry
from tadrib.core.testing import World, client_for, post_json
from tadrib.organisations.models import Organisation
from tadrib.training import allocation, allocation_services, services
from tadrib.training import testing as tt
from tadrib.training.models import (
    AllocationRun,
    Course,
    Intake,
    IntakeInstitution,
    Nomination,
    Session,
    SessionQuota,
)

pytestmark = pytest.mark.django_db


def _nation_d(w: World) -> tuple[Organisation, Organisation]:
    """A fourth nation's ministry (it nominates) and battalion (its soldiers)."""

    def make() -> tuple[Organisation, Organisation]:
        ministry = testing.organisation(testing.nation("QA", "partner"), "D-MOD", kind="ministry")
        unit = testing.organisation(
            ministry.nation, "D-BN", parent=ministry, kind="unit", echelon="battalion"
        )
        return ministry, unit

    return t.shared(w, "nation_d", make)


def _course(w: World) -> Course:
    return t.shared(w, "alloc_course", lambda: tt.course(w, 50))


def _session(w: World, i: int, **fields: Any) -> Session:
    return tt.session(w, 50 + i, of=_course(w), **fields)


def _approved(w: World, i: int, *, nation: str = "SA", **fields: Any) -> Nomination:
    if nation == "QA":
        ministry, unit = _nation_d(w)
        return tt.approved(w, i, to=_course(w), unit=unit, owner=ministry, **fields)
    return tt.approved(w, i, to=_course(w), **fields)


def _choices(data: dict[str, Any]) -> dict[str, dict[str, int]]:
    return {n["id"]: {c["session"]: c["weight"] for c in n["choices"]} for n in data["nominations"]}


# --- the problem from the database ------------------------------------------------


def test_it_builds_the_seats_a_nation_may_still_be_offered(world: World) -> None:
    """Capacity less the seats held; a nation with a quota, its quota less its
    seats held; the solver keeps the others to the seats nobody set aside."""
    s1 = _session(world, 1, capacity=5)
    services.save_session_quota(
        SessionQuota(session=s1, nation=testing.nation("SA"), seats=3), actor=None
    )
    holder = _approved(world, 0, session=s1)
    services.offer_seat(holder, actor=None)
    sa = _approved(world, 1, session=s1, priority=30)
    qa = _approved(world, 2, session=s1, nation="QA", priority=7)
    built = allocation_services.build_problem(tt.intake(world))
    assert built.data["sessions"] == [{"id": str(s1.pk), "capacity": 4, "quotas": {"SA": 2}}]
    assert _choices(built.data) == {str(sa.pk): {str(s1.pk): 30}, str(qa.pk): {str(s1.pk): 7}}
    nations = {n["id"]: n["nation"] for n in built.data["nominations"]}
    assert nations == {str(sa.pk): "SA", str(qa.pk): "QA"}
    assert {n["person"] for n in built.data["nominations"]} == {
        str(sa.person_id),
        str(qa.person_id),
    }
    # The same seats as services.seats_left: SA's quota, the open seats for QA.
    assert services.seats_left(s1, testing.nation("SA").pk) == 2
    assert services.seats_left(s1, testing.nation("QA").pk) == 2
    problem = allocation.parse_problem(built.data)
    assert problem.session(str(s1.pk)).open_seats == 2


def test_it_reads_each_nominations_acceptable_sessions(world: World) -> None:
    """The named session at the nomination's priority, its choices at their
    weights; none named and no choice: every session of the course in the
    intake. Sessions outside the window or closed never count."""
    s1, s2 = _session(world, 1), _session(world, 2)
    closed = _session(world, 3, status="cancelled")
    late = _session(
        world, 4, starts_on=tt.START + dt.timedelta(days=60), ends_on=tt.END + dt.timedelta(days=60)
    )
    named = _approved(world, 0, session=s1, priority=12)
    tt.nomination_choice(named, s2, weight=4)
    tt.nomination_choice(named, closed, weight=40)
    open_ended = _approved(world, 1, priority=9)
    only_late = _approved(world, 2, session=late)
    waiting = services.waitlist(_approved(world, 3, session=s2, priority=2), actor=None)
    draft = tt.nomination(
        world,
        99,
        to=_course(world),
        person=tt.nominee(world, tt.unit_c(world)),
        owner=t.third_party(world),
    )
    choices = _choices(allocation_services.build_problem(tt.intake(world)).data)
    assert choices == {
        str(named.pk): {str(s1.pk): 12, str(s2.pk): 4},
        str(open_ended.pk): {str(s1.pk): 9, str(s2.pk): 9},
        str(waiting.pk): {str(s2.pk): 2},
    }
    assert str(only_late.pk) not in choices and str(draft.pk) not in choices


def test_a_person_holding_a_seat_in_the_window_is_left_out(world: World) -> None:
    s1, s2 = _session(world, 1), _session(world, 2)
    first = _approved(world, 0, session=s1)
    services.offer_seat(first, actor=None)
    # The same person, nominated for another course with a session in the window.
    other_course = tt.course(world, 51)
    other = tt.nomination(
        world, 98, person=first.person, to=other_course, owner=t.third_party(world)
    )
    other = tt.walk(other, "approved")
    tt.session(world, 60, of=other_course)
    mine = _approved(world, 1, session=s2)
    built = allocation_services.build_problem(tt.intake(world))
    assert set(_choices(built.data)) == {str(mine.pk)}
    assert built.excluded == [
        {"nomination": str(other.pk), "reason": "seat_held", "session": str(s1.pk)}
    ]


def test_the_digest_is_of_the_canonical_input(world: World) -> None:
    s1 = _session(world, 1)
    for i in range(3):
        _approved(world, i, session=s1)
    intake = tt.intake(world)
    first, again = (allocation_services.build_problem(intake) for _ in range(2))
    assert first.digest == again.digest and len(first.digest) == 64
    _approved(world, 5, session=s1)
    assert allocation_services.build_problem(intake).digest != first.digest


def test_an_intake_allocates_its_own_nations_institutions_and_keeps_its_runs(
    world: World,
) -> None:
    intake = tt.intake(world, institutions=[])
    with pytest.raises(ValidationError, match="own nation"):
        allocation_services.save_intake_institution(
            IntakeInstitution(intake=intake, institution=tt.academy_c(world)), actor=None
        )
    with pytest.raises(ValidationError, match="academies"):
        allocation_services.save_intake_institution(
            IntakeInstitution(intake=intake, institution=world.battalion_a), actor=None
        )
    allocation_services.start_run(intake, actor=None)
    with pytest.raises(ValidationError, match="cannot be deleted"):
        allocation_services.delete_intake(intake, actor=None)


def test_acceptable_sessions_are_of_the_course_and_fixed_once_offered(world: World) -> None:
    s1, s2 = _session(world, 1), _session(world, 2)
    nomination = _approved(world, 0, session=s1)
    with pytest.raises(ValidationError, match="names this session already"):
        tt.nomination_choice(nomination, s1)
    with pytest.raises(ValidationError, match="another course"):
        tt.nomination_choice(nomination, tt.session(world, 70))
    choice = tt.nomination_choice(nomination, s2, weight=3)
    services.offer_seat(nomination, actor=None)
    choice.weight = 30
    with pytest.raises(ValidationError, match="can no longer change"):
        allocation_services.save_nomination_choice(choice, actor=None)


# --- a run --------------------------------------------------------------------------


def _contested(world: World) -> tuple[Intake, dict[str, Any]]:
    """One seat in S1 and one in S2. An early nominee of priority 5 accepts
    S1 only; a late one of priority 20 accepts S1 only; a third accepts S1
    (10) or S2 (8), and a fourth S2 only (9). First come, first served gives
    S1 to the early nominee and S2 to the third (13); the optimum is S1 to
    the late nominee and S2 to the fourth (29)."""
    s1, s2 = _session(world, 1, capacity=1), _session(world, 2, capacity=1)
    early = _approved(world, 0, session=s1, priority=5)
    flexible = _approved(world, 1, session=s1, priority=10)
    tt.nomination_choice(flexible, s2, weight=8)
    only_s2 = _approved(world, 2, session=s2, priority=9)
    late = _approved(world, 3, session=s1, priority=20)
    return tt.intake(world), {
        "s1": s1,
        "s2": s2,
        "early": early,
        "flexible": flexible,
        "only_s2": only_s2,
        "late": late,
    }


def test_a_run_gives_the_seats_optimally_not_first_come(world: World) -> None:
    intake, x = _contested(world)
    run = allocation_services.start_run(intake, actor=world.manager_a, note="Autumn")
    assert run.status == "done" and run.stage == "stored" and run.progress == 100
    assert run.run_by == world.manager_a and run.started_at and run.finished_at
    assert run.objective == 29 and run.assigned_count == 2 and run.nomination_count == 4
    assigned = {a["nomination"]: (a["session"], a["weight"]) for a in run.result["assignments"]}
    assert assigned == {
        str(x["late"].pk): (str(x["s1"].pk), 20),
        str(x["only_s2"].pk): (str(x["s2"].pk), 9),
    }
    greedy = allocation.greedy_first_come(allocation.parse_problem(run.problem))
    assert greedy.objective == 13 < run.objective
    # Every nominee without a seat is told why.
    reasons = {u["nomination"]: u for u in run.result["unassigned"]}
    assert set(reasons) == {str(x["early"].pk), str(x["flexible"].pk)}
    early = reasons[str(x["early"].pk)]
    assert early["obstacles"][0]["kind"] == "session_full"
    assert early["obstacles"][0]["lowest_weight"] == 20
    assert "lowest weight admitted was 20" in early["reason"]
    assert len(reasons[str(x["flexible"].pk)]["obstacles"]) == 2
    # Nothing was offered yet; the run and its task's steps are audited.
    assert Nomination.objects.filter(status="offered").count() == 0
    actions = set(
        AuditEntry.objects.filter(
            object_type="training.allocationrun", object_id=str(run.pk)
        ).values_list("action", flat=True)
    )
    assert actions == {"allocationrun.created", "allocationrun.running", "allocationrun.done"}
    assert allocation_services.canonical_digest(run.problem) == run.input_digest


def test_a_run_is_started_only_by_those_who_keep_the_intake(world: World) -> None:
    intake, _x = _contested(world)
    with pytest.raises(ValidationError):
        allocation_services.start_run(intake, actor=world.viewer_a)
    with pytest.raises(ValidationError):
        allocation_services.start_run(intake, actor=world.registrar_a)  # another branch
    intake.status = "closed"
    allocation_services.save_intake(intake, actor=None)
    with pytest.raises(ValidationError, match="closed"):
        allocation_services.start_run(intake, actor=world.manager_a)
    assert not AllocationRun.objects.exists()


def test_one_run_of_an_intake_at_a_time(world: World) -> None:
    intake, _x = _contested(world)
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        queued = allocation_services.start_run(intake, actor=world.manager_a)
        assert queued.status == "queued" and queued.stage == "queued"
        with pytest.raises(ValidationError, match="already under way"):
            allocation_services.start_run(intake, actor=world.manager_a)
    # A worker takes it later.
    allocation_services.execute_run(queued.pk)
    queued.refresh_from_db()
    assert queued.status == "done" and queued.objective == 29


@pytest.mark.django_db(transaction=True)
def test_tadrib_worker_runs_the_queued_run_from_the_database() -> None:
    """The deployment's set-up: the run and its task are stored together; the
    worker (``tadrib worker``) takes the task and solves the run."""
    world = testing.build_world()
    intake, _x = _contested(world)
    database = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(TASKS=database):
        run = allocation_services.start_run(intake, actor=world.manager_a)
        assert run.status == "queued"
        assert DBTaskResult.objects.filter(args_kwargs__args=[run.pk]).count() == 1
        call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    run.refresh_from_db()
    assert run.status == "done" and run.objective == 29
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_run_whose_worker_stopped_is_failed_when_the_intake_runs_again(world: World) -> None:
    intake, _x = _contested(world)
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        lost = allocation_services.start_run(intake, actor=world.manager_a)
    stale = timezone.now() - allocation_services.STALLED_AFTER - dt.timedelta(minutes=1)
    AllocationRun.objects.filter(pk=lost.pk).update(updated_at=stale)
    fresh = allocation_services.start_run(intake, actor=world.manager_a)
    lost.refresh_from_db()
    assert lost.status == "failed" and "within an hour" in lost.error
    assert fresh.status == "done" and fresh.previous is None
    allocation_services.execute_run(lost.pk)  # the lost worker's task, if it ever comes: no effect
    lost.refresh_from_db()
    assert lost.status == "failed"


def test_a_failed_solve_leaves_the_run_failed_with_the_message(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    intake, _x = _contested(world)

    def broken(problem: Any, *, progress: Any = None) -> Any:
        progress("building the network")
        raise RuntimeError("min-cost flow ended with status 3")

    monkeypatch.setattr(allocation, "solve", broken)
    run = allocation_services.start_run(intake, actor=world.manager_a)
    assert run.status == "failed" and run.stage == "failed"
    assert "status 3" in run.error
    assert run.result is None and run.objective is None and run.assigned_count is None
    assert run.finished_at is not None
    with pytest.raises(ValidationError):
        allocation_services.confirm_run(run, actor=world.manager_a)
    # A failure does not hold the intake: the next run goes ahead.
    monkeypatch.undo()
    assert allocation_services.start_run(intake, actor=world.manager_a).status == "done"


def test_a_failure_while_storing_leaves_no_half_result(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    intake, _x = _contested(world)
    earlier = allocation_services.start_run(intake, actor=None)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk full")

    original = allocation_services._transition

    def transition(run: AllocationRun, target: str, **kwargs: Any) -> AllocationRun:
        if target == "superseded":
            refuse()
        return original(run, target, **kwargs)

    monkeypatch.setattr(allocation_services, "_transition", transition)
    run = allocation_services.start_run(intake, actor=None)
    assert run.status == "failed" and run.result is None and run.objective is None
    earlier.refresh_from_db()
    assert earlier.status == "done"


# --- confirmation -------------------------------------------------------------------


def test_confirming_offers_exactly_the_chosen_seats_and_audits(world: World) -> None:
    intake, x = _contested(world)
    run = allocation_services.start_run(intake, actor=world.manager_a)
    confirmed = allocation_services.confirm_run(run, actor=world.manager_a)
    assert confirmed.status == "confirmed"
    assert confirmed.confirmed_by == world.manager_a and confirmed.confirmed_at is not None
    for key in ("late", "only_s2"):
        x[key].refresh_from_db()
        assert x[key].status == "offered"
    assert x["late"].session_id == x["s1"].pk and x["only_s2"].session_id == x["s2"].pk
    for key in ("early", "flexible"):
        x[key].refresh_from_db()
        assert x[key].status == "approved"
    offered = AuditEntry.objects.filter(action="nomination.offered")
    assert sorted(offered.values_list("object_id", flat=True)) == sorted(
        [str(x["late"].pk), str(x["only_s2"].pk)]
    )
    assert all(e.actor_username == "manager_a" for e in offered)
    assert AuditEntry.objects.filter(
        action="allocationrun.confirmed", object_id=str(run.pk), actor_username="manager_a"
    ).exists()
    with pytest.raises(ValidationError):
        allocation_services.confirm_run(confirmed, actor=world.manager_a)


def test_only_the_host_confirms(world: World) -> None:
    intake, _x = _contested(world)
    run = allocation_services.start_run(intake, actor=world.manager_a)
    for outsider in (world.viewer_a, world.manager_b):
        with pytest.raises(PermissionDenied):
            allocation_services.confirm_run(run, actor=outsider)
    run.refresh_from_db()
    assert run.status == "done"
    assert not Nomination.objects.filter(status="offered").exists()


def test_a_refused_offer_offers_nothing(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    intake, x = _contested(world)
    run = allocation_services.start_run(intake, actor=world.manager_a)
    original = services.offer_seat

    def offer(nomination: Nomination, **kwargs: Any) -> Nomination:
        if nomination.pk == x["only_s2"].pk:
            raise ValidationError({"session": "No seat is left."})
        return original(nomination, **kwargs)

    monkeypatch.setattr(services, "offer_seat", offer)
    with pytest.raises(ValidationError):
        allocation_services.confirm_run(run, actor=world.manager_a)
    assert not Nomination.objects.filter(status="offered").exists()
    run.refresh_from_db()
    assert run.status == "done"


def test_a_confirm_whose_input_changed_is_refused(world: World) -> None:
    """(Under PostgreSQL with concurrent transactions: below.)"""
    intake, x = _contested(world)
    run = allocation_services.start_run(intake, actor=world.manager_a)
    _approved(world, 7, session=x["s2"], priority=50)
    with pytest.raises(ValidationError, match="Run the allocation again"):
        allocation_services.confirm_run(run, actor=world.manager_a)
    assert not Nomination.objects.filter(status="offered").exists()
    run.refresh_from_db()
    assert run.status == "done"


# --- re-running: the difference ---------------------------------------------------


def test_a_later_run_shows_the_difference_and_supersedes_the_earlier(world: World) -> None:
    from tadrib.training.allocation_selectors import run_diff

    intake, x = _contested(world)
    first = allocation_services.start_run(intake, actor=world.manager_a)
    # A new nominee outranks the fourth at S2; the third moves nowhere.
    newcomer = _approved(world, 8, session=x["s2"], priority=15)
    services.withdraw(x["late"], actor=None, reason="Posted elsewhere.")
    second = allocation_services.start_run(intake, actor=world.manager_a)
    first.refresh_from_db()
    assert first.status == "superseded" and second.previous == first
    diff = run_diff(second)
    assert diff is not None
    assigned = {a["nomination"]: a["session"] for a in second.result["assignments"]}
    assert assigned == {str(x["flexible"].pk): str(x["s1"].pk), str(newcomer.pk): str(x["s2"].pk)}
    assert diff.gained == {
        str(x["flexible"].pk): str(x["s1"].pk),
        str(newcomer.pk): str(x["s2"].pk),
    }
    assert diff.lost == {str(x["late"].pk): str(x["s1"].pk), str(x["only_s2"].pk): str(x["s2"].pk)}
    assert diff.moved == {} and diff.unchanged == 0
    with pytest.raises(ValidationError):
        allocation_services.confirm_run(first, actor=world.manager_a)


def test_a_nominee_moved_to_another_session_is_shown_as_moved(world: World) -> None:
    from tadrib.training.allocation_selectors import run_diff

    s1, s2 = _session(world, 1, capacity=1), _session(world, 2, capacity=1)
    mover = _approved(world, 0, session=s1, priority=10)
    tt.nomination_choice(mover, s2, weight=9)
    stays = _approved(world, 1, session=s2, priority=3)
    intake = tt.intake(world)
    first = allocation_services.start_run(intake, actor=None)
    _approved(world, 2, session=s1, priority=30)
    second = allocation_services.start_run(intake, actor=None)
    diff = run_diff(second)
    assert diff is not None
    assert diff.moved == {str(mover.pk): (str(s1.pk), str(s2.pk))}
    assert diff.lost == {str(stays.pk): str(s2.pk)}
    assert first.pk == second.previous_id


# --- pages and API ------------------------------------------------------------------


def test_the_run_page_renders_for_the_owner_and_is_404_for_another_nation(world: World) -> None:
    intake, x = _contested(world)
    run = allocation_services.start_run(intake, actor=world.manager_a)
    page = client_for(world.manager_a).get(run.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="objective">29<' in html and 'id="confirm-run"' in html
    assert x["late"].person.full_name_latin in html
    assert "lowest weight admitted was 20" in html  # the explanation, with the session's name
    assert f"{_course(world).code} {x['s1'].code} was full" in html
    assert 'id="band-chart"' in html and "chart.umd.min.js" in html
    assert "hx-trigger" not in html  # finished: no polling
    assert client_for(world.manager_b).get(run.get_absolute_url()).status_code == 404
    assert client_for(world.registrar_a).get(run.get_absolute_url()).status_code == 404
    # A viewer reads it but is not offered the confirmation.
    viewer = client_for(world.viewer_a).get(run.get_absolute_url()).content.decode()
    assert 'id="confirm-run"' not in viewer


def test_the_progress_fragment_polls_until_the_run_is_finished(world: World) -> None:
    intake, _x = _contested(world)
    client = client_for(world.manager_a)
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        run = allocation_services.start_run(intake, actor=world.manager_a)
    page = client.get(run.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 2s"' in page
    fragment = client.get(f"/training/allocation-runs/{run.pk}/progress/", HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in fragment.content.decode()
    allocation_services.execute_run(run.pk)
    finished = client.get(f"/training/allocation-runs/{run.pk}/progress/", HTTP_HX_REQUEST="true")
    assert finished["HX-Refresh"] == "true"
    assert (
        client_for(world.manager_b).get(f"/training/allocation-runs/{run.pk}/progress/").status_code
        == 404
    )


def test_the_intake_page_runs_and_the_run_page_confirms(world: World) -> None:
    intake, _x = _contested(world)
    client = client_for(world.manager_a)
    page = client.get(intake.get_absolute_url()).content.decode()
    assert 'id="intake-considered">4<' in page and 'id="run-allocation"' in page
    response = client.post(f"/training/intakes/{intake.pk}/run/")
    run = AllocationRun.objects.get()
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    response = client.post(f"/training/allocation-runs/{run.pk}/confirm/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == "confirmed"
    assert Nomination.objects.filter(status="offered").count() == 2
    # Another nation's user cannot run it.
    assert (
        client_for(world.manager_b).post(f"/training/intakes/{intake.pk}/run/").status_code == 404
    )


def test_the_api_starts_reads_and_confirms_a_run(world: World) -> None:
    intake, x = _contested(world)
    client = client_for(world.manager_a)
    response = post_json(client, f"/api/intakes/{intake.pk}/runs", {"note": "API"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "done" and body["objective"] == 29 and body["note"] == "API"
    result = client.get(f"/api/allocation-runs/{body['id']}/result").json()
    assert {a["nomination"] for a in result["assignments"]} == {
        str(x["late"].pk),
        str(x["only_s2"].pk),
    }
    assert all(u["reason"] and u["obstacles"] for u in result["unassigned"])
    assert result["diff"] is None
    response = post_json(client, f"/api/allocation-runs/{body['id']}/confirm", {})
    assert response.status_code == 200 and response.json()["status"] == "confirmed"
    other = client_for(world.manager_b)
    assert post_json(other, f"/api/intakes/{intake.pk}/runs", {}).status_code == 404
    assert other.get(f"/api/allocation-runs/{body['id']}/result").status_code == 404


# --- PostgreSQL: the input changes while a confirmation waits --------------------------


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent transactions (PostgreSQL)"
)
@pytest.mark.parametrize("change", ["approved", "seat_taken"])
def test_a_confirm_refuses_a_run_whose_input_changed_meanwhile(change: str) -> None:
    """A registrar offers a seat of the intake (or the sending nation approves
    another nominee) in a transaction that commits while the confirmation
    waits for the session's lock: the confirmation then finds the input
    changed, offers nothing and says to run again."""
    world = testing.build_world()
    intake, x = _contested(world)
    extra = _approved(world, 7, session=x["s2"], priority=1)
    run = allocation_services.start_run(intake, actor=world.manager_a)
    assert run.status == "done"
    vetted = None
    if change == "approved":
        vetted = tt.walk(
            tt.nomination(
                world,
                97,
                to=_course(world),
                session=x["s1"],
                person=tt.nominee(world, tt.unit_c(world)),
                owner=t.third_party(world),
            ),
            "vetted",
        )
    locked = threading.Event()
    outcome: list[Any] = []

    def meanwhile() -> None:
        try:
            with transaction.atomic():
                list(Session.objects.select_for_update().filter(pk=x["s2"].pk).values_list("pk"))
                locked.set()
                if change == "seat_taken":
                    services.offer_seat(extra, actor=None)
                else:
                    services.approve(vetted, actor=None)  # type: ignore[arg-type]
                threading.Event().wait(0.5)  # the confirmation is waiting now
        finally:
            connections.close_all()

    def confirm() -> None:
        try:
            locked.wait(5)
            allocation_services.confirm_run(run, actor=world.manager_a)
            outcome.append("confirmed")
        except ValidationError as error:
            outcome.append(" ".join(error.messages))
        except BaseException as error:  # reported below
            outcome.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=meanwhile), threading.Thread(target=confirm)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcome) == 1 and isinstance(outcome[0], str), outcome
    assert "Run the allocation again" in outcome[0]
    offered = set(Nomination.objects.filter(status="offered").values_list("pk", flat=True))
    assert offered == ({extra.pk} if change == "seat_taken" else set())
    run.refresh_from_db()
    assert run.status == "done"
