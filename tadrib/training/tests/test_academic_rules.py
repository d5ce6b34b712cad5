"""The rules of a cadet's progress, at their boundaries (pure functions, no
database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tadrib.training import academic_rules as rules
from tadrib.training.choices import ProgressionOutcome, Standing

D = Decimal
RULES = rules.ProgrammeRules(
    years=4,
    terms_per_year=2,
    preparation_year=True,
    pass_mark=D(60),
    credits_to_progress=D(45),
    max_repeats=1,
    credits_to_graduate=D(240),
)
# Per year: term 1 has A (30 ECTS), term 2 has B (15) and C (15).
COMPONENTS = [
    rules.ComponentFacts(id=10 * y + k, code=f"Y{y}{c}", year=y, term=t, ects=D(e))
    for y in range(0, 5)
    for k, (c, t, e) in enumerate((("A", 1, 30), ("B", 2, 15), ("C", 2, 15)))
]
BY_CODE = {c.code: c for c in COMPONENTS}
TODAY = dt.date(2026, 6, 1)


def results(grades: dict[str, int | str], attempt: int = 1) -> list[rules.ResultFacts]:
    return [
        rules.ResultFacts(component=BY_CODE[code], attempt=attempt, grade=D(grade))
        for code, grade in grades.items()
    ]


def decide(year: int, found: list[rules.ResultFacts], *, repeats: int = 0, attempt: int = 1):  # type: ignore[no-untyped-def]
    return rules.decide(
        RULES, year=year, attempt=attempt, repeats=repeats, components=COMPONENTS, results=found
    )


def test_a_grade_exactly_at_the_pass_mark_earns_the_credits() -> None:
    assert rules.credits_for(D("60.00"), D(30), D(60)) == D(30)


def test_a_grade_one_hundredth_below_the_pass_mark_earns_nothing() -> None:
    assert rules.credits_for(D("59.99"), D(30), D(60)) == 0


def test_credits_count_the_best_attempt_and_the_average_the_latest() -> None:
    found = results({"Y1A": 50}, attempt=1) + results({"Y1A": 70}, attempt=2)
    earned, average = rules.enrolment_figures(found, D(60))
    assert earned == D(30)
    assert average == D("70.00")
    found = results({"Y1A": 70}, attempt=1) + results({"Y1A": 50}, attempt=2)
    earned, average = rules.enrolment_figures(found, D(60))
    assert (earned, average) == (D(30), D("50.00"))


def test_the_preparation_year_never_counts_toward_the_degree() -> None:
    earned, average = rules.enrolment_figures(results({"Y0A": 90, "Y1B": 80}), D(60))
    assert earned == D(15)
    assert average == D("80.00")


def test_the_average_is_weighted_by_ects() -> None:
    _earned, average = rules.enrolment_figures(results({"Y1A": 90, "Y1B": 60}), D(60))
    assert average == D("80.00")  # (90*30 + 60*15) / 45


def test_exactly_the_credits_to_progress_moves_up() -> None:
    decision = decide(1, results({"Y1A": 60, "Y1B": 60, "Y1C": 59}))
    assert decision.credits_in_year == D(45)
    assert decision.outcome == ProgressionOutcome.PROMOTED
    assert decision.year_after == 2
    assert "45" in decision.reason


def test_just_below_the_credits_to_progress_repeats() -> None:
    decision = decide(1, results({"Y1A": 60, "Y1B": "59.99", "Y1C": 59}))
    assert decision.credits_in_year == D(30)
    assert decision.outcome == ProgressionOutcome.REPEATS
    assert decision.year_after == 1
    assert "30" in decision.reason and "45" in decision.reason


def test_the_last_repeat_is_allowed_then_the_cadet_is_dismissed() -> None:
    failed = results({"Y2A": 40})
    assert decide(2, failed, repeats=0).outcome == ProgressionOutcome.REPEATS
    again = results({"Y2A": 40}, attempt=2)
    assert decide(2, again, repeats=1, attempt=2).outcome == ProgressionOutcome.DISMISSED


def test_only_the_results_of_the_attempt_count_for_the_year() -> None:
    found = results({"Y1A": 90, "Y1B": 90}, attempt=1) + results({"Y1A": 40}, attempt=2)
    decision = decide(1, found, repeats=1, attempt=2)
    assert decision.credits_in_year == 0
    assert decision.outcome == ProgressionOutcome.DISMISSED


def _earlier_years(total: int) -> list[rules.ResultFacts]:
    """Components of years 1-3 passed, as many as give ``total`` credits (at most 180)."""
    passed = []
    left = total
    for component in [c for c in COMPONENTS if 1 <= c.year <= 3]:
        if left >= component.ects:
            passed.append(rules.ResultFacts(component=component, attempt=1, grade=D(80)))
            left -= int(component.ects)
    return passed


def test_graduation_needs_the_final_years_credits_and_the_total() -> None:
    final = results({"Y4A": 80, "Y4B": 80, "Y4C": 80})  # 60 in the final year
    graduates = decide(4, _earlier_years(180) + final)  # 240 in all
    assert graduates.outcome == ProgressionOutcome.GRADUATES
    assert "240" in graduates.reason
    short_total = decide(4, _earlier_years(165) + final)  # 225 in all
    assert short_total.credits_in_year == D(60)
    assert short_total.outcome == ProgressionOutcome.REPEATS
    assert "225" in short_total.reason and "240" in short_total.reason
    short_year = decide(4, _earlier_years(180) + results({"Y4A": 80, "Y4B": 50, "Y4C": 50}))
    assert short_year.credits_in_year == D(30)
    assert short_year.outcome == ProgressionOutcome.REPEATS
    exactly = decide(4, _earlier_years(180) + results({"Y4A": 80, "Y4B": 60, "Y4C": 59}))
    assert exactly.credits_in_year == D(45)
    assert exactly.outcome == ProgressionOutcome.REPEATS  # 225 in all
    last_repeat = decide(4, _earlier_years(165) + final, repeats=1)
    assert last_repeat.outcome == ProgressionOutcome.DISMISSED


def test_the_preparation_year_needs_every_compulsory_component() -> None:
    all_passed = decide(0, results({"Y0A": 60, "Y0B": 60, "Y0C": 60}))
    assert all_passed.outcome == ProgressionOutcome.PROMOTED
    assert all_passed.year_after == 1
    one_failed = decide(0, results({"Y0A": 90, "Y0B": 90, "Y0C": "59.99"}))
    assert one_failed.outcome == ProgressionOutcome.REPEATS
    assert "Y0C" in one_failed.reason


def test_an_elective_is_not_needed_in_the_preparation_year() -> None:
    elective = rules.ComponentFacts(id=99, code="Y0X", year=0, term=1, ects=D(5), compulsory=False)
    decision = rules.decide(
        RULES,
        year=0,
        attempt=1,
        repeats=0,
        components=[*COMPONENTS, elective],
        results=results({"Y0A": 60, "Y0B": 60, "Y0C": 60}),
    )
    assert decision.outcome == ProgressionOutcome.PROMOTED


def test_the_attempt_counts_the_repeats_of_the_year() -> None:
    assert rules.attempt_of_year([]) == 1
    assert rules.attempt_of_year(["repeats"]) == 2
    assert rules.attempt_of_year(["repeats", "promoted"]) == 2


def standing(found: list[rules.ResultFacts], absences: list[dt.date] = (), **kw):  # type: ignore[no-untyped-def, assignment]
    values = {"active": True, "year": 1, "attempt": 1, "today": TODAY}
    values.update(kw)
    return rules.standing(RULES, results=found, absences=absences, **values)


def test_a_cadet_no_longer_studying_has_ended() -> None:
    assert standing([], active=False).standing == Standing.ENDED


def test_a_failed_component_in_the_latest_term_is_failing() -> None:
    found = results({"Y1A": 90, "Y1B": 59, "Y1C": 80})
    facts = standing(found)
    assert facts.standing == Standing.FAILING
    assert any("Y1B" in alert for alert in facts.alerts)


def test_a_failure_in_an_earlier_term_only_is_not_failing() -> None:
    found = results({"Y1A": 50, "Y1B": 90, "Y1C": 90})  # 30 of 45 by term 2: behind
    facts = standing(found)
    assert facts.standing == Standing.AT_RISK


def test_credits_on_plan_are_good_and_behind_plan_at_risk() -> None:
    # One term of two done: 22.5 ECTS expected.
    assert standing(results({"Y1A": 60})).standing == Standing.GOOD
    half = rules.ComponentFacts(id=77, code="Y1H", year=1, term=1, ects=D(22))
    behind = standing([rules.ResultFacts(component=half, attempt=1, grade=D(90))])
    assert behind.standing == Standing.AT_RISK
    assert any("22.5" in alert for alert in behind.alerts)


def test_an_absence_in_the_last_90_days_is_at_risk() -> None:
    on_plan = results({"Y1A": 80})
    day = TODAY - dt.timedelta(days=90)
    facts = standing(on_plan, [day])
    assert facts.standing == Standing.AT_RISK
    assert any(day.isoformat() in alert for alert in facts.alerts)
    assert standing(on_plan, [day - dt.timedelta(days=1)]).standing == Standing.GOOD


def test_recognised_credits_count_passed_components_only() -> None:
    lines = [(1, D(5)), (2, D(6)), (1, D("1.5"))]
    assert rules.recognised_credits(lines, {1}) == D("6.5")
    assert rules.recognised_credits(lines, set()) == 0


def test_planned_credits_are_the_compulsory_ects_of_the_completed_years() -> None:
    assert rules.planned_credits(COMPONENTS, 1, through=False) == 0
    assert rules.planned_credits(COMPONENTS, 3, through=False) == D(120)
    assert rules.planned_credits(COMPONENTS, 4, through=True) == D(240)
