"""The academics models in the generic access test (imported by access_cases;
see tadrib/training/testing_academics.py for how the records keep out of A's
directorate's and nation B's reach)."""

from __future__ import annotations

from typing import Any

from tadrib.agreements import testing as t
from tadrib.core.testing import AccessCase, World, register
from tadrib.training import testing as tt
from tadrib.training import testing_academics as ta
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


def _api(form: dict[str, Any], *fks: str) -> dict[str, Any]:
    """The form's values as an API body: ``fk`` becomes ``fk_id``."""
    return {(f"{k}_id" if k in fks else k): v for k, v in form.items()}


def _programme_form(w: World) -> dict[str, Any]:
    return {
        "institution": ta.academy_a(w).pk,
        "code": "BSC-NEW",
        "name_en": "Officer education",
        "years": 4,
        "terms_per_year": 2,
        "language": "tr",
        "grade_max": "100",
        "pass_mark": "60",
        "credits_to_progress": "45",
        "max_repeats": 1,
        "credits_to_graduate": "240",
        "description": "",
    }


register(
    AccessCase(
        model=AcademicProgramme,
        api_prefix="/api/academic-programmes",
        make=lambda w, i: ta.programme(w, i, components=False),
        form=_programme_form,
        api_payload=lambda w: {
            **_api(_programme_form(w), "institution"),
            "code": "BSC-API",
            "grade_max": 100,
            "pass_mark": 60,
            "credits_to_progress": 45,
            "credits_to_graduate": 240,
        },
        change=("name_en", "Officer education (revised)"),
    )
)


def _component_form(w: World) -> dict[str, Any]:
    return {
        "programme": ta.shared_programme(w).pk,
        "code": "NEW-11",
        "name_en": "Military history",
        "year": 1,
        "term": 1,
        "ects": "5",
        "compulsory": "on",
    }


register(
    AccessCase(
        model=ProgrammeComponent,
        api_prefix="/api/programme-components",
        make=lambda w, i: ta.component(ta.shared_programme(w), 1, 1, code=f"EL-{i}", ects=5),
        form=_component_form,
        api_payload=lambda w: {
            **_api(_component_form(w), "programme"),
            "code": "API-11",
            "ects": 5,
            "compulsory": True,
        },
        change=("name_en", "Military history (revised)"),
    )
)


def _cohort_form(w: World) -> dict[str, Any]:
    return {
        "programme": ta.shared_programme(w).pk,
        "code": "COH-NEW",
        "sending_organisation": t.third_party(w).pk,
        "starts_on": ta.STARTS_ON.isoformat(),
        "planned_size": 12,
    }


register(
    AccessCase(
        model=Cohort,
        api_prefix="/api/cohorts",
        make=lambda w, i: ta.cohort(w, i),
        form=_cohort_form,
        api_payload=lambda w: {
            **_api(_cohort_form(w), "programme", "sending_organisation"),
            "code": "COH-API",
        },
        change=("planned_size", 30),
    )
)


def _enrolment_form(w: World) -> dict[str, Any]:
    # A's ministry chooses one of its own cadets for the cohort A's facility sends.
    person = t.shared(w, "a_cadet", lambda: ta.cadet(w.battalion_a))
    return {
        "cohort": ta.a_cohort(w).pk,
        "person": person.pk,
        "enrolled_on": ta.STARTS_ON.isoformat(),
        "notes": "",
    }


register(
    AccessCase(
        model=CadetEnrolment,
        api_prefix="/api/cadet-enrolments",
        make=lambda w, i: ta.c_enrolment(w),
        form=_enrolment_form,
        api_payload=lambda w: _api(_enrolment_form(w), "cohort", "person"),
        change=("notes", "Speaks Turkish well."),
    )
)


def _result_form(w: World) -> dict[str, Any]:
    enrolment = ta.shared_enrolment(w)
    return {
        "enrolment": enrolment.pk,
        "component": ta.year_components(enrolment)[0].pk,
        "grade": "71",
        "recorded_on": "2026-02-10",
        "note": "",
    }


