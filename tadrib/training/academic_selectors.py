"""Reads of cadets at foreign academies, scoped to the user with their joins
declared; the facts the rules take, read in a few queries; and the rows of the
cohort view ("Cadets abroad") with the standing of every cadet, computed in a
constant number of queries whatever the number of cadets."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tadrib.core.choices import Action
from tadrib.training import academic_rules as rules
from tadrib.training.choices import (
    ENROLMENT_ACTIVE,
    EnrolmentStatus,
    IncidentKind,
    ProgressionOutcome,
    Standing,
)
from tadrib.training.models import (
    AcademicProgramme,
    AgreementComponent,
    CadetEnrolment,
    CadetIncident,
    Cohort,
    LearningAgreement,
    ProgrammeComponent,
    ProgressionDecision,
    RecognitionLine,
    TermResult,
)

# --- scoped reads -----------------------------------------------------------------


def programmes_for(user: Any, action: str = Action.VIEW) -> QuerySet[AcademicProgramme]:
    return AcademicProgramme.objects.for_user(user, action).select_related(
        "institution__nation", "qualification"
    )


def components_for(user: Any, action: str = Action.VIEW) -> QuerySet[ProgrammeComponent]:
    return ProgrammeComponent.objects.for_user(user, action).select_related(
        "programme__institution"
    )


def cohorts_for(user: Any, action: str = Action.VIEW) -> QuerySet[Cohort]:
    return Cohort.objects.for_user(user, action).select_related(
        "programme__institution__nation", "sending_organisation"
    )


def enrolments_for(user: Any, action: str = Action.VIEW) -> QuerySet[CadetEnrolment]:
    return CadetEnrolment.objects.for_user(user, action).select_related(
        "person__rank", "cohort__programme__institution__nation", "cohort__sending_organisation"
    )


def results_for(user: Any, action: str = Action.VIEW) -> QuerySet[TermResult]:
    return TermResult.objects.for_user(user, action).select_related(
        "enrolment__person", "enrolment__cohort", "component"
    )


def decisions_for(user: Any, action: str = Action.VIEW) -> QuerySet[ProgressionDecision]:
    return ProgressionDecision.objects.for_user(user, action).select_related(
        "enrolment__person", "enrolment__cohort"
    )


def incidents_for(user: Any, action: str = Action.VIEW) -> QuerySet[CadetIncident]:
    return CadetIncident.objects.for_user(user, action).select_related(
        "enrolment__person", "enrolment__cohort"
    )


def agreements_for(user: Any, action: str = Action.VIEW) -> QuerySet[LearningAgreement]:
    return LearningAgreement.objects.for_user(user, action).select_related(
        "enrolment__person",
        "enrolment__cohort__programme__institution",
        "enrolment__cohort__sending_organisation",
        "home_institution",
    )


def agreement_components_for(user: Any, action: str = Action.VIEW) -> QuerySet[AgreementComponent]:
    return AgreementComponent.objects.for_user(user, action).select_related(
        "agreement__enrolment__person", "component"
    )


def recognition_lines_for(user: Any, action: str = Action.VIEW) -> QuerySet[RecognitionLine]:
    return RecognitionLine.objects.for_user(user, action).select_related(
        "agreement__enrolment__person", "host_line__component"
    )


# --- the facts the rules take -------------------------------------------------------


def programme_rules(programme: AcademicProgramme) -> rules.ProgrammeRules:
    return rules.ProgrammeRules(
        years=programme.years,
        terms_per_year=programme.terms_per_year,
        preparation_year=programme.preparation_year,
        pass_mark=programme.pass_mark,
        credits_to_progress=programme.credits_to_progress,
        max_repeats=programme.max_repeats,
        credits_to_graduate=programme.credits_to_graduate,
    )


COMPONENT_FIELDS = ("id", "code", "year", "term", "ects", "compulsory")


def component_facts(row: dict[str, Any]) -> rules.ComponentFacts:
    return rules.ComponentFacts(**{name: row[name] for name in COMPONENT_FIELDS})


def curriculum(programme_ids: Iterable[int]) -> dict[int, list[rules.ComponentFacts]]:
    """Every component of these programmes (one query)."""
    found: dict[int, list[rules.ComponentFacts]] = defaultdict(list)
    rows = ProgrammeComponent.objects.filter(programme_id__in=list(programme_ids)).values(
        "programme_id", *COMPONENT_FIELDS
    )
    for row in rows:
        found[row["programme_id"]].append(component_facts(row))
    return found


def result_facts(
    enrolments: Any, components: dict[int, rules.ComponentFacts] | None = None
) -> dict[int, list[rules.ResultFacts]]:
    """The results of these enrolments (a queryset or ids), per enrolment:
    one query, and one more for the components unless ``components`` (by id,
    see ``curriculum``) already holds them."""
    found: dict[int, list[rules.ResultFacts]] = defaultdict(list)
    rows = list(
        TermResult.objects.filter(enrolment__in=enrolments)
        .order_by()
        .values_list("enrolment_id", "component_id", "attempt", "grade")
    )
    if components is None:
        ids = {row[1] for row in rows}
        components = {
            row["id"]: component_facts(row)
            for row in ProgrammeComponent.objects.filter(pk__in=ids).values(*COMPONENT_FIELDS)
        }
    for enrolment_id, component_id, attempt, grade in rows:
        found[enrolment_id].append(
            rules.ResultFacts(component=components[component_id], attempt=attempt, grade=grade)
        )
    return found


def repeat_outcomes(enrolments: Any) -> dict[tuple[int, int], list[str]]:
    """The decisions' outcomes per (enrolment, year) (one query)."""
    found: dict[tuple[int, int], list[str]] = defaultdict(list)
    rows = (
        ProgressionDecision.objects.filter(enrolment__in=enrolments)
        .order_by()
        .values_list("enrolment_id", "year_of_study", "outcome")
    )
    for enrolment_id, year, outcome in rows:
        found[(enrolment_id, year)].append(outcome)
    return found


