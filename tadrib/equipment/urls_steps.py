"""Pages of the workflows: shipment steps (serials, dispatch, count,
countersign), transfer and discrepancy status steps, inventories."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
