"""Pages of training's documents: the certificate and letter downloads, the
issue of a letter, and the public check of a certificate code."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from tadrib.core.views import ScopedView
from tadrib.reports.pdf import pdf_response, requested_language
from tadrib.training import documents, services
from tadrib.training.models import Nomination


class NominationDocumentView(ScopedView):
    model = Nomination

    def get_document_nomination(self, pk: int, field: str) -> Nomination:
        """The nomination the user may see, if the document exists; 404 else."""
        nomination: Nomination = self.get_object(pk)
        if not getattr(nomination, field):
            raise Http404(_("No such record, or it is not yours to see."))
        return nomination


class CertificatePdfView(NominationDocumentView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        nomination = self.get_document_nomination(pk, "certificate_code")
        data = documents.certificate_pdf(nomination, site=documents.site_of(request))
        return pdf_response(data, documents.certificate_filename(nomination))


class LetterPdfView(NominationDocumentView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        language = requested_language(request, documents.LETTER_LANGUAGES)
        if language is None:
            message = _("Letters are written in %(languages)s only.") % {
                "languages": ", ".join(documents.LETTER_LANGUAGES)
            }
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        nomination = self.get_document_nomination(pk, "letter_number")
        data = documents.letter_pdf(nomination, language)
        return pdf_response(data, documents.letter_filename(nomination, language))


class IssueLetterView(ScopedView):
    model = Nomination
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        nomination: Nomination = self.get_object(pk)
        try:
            issued = services.issue_letter(nomination, actor=request.user)  # type: ignore[arg-type]
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                _("Letter of invitation %(number)s issued.") % {"number": issued.letter_number},
            )
        return HttpResponseRedirect(reverse("training:nomination", args=[pk]))


def _error_text(error: PermissionDenied | ValidationError) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do this.")


class VerifyFormView(View):
    """The public form to type a certificate code (no sign-in)."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest) -> HttpResponse:
        typed = request.GET.get("code", "").strip()
        context: dict[str, Any] = {"code": typed[:64]}
        if typed:
            code = documents.canonical_code(typed)
            if code is not None:
                return HttpResponseRedirect(reverse("verify:certificate", args=[code]))
            context["error"] = _(
                "A certificate code has twelve letters and digits, e.g. K7QX-M2PA-9HTD."
            )
        return _private(render(request, "training/verify_form.html", context))


class VerifyView(View):
    """Whether a certificate code is genuine, with the facts it certifies
    (public; no sign-in)."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        certificate = documents.verified_certificate(code)
        context = {"certificate": certificate, "code": code[:64]}
        status = 200 if certificate is not None else 404
        return _private(render(request, "training/verify.html", context, status=status))


def _private(response: HttpResponse) -> HttpResponse:
    # A holder's name is shown to whoever has the code, not to search engines.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
