"""Programmes, curricula and cohorts; enrolling cadets, their results and the end-of-year decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tadrib.core.choices import Action
from tadrib.core.services import delete_audited, refuse_illegal_transition, save_audited
from tadrib.people.models import Person
from tadrib.people.services import award_qualification
from tadrib.training import academic_rules as rules
from tadrib.training import academic_selectors as facts
from tadrib.training.choices import (
    ENROLMENT_ACTIVE,
    ENROLMENT_TRANSITIONS,
    EnrolmentStatus,
)
from tadrib.training.models import (
    AcademicProgramme,
    CadetEnrolment,
    CadetIncident,
    Cohort,
    ProgrammeComponent,
    ProgressionDecision,
    TermResult,
)

if TYPE_CHECKING:
    from tadrib.accounts.models import User

from tadrib.training.academic_services.base import (
    ES,
    PO,
    STATUS_AFTER,
    acts_for_academy,
    acts_for_sending,
)

# --- the catalogue and cohorts ------------------------------------------------------


def save_programme(programme: AcademicProgramme, *, actor: User | None) -> AcademicProgramme:
    return save_audited(programme, actor=actor)


def delete_programme(programme: AcademicProgramme, *, actor: User | None) -> None:
    delete_audited(programme, actor=actor)


def save_component(component: ProgrammeComponent, *, actor: User | None) -> ProgrammeComponent:
    return save_audited(component, actor=actor)


def delete_component(component: ProgrammeComponent, *, actor: User | None) -> None:
    delete_audited(component, actor=actor)


def save_cohort(cohort: Cohort, *, actor: User | None) -> Cohort:
    return save_audited(cohort, actor=actor)


def delete_cohort(cohort: Cohort, *, actor: User | None) -> None:
    delete_audited(cohort, actor=actor)


# --- enrolment ----------------------------------------------------------------------


def _cohort(pk: int) -> Cohort:
    return Cohort.objects.select_related("programme__institution", "sending_organisation").get(
        pk=pk
    )


def _check_enrolling_side(actor: User | None, cohort: Cohort) -> bool:
    """Refuse anyone but the academy and the sending office; say whether the
    actor enrols as the academy."""
    if acts_for_academy(actor, cohort, Action.ADD):
        return True
    if acts_for_sending(actor, cohort, Action.ADD):
        return False
    raise PermissionDenied(
        _("Cadets are enrolled by the academy or by the office that sends them.")
    )


def _person_errors(
    cohort: Cohort, people: Sequence[Person], *, actor: User | None, as_academy: bool
) -> list[str]:
    """Why any of ``people`` cannot join ``cohort``, naming the cadet."""
    errors: list[str] = []
    nation_id = cohort.sending_organisation.nation_id
    ids = [p.pk for p in people]
    active = dict(
        CadetEnrolment.objects.filter(person_id__in=ids, status__in=sorted(ENROLMENT_ACTIVE))
        .select_related("cohort")
        .values_list("person_id", "cohort__code")
    )
    visible: set[int] = set(ids)
    if actor is not None and not as_academy:
        from tadrib.people.selectors import people_for

        visible = set(people_for(actor).filter(pk__in=ids).values_list("pk", flat=True))
    seen: set[int] = set()
    for person in people:
        name = {"cadet": person.full_name_latin}
        if person.pk in seen:
            errors.append(_("%(cadet)s is chosen twice.") % name)
        seen.add(person.pk)
        if person.pk not in visible:
            errors.append(_("%(cadet)s is not a person you may see.") % name)
        elif person.nation_id != nation_id:
            errors.append(_("%(cadet)s is not of the sending organisation's nation.") % name)
        elif person.pk in active:
            errors.append(
                _("%(cadet)s is already studying (cohort %(cohort)s).")
                % {**name, "cohort": active[person.pk]}
            )
    return errors


def _store_enrolment(enrolment: CadetEnrolment, *, actor: User | None) -> CadetEnrolment:
    programme = enrolment.cohort.programme
    enrolment.year_of_study = programme.first_year
    enrolment.status = ES.PREPARATION if programme.first_year == 0 else ES.STUDYING
    return save_audited(enrolment, actor=actor, authorised=True)


@transaction.atomic
def enrol_cadets(
    cohort: Cohort,
    people: Iterable[Person],
    *,
    actor: User | None,
    on: dt.date,
    field: str = "people",
) -> list[CadetEnrolment]:
    """Enrol ``people`` in ``cohort``, all or nothing, by the academy or the
    sending office (which chooses among the people it may see). Each cadet is
    of the sending organisation's nation and studies nowhere else; they start
    in the programme's first year (0 with a preparation year)."""
    cohort = _cohort(cohort.pk)
    as_academy = _check_enrolling_side(actor, cohort)
    chosen = list(people)
    if not chosen:
        raise ValidationError({field: _("Choose at least one cadet.")})
    errors = _person_errors(cohort, chosen, actor=actor, as_academy=as_academy)
    if errors:
        raise ValidationError({field: errors})
    enrolled = []
    for person in chosen:
        enrolment = CadetEnrolment(cohort=cohort, person=person, enrolled_on=on)
        try:
            enrolled.append(_store_enrolment(enrolment, actor=actor))
        except ValidationError as error:
            messages = [f"{person.full_name_latin}: {m}" for m in error.messages]
            raise ValidationError({field: messages}) from error
    return enrolled


