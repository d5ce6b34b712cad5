"""Report pages: treaty reports, reconciliation, overdue inventories, open
discrepancies, crew gap."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
