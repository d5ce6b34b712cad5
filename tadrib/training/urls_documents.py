"""Pages of training's documents (included by training/urls.py)."""

from django.urls import URLPattern, path

from tadrib.training.views_documents import CertificatePdfView, IssueLetterView, LetterPdfView

urlpatterns: list[URLPattern] = [
    path(
        "nominations/<int:pk>/certificate.pdf",
        CertificatePdfView.as_view(),
        name="nomination_certificate",
    ),
    path("nominations/<int:pk>/letter.pdf", LetterPdfView.as_view(), name="nomination_letter"),
    path(
        "nominations/<int:pk>/letter/issue/",
        IssueLetterView.as_view(),
        name="nomination_issue_letter",
    ),
]
