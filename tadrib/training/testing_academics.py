"""Test data of cadets at foreign academies, built through the services, for
the generic access test and the academics tests.

The access-case isolation rule of ``tadrib/training/testing.py`` holds:
records are owned under nation A's brigade and shared only with organisations
that neither A's directorate nor nation B can see.

* ``academy_a`` (nation A, under its brigade) gives ``programme`` with its
  curriculum; its ``c_cohort`` is sent by nation C's ministry and holds cadets
  of nation C (``c_cadet``): cohorts, enrolments, results, decisions,
  incidents, learning agreements (home academy: ``tt.academy_c``) and their
  table A belong to academy A and are read by C;
* ``a_cohort`` of the same programme is sent by A's facility (under the
  brigade) with cadets of nation A, whom A's ministry may choose in a form;
* table B belongs to the home academy: an agreement of an A cadet at nation
  C's academy (``c_hosted_agreement``) names ``academy_a`` as home.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tadrib.agreements import testing as t
from tadrib.core import testing
from tadrib.core.testing import World
from tadrib.organisations.models import Organisation
from tadrib.people.models import Person
from tadrib.training import academic_services as services
from tadrib.training import testing as tt
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

STARTS_ON = dt.date(2025, 10, 31)
TODAY = dt.date.today()


def academy_a(w: World) -> Organisation:
    return t.shared(
        w,
        "academy_a",
        lambda: testing.organisation(w.nation_a, "A-MACAD", parent=w.brigade_a, kind="academy"),
    )


def programme(
    w: World,
    i: int = 0,
    *,
    at: Organisation | None = None,
    components: bool = True,
    **fields: Any,
) -> AcademicProgramme:
    """A four-year programme (two terms a year, 45 ECTS to move up, 240 to
    graduate, one repeat) with, unless ``components=False``, two components
    of 30 ECTS a year: ``<code>-<year><term>``."""
    values: dict[str, Any] = {
        "institution": at or academy_a(w),
        "code": f"BSC-{i}",
        "name_en": f"Officer education {i}",
        "name_ar": f"تعليم الضباط {i}",
        "name_tr": f"Subay eğitimi {i}",
        "years": 4,
        "terms_per_year": 2,
        "language": "tr",
        "pass_mark": Decimal(60),
        "credits_to_progress": Decimal(45),
        "credits_to_graduate": Decimal(240),
        "max_repeats": 1,
    }
    values.update(fields)
    made = services.save_programme(AcademicProgramme(**values), actor=None)
    if components:
        for year in range(made.first_year, made.years + 1):
            for term in range(1, made.terms_per_year + 1):
                component(made, year, term)
    return made


def component(
    of: AcademicProgramme, year: int, term: int, *, code: str = "", **fields: Any
) -> ProgrammeComponent:
    values: dict[str, Any] = {
        "programme": of,
        "code": code or f"{of.code}-{year}{term}",
        "name_en": f"Component {year}.{term}",
        "name_ar": f"مقرر {year}.{term}",
        "year": year,
        "term": term,
        "ects": Decimal(30),
    }
    values.update(fields)
    return services.save_component(ProgrammeComponent(**values), actor=None)


def shared_programme(w: World) -> AcademicProgramme:
    return t.shared(w, "academic_programme", lambda: programme(w, 900))


def cohort(
    w: World,
    i: int = 0,
    *,
    of: AcademicProgramme | None = None,
    sending: Organisation | None = None,
    **fields: Any,
) -> Cohort:
    values: dict[str, Any] = {
        "programme": of or shared_programme(w),
        "code": f"COH-{i}",
        "sending_organisation": sending or t.third_party(w),
        "starts_on": STARTS_ON,
        "planned_size": 49,
    }
    values.update(fields)
    return services.save_cohort(Cohort(**values), actor=None)


def c_cohort(w: World) -> Cohort:
    """The cohort nation C's ministry sends to academy A."""
    return t.shared(w, "c_cohort", lambda: cohort(w, 900))


def a_cohort(w: World) -> Cohort:
    """A cohort of the same programme sent by A's facility (nation A's cadets)."""
    return t.shared(w, "a_cohort", lambda: cohort(w, 901, sending=t.facility_a(w)))


def cadet(unit: Organisation, **fields: Any) -> Person:
    return testing.person(unit, category="cadet", **fields)


def c_cadet(w: World, **fields: Any) -> Person:
    return cadet(tt.unit_c(w), **fields)


def enrol(cohort_: Cohort, people: list[Person], on: dt.date = STARTS_ON) -> list[CadetEnrolment]:
    return services.enrol_cadets(cohort_, people, actor=None, on=on)


def c_enrolment(w: World, **fields: Any) -> CadetEnrolment:
    """A new cadet of nation C in ``c_cohort``."""
    return enrol(c_cohort(w), [c_cadet(w, **fields)])[0]


def shared_enrolment(w: World, key: str = "c_enrolment") -> CadetEnrolment:
    return t.shared(w, key, lambda: c_enrolment(w))


def year_components(enrolment: CadetEnrolment, year: int | None = None) -> list[ProgrammeComponent]:
    year = enrolment.year_of_study if year is None else year
    return list(
        ProgrammeComponent.objects.filter(
            programme_id=enrolment.cohort.programme_id, year=year
        ).order_by("term", "code")
    )


