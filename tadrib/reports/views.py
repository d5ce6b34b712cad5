"""Report downloads. Each view finds the record in the user's scope and hands
it to the report's service."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from tadrib.agreements.models import Agreement
from tadrib.agreements.selectors import agreements_for
from tadrib.core.views import ScopedView
from tadrib.reports.agreement_status import agreement_status_pdf, status_report_filename
from tadrib.reports.pdf import pdf_response, report_languages, requested_language


class AgreementStatusReportView(ScopedView):
    model = Agreement
    selector = staticmethod(agreements_for)  # type: ignore[assignment]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        language = requested_language(request, report_languages())
        if language is None:
            message = _("Reports are written in %(languages)s only.") % {
                "languages": ", ".join(report_languages())
            }
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        agreement = self.get_object(pk)
        data = agreement_status_pdf(agreement, language=language, user=request.user)
        return pdf_response(data, status_report_filename(agreement, language))
