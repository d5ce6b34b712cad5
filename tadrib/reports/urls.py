from django.urls import URLPattern, path

from tadrib.reports.views import AgreementStatusReportView

app_name = "reports"

urlpatterns: list[URLPattern] = [
    path(
        "agreements/<int:pk>/status.pdf",
        AgreementStatusReportView.as_view(),
        name="agreement_status",
    ),
]