@transaction.atomic
def save_enrolment(enrolment: CadetEnrolment, *, actor: User | None) -> CadetEnrolment:
    """A new enrolment follows the rules of ``enrol_cadets``; afterwards only
    the date and the notes change (cohort and cadet are fixed)."""
    if enrolment._state.adding:
        if not enrolment.cohort_id or not enrolment.person_id:
            return save_audited(enrolment, actor=actor)  # validation names what is missing
        cohort = _cohort(enrolment.cohort_id)
        as_academy = _check_enrolling_side(actor, cohort)
        person = Person.objects.get(pk=enrolment.person_id)
        errors = _person_errors(cohort, [person], actor=actor, as_academy=as_academy)
        if errors:
            raise ValidationError({"person": errors})
        enrolment.cohort = cohort
        return _store_enrolment(enrolment, actor=actor)
    stored = CadetEnrolment.objects.get(pk=enrolment.pk)
    if (stored.cohort_id, stored.person_id) != (enrolment.cohort_id, enrolment.person_id):
        raise ValidationError(
            {"person": _("Cohort and cadet are fixed once enrolled; withdraw and enrol again.")}
        )
    return save_audited(enrolment, actor=actor)


@transaction.atomic
def delete_enrolment(enrolment: CadetEnrolment, *, actor: User | None) -> None:
    if enrolment.results.exists() or enrolment.decisions.exists():
        raise ValidationError(_("A cadet with results is never deleted; withdraw the cadet."))
    delete_audited(enrolment, actor=actor)


def _lock_enrolment(enrolment: CadetEnrolment) -> CadetEnrolment:
    return (
        CadetEnrolment.objects.select_for_update(of=("self",))
        .select_related(
            "person",
            "cohort__programme__institution",
            "cohort__programme__qualification",
            "cohort__sending_organisation",
        )
        .get(pk=enrolment.pk)
    )


def _move(
    locked: CadetEnrolment,
    enrolment: CadetEnrolment,
    status: str,
    *,
    actor: User | None,
    action: str,
) -> None:
    refuse_illegal_transition(
        EnrolmentStatus,
        ENROLMENT_TRANSITIONS,
        locked.status,
        status,
        _("A cadet who is “%(current)s” cannot become “%(target)s”."),
    )
    locked.status = status
    save_audited(locked, actor=actor, action=action, authorised=True)
    for name in ("year_of_study", "status", "repeats", "ended_on", "end_reason"):
        setattr(enrolment, name, getattr(locked, name))


