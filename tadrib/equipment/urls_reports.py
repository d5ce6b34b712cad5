"""Report pages: treaty reports, reconciliation, overdue inventories, open
discrepancies, crew gap."""

from django.urls import URLPattern, path

from tadrib.equipment import views_reports as views

urlpatterns: list[URLPattern] = [
    path("reports/att/", views.TreatyReportView.as_view(layout="att"), name="att_report"),
    path(
        "reports/un-register/",
        views.TreatyReportView.as_view(layout="un"),
        name="un_register",
    ),
    path(
        "shipments/<int:pk>/reconciliation/",
        views.ShipmentReconciliationView.as_view(),
        name="shipment_reconciliation",
    ),
    path("reports/accountability/", views.AccountabilityView.as_view(), name="accountability"),
    path("reports/crew-gap/", views.CrewGapView.as_view(), name="crew_gap"),
]
