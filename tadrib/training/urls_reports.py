"""Pages of training's reports (included by training/urls.py)."""

from django.urls import URLPattern, path

from tadrib.training import views_reports

urlpatterns: list[URLPattern] = [
    path("dashboard/", views_reports.DashboardView.as_view(), name="dashboard"),
    path("intake/", views_reports.IntakeView.as_view(), name="intake"),
    path("alumni/", views_reports.AlumniView.as_view(), name="alumni"),
]