def current_attempt(enrolment: CadetEnrolment) -> int:
    outcomes = enrolment.decisions.filter(year_of_study=enrolment.year_of_study).values_list(
        "outcome", flat=True
    )
    return rules.attempt_of_year(outcomes)


def passed_components(enrolment_id: int, pass_mark: Decimal) -> set[int]:
    """Components the cadet has passed at any attempt."""
    return set(
        TermResult.objects.filter(enrolment_id=enrolment_id, grade__gte=pass_mark).values_list(
            "component_id", flat=True
        )
    )


# --- the cohort view ------------------------------------------------------------------


@dataclass
class CadetRow:
    """One cadet abroad as the cohort view shows it."""

    enrolment: CadetEnrolment
    standing: Standing
    alerts: list[str] = field(default_factory=list)
    planned: Decimal = Decimal(0)
    attempt: int = 1

    @property
    def institution(self) -> Any:
        return self.enrolment.cohort.programme.institution

    @property
    def standing_label(self) -> str:
        return str(self.standing.label)


def absences_by_enrolment(enrolments: Any, today: dt.date) -> dict[int, list[dt.date]]:
    since = today - dt.timedelta(days=rules.ABSENCE_WINDOW_DAYS)
    found: dict[int, list[dt.date]] = defaultdict(list)
    rows = (
        CadetIncident.objects.filter(
            enrolment__in=enrolments,
            kind=IncidentKind.UNAUTHORISED_ABSENCE,
            occurred_on__gte=since,
            occurred_on__lte=today,
        )
        .order_by()
        .values_list("enrolment_id", "occurred_on")
    )
    for enrolment_id, day in rows:
        found[enrolment_id].append(day)
    return found


def cadet_rows(enrolments: QuerySet[CadetEnrolment], today: dt.date) -> list[CadetRow]:
    """Every enrolment of ``enrolments`` (already scoped) with its standing,
    alerts and planned credits: six queries, whatever their number."""
    chosen = list(enrolments.select_related(None).select_related("person"))
    # The few cohorts once (with their programme, academy and nation), not a
    # copy of each per cadet.
    cohorts = Cohort.objects.select_related(
        "programme__institution__nation", "sending_organisation"
    ).in_bulk({e.cohort_id for e in chosen})
    for enrolment in chosen:
        enrolment.cohort = cohorts[enrolment.cohort_id]
    ids = [e.pk for e in chosen]
    programmes = {c.programme_id: c.programme for c in cohorts.values()}
    components = curriculum(programmes)
    by_id = {c.id: c for listed in components.values() for c in listed}
    results = result_facts(ids, by_id)
    outcomes = repeat_outcomes(ids)
    absences = absences_by_enrolment(ids, today)
    rows = []
    for enrolment in chosen:
        programme = programmes[enrolment.cohort.programme_id]
        year = enrolment.year_of_study
        attempt = rules.attempt_of_year(outcomes.get((enrolment.pk, year), []))
        facts = rules.standing(
            programme_rules(programme),
            active=enrolment.status in ENROLMENT_ACTIVE,
            year=year,
            attempt=attempt,
            results=results.get(enrolment.pk, []),
            absences=absences.get(enrolment.pk, []),
            today=today,
        )
        planned = rules.planned_credits(
            components.get(programme.pk, []),
            year,
            through=enrolment.status == EnrolmentStatus.GRADUATED,
        )
        rows.append(CadetRow(enrolment, facts.standing, facts.alerts, planned, attempt))
    return rows


def standing_of(enrolment: CadetEnrolment, today: dt.date) -> CadetRow:
    """One cadet's row (the enrolment page)."""
    return cadet_rows(CadetEnrolment.objects.filter(pk=enrolment.pk), today)[0]


def progress_by_academy(rows: list[CadetRow]) -> dict[str, Any]:
    """The cohort view's chart: per academy, credits earned against planned,
    and cadets per standing (stacked)."""
    academies: dict[int, dict[str, Any]] = {}
    for row in rows:
        institution = row.institution
        entry = academies.setdefault(
            institution.pk,
            {
                "label": institution.code,
                "earned": Decimal(0),
                "planned": Decimal(0),
                "standing": dict.fromkeys(Standing.values, 0),
            },
        )
        entry["earned"] += row.enrolment.credits_earned
        entry["planned"] += row.planned
        entry["standing"][row.standing] += 1
    ordered = sorted(academies.values(), key=lambda a: a["label"])
    return {
        "labels": [a["label"] for a in ordered],
        "credits": [
            {
                "key": "earned",
                "label": _("credits earned (ECTS)"),
                "values": [float(a["earned"]) for a in ordered],
            },
            {
                "key": "planned",
                "label": _("credits planned (ECTS)"),
                "values": [float(a["planned"]) for a in ordered],
            },
        ],
        "standings": [
            {
                "key": value,
                "label": str(label),
                "values": [a["standing"][value] for a in ordered],
            }
            for value, label in Standing.choices
        ],
    }


def outcome_label(outcome: str) -> str:
    return str(ProgressionOutcome(outcome).label)
