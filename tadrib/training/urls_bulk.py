"""Pages of training's bulk (included by training/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
