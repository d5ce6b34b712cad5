"""Pages of training's bulk nomination (included by training/urls.py)."""

from django.urls import URLPattern, path

from tadrib.training.views_bulk import NominationBulkView

urlpatterns: list[URLPattern] = [
    path("nominations/bulk/", NominationBulkView.as_view(), name="nomination_bulk"),
]