@transaction.atomic
def withdraw(
    enrolment: CadetEnrolment, *, actor: User | None, reason: str, on: dt.date
) -> CadetEnrolment:
    """The cadet leaves the academy (either side records it, with a reason)."""
    locked = _lock_enrolment(enrolment)
    cohort = locked.cohort
    if not (acts_for_academy(actor, cohort) or acts_for_sending(actor, cohort)):
        raise PermissionDenied(_("A cadet is withdrawn by the academy or by the sending office."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for this step.")})
    locked.ended_on, locked.end_reason = on, reason.strip()
    _move(locked, enrolment, ES.WITHDRAWN, actor=actor, action="cadet.withdrawn")
    return enrolment


# --- results and the figures they give ---------------------------------------------------


def refresh_figures(enrolment: CadetEnrolment) -> None:
    """Store the credits earned and the grade average the results give."""
    programme = AcademicProgramme.objects.get(cohorts__enrolments=enrolment.pk)
    results = facts.result_facts([enrolment.pk]).get(enrolment.pk, [])
    earned, average = rules.enrolment_figures(results, programme.pass_mark)
    CadetEnrolment.objects.filter(pk=enrolment.pk).update(
        credits_earned=earned, grade_average=average
    )
    enrolment.credits_earned, enrolment.grade_average = earned, average


def _refuse_decided(enrolment_id: int, year: int, attempt: int) -> None:
    decided = ProgressionDecision.objects.filter(
        enrolment_id=enrolment_id, year_of_study=year, attempt=attempt
    ).exists()
    if decided:
        raise ValidationError(
            {
                "component": _(
                    "Year %(year)s (attempt %(attempt)s) is decided; its results are final."
                )
                % {"year": year, "attempt": attempt}
            }
        )


@transaction.atomic
def save_result(result: TermResult, *, actor: User | None) -> TermResult:
    """Record or correct a grade: a new result is at the cadet's current
    attempt at the year; its credits are the component's ECTS at the pass
    mark or above; the enrolment's figures follow."""
    if not (result.enrolment_id and result.component_id):
        return save_audited(result, actor=actor)  # validation names what is missing
    enrolment = _lock_enrolment(CadetEnrolment(pk=result.enrolment_id))
    component = ProgrammeComponent.objects.get(pk=result.component_id)
    if result._state.adding:
        result.attempt = facts.current_attempt(enrolment)
    else:
        stored = TermResult.objects.get(pk=result.pk)
        if (stored.enrolment_id, stored.component_id) != (result.enrolment_id, component.pk):
            raise ValidationError(
                {"component": _("Cadet and component are fixed; delete the result instead.")}
            )
        result.attempt = stored.attempt
    _refuse_decided(enrolment.pk, component.year, result.attempt)
    if result.grade is not None:
        pass_mark = enrolment.cohort.programme.pass_mark
        result.credits = rules.credits_for(Decimal(result.grade), component.ects, pass_mark)
    saved = save_audited(result, actor=actor)
    refresh_figures(enrolment)
    return saved


@transaction.atomic
def delete_result(result: TermResult, *, actor: User | None) -> None:
    enrolment = _lock_enrolment(CadetEnrolment(pk=result.enrolment_id))
    _refuse_decided(enrolment.pk, result.component.year, result.attempt)
    delete_audited(result, actor=actor)
    refresh_figures(enrolment)


def save_incident(incident: CadetIncident, *, actor: User | None) -> CadetIncident:
    return save_audited(incident, actor=actor)


def delete_incident(incident: CadetIncident, *, actor: User | None) -> None:
    delete_audited(incident, actor=actor)


# --- end-of-year decisions -----------------------------------------------------------------


def _award_qualification(locked: CadetEnrolment, on: dt.date, *, actor: User | None) -> None:
    """The programme's qualification on the graduate's personnel record."""
    programme = locked.cohort.programme
    if programme.qualification is not None:
        award_qualification(
            locked.person_id,
            programme.qualification,
            on=on,
            awarded_by=f"{programme.code} · {programme.institution.code}",
            actor=actor,
        )


@transaction.atomic
def decide_year(
    enrolment: CadetEnrolment,
    *,
    actor: User | None,
    on: dt.date | None,
    into: ProgressionDecision | None = None,
) -> ProgressionDecision:
    """The academy's end-of-year decision on a cadet, by the programme's
    rules: stored (``into``, if given) and applied to the enrolment; a
    graduate's qualification is entered on their record."""
    locked = _lock_enrolment(enrolment)
    if not acts_for_academy(actor, locked.cohort):
        raise PermissionDenied(_("The end-of-year decision is taken by the academy."))
    if not locked.is_active:
        raise ValidationError({"enrolment": _("This cadet is no longer studying.")})
    programme = locked.cohort.programme
    year = locked.year_of_study
    outcomes = facts.repeat_outcomes([locked.pk]).get((locked.pk, year), [])
    attempt = rules.attempt_of_year(outcomes)
    results = facts.result_facts([locked.pk]).get(locked.pk, [])
    if not any(r.component.year == year and r.attempt == attempt for r in results):
        raise ValidationError(
            {"enrolment": _("Record the results of year %(year)s first.") % {"year": year}}
        )
    decision = rules.decide(
        facts.programme_rules(programme),
        year=year,
        attempt=attempt,
        repeats=locked.repeats,
        components=facts.curriculum([programme.pk]).get(programme.pk, []),
        results=results,
    )
    record = into if into is not None else ProgressionDecision()
    record.enrolment = locked
    record.year_of_study, record.attempt = year, attempt
    record.outcome = decision.outcome
    record.credits_in_year, record.credits_needed = (
        decision.credits_in_year,
        decision.credits_needed,
    )
    record.grade_average, record.reason = decision.grade_average, decision.reason
    record.decided_on = on  # type: ignore[assignment]  # validation refuses a missing date
    save_audited(record, actor=actor, authorised=True)
    locked.year_of_study = decision.year_after
    if decision.outcome == PO.REPEATS:
        locked.repeats += 1
    if decision.outcome in (PO.GRADUATES, PO.DISMISSED):
        locked.ended_on, locked.end_reason = on, decision.reason
    _move(
        locked,
        enrolment,
        STATUS_AFTER[decision.outcome],
        actor=actor,
        action=f"cadet.{decision.outcome}",
    )
    if decision.outcome == PO.GRADUATES and on is not None:
        _award_qualification(locked, on, actor=actor)
    return record


def save_decision(decision: ProgressionDecision, *, actor: User | None) -> ProgressionDecision:
    """The add page and the API: decide the year of ``decision.enrolment``."""
    if not decision._state.adding:
        raise ValidationError(_("An end-of-year decision is never changed."))
    if not decision.enrolment_id:
        raise ValidationError({"enrolment": _("Choose the cadet.")})
    enrolment = CadetEnrolment.objects.get(pk=decision.enrolment_id)
    return decide_year(enrolment, actor=actor, on=decision.decided_on, into=decision)


@transaction.atomic
def decide_cohort(cohort: Cohort, *, actor: User | None, on: dt.date) -> list[ProgressionDecision]:
    """Decide every studying cadet of the cohort whose current year (at its
    current attempt) has results; the others wait."""
    cohort = _cohort(cohort.pk)
    if not acts_for_academy(actor, cohort):
        raise PermissionDenied(_("The end-of-year decision is taken by the academy."))
    enrolments = list(cohort.enrolments.filter(status__in=sorted(ENROLMENT_ACTIVE)).order_by("pk"))
    ids = [e.pk for e in enrolments]
    results = facts.result_facts(ids)
    outcomes = facts.repeat_outcomes(ids)
    decided = []
    for enrolment in enrolments:
        year = enrolment.year_of_study
        attempt = rules.attempt_of_year(outcomes.get((enrolment.pk, year), []))
        if any(
            r.component.year == year and r.attempt == attempt for r in results.get(enrolment.pk, [])
        ):
            decided.append(decide_year(enrolment, actor=actor, on=on))
    return decided
