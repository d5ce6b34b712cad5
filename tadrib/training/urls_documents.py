"""Pages of training's documents (included by training/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
