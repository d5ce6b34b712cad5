from tadrib.agreements import testing as t
from tadrib.agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementParty,
    Clause,
    ClauseTarget,
    Programme,
    ProgrammeMilestone,
    ProgrammeObjective,
)
from tadrib.agreements.services import (
    save_agreement_party,
    save_programme_milestone,
    save_programme_objective,
)
from tadrib.core.testing import AccessCase, World, register


def _agreement(w: World) -> Agreement:
    return t.shared(w, "agreement", lambda: t.agreement(w, 500))


def _clause(w: World) -> Clause:
    return t.shared(w, "clause", lambda: t.clause(w, 500))


def _programme(w: World) -> Programme:
    return t.shared(w, "programme", lambda: t.programme(w, 500))


def _party(w: World, i: int) -> AgreementParty:
    return save_agreement_party(
        AgreementParty(
            agreement=t.agreement(w, 100 + i), organisation=t.third_party(w), role="partner"
        ),
        actor=None,
    )


def _objective(w: World, i: int) -> ProgrammeObjective:
    return save_programme_objective(
        ProgrammeObjective(
            programme=t.programme(w, 100 + i),
            title=f"Objective {i}",
            indicator="Trained",
            target=40,
        ),
        actor=None,
    )


def _milestone(w: World, i: int) -> ProgrammeMilestone:
    return save_programme_milestone(
        ProgrammeMilestone(
            programme=t.programme(w, 200 + i), title=f"Milestone {i}", due_on="2026-01-31"
        ),
        actor=None,
    )


register(
    AccessCase(
        model=Agreement,
        api_prefix="/api/agreements",
        make=lambda w, i: t.agreement(w, i),
        form=lambda w: {
            "owner": w.battalion_a.pk,
            "reference": "AG-NEW",
            "kind": "accord",
            "name_en": "New accord",
            "signed_on": "2025-08-13",
        },
        api_payload=lambda w: {
            "owner_id": w.battalion_a.pk,
            "reference": "AG-API",
            "kind": "contract",
            "name_en": "Supply contract",
        },
        change=("name_en", "Renamed agreement"),
    )
)
register(
    AccessCase(
        model=AgreementParty,
        api_prefix="/api/agreement-parties",
        make=_party,
        form=lambda w: {
            "agreement": _agreement(w).pk,
            "organisation": t.third_party(w).pk,
            "role": "partner",
            "signatory": "Minister of Defence",
        },
        api_payload=lambda w: {
            "agreement_id": _agreement(w).pk,
            "organisation_id": t.facility_a(w).pk,
            "role": "host",
        },
        change=("signatory", "Deputy minister"),
    )
)
register(
    AccessCase(
        model=AgreementDocument,
        api_prefix="/api/agreement-documents",
        make=lambda w, i: t.document(w, i),
        form=lambda w: {
            "agreement": _agreement(w).pk,
            "title": "Signed text",
            "kind": "signed_text",
            "file": t.pdf_upload(),
        },
        api_payload=lambda w: {
            "agreement_id": _agreement(w).pk,
            "title": "Annex A",
            "kind": "annex",
            "file": t.pdf_upload("annex.pdf"),
        },
        change=("title", "Renamed document"),
        api_multipart=True,
    )
)
register(
    AccessCase(
        model=Clause,
        api_prefix="/api/clauses",
        make=lambda w, i: t.clause(w, i),
        form=lambda w: {
            "agreement": _agreement(w).pk,
            "number": "9",
            "areas": ["cyber_defence"],
            "text": "Cyber defence courses.",
        },
        api_payload=lambda w: {
            "agreement_id": _agreement(w).pk,
            "number": "10",
            "areas": ["logistics"],
        },
        change=("text", "Changed text"),
    )
)
register(
    AccessCase(
        model=ClauseTarget,
        api_prefix="/api/clause-targets",
        make=lambda w, i: t.clause_target(w, i),
        form=lambda w: {
            "clause": _clause(w).pk,
            "indicator": "Personnel trained in demining",
            "quantity": "40",
            "period": "per_year",
        },
        api_payload=lambda w: {
            "clause_id": _clause(w).pk,
            "indicator": "Courses run",
            "quantity": 5,
        },
        change=("indicator", "Changed indicator"),
    )
)
register(
    AccessCase(
        model=Programme,
        api_prefix="/api/programmes",
        make=lambda w, i: t.programme(w, i),
        form=lambda w: {
            "code": "P-NEW",
            "name_en": "Demining training",
            "owner": w.battalion_a.pk,
            "clause": _clause(w).pk,
            "host_organisation": t.facility_a(w).pk,
            "partner_organisation": t.third_party(w).pk,
            "starts_on": "2025-09-01",
            "status": "planned",
        },
        api_payload=lambda w: {
            "code": "P-API",
            "name_en": "Cyber training",
            "owner_id": w.battalion_a.pk,
            "clause_id": _clause(w).pk,
            "host_organisation_id": t.facility_a(w).pk,
            "partner_organisation_id": t.third_party(w).pk,
            "starts_on": "2025-09-01",
        },
        change=("name_en", "Renamed programme"),
    )
)
register(
    AccessCase(
        model=ProgrammeObjective,
        api_prefix="/api/programme-objectives",
        make=_objective,
        form=lambda w: {
            "programme": _programme(w).pk,
            "title": "Train deminers",
            "indicator": "Personnel trained",
            "baseline": "0",
            "target": "40",
            "current": "12",
            "source": "",
        },
        api_payload=lambda w: {
            "programme_id": _programme(w).pk,
            "title": "Train instructors",
            "indicator": "Instructors certified",
            "target": 8,
        },
        change=("title", "Changed objective"),
    )
)
register(
    AccessCase(
        model=ProgrammeMilestone,
        api_prefix="/api/programme-milestones",
        make=_milestone,
        form=lambda w: {
            "programme": _programme(w).pk,
            "title": "First course starts",
            "due_on": "2026-03-01",
        },
        api_payload=lambda w: {
            "programme_id": _programme(w).pk,
            "title": "Second course starts",
            "due_on": "2026-09-01",
        },
        change=("title", "Changed milestone"),
    )
)
