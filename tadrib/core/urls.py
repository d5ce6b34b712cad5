from django.urls import path

from tadrib.core import views_pages

app_name = "core"

urlpatterns = [
    path("", views_pages.HomeView.as_view(), name="home"),
    path("audit/", views_pages.AuditLogView.as_view(), name="audit"),
    path("healthz", views_pages.health, name="health"),
]
