"""The public certificate check, mounted at /verify/ by tadrib/urls.py."""

from django.urls import URLPattern, path

from tadrib.training.views_documents import VerifyFormView, VerifyView

app_name = "verify"

urlpatterns: list[URLPattern] = [
    path("", VerifyFormView.as_view(), name="form"),
    path("<str:code>/", VerifyView.as_view(), name="certificate"),
]