register(
    AccessCase(
        model=TermResult,
        api_prefix="/api/term-results",
        make=lambda w, i: ta.result(
            (enrolment := ta.c_enrolment(w)),
            ta.year_components(enrolment)[0],
            60 + ta.small(i) % 40,
        ),
        form=_result_form,
        api_payload=lambda w: {**_api(_result_form(w), "enrolment", "component"), "grade": 71},
        change=("note", "Re-marked."),
    )
)


def _decision_form(w: World) -> dict[str, Any]:
    enrolment = t.shared(
        w, "decision_enrolment", lambda: (lambda e: (ta.pass_year(e), e)[1])(ta.c_enrolment(w))
    )
    return {"enrolment": enrolment.pk, "decided_on": "2026-07-01"}


register(
    AccessCase(
        model=ProgressionDecision,
        api_prefix="/api/progression-decisions",
        make=lambda w, i: ta.decided(w, i),
        form=_decision_form,
        api_payload=lambda w: _api(_decision_form(w), "enrolment"),
        change=("reason", "Changed."),
        append_only=True,
    )
)


def _incident_form(w: World) -> dict[str, Any]:
    return {
        "enrolment": ta.shared_enrolment(w).pk,
        "kind": "unauthorised_absence",
        "severity": "serious",
        "occurred_on": "2026-01-12",
        "hours_absent": 30,
        "description": "Did not return from leave.",
        "closed_on": "",
    }


register(
    AccessCase(
        model=CadetIncident,
        api_prefix="/api/cadet-incidents",
        make=lambda w, i: ta.incident(w, i),
        form=_incident_form,
        api_payload=lambda w: {**_api(_incident_form(w), "enrolment"), "closed_on": None},
        change=("description", "Returned after 30 hours."),
    )
)


def _agreement_form(w: World) -> dict[str, Any]:
    return {
        "enrolment": ta.shared_enrolment(w, "agreement_enrolment").pk,
        "academic_year": 2025,
        "home_institution": tt.academy_c(w).pk,
        "notes": "",
    }


register(
    AccessCase(
        model=LearningAgreement,
        api_prefix="/api/learning-agreements",
        make=lambda w, i: ta.agreement(w, i),
        form=_agreement_form,
        api_payload=lambda w: _api(_agreement_form(w), "enrolment", "home_institution"),
        change=("notes", "Erasmus+ military mobility."),
    )
)


def _line_a_form(w: World) -> dict[str, Any]:
    made = t.shared(w, "line_a_agreement", lambda: ta.agreement(w, 50))
    return {
        "agreement": made.pk,
        "component": ta.year_components(made.enrolment)[1].pk,
        "note": "",
    }


register(
    AccessCase(
        model=AgreementComponent,
        api_prefix="/api/agreement-components",
        make=lambda w, i: ta.line_a(
            (made := ta.agreement(w, 10 + i)), ta.year_components(made.enrolment)[0]
        ),
        form=_line_a_form,
        api_payload=lambda w: _api(_line_a_form(w), "agreement", "component"),
        change=("note", "Taught in Turkish."),
    )
)


def _line_b_form(w: World) -> dict[str, Any]:
    return {
        "agreement": ta.c_hosted_agreement(w).pk,
        "host_line": ta.c_hosted_line(w).pk,
        "home_code": "HOME-101",
        "home_title": "Tactics I",
        "credits": "5",
    }


register(
    AccessCase(
        model=RecognitionLine,
        api_prefix="/api/recognition-lines",
        make=lambda w, i: ta.line_b(
            ta.c_hosted_agreement(w), ta.c_hosted_line(w), code=f"HOME-{i}"
        ),
        form=_line_b_form,
        api_payload=lambda w: {
            **_api(_line_b_form(w), "agreement", "host_line"),
            "home_code": "HOME-API",
            "credits": 5,
        },
        change=("home_title", "Tactics I (revised)"),
    )
)
