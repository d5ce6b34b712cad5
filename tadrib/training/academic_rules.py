"""The rules of a cadet's progress through an academic programme, as pure
functions of plain facts (no database): credits of a result, an enrolment's
figures, the end-of-year decision, the cadet's standing and what is
recognised at home. The services and selectors gather the facts and store or
show what these return; see docs/cadets.md for the rules in words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from tadrib.training.choices import ProgressionOutcome, Standing

ZERO = Decimal(0)
# An unauthorised absence this recent puts a cadet at risk.
ABSENCE_WINDOW_DAYS = 90


@dataclass(frozen=True)
class ProgrammeRules:
    """What a programme's rules need of it."""

    years: int
    terms_per_year: int
    preparation_year: bool
    pass_mark: Decimal
    credits_to_progress: Decimal
    max_repeats: int
    credits_to_graduate: Decimal


@dataclass(frozen=True)
class ComponentFacts:
    id: int
    code: str
    year: int
    term: int
    ects: Decimal
    compulsory: bool = True


@dataclass(frozen=True)
class ResultFacts:
    """One grade of one component at one attempt."""

    component: ComponentFacts
    attempt: int
    grade: Decimal


@dataclass(frozen=True)
class Decision:
    outcome: ProgressionOutcome
    year_after: int
    credits_in_year: Decimal
    credits_needed: Decimal
    grade_average: Decimal | None
    reason: str


@dataclass(frozen=True)
class StandingFacts:
    standing: Standing
    alerts: list[str] = field(default_factory=list)


