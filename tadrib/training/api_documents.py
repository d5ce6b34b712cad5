"""API endpoints of training's documents (added to the API by tadrib/api.py):
the certificate and the letter of invitation as PDFs, the issue of a letter,
and the public check of a certificate code."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from tadrib.core.api import ErrorOut, RecordId, current_user, fetch_scoped, responses
from tadrib.core.choices import Action
from tadrib.reports.api import PDF_CONTENT
from tadrib.reports.pdf import pdf_response
from tadrib.training import documents, services
from tadrib.training.models import Nomination

router = Router(tags=["training"])


class LetterOut(Schema):
    letter_number: str
    letter_issued_on: dt.date


class CertificateCheckOut(Schema):
    valid: bool
    holder_name_latin: str
    holder_name: str
    course_code: str
    course_title: str
    institution: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    issued_on: dt.date | None


def nominations_for(user: Any, action: str) -> QuerySet[Nomination]:
    return Nomination.objects.for_user(user, action)


def _with_document(request: HttpRequest, pk: int, field: str) -> Nomination:
    """The nomination the caller may see, if the document exists; 404 else."""
    nomination: Nomination = fetch_scoped(nominations_for, request, pk, Action.VIEW)
    if not getattr(nomination, field):
        raise Http404
    return nomination


@router.get(
    "/nominations/{int:pk}/certificate",
    response=responses(200, None, 404, 422),
    operation_id="training_nomination_certificate",
    summary="Download a graduate's certificate (PDF, English, Arabic and Turkish)",
    openapi_extra={"responses": {200: PDF_CONTENT}},
)
def nomination_certificate(request: HttpRequest, pk: RecordId) -> HttpResponse:
    nomination = _with_document(request, pk, "certificate_code")
    data = documents.certificate_pdf(nomination, site=documents.site_of(request))
    return pdf_response(data, documents.certificate_filename(nomination))


@router.get(
    "/nominations/{int:pk}/letter",
    response=responses(200, None, 404, 422),
    operation_id="training_nomination_letter",
    summary="Download a nominee's letter of invitation / travel order (PDF)",
    openapi_extra={"responses": {200: PDF_CONTENT}},
)
def nomination_letter(
    request: HttpRequest, pk: RecordId, language: Literal["en", "ar", "tr"] = "en"
) -> HttpResponse:
    nomination = _with_document(request, pk, "letter_number")
    data = documents.letter_pdf(nomination, language)
    return pdf_response(data, documents.letter_filename(nomination, language))


@router.post(
    "/nominations/{int:pk}/letter",
    response=responses(200, LetterOut, 403, 404, 422),
    operation_id="training_nomination_issue_letter",
    summary="Number and date a nominee's letter of invitation (host institution)",
    description=(
        "Once vetting and approval are complete and the identity data is. "
        "Issuing again returns the letter already issued."
    ),
)
def nomination_issue_letter(request: HttpRequest, pk: RecordId) -> Any:
    nomination = fetch_scoped(nominations_for, request, pk, Action.VIEW)
    issued = services.issue_letter(nomination, actor=current_user(request))
    return {"letter_number": issued.letter_number, "letter_issued_on": issued.letter_issued_on}


@router.get(
    "/certificates/{code}",
    auth=None,
    response={200: CertificateCheckOut, 404: ErrorOut},
    operation_id="training_certificate_check",
    summary="Check a certificate's verification code (public, no sign-in)",
    description=(
        "The code is matched ignoring case, dashes and spaces. A genuine "
        "certificate gives its holder, course, institution and dates; "
        "nothing else of the trainee's record."
    ),
)
def certificate_check(request: HttpRequest, code: str) -> Any:
    certificate = documents.verified_certificate(code)
    if certificate is None:
        raise HttpError(404, _("No certificate has this code."))
    return {
        "valid": True,
        "holder_name_latin": certificate.holder_name_latin,
        "holder_name": certificate.holder_name,
        "course_code": certificate.course_code,
        "course_title": certificate.course_title,
        "institution": certificate.institution,
        "starts_on": certificate.starts_on,
        "ends_on": certificate.ends_on,
        "issued_on": certificate.issued_on,
    }
