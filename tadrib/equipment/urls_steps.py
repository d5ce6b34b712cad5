"""Pages of the workflows: shipment steps (serials, dispatch, count,
countersign), transfer and discrepancy status steps, inventories."""

from django.urls import URLPattern, path

from tadrib.equipment import views_steps as views

urlpatterns: list[URLPattern] = [
    path(
        "transfers/<int:pk>/status/",
        views.TransferStatusView.as_view(),
        name="transfer_status",
    ),
    path(
        "shipments/<int:pk>/serials/",
        views.ShipmentSerialsView.as_view(),
        name="shipment_serials",
    ),
    path(
        "shipments/<int:pk>/dispatch/",
        views.ShipmentDispatchView.as_view(),
        name="shipment_dispatch",
    ),
    path("shipments/<int:pk>/count/", views.ShipmentCountView.as_view(), name="shipment_count"),
    path(
        "shipments/<int:pk>/countersign/",
        views.ShipmentCountersignView.as_view(),
        name="shipment_countersign",
    ),
    path(
        "inspections/<int:pk>/inventory/",
        views.InspectionInventoryView.as_view(),
        name="inspection_inventory",
    ),
    path(
        "discrepancies/<int:pk>/status/",
        views.DiscrepancyStatusView.as_view(),
        name="discrepancy_status",
    ),
]