def result(
    enrolment: CadetEnrolment,
    of: ProgrammeComponent,
    grade: Decimal | int | str,
    *,
    on: dt.date | None = None,
) -> TermResult:
    return services.save_result(
        TermResult(
            enrolment=enrolment,
            component=of,
            grade=Decimal(grade),
            recorded_on=on or STARTS_ON + dt.timedelta(days=120),
        ),
        actor=None,
    )


def pass_year(enrolment: CadetEnrolment, grade: int = 80) -> list[TermResult]:
    """A result in every component of the cadet's current year."""
    return [result(enrolment, c, grade) for c in year_components(enrolment)]


def decided(w: World, i: int = 0) -> ProgressionDecision:
    """A new cadet of nation C who passed year 1 and moved up."""
    enrolment = c_enrolment(w)
    pass_year(enrolment)
    return services.decide_year(
        enrolment, actor=None, on=STARTS_ON + dt.timedelta(days=300 + i % 60)
    )


def incident(
    w: World, i: int = 0, *, of: CadetEnrolment | None = None, **fields: Any
) -> CadetIncident:
    values: dict[str, Any] = {
        "enrolment": of or shared_enrolment(w),
        "kind": "illness",
        "severity": "minor",
        "occurred_on": STARTS_ON + dt.timedelta(days=10 + i % 300),
        "description": f"Flu {i}.",
    }
    values.update(fields)
    return services.save_incident(CadetIncident(**values), actor=None)


def small(i: int) -> int:
    """A record's number kept within a field's bounds: the generic page test
    numbers records 10,000 apart."""
    return i if i < 10_000 else 20 + (i // 10_000) % 50


def agreement(
    w: World,
    i: int = 0,
    *,
    of: CadetEnrolment | None = None,
    home: Organisation | None = None,
    **fields: Any,
) -> LearningAgreement:
    values: dict[str, Any] = {
        "enrolment": of or shared_enrolment(w),
        "academic_year": 2025 + small(i),
        "home_institution": home or tt.academy_c(w),
    }
    values.update(fields)
    return services.save_agreement(LearningAgreement(**values), actor=None)


def line_a(
    agreement_: LearningAgreement, of: ProgrammeComponent, **fields: Any
) -> AgreementComponent:
    return services.save_agreement_component(
        AgreementComponent(agreement=agreement_, component=of, **fields), actor=None
    )


def line_b(
    agreement_: LearningAgreement,
    host_line: AgreementComponent,
    code: str = "HOME-1",
    credits: Decimal | int = 6,
    **fields: Any,
) -> RecognitionLine:
    values: dict[str, Any] = {
        "agreement": agreement_,
        "host_line": host_line,
        "home_code": code,
        "home_title": f"Home course {code}",
        "credits": Decimal(credits),
    }
    values.update(fields)
    return services.save_recognition_line(RecognitionLine(**values), actor=None)


# --- table B: an A cadet at nation C's academy, home academy A -------------------------------


def c_hosted_agreement(w: World) -> LearningAgreement:
    """A learning agreement of an A cadet at C's academy whose home academy is
    ``academy_a`` (so A keeps its table B), with one table A line."""

    def make() -> LearningAgreement:
        c_programme = programme(w, 950, at=tt.academy_c(w))
        sent = cohort(w, 950, of=c_programme, sending=t.facility_a(w))
        enrolment = enrol(sent, [cadet(w.battalion_a)])[0]
        made = agreement(w, of=enrolment, home=academy_a(w))
        line_a(made, year_components(enrolment)[0])
        return made

    return t.shared(w, "c_hosted_agreement", make)


def c_hosted_line(w: World) -> AgreementComponent:
    found = c_hosted_agreement(w).components.first()
    assert found is not None
    return found


# --- the scenario of issue 7: cadets of nation A at two academies of nation B and one of C ----


@dataclass
class Abroad:
    """Nation A's cadet office sends cohorts to two academies of nation B
    (``first``, ``second``) and one of nation C (``third``); each academy has
    a registrar (``registrars``) and each cohort ``size`` cadets."""

    office: Organisation
    office_user: Any
    academies: dict[str, Organisation]
    registrars: dict[str, Any]
    cohorts: dict[str, Cohort]
    enrolments: dict[str, list[CadetEnrolment]] = field(default_factory=dict)


def abroad(w: World, size: int = 2) -> Abroad:
    from tadrib.core.choices import Role

    office = testing.organisation(w.nation_a, "A-CADETS", parent=w.ministry_a, kind="office")
    parents = {"first": w.ministry_b, "second": w.ministry_b, "third": t.third_party(w)}
    academies, registrars, cohorts, enrolments = {}, {}, {}, {}
    for i, (key, parent) in enumerate(parents.items()):
        academy = testing.organisation(
            parent.nation, f"ACAD-{key.upper()}", parent=parent, kind="academy"
        )
        academies[key] = academy
        registrars[key] = testing.user(f"registrar_{key}", (academy, Role.REGISTRAR))
        made = programme(w, 100 + i, at=academy)
        cohorts[key] = cohort(w, 100 + i, of=made, sending=office)
        people = [cadet(office) for _n in range(size)]
        enrolments[key] = enrol(cohorts[key], people) if people else []
    return Abroad(
        office=office,
        office_user=testing.user("cadet_office", (office, Role.REGISTRAR)),
        academies=academies,
        registrars=registrars,
        cohorts=cohorts,
        enrolments=enrolments,
    )
