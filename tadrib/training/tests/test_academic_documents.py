"""The transcript of records: a real PDF (pypdf reads it) in English and in
Arabic, with the cadet's name, the components and the credits."""

from __future__ import annotations

import io
import unicodedata

import pypdf
import pytest

from tadrib.core.testing import World
from tadrib.training import academic_documents as documents
from tadrib.training import academic_services as services
from tadrib.training import testing_academics as ta
from tadrib.training.models import LearningAgreement

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    return unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def closed(world: World) -> LearningAgreement:
    enrolment = ta.c_enrolment(world, given_names_latin="Omar", family_name_latin="Haddad")
    first, second = ta.year_components(enrolment)
    agreement = ta.agreement(world, of=enrolment)
    line = ta.line_a(agreement, first)
    other = ta.line_a(agreement, second)
    ta.line_b(agreement, line, code="TAC-1", credits=6)
    ta.line_b(agreement, other, code="LOG-2", credits=4)
    ta.result(enrolment, first, 82)
    ta.result(enrolment, second, 40)
    services.submit(agreement, actor=None)
    services.approve(agreement, actor=None, side="host")
    services.approve(agreement, actor=None, side="home")
    return services.issue_transcript(agreement, actor=None)


def test_the_english_transcript_lists_the_components_and_credits(closed: LearningAgreement) -> None:
    text = pdf_text(documents.transcript_pdf(closed, "en"))
    assert "Omar Haddad" in text
    assert "BSC-900-11" in text and "BSC-900-12" in text
    assert "TAC-1" in text and closed.transcript_code in text
    assert "Transcript of records" in text


def test_the_arabic_transcript_is_a_right_to_left_pdf(closed: LearningAgreement) -> None:
    html = documents.render_transcript_html(closed, "ar")
    assert 'dir="rtl"' in html
    text = pdf_text(documents.transcript_pdf(closed, "ar"))
    assert "Omar Haddad" in text
    assert "BSC-900-11" in text


def test_only_the_passed_components_count(closed: LearningAgreement) -> None:
    rows = documents.table_a(closed)
    assert [(r["component"].code, r["passed"], r["earned"]) for r in rows] == [
        ("BSC-900-11", True, 30),
        ("BSC-900-12", False, 0),
    ]
    assert services.recognised_credits(closed) == 6


def test_a_transcript_in_another_language_is_refused(closed: LearningAgreement) -> None:
    with pytest.raises(ValueError):
        documents.render_transcript_html(closed, "fr")
