"""Reports over the API: the same PDFs as the web downloads, scoped the same way."""

from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Router

from tadrib.agreements.selectors import agreements_for
from tadrib.core.api import current_user, fetch_scoped, responses
from tadrib.core.choices import Action
from tadrib.reports.agreement_status import agreement_status_pdf, status_report_filename
from tadrib.reports.pdf import pdf_response

router = Router(tags=["reports"])

PDF_CONTENT = {
    "description": "A PDF document.",
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
}


@router.get(
    "/agreements/{int:pk}/status-report",
    response=responses(200, None, 404, 422),
    operation_id="agreement_status_report",
    summary="Download an agreement's status report (PDF)",
    openapi_extra={"responses": {200: PDF_CONTENT}},
)
def agreement_status_report(
    request: HttpRequest, pk: int, language: Literal["en", "ar", "tr"] = "en"
) -> HttpResponse:
    agreement = fetch_scoped(agreements_for, request, pk, Action.VIEW)
    data = agreement_status_pdf(agreement, language=language, user=current_user(request))
    return pdf_response(data, status_report_filename(agreement, language))
