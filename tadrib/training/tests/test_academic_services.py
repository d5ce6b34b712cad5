"""The services of cadets at foreign academies: enrolment, results and their
figures, end-of-year decisions, graduation, withdrawal and the learning
agreement's approvals, changes and transcript."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tadrib.agreements import testing as t
from tadrib.core import testing
from tadrib.core.choices import Role
from tadrib.core.models import AuditEntry
from tadrib.core.testing import World
from tadrib.people.models import PersonQualification, Qualification
from tadrib.people.services import save_qualification
from tadrib.training import academic_services as services
from tadrib.training import testing as tt
from tadrib.training import testing_academics as ta
from tadrib.training.models import CadetEnrolment, ProgressionDecision

pytestmark = pytest.mark.django_db
D = Decimal
DAY = dt.date(2026, 7, 1)


@pytest.fixture
def registrar(world: World):  # type: ignore[no-untyped-def]
    """The registrar of academy A (the host)."""
    return testing.user("registrar_acad", (ta.academy_a(world), Role.REGISTRAR))


@pytest.fixture
def office(world: World):  # type: ignore[no-untyped-def]
    """The sending office (nation C's ministry), which also approves at home."""
    return testing.user("office_c", (t.third_party(world), Role.REGISTRAR))


# --- enrolment ---------------------------------------------------------------------------


def test_the_sending_office_enrols_its_cadets_in_the_first_year(world: World, office) -> None:  # type: ignore[no-untyped-def]
    cadets = [ta.c_cadet(world), ta.c_cadet(world)]
    done = services.enrol_cadets(ta.c_cohort(world), cadets, actor=office, on=ta.STARTS_ON)
    assert [(e.year_of_study, e.status) for e in done] == [(1, "studying"), (1, "studying")]
    assert AuditEntry.objects.filter(action="cadetenrolment.created").count() == 2


def test_a_preparation_year_starts_cadets_in_year_0(world: World) -> None:
    programme = ta.programme(world, 1, preparation_year=True)
    cohort = ta.cohort(world, 1, of=programme)
    (enrolment,) = ta.enrol(cohort, [ta.c_cadet(world)])
    assert (enrolment.year_of_study, enrolment.status) == (0, "preparation")


def test_enrolment_is_all_or_nothing_and_names_the_cadet(world: World, office) -> None:  # type: ignore[no-untyped-def]
    good = ta.c_cadet(world)
    foreign = ta.cadet(world.battalion_a, family_name_latin="Outsider")
    with pytest.raises(ValidationError) as caught:
        services.enrol_cadets(ta.c_cohort(world), [good, foreign], actor=None, on=ta.STARTS_ON)
    assert "Outsider" in str(caught.value.message_dict["people"])
    assert "nation" in str(caught.value.message_dict["people"])
    assert not CadetEnrolment.objects.exists()


def test_a_cadet_studying_elsewhere_is_refused_by_name(world: World) -> None:
    busy = ta.c_cadet(world, family_name_latin="Busy")
    ta.enrol(ta.c_cohort(world), [busy])
    other = ta.cohort(world, 2)
    with pytest.raises(ValidationError) as caught:
        ta.enrol(other, [ta.c_cadet(world), busy])
    assert "Busy" in str(caught.value.message_dict["people"])
    assert CadetEnrolment.objects.filter(cohort=other).count() == 0


def test_a_withdrawn_cadet_may_enrol_again(world: World) -> None:
    person = ta.c_cadet(world)
    (first,) = ta.enrol(ta.c_cohort(world), [person])
    services.withdraw(first, actor=None, reason="Family reasons.", on=DAY)
    (second,) = ta.enrol(ta.cohort(world, 3), [person])
    assert second.status == "studying"


def test_someone_of_neither_side_cannot_enrol(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.enrol_cadets(
            ta.c_cohort(world), [ta.c_cadet(world)], actor=world.manager_b, on=ta.STARTS_ON
        )
    assert not CadetEnrolment.objects.exists()


def test_the_sending_office_chooses_among_the_people_it_sees(world: World) -> None:
    """A's facility sends a cohort; its registrar does not see the battalion's people."""
    facility_registrar = testing.user("fac_reg", (t.facility_a(world), Role.REGISTRAR))
    unseen = ta.cadet(world.battalion_a)
    with pytest.raises(ValidationError) as caught:
        services.enrol_cadets(
            ta.a_cohort(world), [unseen], actor=facility_registrar, on=ta.STARTS_ON
        )
    assert "may see" in str(caught.value)
    seen = ta.cadet(t.facility_a(world))
    done = services.enrol_cadets(
        ta.a_cohort(world), [seen], actor=facility_registrar, on=ta.STARTS_ON
    )
    assert len(done) == 1


# --- results and figures ---------------------------------------------------------------------


def test_results_store_credits_and_refresh_the_figures(world: World, registrar) -> None:  # type: ignore[no-untyped-def]
    enrolment = ta.c_enrolment(world)
    first, second = ta.year_components(enrolment)
    at_mark = ta.result(enrolment, first, "60.00")
    below = ta.result(enrolment, second, "59.99")
    assert (at_mark.credits, below.credits, at_mark.attempt) == (D(30), D(0), 1)
    enrolment.refresh_from_db()
    assert enrolment.credits_earned == D(30)
    assert enrolment.grade_average == D("60.00")  # (60*30 + 59.99*30) / 60 = 59.995
    below.grade = D(75)
    services.save_result(below, actor=registrar)
    enrolment.refresh_from_db()
    assert (enrolment.credits_earned, enrolment.grade_average) == (D(60), D("67.50"))
    services.delete_result(below, actor=registrar)
    enrolment.refresh_from_db()
    assert (enrolment.credits_earned, enrolment.grade_average) == (D(30), D("60.00"))


def test_the_sending_office_cannot_record_results(world: World, office) -> None:  # type: ignore[no-untyped-def]
    enrolment = ta.c_enrolment(world)
    from tadrib.training.models import TermResult

    with pytest.raises(ValidationError):
        services.save_result(
            TermResult(
                enrolment=enrolment,
                component=ta.year_components(enrolment)[0],
                grade=D(90),
                recorded_on=DAY,
            ),
            actor=office,
        )


# --- decisions -------------------------------------------------------------------------------


def test_a_cadet_with_the_credits_moves_up(world: World, registrar) -> None:  # type: ignore[no-untyped-def]
    enrolment = ta.c_enrolment(world)
    ta.pass_year(enrolment)
    decision = services.decide_year(enrolment, actor=registrar, on=DAY)
    enrolment.refresh_from_db()
    assert decision.outcome == "promoted" and decision.credits_in_year == D(60)
    assert (enrolment.year_of_study, enrolment.status) == (2, "studying")
    assert AuditEntry.objects.filter(action="cadet.promoted", object_id=str(enrolment.pk)).exists()
    assert AuditEntry.objects.filter(
        action="progressiondecision.created", object_id=str(decision.pk)
    ).exists()


def test_a_repeated_year_is_taken_again_as_attempt_2_then_dismissed(world: World) -> None:
    enrolment = ta.c_enrolment(world)
    first = ta.year_components(enrolment)[0]
    ta.result(enrolment, first, 40)
    repeat = services.decide_year(enrolment, actor=None, on=DAY)
    enrolment.refresh_from_db()
    assert repeat.outcome == "repeats"
    assert (enrolment.status, enrolment.repeats, enrolment.year_of_study) == ("repeating", 1, 1)
    again = ta.result(enrolment, first, 45)
    assert again.attempt == 2
    dismissed = services.decide_year(enrolment, actor=None, on=DAY + dt.timedelta(days=365))
    enrolment.refresh_from_db()
    assert (dismissed.attempt, dismissed.outcome) == (2, "dismissed")
    assert enrolment.status == "dismissed" and enrolment.ended_on is not None
    assert "dismissed" in enrolment.end_reason


def test_the_results_of_a_decided_year_are_final(world: World) -> None:
    enrolment = ta.c_enrolment(world)
    (first, _second) = ta.year_components(enrolment)
    result = ta.result(enrolment, first, 40)
    services.decide_year(enrolment, actor=None, on=DAY)
    result.grade = D(90)
    with pytest.raises(ValidationError) as caught:
        services.save_result(result, actor=None)
    assert "component" in caught.value.message_dict


def test_a_year_without_results_is_not_decided(world: World) -> None:
    enrolment = ta.c_enrolment(world)
    with pytest.raises(ValidationError) as caught:
        services.decide_year(enrolment, actor=None, on=DAY)
    assert "enrolment" in caught.value.message_dict
    assert not ProgressionDecision.objects.exists()


def test_only_the_academy_decides(world: World, office) -> None:  # type: ignore[no-untyped-def]
    enrolment = ta.c_enrolment(world)
    ta.pass_year(enrolment)
    with pytest.raises(PermissionDenied):
        services.decide_year(enrolment, actor=office, on=DAY)


def test_graduation_enters_the_qualification(world: World, registrar) -> None:  # type: ignore[no-untyped-def]
    commission = save_qualification(
        Qualification(code="Q-OFFICER", name_en="Commissioned officer", valid_for_months=24),
        actor=None,
    )
    programme = ta.programme(
        world, 5, years=2, credits_to_graduate=D(120), qualification=commission
    )
    (enrolment,) = ta.enrol(ta.cohort(world, 5, of=programme), [ta.c_cadet(world)])
    ta.pass_year(enrolment)
    services.decide_year(enrolment, actor=registrar, on=DAY)
    enrolment.refresh_from_db()
    ta.pass_year(enrolment)
    graduation = services.decide_year(enrolment, actor=registrar, on=dt.date(2027, 7, 1))
    enrolment.refresh_from_db()
    assert graduation.outcome == "graduates"
    assert enrolment.status == "graduated" and enrolment.credits_earned == D(120)
    held = PersonQualification.objects.get(person=enrolment.person)
    assert held.qualification == commission
    assert held.awarded_on == dt.date(2027, 7, 1)
    assert held.expires_on == dt.date(2029, 7, 1)
    assert held.awarded_by == f"BSC-5 · {ta.academy_a(world).code}"


def test_deciding_a_cohort_decides_the_cadets_with_results(world: World, registrar) -> None:  # type: ignore[no-untyped-def]
    with_results = ta.c_enrolment(world)
    ta.pass_year(with_results)
    without = ta.c_enrolment(world)
    decided = services.decide_cohort(ta.c_cohort(world), actor=registrar, on=DAY)
    assert [d.enrolment_id for d in decided] == [with_results.pk]
    without.refresh_from_db()
    assert without.year_of_study == 1


def test_a_withdrawal_needs_a_reason(world: World, office) -> None:  # type: ignore[no-untyped-def]
    enrolment = ta.c_enrolment(world)
    with pytest.raises(ValidationError) as caught:
        services.withdraw(enrolment, actor=office, reason=" ", on=DAY)
    assert "reason" in caught.value.message_dict
    services.withdraw(enrolment, actor=office, reason="Returned home.", on=DAY)
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.ended_on) == ("withdrawn", DAY)
    with pytest.raises(PermissionDenied):
        services.withdraw(ta.c_enrolment(world), actor=world.manager_b, reason="x", on=DAY)


# --- learning agreements ---------------------------------------------------------------------


@pytest.fixture
def signed(world: World):  # type: ignore[no-untyped-def]
    """A submitted agreement with one line in each table."""
    agreement = ta.agreement(world)
    line = ta.line_a(agreement, ta.year_components(agreement.enrolment)[0])
    ta.line_b(agreement, line, credits=6)
    return services.submit(agreement, actor=None)


def test_both_sides_approve(world: World, signed, registrar, office) -> None:  # type: ignore[no-untyped-def]
    services.approve(signed, actor=registrar)
    assert signed.status == "awaiting" and signed.host_approved_by == "registrar_acad"
    services.approve(signed, actor=office)
    assert signed.status == "approved"
    assert signed.home_approved_by == "office_c" and signed.home_approved_at is not None


def test_a_side_cannot_approve_twice(world: World, signed, registrar) -> None:  # type: ignore[no-untyped-def]
    services.approve(signed, actor=registrar)
    with pytest.raises(ValidationError):
        services.approve(signed, actor=registrar)
    signed.refresh_from_db()
    assert signed.status == "awaiting"


def test_someone_of_neither_side_cannot_approve(world: World, signed) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.approve(signed, actor=world.manager_b)
    other_academy = testing.organisation(
        world.nation_a, "A-MACAD2", parent=world.brigade_a, kind="academy"
    )
    stranger = testing.user("reg2", (other_academy, Role.REGISTRAR))
    with pytest.raises(PermissionDenied):
        services.approve(signed, actor=stranger)


def test_a_draft_is_not_approved_and_is_submitted_with_both_tables(world: World) -> None:
    agreement = ta.agreement(world)
    with pytest.raises(ValidationError):
        services.approve(agreement, actor=None)
    with pytest.raises(ValidationError) as caught:
        services.submit(agreement, actor=None)
    assert set(caught.value.message_dict) == {"components", "recognitions"}


def _approved(signed, registrar, office):  # type: ignore[no-untyped-def]
    services.approve(signed, actor=registrar)
    services.approve(signed, actor=office)
    assert signed.status == "approved"
    return signed


def test_a_change_of_table_a_after_approval_needs_both_again(
    world: World, signed, registrar, office
) -> None:  # type: ignore[no-untyped-def]
    agreement = _approved(signed, registrar, office)
    ta.line_a(agreement, ta.year_components(agreement.enrolment)[1])
    agreement.refresh_from_db()
    assert (agreement.status, agreement.version) == ("awaiting", 2)
    assert agreement.host_approved_at is None and agreement.home_approved_at is None
    assert AuditEntry.objects.filter(
        action="learningagreement.changed", object_id=str(agreement.pk)
    ).exists()
    _approved(agreement, registrar, office)


def test_a_change_of_table_b_after_approval_needs_both_again(
    world: World, signed, registrar, office
) -> None:  # type: ignore[no-untyped-def]
    agreement = _approved(signed, registrar, office)
    line_b = agreement.recognitions.get()
    line_b.credits = D(4)
    services.save_recognition_line(line_b, actor=None)
    agreement.refresh_from_db()
    assert (agreement.status, agreement.version) == ("awaiting", 2)


def test_one_approval_is_cleared_by_a_change(world: World, signed, registrar) -> None:  # type: ignore[no-untyped-def]
    services.approve(signed, actor=registrar)
    services.delete_recognition_line(signed.recognitions.get(), actor=None)
    signed.refresh_from_db()
    assert (signed.status, signed.version, signed.host_approved_at) == ("awaiting", 2, None)


def test_the_transcript_closes_the_agreement_and_refuses_changes(
    world: World, signed, registrar, office
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.issue_transcript(signed, actor=registrar)  # not yet approved
    agreement = _approved(signed, registrar, office)
    with pytest.raises(PermissionDenied):
        services.issue_transcript(agreement, actor=office)  # the host issues it
    services.issue_transcript(agreement, actor=registrar, on=DAY)
    assert agreement.status == "closed" and len(agreement.transcript_code) == 14
    assert agreement.transcript_issued_on == DAY
    with pytest.raises(ValidationError):
        ta.line_a(agreement, ta.year_components(agreement.enrolment)[1])
    with pytest.raises(ValidationError):
        services.delete_recognition_line(agreement.recognitions.get(), actor=None)
    agreement.refresh_from_db()
    agreement.notes = "late note"
    with pytest.raises(ValidationError):
        services.save_agreement(agreement, actor=registrar)


def test_recognised_credits_follow_the_passed_components(world: World, signed) -> None:  # type: ignore[no-untyped-def]
    enrolment = signed.enrolment
    first = ta.year_components(enrolment)[0]
    assert services.recognised_credits(signed) == 0
    ta.result(enrolment, first, 59)
    assert services.recognised_credits(signed) == 0
    other_agreement_home = tt.academy_c(world)
    assert other_agreement_home.pk == signed.home_institution_id
    result = enrolment.results.get()
    result.grade = D(60)
    services.save_result(result, actor=None)
    assert services.recognised_credits(signed) == D(6)
