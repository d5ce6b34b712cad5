"""Test data for agreements and programmes, shared by the apps that hang
records on a programme (advisory, training, equipment)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tadrib.agreements.models import (
    Agreement,
    AgreementDocument,
    Clause,
    ClauseTarget,
    Programme,
)
from tadrib.agreements.services import (
    save_agreement,
    save_agreement_document,
    save_clause,
    save_clause_target,
    save_programme,
)
from tadrib.core import testing
from tadrib.core.testing import World
from tadrib.organisations.models import Organisation

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_upload(name: str = "signed.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


def third_party(w: World) -> Organisation:
    """A ministry of a third nation: seen by neither nation A's directorate nor
    nation B, so records shared with it stay out of their reach."""
    if "c_ministry" not in w.extra:
        w.extra["c_ministry"] = testing.organisation(
            testing.nation("SA", "host"), "C-MOD", kind="ministry"
        )
    return w.extra["c_ministry"]


def facility_a(w: World) -> Organisation:
    """A non-unit organisation of nation A under the brigade (outside the
    directorate's branch)."""
    if "a_facility" not in w.extra:
        w.extra["a_facility"] = testing.organisation(
            w.nation_a, "A-FAC", parent=w.brigade_a, kind="facility"
        )
    return w.extra["a_facility"]


def agreement(w: World, i: int = 0, **fields: Any) -> Agreement:
    values: dict[str, Any] = {
        "owner": w.battalion_a,
        "reference": f"AG-{i}",
        "kind": "memorandum",
        "name_en": f"Memorandum {i}",
        "name_ar": f"مذكرة {i}",
        "name_tr": f"Mutabakat {i}",
        "signed_on": dt.date(2025, 8, 13),
    }
    values.update(fields)
    return save_agreement(Agreement(**values), actor=None)


def clause(w: World, i: int = 0, *, of: Agreement | None = None, **fields: Any) -> Clause:
    values: dict[str, Any] = {
        "agreement": of or agreement(w, 1000 + i),
        "number": str(i + 1),
        "areas": ["demining"],
        "text": "Advanced training in demining.",
    }
    values.update(fields)
    return save_clause(Clause(**values), actor=None)


def clause_target(w: World, i: int = 0, *, of: Clause | None = None) -> ClauseTarget:
    return save_clause_target(
        ClauseTarget(
            clause=of or clause(w, i),
            indicator=f"Personnel trained {i}",
            quantity=40,
            period="per_year",
        ),
        actor=None,
    )


def programme(w: World, i: int = 0, *, under: Clause | None = None, **fields: Any) -> Programme:
    values: dict[str, Any] = {
        "code": f"P-{i}",
        "name_en": f"Programme {i}",
        "owner": w.battalion_a,
        "clause": under or clause(w, i),
        "host_organisation": facility_a(w),
        "partner_organisation": third_party(w),
        "starts_on": dt.date(2025, 9, 1),
        "status": "active",
    }
    values.update(fields)
    return save_programme(Programme(**values), actor=None)


def document(w: World, i: int = 0, *, of: Agreement | None = None) -> AgreementDocument:
    return save_agreement_document(
        AgreementDocument(
            agreement=of or agreement(w, 2000 + i), title=f"Signed text {i}", file=pdf_upload()
        ),
        actor=None,
    )


def shared(w: World, key: str, make: Any) -> Any:
    """One record per world, made on first use (the form's and API's parent)."""
    if key not in w.extra:
        w.extra[key] = make()
    return w.extra[key]