def _two(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _number(value: Decimal) -> str:
    """A figure for a sentence: 45.0 -> "45", 37.5 -> "37.5"."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def passed(grade: Decimal, pass_mark: Decimal) -> bool:
    """Passed at the pass mark or above (exactly at the mark passes)."""
    return grade >= pass_mark


def credits_for(grade: Decimal, ects: Decimal, pass_mark: Decimal) -> Decimal:
    """The component's ECTS if passed, else nothing."""
    return ects if passed(grade, pass_mark) else ZERO


def weighted_average(results: Iterable[ResultFacts]) -> Decimal | None:
    """Grades weighted by ECTS (a plain mean if every weight is zero)."""
    chosen = list(results)
    if not chosen:
        return None
    weight = sum((r.component.ects for r in chosen), ZERO)
    if weight == 0:
        return _two(sum((r.grade for r in chosen), ZERO) / len(chosen))
    return _two(sum((r.grade * r.component.ects for r in chosen), ZERO) / weight)


def enrolment_figures(
    results: Sequence[ResultFacts], pass_mark: Decimal
) -> tuple[Decimal, Decimal | None]:
    """(credits earned, grade average) over the degree years (1 and up; the
    preparation year never counts): credits of the best attempt per
    component, and the ECTS-weighted mean of the latest attempt's grades."""
    best: dict[int, Decimal] = {}
    latest: dict[int, ResultFacts] = {}
    for result in results:
        component = result.component
        if component.year < 1:
            continue
        earned = credits_for(result.grade, component.ects, pass_mark)
        best[component.id] = max(best.get(component.id, ZERO), earned)
        if component.id not in latest or result.attempt > latest[component.id].attempt:
            latest[component.id] = result
    return sum(best.values(), ZERO), weighted_average(latest.values())


def attempt_of_year(outcomes_of_year: Iterable[str]) -> int:
    """The attempt at a year: 1 + the earlier decisions that it be repeated."""
    return 1 + sum(1 for outcome in outcomes_of_year if outcome == ProgressionOutcome.REPEATS)


def _repeat_or_dismiss(
    rules: ProgrammeRules, year: int, repeats: int, shortfall: str
) -> tuple[ProgressionOutcome, int, str]:
    if repeats < rules.max_repeats:
        reason = _("%(shortfall)s The cadet repeats year %(year)s (repeat %(n)s of %(max)s).") % {
            "shortfall": shortfall,
            "year": year,
            "n": repeats + 1,
            "max": rules.max_repeats,
        }
        return ProgressionOutcome.REPEATS, year, reason
    reason = _(
        "%(shortfall)s No repeat is left (%(max)s allowed, %(n)s taken): the cadet is dismissed."
    ) % {"shortfall": shortfall, "max": rules.max_repeats, "n": repeats}
    return ProgressionOutcome.DISMISSED, year, reason


def decide(
    rules: ProgrammeRules,
    *,
    year: int,
    attempt: int,
    repeats: int,
    components: Sequence[ComponentFacts],
    results: Sequence[ResultFacts],
) -> Decision:
    """The end-of-year decision for ``year`` at ``attempt``: only the results
    of that year's components at that attempt count for the year; the total
    for graduation is the best attempt of every degree component."""
    of_year = [r for r in results if r.component.year == year and r.attempt == attempt]
    earned = sum((credits_for(r.grade, r.component.ects, rules.pass_mark) for r in of_year), ZERO)
    average = weighted_average(of_year)
    if year == 0:
        compulsory = [c for c in components if c.year == 0 and c.compulsory]
        passed_ids = {r.component.id for r in of_year if passed(r.grade, rules.pass_mark)}
        failed = sorted(c.code for c in compulsory if c.id not in passed_ids)
        needed = sum((c.ects for c in compulsory), ZERO)
        if not failed:
            reason = _("Every compulsory component of the preparation year is passed.")
            return Decision(ProgressionOutcome.PROMOTED, 1, earned, needed, average, reason)
        shortfall = _("Compulsory components of the preparation year not passed: %(codes)s.") % {
            "codes": ", ".join(failed)
        }
        outcome, after, reason = _repeat_or_dismiss(rules, year, repeats, shortfall)
        return Decision(outcome, after, earned, needed, average, reason)
    needed = rules.credits_to_progress
    year_met = earned >= needed
    numbers = {"earned": _number(earned), "needed": _number(needed), "year": year}
    if year < rules.years:
        if year_met:
            reason = (
                _("%(earned)s ECTS earned in year %(year)s (%(needed)s needed): moves up a year.")
                % numbers
            )
            return Decision(ProgressionOutcome.PROMOTED, year + 1, earned, needed, average, reason)
        shortfall = _("%(earned)s ECTS earned in year %(year)s, %(needed)s needed.") % numbers
        outcome, after, reason = _repeat_or_dismiss(rules, year, repeats, shortfall)
        return Decision(outcome, after, earned, needed, average, reason)
    total, _average = enrolment_figures(results, rules.pass_mark)
    numbers |= {"total": _number(total), "to_graduate": _number(rules.credits_to_graduate)}
    if year_met and total >= rules.credits_to_graduate:
        reason = (
            _(
                "%(earned)s ECTS earned in the final year (%(needed)s needed) and %(total)s in "
                "all (%(to_graduate)s needed): graduates."
            )
            % numbers
        )
        return Decision(ProgressionOutcome.GRADUATES, year, earned, needed, average, reason)
    if not year_met:
        shortfall = _("%(earned)s ECTS earned in the final year, %(needed)s needed.") % numbers
    else:
        shortfall = _("%(total)s ECTS earned in all, %(to_graduate)s needed to graduate.") % numbers
    outcome, after, reason = _repeat_or_dismiss(rules, year, repeats, shortfall)
    return Decision(outcome, after, earned, needed, average, reason)


def planned_credits(components: Iterable[ComponentFacts], year: int, *, through: bool) -> Decimal:
    """The credits a cadet in ``year`` should hold: the ECTS of the compulsory
    components of the completed years 1..year-1 (``through``: up to ``year``
    itself, for a graduate)."""
    last = year if through else year - 1
    return sum((c.ects for c in components if c.compulsory and 1 <= c.year <= last), ZERO)


def standing(
    rules: ProgrammeRules,
    *,
    active: bool,
    year: int,
    attempt: int,
    results: Sequence[ResultFacts],
    absences: Iterable[dt.date],
    today: dt.date,
) -> StandingFacts:
    """How a cadet is doing: ENDED once no longer studying; FAILING with a
    component failed in the most recent term with results (terms ordered by
    year, attempt, term); AT_RISK with an unauthorised absence in the last
    90 days or the year's credits behind plan; else GOOD. Each alert says why."""
    if not active:
        return StandingFacts(Standing.ENDED)
    alerts: list[str] = []
    failing = False
    if results:
        last = max((r.component.year, r.attempt, r.component.term) for r in results)
        in_last = [r for r in results if (r.component.year, r.attempt, r.component.term) == last]
        failed = sorted(r.component.code for r in in_last if not passed(r.grade, rules.pass_mark))
        if failed:
            failing = True
            alerts.append(
                _("Failed in year %(year)s, term %(term)s: %(codes)s.")
                % {"year": last[0], "term": last[2], "codes": ", ".join(failed)}
            )
    since = today - dt.timedelta(days=ABSENCE_WINDOW_DAYS)
    recent = sorted(day for day in absences if since <= day <= today)
    if recent:
        alerts.append(
            _("Unauthorised absence on %(dates)s.")
            % {"dates": ", ".join(day.isoformat() for day in recent)}
        )
    behind = False
    if year >= 1:
        current = [r for r in results if r.component.year == year and r.attempt == attempt]
        terms = {r.component.term for r in current}
        earned = sum(
            (credits_for(r.grade, r.component.ects, rules.pass_mark) for r in current), ZERO
        )
        plan = rules.credits_to_progress * len(terms) / rules.terms_per_year
        if earned < plan:
            behind = True
            alerts.append(
                _("Behind plan: %(earned)s ECTS earned in year %(year)s, %(plan)s expected by now.")
                % {"earned": _number(earned), "year": year, "plan": _number(_two(plan))}
            )
    if failing:
        return StandingFacts(Standing.FAILING, alerts)
    if recent or behind:
        return StandingFacts(Standing.AT_RISK, alerts)
    return StandingFacts(Standing.GOOD, alerts)


def recognised_credits(
    lines: Iterable[tuple[int, Decimal]], passed_components: set[int]
) -> Decimal:
    """Table B credits (component of the table A line, credits) whose
    component the cadet has passed."""
    return sum((credits for component, credits in lines if component in passed_components), ZERO)
