"""Pages of training's reports (included by training/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
