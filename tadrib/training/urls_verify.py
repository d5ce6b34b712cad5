"""The public certificate check, mounted at /verify/ by tadrib/urls.py."""

from django.urls import URLPattern

app_name = "verify"

urlpatterns: list[URLPattern] = []
